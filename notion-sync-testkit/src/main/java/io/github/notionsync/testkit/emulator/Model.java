package io.github.notionsync.testkit.emulator;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The stored workspace objects. Mutated only under the store's write lock. */
final class Model {

    private Model() {
    }

    record Integration(String token, String name, String botId, Set<Capability> capabilities) {

        Integration {
            capabilities = capabilities.isEmpty() ? Set.of()
                    : java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(capabilities));
        }

        boolean can(Capability capability) {
            return capabilities.contains(capability);
        }
    }

    record User(String id, String name, String email, boolean bot) {
    }

    record Option(String id, String name, String color) {
    }

    static final class Database {
        final String id;
        String title;
        final int created;
        int edited;
        final String createdBy;
        final List<DataSource> sources = new ArrayList<>();
        final Set<String> hiddenFrom = new HashSet<>();
        boolean trashed;
        final String icon;

        Database(String id, String title, int created, String createdBy, String icon) {
            this.id = id;
            this.title = title;
            this.created = created;
            this.edited = created;
            this.createdBy = createdBy;
            this.icon = icon;
        }
    }

    static final class Property {
        final String id;
        final String name;
        final PropertyType type;
        final int index;
        final List<Option> options = new ArrayList<>();
        final Schema.Spec spec;
        String relationDatabaseId;
        Property rollupRelation;

        Property(String id, String name, PropertyType type, int index, Schema.Spec spec) {
            this.id = id;
            this.name = name;
            this.type = type;
            this.index = index;
            this.spec = spec;
        }

        Option option(String name) {
            for (Option o : options) {
                if (o.name().equals(name)) {
                    return o;
                }
            }
            return null;
        }
    }

    static final class DataSource {
        final String id;
        final Database database;
        final String name;
        final List<Property> properties = new ArrayList<>();
        final Map<String, Property> byName = new LinkedHashMap<>();
        final int created;
        int edited;
        final ArrayList<Page> pages = new ArrayList<>();
        /** Incremented on every change of a page of this data source (invalidates sorted views). */
        int version;
        Generator generator;
        final Map<String, Object> sortedViews = new java.util.concurrent.ConcurrentHashMap<>();

        DataSource(String id, Database database, String name, int created) {
            this.id = id;
            this.database = database;
            this.name = name;
            this.created = created;
            this.edited = created;
        }

        Property title() {
            return properties.get(0);
        }

        Property propertyById(String propertyId) {
            for (Property p : properties) {
                if (p.id.equals(propertyId)) {
                    return p;
                }
            }
            return null;
        }
    }

    static final class Page {
        static final byte ARCHIVED = 1;
        static final byte TRASHED = 2;
        static final byte DELETED = 4;

        final String id;
        final DataSource source;
        final int seq;
        int created;
        int edited;
        String createdBy;
        String editedBy;
        byte flags;
        /** Values by property index; null while the page's values come from its generator. */
        Object[] values;
        /** Top-level blocks; null while there are none or the content comes from the generator. */
        List<BlockNode> children;
        boolean generatedContent;

        Page(String id, DataSource source, int seq, int created, String createdBy) {
            this.id = id;
            this.source = source;
            this.seq = seq;
            this.created = created;
            this.edited = created;
            this.createdBy = createdBy;
            this.editedBy = createdBy;
        }

        boolean live() {
            return (flags & (ARCHIVED | TRASHED | DELETED)) == 0;
        }

        boolean deleted() {
            return (flags & DELETED) != 0;
        }

        Object value(Property p) {
            return values != null ? values[p.index] : source.generator.value(this, p);
        }
    }

    static final class BlockNode {
        final String id;
        final Block block;
        final String parentId;
        final boolean parentIsPage;
        final Page page;
        final int created;
        int edited;
        final String createdBy;
        final List<BlockNode> children = new ArrayList<>();
        /** Deleted permanently: every request for it answers 404. */
        boolean deleted;
        /** In the trash (DELETE /v1/blocks/{id}): still retrievable, no longer among its parent's children. */
        boolean trashed;
        String editedBy;

        BlockNode(String id, Block block, String parentId, boolean parentIsPage, Page page, int created,
                String createdBy) {
            this.id = id;
            this.block = block;
            this.parentId = parentId;
            this.parentIsPage = parentIsPage;
            this.page = page;
            this.created = created;
            this.edited = created;
            this.createdBy = createdBy;
            this.editedBy = createdBy;
        }
    }
}
