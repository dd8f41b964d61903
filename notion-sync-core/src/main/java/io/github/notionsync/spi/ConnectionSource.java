package io.github.notionsync.spi;

import io.github.notionsync.SyncConnection;
import java.util.List;

/**
 * Where the engine finds connections that change while it runs, for example a table of the
 * Notion workspaces each user has connected. The engine asks at the start of every run (and of
 * every lookup of a user's databases), so a connection added, changed or removed is seen by the
 * next call without rebuilding the engine. Connections fixed at build time are added with
 * {@code NotionSync.Builder.connection(...)} instead.
 *
 * <p>Implementations must be thread-safe and cheap to call repeatedly: keep the
 * {@link io.github.notionsync.client.NotionClient clients} of unchanged connections rather than
 * building new ones on every call, since a client holds the rate limit of its token.
 */
@FunctionalInterface
public interface ConnectionSource {

    /** Every connection of every user, as of now. */
    List<SyncConnection> connections();

    /**
     * The connections of one user, as of now. The default filters {@link #connections()};
     * override it when one user's connections can be read without reading everyone's.
     */
    default List<SyncConnection> connectionsOf(String userId) {
        return connections().stream().filter(c -> c.userId().equals(userId)).toList();
    }
}
