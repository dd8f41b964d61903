package io.github.notionsync;

import io.github.notionsync.client.NotionClient;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One user's Notion connection (an integration token, as a {@link NotionClient}) and the
 * databases to mirror through it. A user may have several connections.
 *
 * @param userId the user every stored row belongs to (1 to 255 printable characters)
 * @param client the client for this connection's token
 * @param databases the databases to mirror
 */
public record SyncConnection(String userId, NotionClient client, List<DatabaseConfig> databases) {

    private static final Pattern USER_ID = Pattern.compile("[\\p{Graph}][\\p{Graph} ]{0,254}");

    public SyncConnection {
        requireValidUserId(userId);
        Objects.requireNonNull(client, "client");
        databases = List.copyOf(databases);
    }

    /** A connection with the given databases. */
    public static SyncConnection of(String userId, NotionClient client, DatabaseConfig... databases) {
        return new SyncConnection(userId, client, List.of(databases));
    }

    /**
     * Checks a user id: 1 to 255 printable characters, not starting with a space.
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static String requireValidUserId(String userId) {
        if (userId == null || !USER_ID.matcher(userId).matches()) {
            throw new IllegalArgumentException("Invalid user id: it must be 1 to 255 printable characters"
                    + (userId == null ? ", got null" : ""));
        }
        return userId;
    }
}
