package io.github.notionsync.jooq;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.client.NotionApiVersion;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A stored Notion connection as {@link NotionSyncConnections} lists it: everything but the
 * token, which never leaves the table unencrypted except inside the connection's client.
 *
 * @param id the connection id
 * @param userId the user it belongs to
 * @param name its name, unique per user (for example the workspace's name)
 * @param apiVersion the Notion-Version its client speaks
 * @param databases the databases it mirrors
 * @param enabled whether it is synced
 * @param tokenKeyId the id of the key its token is encrypted with
 * @param createdAt when it was added
 * @param updatedAt when it last changed
 */
public record NotionConnection(UUID id, String userId, String name, NotionApiVersion apiVersion,
        List<DatabaseConfig> databases, boolean enabled, String tokenKeyId, Instant createdAt, Instant updatedAt) {

    public NotionConnection {
        Objects.requireNonNull(id, "id");
        SyncConnection.requireValidUserId(userId);
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(apiVersion, "apiVersion");
        databases = List.copyOf(databases);
        Objects.requireNonNull(tokenKeyId, "tokenKeyId");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }
}
