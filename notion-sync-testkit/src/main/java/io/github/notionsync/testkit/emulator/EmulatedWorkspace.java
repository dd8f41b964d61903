package io.github.notionsync.testkit.emulator;

import io.github.notionsync.NotionId;
import io.github.notionsync.testkit.emulator.Model.Database;
import io.github.notionsync.testkit.emulator.Model.Page;
import java.util.List;
import java.util.Optional;

/**
 * The emulated Notion workspace: integrations (tokens), users, databases, data sources and pages.
 * Safe to change while the server answers requests.
 */
public final class EmulatedWorkspace {

    private final Store store;

    EmulatedWorkspace(Store store) {
        this.store = store;
    }

    /** Creates an integration and returns its bearer token ({@code ntn_…}); its bot user joins the workspace. */
    public String createToken(String integrationName) {
        return store.createToken(integrationName, Capability.all());
    }

    /**
     * Creates an integration with only these capabilities and returns its token: requests that need
     * another answer 403 {@code restricted_resource}.
     */
    public String createToken(String integrationName, java.util.Set<Capability> capabilities) {
        return store.createToken(integrationName, capabilities);
    }

    /** Changes the capabilities of a token's integration, e.g. to take insert content away mid-test. */
    public void setCapabilities(String token, java.util.Set<Capability> capabilities) {
        store.setCapabilities(token, capabilities);
    }

    /** The id of the bot user of a token's integration: the {@code last_edited_by} of its writes. */
    public String botUserId(String token) {
        return store.read(() -> {
            Model.Integration i = store.tokens.get(token);
            if (i == null) {
                throw new IllegalArgumentException("Unknown token");
            }
            return i.botId();
        });
    }

    /** Revokes a token: requests with it answer 401 unauthorized. */
    public void revokeToken(String token) {
        store.write(() -> store.tokens.remove(token));
    }

    /** The id of the workspace owner, a person who creates and edits pages unless told otherwise. */
    public String ownerId() {
        return store.ownerId;
    }

    /** Adds a person user and returns the user id. */
    public String addPerson(String name, String email) {
        return store.addPerson(name, email);
    }

    /** Creates a database with one data source of the same name. */
    public EmulatedDatabase createDatabase(String title, Schema schema) {
        return new EmulatedDatabase(store, store.createDatabase(title, schema, null));
    }

    /** Creates a database with an emoji icon. */
    public EmulatedDatabase createDatabase(String title, String emoji, Schema schema) {
        return new EmulatedDatabase(store, store.createDatabase(title, schema, emoji));
    }

    /** Every database, in creation order. */
    public List<EmulatedDatabase> databases() {
        return store.read(() -> store.databases.values().stream().map(db -> new EmulatedDatabase(store, db))
                .toList());
    }

    /** The database with this id (any id form), if any. */
    public Optional<EmulatedDatabase> database(String id) {
        String canonical = NotionId.parse(id).value();
        return store.read(() -> {
            Database db = store.databases.get(canonical);
            return Optional.ofNullable(db == null ? null : new EmulatedDatabase(store, db));
        });
    }

    /** The page with this id (any id form), if it was not deleted permanently. */
    public Optional<EmulatedPage> page(String id) {
        String canonical = NotionId.parse(id).value();
        return store.read(() -> {
            Page p = store.page(canonical);
            return Optional.ofNullable(p == null ? null : new EmulatedPage(store, p));
        });
    }

    /** Loads the demo creative-writing workspace (see {@link DemoWorkspace}). */
    public DemoWorkspace loadDemo() {
        return DemoData.load(this, store);
    }

    /** Generates a database of deterministic pages with every property type (see {@link GeneratorSpec}). */
    public EmulatedDatabase generate(GeneratorSpec spec) {
        return new EmulatedDatabase(store, Generator.generate(store, spec));
    }
}
