package io.github.notionsync.spring.internal;

import io.github.notionsync.SyncConnection;
import io.github.notionsync.jooq.NotionSyncConnections;
import io.github.notionsync.spring.ConnectionProvider;
import java.util.List;

/** The connections of the {@code notion_sync_connections} table, as the starter's provider. */
public final class TableConnectionProvider implements ConnectionProvider {

    private final NotionSyncConnections table;

    public TableConnectionProvider(NotionSyncConnections table) {
        this.table = table;
    }

    @Override
    public List<SyncConnection> connections() {
        return table.connections();
    }

    @Override
    public List<SyncConnection> connectionsOf(String userId) {
        return table.connectionsOf(userId);
    }

    @Override
    public String toString() {
        return "TableConnectionProvider[" + table + "]";
    }
}
