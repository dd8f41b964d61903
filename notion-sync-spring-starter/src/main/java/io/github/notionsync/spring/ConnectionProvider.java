package io.github.notionsync.spring;

import io.github.notionsync.SyncConnection;
import io.github.notionsync.spi.ConnectionSource;
import java.util.List;

/**
 * Where the engine's connections come from in a Spring application. The starter provides one
 * from {@code notion.sync.connections} ({@code notion.sync.connection-source=properties}, the
 * default) or from the {@code notion_sync_connections} table
 * ({@code notion.sync.connection-source=table}); define a bean of this type to supply them
 * otherwise. The engine asks it at the start of every run and whenever it looks up a user's
 * databases, so it may return different connections over time; it should therefore be cheap and
 * return the same {@link io.github.notionsync.client.NotionClient} instance for a connection
 * that has not changed (a client holds an HTTP client; the rate limit is shared per token either
 * way). {@code NotionSyncConnections} shows one way: it caches clients per connection row.
 */
@FunctionalInterface
public interface ConnectionProvider extends ConnectionSource {

    /** The connections to sync, each with its client and databases. */
    @Override
    List<SyncConnection> connections();
}
