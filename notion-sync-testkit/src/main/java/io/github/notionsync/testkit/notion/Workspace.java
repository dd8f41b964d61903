package io.github.notionsync.testkit.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * The emulator's data: integration tokens, users, databases with their data sources and
 * schemas, pages with property values and block content. Every change stamps the page's
 * {@code last_edited_time} with the emulator clock. Thread-safe.
 */
public final class Workspace {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A property in a data source's schema. */
    record PropertySchema(String id, String name, String type) {
    }

    /** A data source: a schema and its pages. */
    static final class DataSource {
        final String id;
        final String name;
        final EmulatedDatabase database;
        final Map<String, PropertySchema> schema = new LinkedHashMap<>();
        final List<Page> pages = new ArrayList<>();
        int version;

        DataSource(String id, String name, EmulatedDatabase database) {
            this.id = id;
            this.name = name;
            this.database = database;
        }
    }

    /** A page and its content. */
    static final class Page {
        final String id;
        final DataSource source;
        final Instant createdTime;
        Instant lastEditedTime;
        boolean inTrash;
        boolean deleted;
        final Map<String, JsonNode> values = new LinkedHashMap<>();
        List<Node> content = new ArrayList<>();

        Page(String id, DataSource source, Instant createdTime) {
            this.id = id;
            this.source = source;
            this.createdTime = createdTime;
            this.lastEditedTime = createdTime;
        }
    }

    /** A stored block. */
    record Node(String id, String type, String text, List<Node> children) {
    }

    private final EmulatorClock clock;
    private final Set<String> tokens = new LinkedHashSet<>();
    final Map<String, ObjectNode> users = new LinkedHashMap<>();
    final Map<String, EmulatedDatabase> databases = new LinkedHashMap<>();
    final Map<String, DataSource> dataSources = new LinkedHashMap<>();
    final Map<String, Page> pages = new LinkedHashMap<>();
    final Map<String, Node> blocks = new LinkedHashMap<>();
    final String botId;
    private int propertyCounter;
    private final Random ids;

    Workspace(EmulatorClock clock, long seed) {
        this.clock = clock;
        this.ids = new Random(seed);
        this.botId = newId();
        ObjectNode bot = F.objectNode().put("object", "user").put("id", botId).put("name", "notion-sync emulator")
                .putNull("avatar_url").put("type", "bot");
        bot.putObject("bot").putObject("owner").put("type", "workspace").put("workspace", true);
        users.put(botId, bot);
    }

    /** The clock that stamps every change. */
    public EmulatorClock clock() {
        return clock;
    }

    /** Creates an integration token the API accepts, e.g. {@code ntn_…}. */
    public synchronized String createToken(String integrationName) {
        String token = "ntn_" + Long.toHexString(ids.nextLong()) + Long.toHexString(ids.nextLong());
        tokens.add(token);
        return token;
    }

    /** Revokes a token: requests with it get 401. */
    public synchronized void revokeToken(String token) {
        tokens.remove(token);
    }

    synchronized boolean validToken(String token) {
        return tokens.contains(token);
    }

    /** Adds a person to the workspace and returns their user id. */
    public synchronized String addPerson(String name, String email) {
        String id = newId();
        ObjectNode user = F.objectNode().put("object", "user").put("id", id).put("name", name).putNull("avatar_url")
                .put("type", "person");
        user.putObject("person").put("email", email);
        users.put(id, user);
        return id;
    }

    /**
     * Creates a database with one data source. The schema maps property names to Notion property
     * types; a title property named "Name" is added unless the schema has a {@code title}.
     */
    public synchronized EmulatedDatabase createDatabase(String title, Map<String, String> schema) {
        EmulatedDatabase db = new EmulatedDatabase(this, newId(), title, clock.instant());
        databases.put(db.id(), db);
        addDataSource(db, title, schema);
        return db;
    }

    synchronized DataSource addDataSource(EmulatedDatabase db, String name, Map<String, String> schema) {
        DataSource ds = new DataSource(newId(), name, db);
        if (!schema.containsValue("title")) {
            ds.schema.put("Name", new PropertySchema("title", "Name", "title"));
        }
        schema.forEach((n, type) -> ds.schema.put(n, new PropertySchema(
                "title".equals(type) ? "title" : "p%3A" + Integer.toString(++propertyCounter, 36), n, type)));
        dataSources.put(ds.id, ds);
        db.sources.add(ds);
        return ds;
    }

    synchronized Page addPage(DataSource ds, Map<String, ?> values, List<Block> content) {
        Page p = new Page(newId(), ds, clock.instant());
        setValues(p, values);
        p.content = nodes(content);
        ds.pages.add(p);
        ds.version++;
        pages.put(p.id, p);
        return p;
    }

    synchronized void update(String pageId, Map<String, ?> values, List<Block> content) {
        Page p = requirePage(pageId);
        setValues(p, values);
        if (content != null) {
            p.content.forEach(this::forget);
            p.content = nodes(content);
        }
        touch(p);
    }

    synchronized void setTrashed(String pageId, boolean trashed) {
        Page p = requirePage(pageId);
        p.inTrash = trashed;
        touch(p);
    }

    synchronized void deletePermanently(String pageId) {
        Page p = requirePage(pageId);
        p.deleted = true;
        p.content.forEach(this::forget);
        p.source.pages.remove(p);
        p.source.version++;
        pages.remove(pageId);
    }

    synchronized void setShared(EmulatedDatabase db, boolean shared) {
        db.shared = shared;
    }

    private void touch(Page p) {
        p.lastEditedTime = clock.instant();
        p.source.version++;
    }

    Page requirePage(String pageId) {
        Page p = pages.get(NotionId.parse(pageId).value());
        if (p == null) {
            throw new IllegalArgumentException("No page " + pageId);
        }
        return p;
    }

    private void setValues(Page p, Map<String, ?> values) {
        if (values == null) {
            return;
        }
        values.forEach((name, v) -> {
            PropertySchema s = p.source.schema.get(name);
            if (s == null) {
                throw new IllegalArgumentException("Data source " + p.source.name + " has no property '" + name + "'");
            }
            p.values.put(name, value(s.type(), v));
        });
    }

    /** A property value in Notion's shape (the inner value, without id and type). */
    private JsonNode value(String type, Object v) {
        if (v instanceof JsonNode json) {
            return json;
        }
        switch (type) {
            case "title", "rich_text" -> {
                ArrayNode a = F.arrayNode();
                if (v instanceof Collection<?> parts) {
                    parts.forEach(part -> a.add(richText(String.valueOf(part))));
                } else if (v != null) {
                    String s = String.valueOf(v);
                    for (int i = 0; i < s.length(); i += 2000) {
                        a.add(richText(s.substring(i, Math.min(s.length(), i + 2000))));
                    }
                }
                return a;
            }
            case "number" -> {
                return v == null ? F.nullNode() : F.numberNode(((Number) v).doubleValue() % 1 == 0
                        ? ((Number) v).longValue() : ((Number) v).doubleValue());
            }
            case "select", "status" -> {
                return v == null ? F.nullNode() : option(String.valueOf(v));
            }
            case "multi_select" -> {
                ArrayNode a = F.arrayNode();
                ((Collection<?>) v).forEach(o -> a.add(option(String.valueOf(o))));
                return a;
            }
            case "date" -> {
                if (v == null) {
                    return F.nullNode();
                }
                ObjectNode d = F.objectNode().put("start", v instanceof LocalDate ld ? ld.toString() : String.valueOf(v));
                d.putNull("end").putNull("time_zone");
                return d;
            }
            case "checkbox" -> {
                return F.booleanNode(Boolean.TRUE.equals(v));
            }
            case "url", "email", "phone_number" -> {
                return v == null ? F.nullNode() : F.textNode(String.valueOf(v));
            }
            case "relation" -> {
                ArrayNode a = F.arrayNode();
                ((Collection<?>) v).forEach(id -> a.addObject().put("id", NotionId.parse(String.valueOf(id)).value()));
                return a;
            }
            case "people" -> {
                ArrayNode a = F.arrayNode();
                ((Collection<?>) v).forEach(id -> a.add(F.objectNode().put("object", "user")
                        .put("id", NotionId.parse(String.valueOf(id)).value())));
                return a;
            }
            case "files" -> {
                ArrayNode a = F.arrayNode();
                ((Collection<?>) v).forEach(url -> {
                    ObjectNode f = a.addObject().put("name", String.valueOf(url).replaceAll(".*/", ""))
                            .put("type", "external");
                    f.putObject("external").put("url", String.valueOf(url));
                });
                return a;
            }
            default -> throw new IllegalArgumentException("Give a " + type + " value as JSON (JsonNode)");
        }
    }

    static ObjectNode richText(String s) {
        ObjectNode t = F.objectNode().put("type", "text");
        t.putObject("text").put("content", s).putNull("link");
        t.putObject("annotations").put("bold", false).put("italic", false).put("strikethrough", false)
                .put("underline", false).put("code", false).put("color", "default");
        t.put("plain_text", s).putNull("href");
        return t;
    }

    private ObjectNode option(String name) {
        return F.objectNode().put("id", UUID.nameUUIDFromBytes(name.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString()).put("name", name).put("color", "default");
    }

    private List<Node> nodes(List<Block> content) {
        List<Node> out = new ArrayList<>();
        if (content != null) {
            for (Block b : content) {
                Node n = new Node(newId(), b.type(), b.text(), nodes(b.children()));
                blocks.put(n.id(), n);
                out.add(n);
            }
        }
        return out;
    }

    private void forget(Node n) {
        blocks.remove(n.id());
        n.children().forEach(this::forget);
    }

    String newId() {
        return new UUID(ids.nextLong() & 0xFFFFFFFFFFFF0FFFL | 0x4000L, ids.nextLong() & 0x3FFFFFFFFFFFFFFFL
                | 0x8000000000000000L).toString();
    }

    static Instant minute(Instant t) {
        return t.truncatedTo(ChronoUnit.MINUTES);
    }

    private static final java.time.format.DateTimeFormatter ISO =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC);

    /** A timestamp as Notion writes it: rounded down to the minute, with milliseconds, e.g. 2026-06-27T17:11:00.000Z. */
    static String iso(Instant t) {
        return ISO.format(minute(t));
    }
}
