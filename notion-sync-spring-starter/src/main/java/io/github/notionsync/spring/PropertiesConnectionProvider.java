package io.github.notionsync.spring;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.InvalidNotionIdException;
import io.github.notionsync.NotionId;
import io.github.notionsync.PropertyMapping;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.spring.internal.NotionClientSettings;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link ConnectionProvider} from {@code notion.sync.connections}, validated at start-up with
 * messages that name the offending property. Its connections are fixed for the application's
 * life.
 */
public final class PropertiesConnectionProvider implements ConnectionProvider {

    private final List<SyncConnection> connections;

    /**
     * Builds the connections and their clients.
     *
     * @throws NotionSyncConfigurationException naming the property at fault
     */
    public PropertiesConnectionProvider(NotionSyncProperties properties) {
        NotionClientSettings settings = new NotionClientSettings(properties);
        List<SyncConnection> out = new ArrayList<>();
        Map<String, String> configured = new HashMap<>();
        for (int i = 0; i < properties.getConnections().size(); i++) {
            NotionSyncProperties.Connection c = properties.getConnections().get(i);
            String at = "notion.sync.connections[" + i + "]";
            if (c.getUserId() == null || c.getUserId().isBlank()) {
                throw new NotionSyncConfigurationException(at + ".user-id is missing: every connection belongs to a"
                        + " user, whose id every synced row carries");
            }
            try {
                SyncConnection.requireValidUserId(c.getUserId());
            } catch (IllegalArgumentException e) {
                throw new NotionSyncConfigurationException(at + ".user-id: " + e.getMessage());
            }
            if (c.getToken() == null || c.getToken().isBlank()) {
                throw new NotionSyncConfigurationException(at + ".token is missing: set it to the integration's"
                        + " secret (for example from the NOTION_TOKEN environment variable)");
            }
            List<DatabaseConfig> databases = new ArrayList<>();
            for (int j = 0; j < c.getDatabases().size(); j++) {
                String dbAt = at + ".databases[" + j + "]";
                DatabaseConfig db = database(c.getDatabases().get(j), dbAt);
                String earlier = configured.putIfAbsent(c.getUserId() + '\u0000' + db.id().value(), dbAt);
                if (earlier != null) {
                    throw new NotionSyncConfigurationException(dbAt + ".id: database " + db.id() + " of user "
                            + c.getUserId() + " is already configured at " + earlier);
                }
                databases.add(db);
            }
            // A user's first connection is "default", the next "connection-2" and so on: the name
            // keys the connection's schedule and lock.
            long earlier = out.stream().filter(o -> o.userId().equals(c.getUserId())).count();
            String name = c.getName() != null ? c.getName()
                    : earlier == 0 ? SyncConnection.DEFAULT_NAME : "connection-" + (earlier + 1);
            if (out.stream().anyMatch(o -> o.userId().equals(c.getUserId()) && o.name().equals(name))) {
                throw new NotionSyncConfigurationException(at + ".name: user " + c.getUserId()
                        + " has another connection named '" + name + "'");
            }
            try {
                out.add(new SyncConnection(c.getUserId(), name, client(properties, settings, c, at), databases));
            } catch (IllegalArgumentException e) {
                throw new NotionSyncConfigurationException(at + ".name: " + e.getMessage());
            }
        }
        this.connections = List.copyOf(out);
    }

    @Override
    public List<SyncConnection> connections() {
        return connections;
    }

    private static DatabaseConfig database(NotionSyncProperties.Database d, String at) {
        NotionId id;
        try {
            id = NotionId.parse(d.getId());
        } catch (InvalidNotionIdException e) {
            throw new NotionSyncConfigurationException(at + ".id: " + e.getMessage());
        }
        TargetKind kind;
        try {
            kind = TargetKind.parse(d.getKind());
        } catch (IllegalArgumentException e) {
            throw new NotionSyncConfigurationException(at + ".kind: " + e.getMessage());
        }
        try {
            return new DatabaseConfig(id, d.getName(), new PropertyMapping(kind, d.getProperties()), d.getConflictPolicy());
        } catch (IllegalArgumentException e) {
            throw new NotionSyncConfigurationException(at + ".properties: " + e.getMessage());
        }
    }

    private static HttpNotionClient client(NotionSyncProperties p, NotionClientSettings settings,
            NotionSyncProperties.Connection c, String at) {
        HttpNotionClient.Builder b = HttpNotionClient.builder();
        settings.accept(b);
        b.apiVersion(c.getApiVersion() != null
                ? NotionClientSettings.apiVersion(c.getApiVersion(), at + ".api-version")
                : NotionClientSettings.apiVersion(p.getApiVersion(), "notion.sync.api-version"));
        try {
            return b.token(c.getToken()).build();
        } catch (IllegalArgumentException e) {
            throw new NotionSyncConfigurationException(at + ".token: " + e.getMessage());
        }
    }
}
