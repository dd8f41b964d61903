package io.github.notionsync.testkit.emulator;

import io.github.notionsync.NotionId;
import io.github.notionsync.testkit.emulator.Model.BlockNode;
import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Database;
import io.github.notionsync.testkit.emulator.Model.Integration;
import io.github.notionsync.testkit.emulator.Model.Option;
import io.github.notionsync.testkit.emulator.Model.Page;
import io.github.notionsync.testkit.emulator.Model.Property;
import io.github.notionsync.testkit.emulator.Model.User;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/** The workspace state behind the HTTP server and the Java API. Reads under the read lock, writes under the write lock. */
final class Store {

    static final String[] COLORS = {"default", "gray", "brown", "orange", "yellow", "green", "blue", "purple",
        "pink", "red"};
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final char[] HEX_UPPER = "0123456789ABCDEF".toCharArray();
    private static final String ID_CHARS =
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789:;<=>?@[]^_`{|}~";

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final EmulatorClock clock;
    private final SplittableRandom random;
    final String workspaceId;
    final String workspaceName;
    final Map<String, Integration> tokens = new LinkedHashMap<>();
    final Map<String, User> users = new LinkedHashMap<>();
    final Map<String, Database> databases = new LinkedHashMap<>();
    final Map<String, DataSource> dataSources = new HashMap<>();
    final Map<String, Page> pages = new HashMap<>();
    final Map<String, BlockNode> blocks = new HashMap<>();
    final String ownerId;

    Store(EmulatorClock clock, long seed) {
        this.clock = clock;
        this.random = new SplittableRandom(seed);
        this.workspaceId = newId();
        this.workspaceName = "Emulated workspace";
        this.ownerId = newId();
        users.put(ownerId, new User(ownerId, "Workspace Owner", "owner@example.com", false));
    }

    Lock readLock() {
        return lock.readLock();
    }

    Lock writeLock() {
        return lock.writeLock();
    }

    <T> T write(Supplier<T> action) {
        lock.writeLock().lock();
        try {
            return action.get();
        } finally {
            lock.writeLock().unlock();
        }
    }

    <T> T read(Supplier<T> action) {
        lock.readLock().lock();
        try {
            return action.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    // ---- ids

    String newId() {
        long msb = (random.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return format(msb, lsb);
    }

    /** A page id whose third group is exactly {@code 4000}, so its generated blocks can point back to it. */
    String newGeneratedPageId(SplittableRandom r) {
        long msb = (r.nextLong() & 0xFFFFFFFFFFFF0000L) | 0x4000L;
        long lsb = (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return format(msb, lsb);
    }

    static String generatedBlockId(String pageId, int index) {
        String group = Integer.toHexString(0x8000 | (index + 1));
        return pageId.substring(0, 14) + group + pageId.substring(18);
    }

    static String format(long msb, long lsb) {
        char[] c = new char[36];
        int p = 0;
        for (int i = 0; i < 32; i++) {
            if (i == 8 || i == 12 || i == 16 || i == 20) {
                c[p++] = '-';
            }
            long word = i < 16 ? msb : lsb;
            int shift = (15 - (i % 16)) * 4;
            c[p++] = HEX[(int) ((word >>> shift) & 0xF)];
        }
        return new String(c);
    }

    static String compact(String id) {
        return id.replace("-", "");
    }

    static String optionId(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    String newToken() {
        StringBuilder sb = new StringBuilder("ntn_");
        String alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        for (int i = 0; i < 46; i++) {
            sb.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return sb.toString();
    }

    static String propertyId(String name, String salt, Set<String> taken) {
        int h = (salt + '/' + name).hashCode();
        for (int attempt = 0; ; attempt++) {
            StringBuilder raw = new StringBuilder();
            int x = h * 31 + attempt * 0x9E3779B9;
            for (int i = 0; i < 4; i++) {
                raw.append(ID_CHARS.charAt(Math.floorMod(x, ID_CHARS.length())));
                x = x * 1103515245 + 12345;
                x ^= x >>> 13;
            }
            String id = encode(raw.toString());
            if (!id.equals("title") && taken.add(id)) {
                return id;
            }
        }
    }

    static String encode(String raw) {
        StringBuilder sb = new StringBuilder();
        for (char ch : raw.toCharArray()) {
            boolean plain = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')
                    || ch == '_' || ch == '~' || ch == '-' || ch == '.';
            if (plain) {
                sb.append(ch);
            } else {
                sb.append('%').append(HEX_UPPER[(ch >> 4) & 0xF]).append(HEX_UPPER[ch & 0xF]);
            }
        }
        return sb.toString();
    }

    // ---- tokens and users

    String createToken(String integrationName, Set<Capability> capabilities) {
        return write(() -> {
            String token = newToken();
            String botId = newId();
            users.put(botId, new User(botId, integrationName, null, true));
            tokens.put(token, new Integration(token, integrationName, botId, capabilities));
            return token;
        });
    }

    void setCapabilities(String token, Set<Capability> capabilities) {
        write(() -> {
            Integration i = tokens.get(token);
            if (i == null) {
                throw new IllegalArgumentException("Unknown token");
            }
            tokens.put(token, new Integration(token, i.name(), i.botId(), capabilities));
            return null;
        });
    }

    void putToken(String token, String integrationName) {
        write(() -> {
            if (!tokens.containsKey(token)) {
                String botId = newId();
                users.put(botId, new User(botId, integrationName, null, true));
                tokens.put(token, new Integration(token, integrationName, botId, Capability.all()));
            }
            return null;
        });
    }

    String addPerson(String name, String email) {
        return write(() -> {
            String id = newId();
            users.put(id, new User(id, name, email, false));
            return id;
        });
    }

    // ---- databases and data sources

    Database createDatabase(String title, Schema schema, String icon) {
        return write(() -> {
            Database db = new Database(newId(), title, clock.minute(), ownerId, icon);
            databases.put(db.id, db);
            addDataSourceLocked(db, title, schema);
            return db;
        });
    }

    DataSource addDataSource(Database db, String name, Schema schema) {
        return write(() -> addDataSourceLocked(db, name, schema));
    }

    private DataSource addDataSourceLocked(Database db, String name, Schema schema) {
        DataSource ds = new DataSource(newId(), db, name, clock.minute());
        Set<String> taken = new HashSet<>();
        int index = 0;
        for (Schema.Spec spec : schema.specs()) {
            String pid = spec.type() == PropertyType.TITLE ? "title" : propertyId(spec.name(), ds.id, taken);
            Property p = new Property(pid, spec.name(), spec.type(), index++, spec);
            for (String o : spec.options()) {
                p.options.add(new Option(optionId(ds.id + '/' + spec.name() + '/' + o), o,
                        COLORS[p.options.size() % COLORS.length]));
            }
            if (spec.type() == PropertyType.RELATION) {
                p.relationDatabaseId = spec.relationDatabaseId() == null ? db.id : spec.relationDatabaseId();
            }
            ds.properties.add(p);
            ds.byName.put(p.name, p);
        }
        for (Property p : ds.properties) {
            if (p.type == PropertyType.ROLLUP) {
                p.rollupRelation = ds.byName.get(p.spec.rollupRelation());
            }
        }
        db.sources.add(ds);
        db.edited = clock.minute();
        dataSources.put(ds.id, ds);
        return ds;
    }

    // ---- pages

    Page addPage(DataSource ds, PropertyValues values, Block[] content) {
        return write(() -> {
            Page page = new Page(newId(), ds, ds.pages.size(), clock.minute(), ownerId);
            page.values = new Object[ds.properties.size()];
            applyValues(page, values);
            ds.pages.add(page);
            pages.put(page.id, page);
            appendLocked(page, content);
            ds.version++;
            return page;
        });
    }

    void updatePage(Page page, PropertyValues values) {
        write(() -> {
            requireExisting(page);
            materialize(page);
            applyValues(page, values);
            touch(page);
            return null;
        });
    }

    void setFlags(Page page, byte set, byte clear) {
        write(() -> {
            requireExisting(page);
            page.flags = (byte) ((page.flags | set) & ~clear);
            touch(page);
            return null;
        });
    }

    void deletePage(Page page) {
        write(() -> {
            page.flags |= Page.DELETED;
            page.source.version++;
            return null;
        });
    }

    void appendBlocks(Page page, Block[] content) {
        write(() -> {
            requireExisting(page);
            appendLocked(page, content);
            touch(page);
            return null;
        });
    }

    private static void requireExisting(Page page) {
        if (page.deleted()) {
            throw new IllegalStateException("Page " + page.id + " was deleted permanently");
        }
    }

    private void touch(Page page) {
        touch(page, ownerId);
    }

    private void materialize(Page page) {
        if (page.values == null) {
            Object[] v = new Object[page.source.properties.size()];
            for (Property p : page.source.properties) {
                v[p.index] = page.source.generator.value(page, p);
            }
            page.values = v;
        }
    }

    private void appendLocked(Page page, Block[] content) {
        if (content.length == 0) {
            return;
        }
        materializeContent(page);
        if (page.children == null) {
            page.children = new ArrayList<>();
        }
        for (Block b : content) {
            page.children.add(node(b, page.id, true, page, ownerId));
        }
    }

    private BlockNode node(Block block, String parentId, boolean parentIsPage, Page page, String userId) {
        BlockNode n = new BlockNode(newId(), block, parentId, parentIsPage, page, clock.minute(), userId);
        blocks.put(n.id, n);
        for (Block child : block.children()) {
            n.children.add(node(child, n.id, false, page, userId));
        }
        return n;
    }

    // ---- writes through the API (the caller holds the write lock)

    /** A new page in {@code ds}, created by {@code userId}, with values and content. */
    Page createPageLocked(DataSource ds, Map<Property, Object> values, List<Block> content, String userId) {
        Page page = new Page(newId(), ds, ds.pages.size(), clock.minute(), userId);
        page.values = new Object[ds.properties.size()];
        for (Map.Entry<Property, Object> e : values.entrySet()) {
            page.values[e.getKey().index] = coerce(e.getKey(), e.getValue());
        }
        ds.pages.add(page);
        pages.put(page.id, page);
        if (!content.isEmpty()) {
            page.children = new ArrayList<>();
            for (Block b : content) {
                page.children.add(node(b, page.id, true, page, userId));
            }
        }
        ds.version++;
        return page;
    }

    /** Sets property values and the trash flag ({@code null}: unchanged) as {@code userId}. */
    void updatePageLocked(Page page, Map<Property, Object> values, Boolean inTrash, String userId) {
        if (!values.isEmpty()) {
            materialize(page);
            for (Map.Entry<Property, Object> e : values.entrySet()) {
                page.values[e.getKey().index] = coerce(e.getKey(), e.getValue());
            }
        }
        if (inTrash != null) {
            page.flags = inTrash ? (byte) (page.flags | Page.TRASHED)
                    : (byte) (page.flags & ~(Page.TRASHED | Page.ARCHIVED));
        }
        touch(page, userId);
    }

    /** Appends blocks at the end of a page ({@code parent} null) or of a block; returns the new top-level nodes. */
    List<BlockNode> appendLocked(Page page, BlockNode parent, List<Block> content, String userId) {
        List<BlockNode> created = new ArrayList<>(content.size());
        List<BlockNode> target;
        if (parent == null) {
            materializeContent(page);
            if (page.children == null) {
                page.children = new ArrayList<>();
            }
            target = page.children;
        } else {
            target = parent.children;
            parent.edited = clock.minute();
            parent.editedBy = userId;
        }
        for (Block b : content) {
            BlockNode n = node(b, parent == null ? page.id : parent.id, parent == null, page, userId);
            target.add(n);
            created.add(n);
        }
        touch(page, userId);
        return created;
    }

    /** Moves a block to the trash as {@code userId}. */
    void trashBlockLocked(BlockNode block, String userId) {
        block.trashed = true;
        block.edited = clock.minute();
        block.editedBy = userId;
        touch(block.page, userId);
    }

    /**
     * A block that a write may change: generated content is first made real, so that the block
     * can be changed like any other. Null if there is no such block.
     */
    BlockNode writableBlock(String id) {
        BlockNode b = block(id);
        if (b != null && !blocks.containsKey(id)) {
            materializeContent(b.page);
            b = blocks.get(id);
        }
        return b;
    }

    private void materializeContent(Page page) {
        if (page.generatedContent) {
            page.children = new ArrayList<>(page.source.generator.blocks(page));
            page.generatedContent = false;
            for (BlockNode b : page.children) {
                blocks.put(b.id, b);
            }
        }
    }

    private void touch(Page page, String userId) {
        page.edited = clock.minute();
        page.editedBy = userId;
        page.source.version++;
    }

    private void applyValues(Page page, PropertyValues values) {
        DataSource ds = page.source;
        for (Map.Entry<String, Object> e : values.asMap().entrySet()) {
            Property p = e.getKey().equals(PropertyValues.TITLE_KEY) ? ds.title() : ds.byName.get(e.getKey());
            if (p == null) {
                throw new IllegalArgumentException("Data source " + ds.name + " has no property " + e.getKey()
                        + "; it has " + ds.byName.keySet());
            }
            page.values[p.index] = coerce(p, e.getValue());
        }
    }

    // ---- lookups (caller holds a lock)

    Page page(String id) {
        Page p = pages.get(id);
        return p == null || p.deleted() ? null : p;
    }

    BlockNode block(String id) {
        BlockNode b = blocks.get(id);
        if (b != null) {
            return b.deleted || b.page.deleted() ? null : b;
        }
        if (id.length() == 36 && id.charAt(14) == '8') {
            Page page = page(id.substring(0, 14) + "4000" + id.substring(18));
            if (page != null && page.generatedContent) {
                int index = Integer.parseInt(id.substring(15, 18), 16) - 1;
                List<BlockNode> generated = page.source.generator.blocks(page);
                if (index >= 0 && index < generated.size()) {
                    return generated.get(index);
                }
            }
        }
        return null;
    }

    List<BlockNode> children(Page page) {
        if (page.generatedContent) {
            return page.source.generator.blocks(page);
        }
        return page.children == null ? List.of() : page.children;
    }

    /** The first data source id of a database, or null if the emulator does not hold it. */
    String firstDataSourceId(String databaseId) {
        Database db = databases.get(databaseId);
        return db == null || db.sources.isEmpty() ? null : db.sources.get(0).id;
    }

    // ---- values

    Object coerce(Property p, Object raw) {
        if (p.type.computed()) {
            throw new IllegalArgumentException("Property " + p.name + " (" + p.type.jsonName() + ") is computed");
        }
        if (raw == null) {
            return null;
        }
        if (raw instanceof PropertyValues.FormulaResult f && p.type != PropertyType.FORMULA) {
            throw new IllegalArgumentException("Property " + p.name + " is not a formula");
        }
        return switch (p.type) {
            case TITLE, RICH_TEXT -> richText(p, raw);
            case NUMBER -> as(p, raw, Number.class);
            case SELECT -> option(p, as(p, raw, String.class), true);
            case STATUS -> option(p, as(p, raw, String.class), false);
            case MULTI_SELECT -> strings(p, raw).stream().map(s -> option(p, s, true)).toList();
            case DATE -> date(p, raw);
            case PEOPLE -> strings(p, raw).stream().map(s -> {
                String id = NotionId.parse(s).value();
                if (!users.containsKey(id)) {
                    throw new IllegalArgumentException("Unknown user " + s + " for property " + p.name);
                }
                return id;
            }).toList();
            case FILES -> raw instanceof FileRef f ? List.of(f) : listOf(p, raw, FileRef.class);
            case CHECKBOX -> as(p, raw, Boolean.class);
            case URL, EMAIL, PHONE_NUMBER -> as(p, raw, String.class);
            case FORMULA -> formula(p, raw);
            case RELATION -> strings(p, raw).stream().map(s -> NotionId.parse(s).value()).toList();
            case VERIFICATION -> raw instanceof PropertyValues.Verification v ? v.verified() : as(p, raw, Boolean.class);
            case PLACE -> as(p, raw, Place.class);
            default -> throw new IllegalArgumentException("Property " + p.name + " cannot be written");
        };
    }

    private static <T> T as(Property p, Object raw, Class<T> type) {
        if (!type.isInstance(raw)) {
            throw new IllegalArgumentException("Property " + p.name + " (" + p.type.jsonName() + ") needs a "
                    + type.getSimpleName() + ", not " + raw.getClass().getSimpleName());
        }
        return type.cast(raw);
    }

    private static <T> List<T> listOf(Property p, Object raw, Class<T> type) {
        Collection<?> c = as(p, raw, Collection.class);
        List<T> out = new ArrayList<>(c.size());
        for (Object o : c) {
            out.add(as(p, o, type));
        }
        return List.copyOf(out);
    }

    private static List<String> strings(Property p, Object raw) {
        return raw instanceof String s ? List.of(s) : listOf(p, raw, String.class);
    }

    private static List<RichText> richText(Property p, Object raw) {
        if (raw instanceof String s) {
            return List.of(RichText.text(s));
        }
        Collection<?> c = as(p, raw, Collection.class);
        List<RichText> out = new ArrayList<>(c.size());
        for (Object o : c) {
            out.add(o instanceof String s ? RichText.text(s) : as(p, o, RichText.class));
        }
        return List.copyOf(out);
    }

    private Option option(Property p, String name, boolean addMissing) {
        Option o = p.option(name);
        if (o == null) {
            if (!addMissing) {
                throw new IllegalArgumentException("Status property " + p.name + " has no option " + name);
            }
            o = new Option(optionId(p.id + '/' + name), name, COLORS[p.options.size() % COLORS.length]);
            p.options.add(o);
        }
        return o;
    }

    private static DateValue date(Property p, Object raw) {
        if (raw instanceof DateValue d) {
            return d;
        } else if (raw instanceof LocalDate d) {
            return DateValue.of(d);
        } else if (raw instanceof Instant i) {
            return DateValue.of(i);
        } else if (raw instanceof OffsetDateTime o) {
            return DateValue.of(o);
        } else if (raw instanceof String s) {
            return new DateValue(s, null, null);
        }
        throw new IllegalArgumentException("Property " + p.name + " (date) needs a date, not " + raw.getClass());
    }

    private static Object formula(Property p, Object raw) {
        Object v = raw instanceof PropertyValues.FormulaResult f ? f.value() : raw;
        if (v == null) {
            return null;
        }
        String type = p.spec.formulaType();
        boolean ok = switch (type) {
            case "string" -> v instanceof String;
            case "number" -> v instanceof Number;
            case "boolean" -> v instanceof Boolean;
            default -> v instanceof DateValue || v instanceof LocalDate || v instanceof Instant;
        };
        if (!ok) {
            throw new IllegalArgumentException("Formula " + p.name + " returns " + type + ", not " + v.getClass());
        }
        return type.equals("date") ? date(p, v) : v;
    }
}
