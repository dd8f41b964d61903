package io.github.notionsync.spring;

import io.github.notionsync.SyncConnection;
import java.util.List;

/**
 * Where the engine's connections come from. The starter's default reads them from
 * {@code notion.sync.connections}; define a bean of this type to supply them otherwise (for
 * example from your own table of per-user tokens).
 */
@FunctionalInterface
public interface ConnectionProvider {

    /** The connections to sync, each with its client and databases. */
    List<SyncConnection> connections();
}
