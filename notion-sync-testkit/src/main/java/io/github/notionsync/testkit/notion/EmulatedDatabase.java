package io.github.notionsync.testkit.notion;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A database in the emulator, with one or more data sources. */
public final class EmulatedDatabase {

    private final Workspace workspace;
    private final String id;
    private final String title;
    private final Instant createdTime;
    final List<Workspace.DataSource> sources = new ArrayList<>();
    volatile boolean shared = true;

    EmulatedDatabase(Workspace workspace, String id, String title, Instant createdTime) {
        this.workspace = workspace;
        this.id = id;
        this.title = title;
        this.createdTime = createdTime;
    }

    /** The database id (dashed). */
    public String id() {
        return id;
    }

    /** Its title. */
    public String title() {
        return title;
    }

    Instant createdTime() {
        return createdTime;
    }

    /** The ids of its data sources, first one first. */
    public List<String> dataSourceIds() {
        synchronized (workspace) {
            return sources.stream().map(s -> s.id).toList();
        }
    }

    /** Adds another data source (2025-09-03 and later) and returns its id. */
    public String addDataSource(String name, Map<String, String> schema) {
        return workspace.addDataSource(this, name, schema).id;
    }

    /** Adds a page to the first data source; values by property name (see {@link Workspace}). */
    public String addPage(Map<String, ?> values, List<Block> content) {
        return workspace.addPage(sources.get(0), values, content).id;
    }

    /** Adds a page without content. */
    public String addPage(Map<String, ?> values) {
        return addPage(values, List.of());
    }

    /** Adds a page to the data source with the given id. */
    public String addPage(String dataSourceId, Map<String, ?> values, List<Block> content) {
        Workspace.DataSource ds = workspace.dataSources.get(dataSourceId);
        if (ds == null || ds.database != this) {
            throw new IllegalArgumentException("No data source " + dataSourceId + " in " + title);
        }
        return workspace.addPage(ds, values, content).id;
    }

    /** Shares the database with every integration, or unshares it (then it answers 404). */
    public void shared(boolean isShared) {
        workspace.setShared(this, isShared);
    }
}
