package io.github.notionsync.testkit.notion;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.github.notionsync.InvalidNotionIdException;
import io.github.notionsync.NotionId;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-process HTTP server that answers like the Notion REST API, for tests, demos and
 * benchmarks: databases and data sources, queries with timestamp filters and sorts, pages,
 * property items, block children, users and search, under Notion-Version 2022-06-28,
 * 2025-09-03 and 2026-03-11, with Notion's pagination, minute-rounded timestamps, 10,000-result
 * query cap, 25-item truncation, error bodies, optional rate limiting and injectable faults.
 *
 * <pre>{@code
 * try (NotionEmulator notion = NotionEmulator.builder().build().start()) {
 *     String token = notion.workspace().createToken("tests");
 *     EmulatedDatabase db = notion.workspace().createDatabase("Characters", Map.of("Role", "select"));
 *     db.addPage(Map.of("Name", "Aragorn", "Role", "Ranger"));
 *     // point a client at notion.baseUrl() with that token
 * }
 * }</pre>
 */
public final class NotionEmulator implements AutoCloseable {

    /** The largest page size, and the default. */
    public static final int MAX_PAGE_SIZE = 100;
    /** Results one query returns at most before {@code request_status} says incomplete. */
    public static final int QUERY_RESULT_LIMIT = 10_000;
    /** Items of a relation, people, title or rich-text value a page object carries at most. */
    public static final int REFERENCE_LIMIT = 25;

    private static final Logger log = LoggerFactory.getLogger(NotionEmulator.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern UUIDISH = Pattern.compile("[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?"
            + "[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}");
    private static final List<String> VERSIONS = List.of("2022-06-28", "2025-09-03", "2026-03-11");

    private final Builder config;
    private final Workspace workspace;
    private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();
    private final AtomicLong total = new AtomicLong();
    private final Deque<ScriptedFault> scripted = new ArrayDeque<>();
    private final Map<String, double[]> buckets = new HashMap<>();
    private final java.util.Random faultRandom;
    private volatile double faultProbability;
    private volatile List<Fault> randomFaults = List.of();
    private HttpServer server;
    private ExecutorService executor;
    private String lastQueryKey = "";
    private List<Workspace.Page> lastQuery = List.of();

    private record ScriptedFault(String method, String pathPrefix, Fault fault) {
    }

    private NotionEmulator(Builder b) {
        this.config = b;
        this.workspace = new Workspace(new EmulatorClock(b.start), b.seed);
        this.faultRandom = new java.util.Random(b.seed);
    }

    /** A builder: free port, no rate limit, clock at 2026-01-01T09:00Z. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts serving; returns this. */
    public synchronized NotionEmulator start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", config.port), 64);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot listen on port " + config.port + ": " + e.getMessage(), e);
        }
        executor = Executors.newFixedThreadPool(config.threads, r -> {
            Thread t = new Thread(r, "notion-emulator");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
        log.info("Notion emulator listening on {}", baseUrl());
        return this;
    }

    /** Base URL to point a client at, e.g. {@code http://127.0.0.1:4010}. */
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The data. */
    public Workspace workspace() {
        return workspace;
    }

    /** The clock of every timestamp. */
    public EmulatorClock clock() {
        return workspace.clock();
    }

    // ---- editing ------------------------------------------------------------------------

    /** Changes property values of a page (by name) and stamps its edit time. */
    public void updatePage(String pageId, Map<String, ?> values) {
        workspace.update(pageId, values, null);
    }

    /** Replaces a page's content and stamps its edit time. */
    public void setContent(String pageId, List<Block> content) {
        workspace.update(pageId, Map.of(), content);
    }

    /** Moves a page to the trash: it leaves query results, a page GET still answers. */
    public void trashPage(String pageId) {
        workspace.setTrashed(pageId, true);
    }

    /** Restores a page from the trash. */
    public void restorePage(String pageId) {
        workspace.setTrashed(pageId, false);
    }

    /** Deletes a page for good: every request for it gets 404. */
    public void deletePage(String pageId) {
        workspace.deletePermanently(pageId);
    }

    // ---- faults and counters ------------------------------------------------------------

    /** The next {@code times} requests whose method and path match get {@code fault}. */
    public void injectFault(String method, String pathPrefix, Fault fault, int times) {
        synchronized (scripted) {
            for (int i = 0; i < times; i++) {
                scripted.add(new ScriptedFault(method, pathPrefix, fault));
            }
        }
    }

    /** Every request gets one of {@code faults} with the given probability (seeded, repeatable). */
    public void randomFaults(double probability, List<Fault> faults) {
        this.randomFaults = List.copyOf(faults);
        this.faultProbability = probability;
    }

    /** Stops injecting faults. */
    public void clearFaults() {
        synchronized (scripted) {
            scripted.clear();
        }
        faultProbability = 0;
    }

    /**
     * Requests received for an endpoint, e.g. {@code requestCount("POST", "/v1/data_sources/{id}/query")}.
     * Ids in paths count as {@code {id}}.
     */
    public long requestCount(String method, String pathTemplate) {
        AtomicLong n = counters.get(method + ' ' + pathTemplate);
        return n == null ? 0 : n.get();
    }

    /** Every request received. */
    public long totalRequests() {
        return total.get();
    }

    /** The counters by {@code METHOD /path/{id}/template}. */
    public Map<String, Long> requestCounts() {
        Map<String, Long> out = new java.util.TreeMap<>();
        counters.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    /** Resets the counters. */
    public void resetCounts() {
        counters.clear();
        total.set(0);
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    // ---- HTTP -----------------------------------------------------------------------------

    private record Reply(int status, JsonNode body, Map<String, String> headers) {
        static Reply ok(JsonNode body) {
            return new Reply(200, body, Map.of());
        }
    }

    private static final class ApiError extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final String code;

        ApiError(int status, String code, String message) {
            super(message, null, false, false);
            this.status = status;
            this.code = code;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String template = UUIDISH.matcher(path).replaceAll("{id}");
        if (template.startsWith("/v1/pages/{id}/properties/")) {
            template = "/v1/pages/{id}/properties/{property_id}";
        }
        counters.computeIfAbsent(method + ' ' + template, k -> new AtomicLong()).incrementAndGet();
        total.incrementAndGet();
        String requestId = workspace.newId();
        try {
            Fault fault = nextFault(method, path);
            if (fault != null) {
                switch (fault.kind()) {
                    case DROP_CONNECTION -> {
                        ex.getResponseBody().close();
                        ex.close();
                        return;
                    }
                    case MALFORMED_BODY -> {
                        send(ex, 200, "{\"object\":\"list\",\"results\":[{\"object\":\"page\",\"id\":".getBytes(
                                StandardCharsets.UTF_8), Map.of());
                        return;
                    }
                    case SLOW -> sleep(fault.delay());
                    case STATUS -> {
                        Map<String, String> headers = fault.status() == 429 || fault.status() == 529
                                ? Map.of("Retry-After", Long.toString(Math.max(0, fault.delay().toSeconds())))
                                : Map.of();
                        String code = switch (fault.status()) {
                            case 429 -> "rate_limited";
                            case 500 -> "internal_server_error";
                            case 502 -> "bad_gateway";
                            case 503 -> "service_unavailable";
                            case 504 -> "gateway_timeout";
                            case 529 -> "service_overload";
                            default -> "internal_server_error";
                        };
                        if (fault.status() == 502) {
                            send(ex, 502, "<html><body>502 Bad Gateway</body></html>".getBytes(StandardCharsets.UTF_8),
                                    Map.of("Content-Type", "text/html"));
                            return;
                        }
                        sendJson(ex, new Reply(fault.status(), error(fault.status(), code,
                                "Injected fault " + fault.status(), requestId), headers));
                        return;
                    }
                    default -> throw new IllegalStateException();
                }
            }
            String version = ex.getRequestHeaders().getFirst("Notion-Version");
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            if (auth == null || !auth.startsWith("Bearer ") || !workspace.validToken(auth.substring(7).strip())) {
                throw new ApiError(401, "unauthorized", "API token is invalid.");
            }
            String token = auth.substring(7).strip();
            if (version == null) {
                throw new ApiError(400, "missing_version", "Notion-Version header failed validation: Notion-Version"
                        + " header should be defined, instead was `undefined`.");
            }
            if (!VERSIONS.contains(version)) {
                throw new ApiError(400, "validation_error", "Notion-Version header failed validation: unsupported"
                        + " version " + version + ".");
            }
            Optional<Reply> limited = rateLimit(token, requestId);
            if (limited.isPresent()) {
                sendJson(ex, limited.get());
                return;
            }
            JsonNode body = null;
            if ("POST".equals(method) || "PATCH".equals(method)) {
                byte[] raw = ex.getRequestBody().readAllBytes();
                try {
                    body = raw.length == 0 ? MAPPER.createObjectNode() : MAPPER.readTree(raw);
                } catch (IOException e) {
                    throw new ApiError(400, "invalid_json", "Error parsing JSON body.");
                }
                if (body == null || !body.isObject()) {
                    throw new ApiError(400, "invalid_json", "Error parsing JSON body.");
                }
            }
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            JsonNode result = route(method, path, query, body, version);
            if (result instanceof ObjectNode o && !"2022-06-28".equals(version)) {
                o.put("request_id", requestId);
            }
            sendJson(ex, Reply.ok(result));
        } catch (ApiError e) {
            sendJson(ex, new Reply(e.status, error(e.status, e.code, e.getMessage(), requestId), Map.of()));
        } catch (RuntimeException e) {
            log.warn("Emulator failed on {} {}", method, path, e);
            sendJson(ex, new Reply(500, error(500, "internal_server_error", "Unexpected error.", requestId),
                    Map.of()));
        }
    }

    private Fault nextFault(String method, String path) {
        synchronized (scripted) {
            for (var it = scripted.iterator(); it.hasNext(); ) {
                ScriptedFault f = it.next();
                if ((f.method() == null || f.method().equals(method))
                        && (f.pathPrefix() == null || path.startsWith(f.pathPrefix()))) {
                    it.remove();
                    return f.fault();
                }
            }
        }
        double p = faultProbability;
        if (p > 0) {
            synchronized (faultRandom) {
                if (faultRandom.nextDouble() < p) {
                    return randomFaults.get(faultRandom.nextInt(randomFaults.size()));
                }
            }
        }
        return null;
    }

    private Optional<Reply> rateLimit(String token, String requestId) {
        if (config.permitsPerSecond <= 0) {
            return Optional.empty();
        }
        synchronized (buckets) {
            long now = System.nanoTime();
            double[] b = buckets.computeIfAbsent(token, t -> new double[] {config.burst, now});
            b[0] = Math.min(config.burst, b[0] + (now - b[1]) / 1e9 * config.permitsPerSecond);
            b[1] = now;
            if (b[0] >= 1) {
                b[0] -= 1;
                return Optional.empty();
            }
        }
        return Optional.of(new Reply(429, error(429, "rate_limited",
                "You have been rate limited. Please try again in a few minutes.", requestId),
                Map.of("Retry-After", "1")));
    }

    private static ObjectNode error(int status, String code, String message, String requestId) {
        return MAPPER.createObjectNode().put("object", "error").put("status", status).put("code", code)
                .put("message", message).put("request_id", requestId);
    }

    private void sendJson(HttpExchange ex, Reply reply) throws IOException {
        Map<String, String> headers = new HashMap<>(reply.headers());
        headers.put("Content-Type", "application/json; charset=utf-8");
        send(ex, reply.status(), MAPPER.writeValueAsBytes(reply.body()), headers);
    }

    private static void send(HttpExchange ex, int status, byte[] body, Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> ex.getResponseHeaders().add(k, v));
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return out;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- routing --------------------------------------------------------------------------

    private JsonNode route(String method, String path, Map<String, String> q, JsonNode body, String version) {
        String[] p = path.split("/");
        // p[0] = "", p[1] = "v1"
        if (p.length < 3 || !"v1".equals(p[1])) {
            throw new ApiError(400, "invalid_request_url", "Invalid request URL.");
        }
        boolean modern = !"2022-06-28".equals(version);
        synchronized (workspace) {
            switch (p[2]) {
                case "databases" -> {
                    if (p.length == 4 && "GET".equals(method)) {
                        return renderDatabase(database(p[3]), version);
                    }
                    if (p.length == 5 && "query".equals(p[4]) && "POST".equals(method)) {
                        if (modern) {
                            throw new ApiError(400, "invalid_request_url", "Invalid request URL.");
                        }
                        EmulatedDatabase db = database(p[3]);
                        if (db.sources.size() > 1) {
                            throw new ApiError(400, "validation_error", "Databases with multiple data sources are not"
                                    + " supported in this API version.");
                        }
                        return query(db.sources.get(0), body, version);
                    }
                }
                case "data_sources" -> {
                    if (!modern) {
                        throw new ApiError(400, "invalid_request_url", "Invalid request URL.");
                    }
                    if (p.length == 4 && "GET".equals(method)) {
                        return renderDataSource(dataSource(p[3]), version);
                    }
                    if (p.length == 5 && "query".equals(p[4]) && "POST".equals(method)) {
                        return query(dataSource(p[3]), body, version);
                    }
                }
                case "pages" -> {
                    if (p.length == 4 && "GET".equals(method)) {
                        return renderPage(page(p[3]), version, true);
                    }
                    if (p.length == 6 && "properties".equals(p[4]) && "GET".equals(method)) {
                        return propertyItem(page(p[3]), URLDecoder.decode(p[5], StandardCharsets.UTF_8), q);
                    }
                }
                case "blocks" -> {
                    if (p.length == 5 && "children".equals(p[4]) && "GET".equals(method)) {
                        return blockChildren(p[3], q, version);
                    }
                }
                case "users" -> {
                    if (p.length == 3 && "GET".equals(method)) {
                        return list(new ArrayList<>(workspace.users.values()), q, "user", v -> v, u -> u.path("id").asText());
                    }
                    if (p.length == 4 && "me".equals(p[3]) && "GET".equals(method)) {
                        return workspace.users.get(workspace.botId).deepCopy();
                    }
                }
                case "search" -> {
                    if (p.length == 3 && "POST".equals(method)) {
                        return search(body, version);
                    }
                }
                default -> {
                    // fall through to the error below
                }
            }
        }
        throw new ApiError(400, "invalid_request_url", "Invalid request URL.");
    }

    private static String id(String raw, String what) {
        try {
            return NotionId.parse(raw).value();
        } catch (InvalidNotionIdException e) {
            throw new ApiError(400, "validation_error", "path failed validation: path." + what
                    + " should be a valid uuid, instead was `\"" + raw + "\"`.");
        }
    }

    private EmulatedDatabase database(String raw) {
        EmulatedDatabase db = workspace.databases.get(id(raw, "database_id"));
        if (db == null || !db.shared) {
            throw notFound("database", raw);
        }
        return db;
    }

    private Workspace.DataSource dataSource(String raw) {
        Workspace.DataSource ds = workspace.dataSources.get(id(raw, "data_source_id"));
        if (ds == null || !ds.database.shared) {
            throw notFound("data_source", raw);
        }
        return ds;
    }

    private Workspace.Page page(String raw) {
        Workspace.Page page = workspace.pages.get(id(raw, "page_id"));
        if (page == null || !page.source.database.shared) {
            throw notFound("page", raw);
        }
        return page;
    }

    private static ApiError notFound(String what, String raw) {
        return new ApiError(404, "object_not_found", "Could not find " + what + " with ID: " + raw
                + ". Make sure the relevant pages and databases are shared with your integration.");
    }

    // ---- rendering ------------------------------------------------------------------------

    private ObjectNode renderDatabase(EmulatedDatabase db, String version) {
        ObjectNode o = MAPPER.createObjectNode().put("object", "database").put("id", db.id());
        o.put("created_time", Workspace.iso(db.createdTime()));
        o.put("last_edited_time", Workspace.iso(db.createdTime()));
        o.set("title", title(db.title()));
        o.putArray("description");
        o.putObject("parent").put("type", "workspace").put("workspace", true);
        o.put("is_inline", false);
        trashFields(o, false, version);
        o.put("url", "https://www.notion.so/" + db.id().replace("-", ""));
        o.putNull("public_url");
        if ("2022-06-28".equals(version)) {
            o.set("properties", schema(db.sources.get(0)));
        } else {
            o.put("is_locked", false);
            ArrayNode sources = o.putArray("data_sources");
            db.sources.forEach(ds -> sources.addObject().put("id", ds.id).put("name", ds.name));
        }
        return o;
    }

    private ObjectNode renderDataSource(Workspace.DataSource ds, String version) {
        ObjectNode o = MAPPER.createObjectNode().put("object", "data_source").put("id", ds.id);
        o.put("created_time", Workspace.iso(ds.database.createdTime()));
        o.put("last_edited_time", Workspace.iso(ds.database.createdTime()));
        o.set("title", title(ds.name));
        o.putArray("description");
        o.putObject("parent").put("type", "database_id").put("database_id", ds.database.id());
        o.putObject("database_parent").put("type", "workspace").put("workspace", true);
        o.put("is_inline", false);
        trashFields(o, false, version);
        o.set("properties", schema(ds));
        o.put("url", "https://www.notion.so/" + ds.id.replace("-", ""));
        o.putNull("public_url");
        return o;
    }

    private static ObjectNode schema(Workspace.DataSource ds) {
        ObjectNode props = MAPPER.createObjectNode();
        ds.schema.values().forEach(s -> {
            ObjectNode p = props.putObject(s.name()).put("id", s.id()).put("name", s.name()).put("type", s.type());
            p.putObject(s.type());
        });
        return props;
    }

    private static ArrayNode title(String text) {
        ArrayNode a = MAPPER.createArrayNode();
        a.add(Workspace.richText(text));
        return a;
    }

    private static void trashFields(ObjectNode o, boolean trashed, String version) {
        if (!"2026-03-11".equals(version)) {
            o.put("archived", trashed);
        }
        if (!"2022-06-28".equals(version)) {
            o.put("in_trash", trashed);
        }
    }

    ObjectNode renderPage(Workspace.Page page, String version, boolean standalone) {
        ObjectNode o = MAPPER.createObjectNode().put("object", "page").put("id", page.id);
        o.put("created_time", Workspace.iso(page.createdTime));
        o.put("last_edited_time", Workspace.iso(page.lastEditedTime));
        o.putObject("created_by").put("object", "user").put("id", workspace.botId);
        o.putObject("last_edited_by").put("object", "user").put("id", workspace.botId);
        o.putNull("cover");
        o.putNull("icon");
        ObjectNode parent = o.putObject("parent");
        if ("2022-06-28".equals(version)) {
            parent.put("type", "database_id").put("database_id", page.source.database.id());
        } else {
            parent.put("type", "data_source_id").put("data_source_id", page.source.id)
                    .put("database_id", page.source.database.id());
        }
        trashFields(o, page.inTrash, version);
        if (!"2022-06-28".equals(version)) {
            o.put("is_archived", false);
            o.put("is_locked", false);
        }
        ObjectNode props = o.putObject("properties");
        for (Workspace.PropertySchema s : page.source.schema.values()) {
            ObjectNode p = props.putObject(s.name()).put("id", s.id()).put("type", s.type());
            JsonNode v = computed(page, s);
            if (v.isArray() && v.size() > REFERENCE_LIMIT
                    && (s.type().equals("relation") || s.type().equals("people") || s.type().equals("title")
                        || s.type().equals("rich_text"))) {
                ArrayNode cut = MAPPER.createArrayNode();
                for (int i = 0; i < REFERENCE_LIMIT; i++) {
                    cut.add(v.get(i));
                }
                v = cut;
                if (s.type().equals("relation")) {
                    p.set("relation", v);
                    p.put("has_more", true);
                    continue;
                }
            }
            p.set(s.type(), v);
            if (s.type().equals("relation")) {
                p.put("has_more", false);
            }
        }
        String titleText = page.values.getOrDefault("Name", MAPPER.createArrayNode()).findValuesAsText("plain_text")
                .stream().findFirst().orElse("");
        o.put("url", "https://www.notion.so/" + titleText.replaceAll("[^A-Za-z0-9]+", "-") + "-"
                + page.id.replace("-", ""));
        o.putNull("public_url");
        return o;
    }

    private JsonNode computed(Workspace.Page page, Workspace.PropertySchema s) {
        return switch (s.type()) {
            case "created_time" -> MAPPER.getNodeFactory().textNode(Workspace.iso(page.createdTime));
            case "last_edited_time" -> MAPPER.getNodeFactory().textNode(Workspace.iso(page.lastEditedTime));
            case "created_by", "last_edited_by" -> MAPPER.createObjectNode().put("object", "user")
                    .put("id", workspace.botId);
            case "unique_id" -> MAPPER.createObjectNode().putNull("prefix")
                    .put("number", page.source.pages.indexOf(page) + 1);
            case "button" -> MAPPER.createObjectNode();
            default -> {
                JsonNode v = page.values.get(s.name());
                if (v != null) {
                    yield v;
                }
                yield switch (s.type()) {
                    case "title", "rich_text", "multi_select", "relation", "people", "files" -> MAPPER.createArrayNode();
                    case "checkbox" -> MAPPER.getNodeFactory().booleanNode(false);
                    default -> MAPPER.getNodeFactory().nullNode();
                };
            }
        };
    }

    // ---- queries --------------------------------------------------------------------------

    private ObjectNode query(Workspace.DataSource ds, JsonNode body, String version) {
        int size = pageSize(body.get("page_size"));
        JsonNode filterJson = body.get("filter");
        String key = ds.id + '/' + ds.version + '/' + filterJson + '/' + body.get("sorts");
        List<Workspace.Page> matching = lastQueryKey.equals(key) ? lastQuery : null;
        if (matching == null) {
            // Paging through a query repeats it with the same filter: keep the last result set.
            Predicate<Workspace.Page> filter = filterJson == null || filterJson.isNull() ? p -> true
                    : filter(filterJson);
            Comparator<Workspace.Page> order = order(body.get("sorts"));
            matching = new ArrayList<>();
            for (Workspace.Page p : ds.pages) {
                if (!p.inTrash && filter.test(p)) {
                    matching.add(p);
                }
            }
            matching.sort(order);
            lastQuery = matching;
            lastQueryKey = key;
        }
        int offset = cursorOffset(body.get("start_cursor"), "body.start_cursor");
        int end = Math.min(matching.size(), Math.min(offset + size, QUERY_RESULT_LIMIT));
        ObjectNode out = MAPPER.createObjectNode().put("object", "list");
        ArrayNode results = out.putArray("results");
        for (int i = offset; i < end; i++) {
            results.add(renderPage(matching.get(i), version, false));
        }
        boolean capped = end >= QUERY_RESULT_LIMIT && matching.size() > QUERY_RESULT_LIMIT;
        boolean more = !capped && end < matching.size();
        out.put("next_cursor", more ? cursor(end, matching.get(end).id) : null);
        out.put("has_more", more);
        String type = "2022-06-28".equals(version) ? "page" : "page_or_data_source";
        out.put("type", type);
        out.putObject(type);
        if (capped) {
            out.putObject("request_status").put("type", "incomplete")
                    .put("incomplete_reason", "query_result_limit_reached");
        }
        return out;
    }

    private static int pageSize(JsonNode n) {
        if (n == null || n.isNull()) {
            return MAX_PAGE_SIZE;
        }
        if (!n.isInt() || n.asInt() < 1 || n.asInt() > MAX_PAGE_SIZE) {
            throw new ApiError(400, "validation_error", "body failed validation: body.page_size should be a number"
                    + " between 1 and 100, instead was `" + n + "`.");
        }
        return n.asInt();
    }

    private static String cursor(int offset, String nextId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("q:" + offset + ":" + nextId)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int cursorOffset(JsonNode n, String where) {
        if (n == null || n.isNull()) {
            return 0;
        }
        try {
            String s = new String(Base64.getUrlDecoder().decode(n.asText()), StandardCharsets.UTF_8);
            if (!s.startsWith("q:")) {
                throw new IllegalArgumentException();
            }
            return Integer.parseInt(s.split(":")[1]);
        } catch (RuntimeException e) {
            throw new ApiError(400, "validation_error", where + " should be a valid cursor, instead was `"
                    + n.asText() + "`.");
        }
    }

    private static Predicate<Workspace.Page> filter(JsonNode f) {
        if (f.has("and") || f.has("or")) {
            boolean and = f.has("and");
            List<Predicate<Workspace.Page>> parts = new ArrayList<>();
            for (JsonNode part : f.get(and ? "and" : "or")) {
                parts.add(filter(part));
            }
            return p -> and ? parts.stream().allMatch(x -> x.test(p)) : parts.stream().anyMatch(x -> x.test(p));
        }
        String timestamp = f.path("timestamp").asText("");
        if (!timestamp.equals("created_time") && !timestamp.equals("last_edited_time")) {
            throw new ApiError(400, "validation_error", "body failed validation: the emulator supports timestamp"
                    + " filters on created_time and last_edited_time, and and/or of them; got " + f);
        }
        JsonNode cond = f.path(timestamp);
        List<Predicate<Workspace.Page>> checks = new ArrayList<>();
        cond.fields().forEachRemaining(e -> {
            Instant at;
            try {
                String v = e.getValue().asText();
                at = v.length() == 10 ? java.time.LocalDate.parse(v).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                        : java.time.OffsetDateTime.parse(v).toInstant();
            } catch (RuntimeException bad) {
                throw new ApiError(400, "validation_error", "body failed validation: " + timestamp + "."
                        + e.getKey() + " should be an ISO 8601 date, instead was " + e.getValue() + ".");
            }
            Instant bound = Workspace.minute(at);
            checks.add(switch (e.getKey()) {
                case "on_or_after" -> p -> !ts(p, timestamp).isBefore(at);
                case "after" -> p -> ts(p, timestamp).isAfter(at);
                case "before" -> p -> ts(p, timestamp).isBefore(at);
                case "on_or_before" -> p -> !ts(p, timestamp).isAfter(at);
                case "equals" -> p -> ts(p, timestamp).equals(bound);
                default -> throw new ApiError(400, "validation_error", "Unsupported timestamp condition "
                        + e.getKey());
            });
        });
        return p -> checks.stream().allMatch(c -> c.test(p));
    }

    /** The page's timestamp as Notion exposes it: rounded down to the minute. */
    private static Instant ts(Workspace.Page p, String timestamp) {
        return Workspace.minute(timestamp.equals("created_time") ? p.createdTime : p.lastEditedTime);
    }

    private static Comparator<Workspace.Page> order(JsonNode sorts) {
        Comparator<Workspace.Page> c = null;
        if (sorts != null && sorts.isArray()) {
            for (JsonNode s : sorts) {
                String timestamp = s.path("timestamp").asText("");
                if (!timestamp.equals("created_time") && !timestamp.equals("last_edited_time")) {
                    throw new ApiError(400, "validation_error", "The emulator sorts by timestamp only, got " + s);
                }
                Comparator<Workspace.Page> one = Comparator.comparing(p -> ts(p, timestamp));
                if ("descending".equals(s.path("direction").asText())) {
                    one = one.reversed();
                }
                c = c == null ? one : c.thenComparing(one);
            }
        }
        // Notion's default order: newest created first. Ties keep insertion order.
        return c == null ? Comparator.comparing((Workspace.Page p) -> p.createdTime).reversed() : c;
    }

    // ---- property items, blocks, lists, search -------------------------------------------------------

    private ObjectNode propertyItem(Workspace.Page page, String propertyId, Map<String, String> q) {
        Workspace.PropertySchema s = page.source.schema.values().stream()
                .filter(x -> x.id().equals(propertyId) || URLDecoder.decode(x.id(), StandardCharsets.UTF_8)
                        .equals(propertyId))
                .findFirst()
                .orElseThrow(() -> new ApiError(404, "object_not_found", "Could not find property with ID: "
                        + propertyId + "."));
        JsonNode v = computed(page, s);
        if (!List.of("title", "rich_text", "relation", "people").contains(s.type())) {
            ObjectNode item = MAPPER.createObjectNode().put("object", "property_item").put("id", s.id())
                    .put("type", s.type());
            item.set(s.type(), v);
            return item;
        }
        List<JsonNode> items = new ArrayList<>();
        v.forEach(items::add);
        ObjectNode out = list(items, q, "property_item", x -> {
            ObjectNode item = MAPPER.createObjectNode().put("object", "property_item").put("type", s.type())
                    .put("id", s.id());
            item.set(s.type(), x);
            return item;
        }, null);
        ObjectNode summary = MAPPER.createObjectNode().put("id", s.id());
        summary.putNull("next_url");
        summary.put("type", s.type());
        summary.putObject(s.type());
        out.set("property_item", summary);
        return out;
    }

    private ObjectNode blockChildren(String rawId, Map<String, String> q, String version) {
        String id = id(rawId, "block_id");
        List<Workspace.Node> children;
        String parentType;
        Workspace.Page page = workspace.pages.get(id);
        if (page != null) {
            if (!page.source.database.shared) {
                throw notFound("block", rawId);
            }
            children = page.content;
            parentType = "page_id";
        } else {
            Workspace.Node node = workspace.blocks.get(id);
            if (node == null) {
                throw notFound("block", rawId);
            }
            children = node.children();
            parentType = "block_id";
        }
        List<JsonNode> rendered = new ArrayList<>();
        for (Workspace.Node n : children) {
            ObjectNode b = MAPPER.createObjectNode().put("object", "block").put("id", n.id());
            b.putObject("parent").put("type", parentType).put(parentType, id);
            String t = Workspace.iso(page != null ? page.lastEditedTime : workspace.clock().instant());
            b.put("created_time", t).put("last_edited_time", t);
            b.putObject("created_by").put("object", "user").put("id", workspace.botId);
            b.putObject("last_edited_by").put("object", "user").put("id", workspace.botId);
            b.put("has_children", !n.children().isEmpty());
            trashFields(b, false, version);
            b.put("type", n.type());
            ObjectNode body = b.putObject(n.type());
            if (!n.type().equals("divider")) {
                body.putArray("rich_text").add(Workspace.richText(n.text()));
                body.put("color", "default");
            }
            rendered.add(b);
        }
        ObjectNode out = list(rendered, q, "block", x -> x, x -> x.path("id").asText());
        return out;
    }

    /**
     * A list response over {@code items}, paginated by {@code page_size} and {@code start_cursor}
     * in the query string; cursors are the next item's id when {@code idOf} is given.
     */
    private static ObjectNode list(List<JsonNode> items, Map<String, String> q, String type,
            java.util.function.Function<JsonNode, JsonNode> render, java.util.function.Function<JsonNode, String> idOf) {
        int size;
        try {
            size = q.containsKey("page_size") ? Integer.parseInt(q.get("page_size")) : MAX_PAGE_SIZE;
        } catch (NumberFormatException e) {
            size = -1;
        }
        if (size < 1 || size > MAX_PAGE_SIZE) {
            throw new ApiError(400, "validation_error", "query failed validation: query.page_size should be a number"
                    + " between 1 and 100, instead was `" + q.get("page_size") + "`.");
        }
        int offset = 0;
        String start = q.get("start_cursor");
        if (start != null) {
            offset = -1;
            for (int i = 0; i < items.size(); i++) {
                String candidate = idOf != null ? idOf.apply(items.get(i)) : cursor(i, "");
                if (candidate.equals(start)) {
                    offset = i;
                    break;
                }
            }
            if (offset < 0) {
                throw new ApiError(400, "validation_error", "query.start_cursor should be a valid cursor, instead"
                        + " was `" + start + "`.");
            }
        }
        int end = Math.min(items.size(), offset + size);
        ObjectNode out = MAPPER.createObjectNode().put("object", "list");
        ArrayNode results = out.putArray("results");
        for (int i = offset; i < end; i++) {
            results.add(render.apply(items.get(i)));
        }
        boolean more = end < items.size();
        out.put("next_cursor", more ? (idOf != null ? idOf.apply(items.get(end)) : cursor(end, "")) : null);
        out.put("has_more", more);
        out.put("type", type);
        out.putObject(type);
        return out;
    }

    private ObjectNode search(JsonNode body, String version) {
        String text = body.path("query").asText("").toLowerCase(Locale.ROOT);
        String object = body.path("filter").path("value").asText("");
        boolean modern = !"2022-06-28".equals(version);
        if (!object.isEmpty() && !object.equals("page") && !object.equals(modern ? "data_source" : "database")) {
            throw new ApiError(400, "validation_error", "body.filter.value should be `page` or `"
                    + (modern ? "data_source" : "database") + "`, instead was `\"" + object + "\"`.");
        }
        List<JsonNode> results = new ArrayList<>();
        if (!object.equals("page")) {
            for (EmulatedDatabase db : workspace.databases.values()) {
                if (!db.shared) {
                    continue;
                }
                if (modern) {
                    for (Workspace.DataSource ds : db.sources) {
                        if (ds.name.toLowerCase(Locale.ROOT).contains(text)) {
                            results.add(renderDataSource(ds, version));
                        }
                    }
                } else if (db.title().toLowerCase(Locale.ROOT).contains(text)) {
                    results.add(renderDatabase(db, version));
                }
            }
        }
        if (!object.equals("data_source") && !object.equals("database")) {
            for (Workspace.Page p : workspace.pages.values()) {
                if (!p.inTrash && p.source.database.shared) {
                    ObjectNode rendered = renderPage(p, version, true);
                    String title = rendered.findValuesAsText("plain_text").stream().findFirst().orElse("");
                    if (title.toLowerCase(Locale.ROOT).contains(text)) {
                        results.add(rendered);
                    }
                }
            }
        }
        results.sort(Comparator.comparing((JsonNode n) -> n.path("last_edited_time").asText()).reversed());
        int size = pageSize(body.get("page_size"));
        int offset = cursorOffset(body.get("start_cursor"), "body.start_cursor");
        ObjectNode out = MAPPER.createObjectNode().put("object", "list");
        ArrayNode page = out.putArray("results");
        int end = Math.min(results.size(), offset + size);
        for (int i = offset; i < end; i++) {
            page.add(results.get(i));
        }
        boolean more = end < results.size();
        out.put("next_cursor", more ? cursor(end, "") : null);
        out.put("has_more", more);
        String type = modern ? "page_or_data_source" : "page_or_database";
        out.put("type", type);
        out.putObject(type);
        return out;
    }

    /** Configures an emulator. */
    public static final class Builder {

        private int port;
        private double permitsPerSecond;
        private int burst = 1;
        private Instant start = Instant.parse("2026-01-01T09:00:00Z");
        private long seed = 42;
        private int threads = 4;

        private Builder() {
        }

        /** Port to listen on; 0 (the default) picks a free one. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0 to 65535");
            }
            this.port = port;
            return this;
        }

        /** Answers 429 {@code rate_limited} beyond an average rate per token and a burst. Off by default. */
        public Builder rateLimit(double permitsPerSecond, int burst) {
            if (permitsPerSecond <= 0 || burst < 1) {
                throw new IllegalArgumentException("rate must be positive and burst at least 1");
            }
            this.permitsPerSecond = permitsPerSecond;
            this.burst = burst;
            return this;
        }

        /** Where the clock starts. */
        public Builder clockStart(Instant start) {
            this.start = start;
            return this;
        }

        /** Seed of ids and random faults. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Request-handling threads (default 4). */
        public Builder threads(int threads) {
            this.threads = Math.max(1, threads);
            return this;
        }

        /** The emulator, not yet started. */
        public NotionEmulator build() {
            return new NotionEmulator(this);
        }
    }
}
