package io.github.notionsync.testkit.emulator;

import io.github.notionsync.testkit.emulator.Model.Database;
import java.util.List;
import java.util.Map;

/**
 * A database of the emulated workspace: a container of one or more data sources. Pages added
 * through the database go to its first data source. A database is shared with every token unless
 * {@link #unshareWith(String) unshared}.
 */
public final class EmulatedDatabase {

    private final Store store;
    private final Database db;

    EmulatedDatabase(Store store, Database db) {
        this.store = store;
        this.db = db;
    }

    /** The database id (dashed). */
    public String id() {
        return db.id;
    }

    /** The database title. */
    public String title() {
        return db.title;
    }

    /** The ids of its data sources, first one first. */
    public List<String> dataSourceIds() {
        return store.read(() -> db.sources.stream().map(ds -> ds.id).toList());
    }

    /** Its data sources, first one first. */
    public List<EmulatedDataSource> dataSources() {
        return store.read(() -> db.sources.stream().map(ds -> new EmulatedDataSource(store, ds)).toList());
    }

    /** The first data source. */
    public EmulatedDataSource dataSource() {
        return dataSources().get(0);
    }

    /**
     * Adds a data source. A database with several data sources answers 2022-06-28 requests with
     * 400 validation_error, as Notion does for integrations on the old version.
     */
    public EmulatedDataSource addDataSource(String name, Schema schema) {
        return new EmulatedDataSource(store, store.addDataSource(db, name, schema));
    }

    /** Adds a page to the first data source. */
    public EmulatedPage addPage(PropertyValues values, Block... content) {
        return dataSource().addPage(values, content);
    }

    /** Adds a page to the first data source from a map of property values (see {@link PropertyValues}). */
    public EmulatedPage addPage(Map<String, ?> values, Block... content) {
        return addPage(PropertyValues.of(values), content);
    }

    /** Hides the database (and its data sources and pages) from a token: requests answer 404. */
    public EmulatedDatabase unshareWith(String token) {
        store.write(() -> db.hiddenFrom.add(token));
        return this;
    }

    /** Shares the database with a token again. */
    public EmulatedDatabase shareWith(String token) {
        store.write(() -> db.hiddenFrom.remove(token));
        return this;
    }

    /** Moves the database to the trash: GET shows {@code in_trash}, queries answer 404. */
    public EmulatedDatabase trash() {
        store.write(() -> {
            db.trashed = true;
            db.edited = store.clock.minute();
            return null;
        });
        return this;
    }

    /** Restores a trashed database. */
    public EmulatedDatabase restore() {
        store.write(() -> {
            db.trashed = false;
            db.edited = store.clock.minute();
            return null;
        });
        return this;
    }

    @Override
    public String toString() {
        return "EmulatedDatabase[" + db.id + " " + db.title + "]";
    }
}
