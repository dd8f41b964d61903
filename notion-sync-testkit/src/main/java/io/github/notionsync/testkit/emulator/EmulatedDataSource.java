package io.github.notionsync.testkit.emulator;

import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Property;
import java.util.List;
import java.util.Map;

/** A data source (a table with a schema) of an emulated database. */
public final class EmulatedDataSource {

    private final Store store;
    private final DataSource ds;

    EmulatedDataSource(Store store, DataSource ds) {
        this.store = store;
        this.ds = ds;
    }

    /** The data source id (dashed). */
    public String id() {
        return ds.id;
    }

    /** The data source name. */
    public String name() {
        return ds.name;
    }

    /** The id of the database holding it. */
    public String databaseId() {
        return ds.database.id;
    }

    /** The property id Notion would use for a property name (e.g. {@code title}, {@code %3A%3Fvz}). */
    public String propertyId(String propertyName) {
        Property p = ds.byName.get(propertyName);
        if (p == null) {
            throw new IllegalArgumentException("No property " + propertyName + " in " + ds.name);
        }
        return p.id;
    }

    /** Adds a page with property values and content. */
    public EmulatedPage addPage(PropertyValues values, Block... content) {
        return new EmulatedPage(store, store.addPage(ds, values, content));
    }

    /** Adds a page from a map of property values (see {@link PropertyValues}). */
    public EmulatedPage addPage(Map<String, ?> values, Block... content) {
        return addPage(PropertyValues.of(values), content);
    }

    /** The number of pages, including archived and trashed ones but not deleted ones. */
    public int pageCount() {
        return store.read(() -> (int) ds.pages.stream().filter(p -> !p.deleted()).count());
    }

    /** The pages in creation order, including archived and trashed ones but not deleted ones. */
    public List<EmulatedPage> pages() {
        return store.read(() -> ds.pages.stream().filter(p -> !p.deleted()).map(p -> new EmulatedPage(store, p))
                .toList());
    }

    @Override
    public String toString() {
        return "EmulatedDataSource[" + ds.id + " " + ds.name + "]";
    }
}
