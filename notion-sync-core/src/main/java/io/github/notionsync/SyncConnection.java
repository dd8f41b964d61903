package io.github.notionsync;

import io.github.notionsync.client.NotionClient;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One user's Notion connection (an integration token, as a {@link NotionClient}) and the
 * databases to mirror through it. A user may have several connections.
 *
 * <p>The {@code name} tells a user's connections apart: it names the connection's recurring sync
 * and the lock its syncs take, so that one token's work runs in one place at a time. Connections
 * built without one are named {@value #DEFAULT_NAME}.
 *
 * @param userId the user every stored row belongs to (1 to 255 printable characters)
 * @param name the connection's name among the user's (1 to 200 printable characters)
 * @param client the client for this connection's token
 * @param databases the databases to mirror
 */
public record SyncConnection(String userId, String name, NotionClient client, List<DatabaseConfig> databases) {

    /** The name of a connection built without one. */
    public static final String DEFAULT_NAME = "default";

    private static final Pattern NAME = Pattern.compile("[\\p{Graph}][\\p{Graph} ]{0,199}");

    private static final Pattern USER_ID = Pattern.compile("[\\p{Graph}][\\p{Graph} ]{0,254}");

    public SyncConnection {
        requireValidUserId(userId);
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("Invalid connection name: it must be 1 to 200 printable characters"
                    + (name == null ? ", got null" : ""));
        }
        Objects.requireNonNull(client, "client");
        databases = List.copyOf(databases);
    }

    /** A connection named {@value #DEFAULT_NAME}. */
    public SyncConnection(String userId, NotionClient client, List<DatabaseConfig> databases) {
        this(userId, DEFAULT_NAME, client, databases);
    }

    /** The same connection with only the given databases. */
    public SyncConnection withDatabases(List<DatabaseConfig> only) {
        return new SyncConnection(userId, name, client, only);
    }

    /** A connection named {@value #DEFAULT_NAME} with the given databases. */
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
