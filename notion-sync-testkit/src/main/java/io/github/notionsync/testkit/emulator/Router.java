package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.github.notionsync.NotionId;
import io.github.notionsync.testkit.emulator.Json.Ctx;
import io.github.notionsync.testkit.emulator.Model.BlockNode;
import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Database;
import io.github.notionsync.testkit.emulator.Model.Integration;
import io.github.notionsync.testkit.emulator.Model.Page;
import io.github.notionsync.testkit.emulator.Model.Property;
import io.github.notionsync.testkit.emulator.Model.User;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Routes HTTP requests to the Notion endpoints, applying version, auth, rate limits and faults. */
final class Router implements HttpHandler {

    private static final Logger log = LoggerFactory.getLogger(Router.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int DEFAULT_PAGE_SIZE = 100;
    private static final int MAX_PAGE_SIZE = 100;
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final Store store;
    private final Faults faults;
    private final RateLimiter limiter;
    private final RequestStats stats;

    /**
     * A matched endpoint: its template, path id(s), handler, the capability it needs (null: none)
     * and whether it writes (and so runs under the store's write lock).
     */
    private record Route(String template, String id, String propertyId, Handler handler, Capability needs,
            boolean write) {

        Route(String template, String id, String propertyId, Handler handler) {
            this(template, id, propertyId, handler, template.startsWith("/v1/users") ? null
                    : Capability.READ_CONTENT, false);
        }
    }

    /** The answer to a request whose integration lacks a capability. */
    private static final String RESTRICTED = "API token does not have access to this resource.";

    /** Everything a handler needs about the request. */
    private record Request(Ctx ctx, String id, String propertyId, Map<String, List<String>> query, JsonNode body,
            String baseUrl) {
    }

    @FunctionalInterface
    private interface Handler {
        void handle(Request r, JsonGenerator g) throws IOException;
    }

    Router(Store store, Faults faults, RateLimiter limiter, RequestStats stats) {
        this.store = store;
        this.faults = faults;
        this.limiter = limiter;
        this.stats = stats;
    }

    // ---- routing

    private Route route(String method, String path) {
        String[] s = path.split("/", -1);
        if (s.length < 3 || !s[0].isEmpty() || !s[1].equals("v1")) {
            return null;
        }
        boolean get = method.equals("GET");
        boolean post = method.equals("POST");
        boolean patch = method.equals("PATCH");
        String kind = s[2];
        int n = s.length;
        switch (kind) {
            case "databases" -> {
                if (n == 4 && get) {
                    return new Route("/v1/databases/{id}", s[3], null, this::getDatabase);
                }
                if (n == 5 && post && s[4].equals("query")) {
                    return new Route("/v1/databases/{id}/query", s[3], null, this::queryDatabase);
                }
            }
            case "data_sources" -> {
                if (n == 4 && get) {
                    return new Route("/v1/data_sources/{id}", s[3], null, this::getDataSource);
                }
                if (n == 5 && post && s[4].equals("query")) {
                    return new Route("/v1/data_sources/{id}/query", s[3], null, this::queryDataSource);
                }
            }
            case "pages" -> {
                if (n == 3 && post) {
                    return new Route("/v1/pages", null, null, this::createPage, Capability.INSERT_CONTENT, true);
                }
                if (n == 4 && patch) {
                    return new Route("/v1/pages/{id}", s[3], null, this::updatePage, Capability.UPDATE_CONTENT, true);
                }
                if (n == 4 && get) {
                    return new Route("/v1/pages/{id}", s[3], null, this::getPage);
                }
                if (n == 6 && get && s[4].equals("properties")) {
                    return new Route("/v1/pages/{id}/properties/{property_id}", s[3], s[5], this::getPropertyItem);
                }
            }
            case "blocks" -> {
                if (n == 5 && patch && s[4].equals("children")) {
                    return new Route("/v1/blocks/{id}/children", s[3], null, this::appendChildren,
                            Capability.INSERT_CONTENT, true);
                }
                if (n == 4 && method.equals("DELETE")) {
                    return new Route("/v1/blocks/{id}", s[3], null, this::deleteBlock, Capability.UPDATE_CONTENT, true);
                }
                if (n == 4 && get) {
                    return new Route("/v1/blocks/{id}", s[3], null, this::getBlock);
                }
                if (n == 5 && get && s[4].equals("children")) {
                    return new Route("/v1/blocks/{id}/children", s[3], null, this::getChildren);
                }
            }
            case "users" -> {
                if (n == 3 && get) {
                    return new Route("/v1/users", null, null, this::listUsers);
                }
                if (n == 4 && get && s[3].equals("me")) {
                    return new Route("/v1/users/me", null, null, this::me);
                }
                if (n == 4 && get) {
                    return new Route("/v1/users/{id}", s[3], null, this::getUser);
                }
            }
            case "search" -> {
                if (n == 3 && post) {
                    return new Route("/v1/search", null, null, this::search);
                }
            }
            case "comments" -> {
                if (n == 3 && get) {
                    return new Route("/v1/comments", null, null, this::comments);
                }
            }
            default -> {
                return null;
            }
        }
        return null;
    }

    // ---- the exchange

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String requestId = requestId();
        String method = ex.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
        String path = ex.getRequestURI().getRawPath();
        Route route = route(method, path);
        String template = route == null ? path : route.template();
        stats.arrived(method, template);
        Integration[] integration = new Integration[1];
        try {
            ex.getResponseHeaders().set("x-notion-request-id", requestId);
            Reply reply;
            try {
                reply = answer(ex, method, path, route, requestId, integration);
            } catch (ApiError e) {
                reply = errorReply(e, requestId, integration[0]);
            } catch (RuntimeException e) {
                log.error("Emulator failure on {} {}", method, path, e);
                reply = errorReply(ApiError.forStatus(500, 0), requestId, integration[0]);
            }
            stats.record(new RecordedRequest(Instant.now(), method, path, template, reply == null ? 0 : reply.status(),
                    integration[0] == null ? null : integration[0].name()));
            if (reply == null) {
                log.debug("Fault: dropping connection of {} {}", method, path);
                return;
            }
            if (reply.retryAfter() > 0) {
                ex.getResponseHeaders().set("Retry-After", Integer.toString(reply.retryAfter()));
            }
            ex.getResponseHeaders().set("Content-Type", reply.contentType());
            ex.sendResponseHeaders(reply.status(), reply.body().length);
            try (OutputStream os = ex.getResponseBody()) {
                os.write(reply.body());
            }
        } catch (IOException e) {
            log.debug("Client went away during {} {}: {}", method, path, e.toString());
        } finally {
            ex.close();
        }
    }

    /** An answer to send; null from {@link #answer} means: drop the connection. */
    private record Reply(int status, byte[] body, String contentType, int retryAfter) {
    }

    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private Reply answer(HttpExchange ex, String method, String path, Route route, String requestId,
            Integration[] integrationOut) throws IOException {
        byte[] requestBody = ex.getRequestBody().readAllBytes();
        Fault fault = faults.take(method, route == null ? path : route.template());
        if (fault != null && fault.kind() != Fault.Kind.LOST_REPLY) {
            switch (fault.kind()) {
                case SLOW -> sleep(fault.delay().toMillis());
                case DROP_CONNECTION -> {
                    return null;
                }
                case MALFORMED_BODY -> {
                    return new Reply(200, "{\"object\":\"list\",\"results\":[{\"object\":\"pa"
                            .getBytes(StandardCharsets.UTF_8), JSON_TYPE, 0);
                }
                case ERROR -> {
                    if (fault.status() == 502) {
                        return new Reply(502, ("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>cloudflare</center>"
                                + "\r\n</body>\r\n</html>\r\n").getBytes(StandardCharsets.UTF_8), "text/html", 0);
                    }
                    if (fault.status() == 429) {
                        throw ApiError.rateLimited(fault.retryAfterSeconds(), fault.rateLimitReason());
                    }
                    throw ApiError.forStatus(fault.status(), fault.retryAfterSeconds());
                }
                case VANISH -> vanish(route);
                case EMPTY_LIST -> {
                    return new Reply(200, ("{\"object\":\"list\",\"results\":[],\"next_cursor\":null,"
                            + "\"has_more\":false,\"type\":\"page_or_data_source\",\"page_or_data_source\":{}}")
                            .getBytes(StandardCharsets.UTF_8), JSON_TYPE, 0);
                }
                default -> throw new IllegalStateException("Unknown fault " + fault);
            }
        }
        String versionHeader = ex.getRequestHeaders().getFirst("Notion-Version");
        ApiVersion version = ApiVersion.of(versionHeader);
        if (version == null) {
            throw new ApiError(400, "missing_version", ApiVersion.refusal(versionHeader));
        }
        Integration integration = authenticate(ex.getRequestHeaders().getFirst("Authorization"));
        integrationOut[0] = integration;
        if (limiter != null) {
            int wait = limiter.acquire(integration.token());
            if (wait > 0) {
                throw ApiError.rateLimited(wait, Fault.CONNECTION_RATE_LIMIT);
            }
        }
        if (route == null) {
            throw ApiError.invalidUrl();
        }
        if (route.needs() != null && !integration.can(route.needs())) {
            throw new ApiError(403, "restricted_resource", RESTRICTED);
        }
        JsonNode body = parseBody(method, requestBody);
        Map<String, List<String>> query = query(ex.getRequestURI().getRawQuery());
        Ctx ctx = new Ctx(version, store, integration, filterProperties(query), requestId);
        String host = ex.getRequestHeaders().getFirst("Host");
        Request r = new Request(ctx, route.id(), route.propertyId(), query, body,
                "http://" + (host == null ? "localhost" : host));
        ByteArrayOutputStream out = new ByteArrayOutputStream(16_384);
        java.util.concurrent.locks.Lock lock = route.write() ? store.writeLock() : store.readLock();
        lock.lock();
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            route.handler().handle(r, g);
        } finally {
            lock.unlock();
        }
        if (fault != null) { // a lost reply: the write above is applied, its answer never arrives
            log.debug("Fault: losing the reply of {} {}", method, path);
            return fault.status() == 0 ? null : errorReply(ApiError.forStatus(fault.status(), 0), requestId,
                    integration);
        }
        return new Reply(200, out.toByteArray(), JSON_TYPE, 0);
    }

    private static Reply errorReply(ApiError e, String requestId, Integration integration) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator g = Json.FACTORY.createGenerator(out)) {
            Json.error(g, e, requestId, integration);
        }
        return new Reply(e.status, out.toByteArray(), JSON_TYPE, e.retryAfterSeconds);
    }

    private static String requestId() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return Store.format((r.nextLong() & 0xFFFFFFFFFFFF0FFFL) | 0x4000L,
                (r.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void vanish(Route route) {
        if (route == null || route.id() == null) {
            return;
        }
        String id;
        try {
            id = NotionId.parse(route.id()).value();
        } catch (RuntimeException e) {
            return;
        }
        store.write(() -> {
            Page p = store.page(id);
            if (p != null) {
                p.flags |= Page.DELETED;
                p.source.version++;
            }
            BlockNode b = store.blocks.get(id);
            if (b != null) {
                b.deleted = true;
            }
            return null;
        });
    }

    private Integration authenticate(String header) {
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            Integration i = store.read(() -> store.tokens.get(token));
            if (i != null) {
                return i;
            }
        }
        throw new ApiError(401, "unauthorized", "API token is invalid.");
    }

    private static JsonNode parseBody(String method, byte[] body) {
        if (!(method.equals("POST") || method.equals("PATCH")) || isBlank(body)) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw ApiError.validation("body failed validation: body should be an object, instead was `"
                        + (node == null ? "" : node.toString()) + "`.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "invalid_json", "Error parsing JSON body.");
        } catch (IOException e) {
            throw new ApiError(400, "invalid_json", "Error parsing JSON body.");
        }
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, List<String>> query(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(k, x -> new ArrayList<>()).add(v);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalidUrl();
        }
    }

    private static Set<String> filterProperties(Map<String, List<String>> query) {
        List<String> ids = new ArrayList<>();
        ids.addAll(query.getOrDefault("filter_properties", List.of()));
        ids.addAll(query.getOrDefault("filter_properties[]", List.of()));
        if (ids.isEmpty()) {
            return null;
        }
        Set<String> out = new HashSet<>();
        for (String id : ids) {
            out.add(id);
            out.add(Store.encode(id));
            out.add(decode(id));
        }
        return out;
    }

    // ---- validation helpers

    /** Notion's answer to a body field it does not know: "… should be not present". */
    static void onlyKeys(JsonNode object, String path, Set<String> allowed) {
        for (java.util.Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!allowed.contains(e.getKey())) {
                throw ApiError.validation("body failed validation: " + path + "." + e.getKey()
                        + " should be not present, instead was `" + e.getValue() + "`.");
            }
        }
    }

    static void object(JsonNode node, String path) {
        if (!node.isObject()) {
            throw ApiError.validation("body failed validation: " + path + " should be an object, instead was `"
                    + node + "`.");
        }
    }

    /** A required string field that takes one of a few values. */
    static String oneOf(JsonNode node, String path, List<String> values) {
        if (node == null || node.isNull()) {
            throw ApiError.validation("body failed validation: " + path + " should be defined, instead was "
                    + "`undefined`.");
        }
        if (!node.isTextual() || !values.contains(node.asText())) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    sb.append(i == values.size() - 1 ? (values.size() == 2 ? " or " : ", or ") : ", ");
                }
                sb.append("`\"").append(values.get(i)).append("\"`");
            }
            throw ApiError.validation("body failed validation: " + path + " should be " + sb + ", instead was `"
                    + node + "`.");
        }
        return node.asText();
    }

    /** A path id in canonical form, or Notion's 400 for anything but a valid UUID, dashed or compact. */
    private static String uuid(String raw, String param) {
        return uuid(decode(raw), "path", param);
    }

    /**
     * An id in canonical form. Notion accepts a UUID with its four dashes in place or none, in any
     * case, and only a valid one: version 1 to 8 and variant 10xx, or the nil UUID (its recorded
     * answer refuses {@code 12345678-1234-1234-1234-123456789abc}). Slugs, URLs and misplaced dashes
     * are refused, unlike {@link NotionId#parse}, which takes what users copy from Notion.
     */
    static String uuid(String s, String where, String param) {
        String hex = null;
        if (s.length() == 32) {
            hex = s;
        } else if (s.length() == 36 && s.charAt(8) == '-' && s.charAt(13) == '-' && s.charAt(18) == '-'
                && s.charAt(23) == '-') {
            hex = s.substring(0, 8) + s.substring(9, 13) + s.substring(14, 18) + s.substring(19, 23) + s.substring(24);
        }
        if (hex != null && hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            String h = hex.toLowerCase(java.util.Locale.ROOT);
            char version = h.charAt(12);
            char variant = h.charAt(16);
            boolean nil = h.chars().allMatch(c -> c == '0');
            if (nil || (version >= '1' && version <= '8' && "89ab".indexOf(variant) >= 0)) {
                return h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-'
                        + h.substring(16, 20) + '-' + h.substring(20);
            }
        }
        throw ApiError.validation(where + " failed validation: " + where + "." + param
                + " should be a valid uuid, instead was `\"" + s + "\"`.");
    }

    private static int pageSize(JsonNode node, String where) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return DEFAULT_PAGE_SIZE;
        }
        if (!node.canConvertToInt() || !node.isIntegralNumber()) {
            throw ApiError.validation(where + ".page_size should be a number, instead was `" + node + "`.");
        }
        int n = node.intValue();
        if (n > MAX_PAGE_SIZE) {
            throw ApiError.validation(where + ".page_size should be ≤ `100`, instead was `" + n + "`.");
        }
        if (n < 1) {
            throw ApiError.validation(where + ".page_size should be ≥ `1`, instead was `" + n + "`.");
        }
        return n;
    }

    private static int pageSize(Request r) {
        List<String> v = r.query().get("page_size");
        if (v == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            return pageSize(JsonNodeFactory.instance.numberNode(Integer.parseInt(v.get(0))),
                    "query failed validation: query");
        } catch (NumberFormatException e) {
            throw ApiError.validation("query failed validation: query.page_size should be a number, instead was `\""
                    + v.get(0) + "\"`.");
        }
    }

    private static String bodyCursor(JsonNode body) {
        JsonNode c = body.get("start_cursor");
        if (c == null || c.isNull()) {
            return null;
        }
        if (!c.isTextual() || c.asText().isEmpty()) {
            throw Query.invalidCursor(c.toString());
        }
        return c.asText();
    }

    private static String queryCursor(Request r) {
        List<String> v = r.query().get("start_cursor");
        return v == null || v.get(0).isEmpty() ? null : v.get(0);
    }

    private boolean visible(Database db, Ctx ctx) {
        return !db.hiddenFrom.contains(ctx.integration().token());
    }

    private Database database(Request r) {
        String id = uuid(r.id(), "database_id");
        Database db = store.databases.get(id);
        if (db == null || !visible(db, r.ctx())) {
            throw ApiError.notFound("database", id, r.ctx().integration());
        }
        if (r.ctx().version() == ApiVersion.V2022 && db.sources.size() > 1) {
            throw ApiError.validation("Databases with multiple data sources are not supported in this API version.");
        }
        return db;
    }

    private DataSource dataSource(Request r) {
        if (!r.ctx().version().dataSources()) {
            throw ApiError.invalidUrl();
        }
        String id = uuid(r.id(), "data_source_id");
        DataSource ds = store.dataSources.get(id);
        if (ds == null || !visible(ds.database, r.ctx())) {
            throw ApiError.notFound("data_source", id, r.ctx().integration());
        }
        return ds;
    }

    private Page page(String rawId, String param, Ctx ctx) {
        String id = uuid(rawId, param);
        Page p = store.page(id);
        if (p == null || !visible(p.source.database, ctx)) {
            throw ApiError.notFound("page", id, ctx.integration());
        }
        return p;
    }

    // ---- endpoints

    private void getDatabase(Request r, JsonGenerator g) throws IOException {
        Database db = database(r);
        if (r.ctx().version().dataSources()) {
            Json.database2025(g, r.ctx(), db);
        } else {
            Json.database2022(g, r.ctx(), db, true);
        }
    }

    private void queryDatabase(Request r, JsonGenerator g) throws IOException {
        if (r.ctx().version().dataSources()) {
            throw ApiError.invalidUrl();
        }
        Database db = database(r);
        runQuery(r, g, db.sources.get(0), false, "page");
    }

    private void getDataSource(Request r, JsonGenerator g) throws IOException {
        Json.dataSource(g, r.ctx(), dataSource(r), true);
    }

    private void queryDataSource(Request r, JsonGenerator g) throws IOException {
        DataSource ds = dataSource(r);
        JsonNode body = r.body();
        boolean trash = body.path("in_trash").asBoolean(false) || body.path("archived").asBoolean(false);
        String resultType = body.path("result_type").asText("page");
        if (!resultType.equals("page") && !resultType.equals("data_source")) {
            throw ApiError.validation("body failed validation: body.result_type should be `\"page\"` or "
                    + "`\"data_source\"`, instead was `\"" + resultType + "\"`.");
        }
        if (resultType.equals("data_source")) {
            pageSize(body.get("page_size"), "body failed validation: body");
            Json.startList(g);
            Json.endList(g, r.ctx(), null, false, "page_or_data_source", false);
            return;
        }
        runQuery(r, g, ds, trash, "page_or_data_source");
    }

    private void runQuery(Request r, JsonGenerator g, DataSource ds, boolean trash, String listType)
            throws IOException {
        if (ds.database.trashed) {
            throw ApiError.notFound(r.ctx().version().dataSources() ? "data_source" : "database",
                    r.ctx().version().dataSources() ? ds.id : ds.database.id, r.ctx().integration());
        }
        JsonNode body = r.body();
        int size = pageSize(body.get("page_size"), "body failed validation: body");
        String cursor = bodyCursor(body);
        Query.Filter filter = Query.parseFilter(body.get("filter"), ds, store);
        List<Query.Sort> sorts = Query.parseSorts(body.get("sorts"), ds, store);
        Query.Result result = Query.run(ds, filter, sorts, trash, cursor, size);
        Json.startList(g);
        for (Page p : result.pages()) {
            Json.page(g, r.ctx(), p, false);
        }
        Json.endList(g, r.ctx(), result.nextCursor(), result.hasMore(), listType, result.capped());
    }

    private void getPage(Request r, JsonGenerator g) throws IOException {
        Json.page(g, r.ctx(), page(r.id(), "page_id", r.ctx()), true);
    }

    @SuppressWarnings("unchecked")
    private void getPropertyItem(Request r, JsonGenerator g) throws IOException {
        Page page = page(r.id(), "page_id", r.ctx());
        String raw = r.propertyId();
        String decoded = decode(raw);
        Property p = page.source.propertyById(raw);
        if (p == null) {
            p = page.source.propertyById(decoded);
        }
        if (p == null) {
            p = page.source.propertyById(Store.encode(decoded));
        }
        if (p == null) {
            throw ApiError.notFound("property", decoded, r.ctx().integration());
        }
        String t = p.type.jsonName();
        switch (p.type) {
            case TITLE, RICH_TEXT, RELATION, PEOPLE -> {
                Object v = page.value(p);
                List<Object> items = v == null ? List.of() : (List<Object>) v;
                int size = pageSize(r);
                String cursor = queryCursor(r);
                int from = cursor == null ? 0 : offsetCursor(cursor, "p1", page.id + p.id);
                int to = Math.min(items.size(), from + size);
                Json.startList(g);
                for (int i = from; i < to; i++) {
                    g.writeStartObject();
                    g.writeStringField("object", "property_item");
                    g.writeStringField("type", t);
                    g.writeStringField("id", p.id);
                    g.writeFieldName(t);
                    Object item = items.get(i);
                    if (item instanceof RichText rt) {
                        Json.richText(g, rt, store);
                    } else if (p.type == PropertyType.PEOPLE) {
                        Json.user(g, store, (String) item, false);
                    } else {
                        g.writeStartObject();
                        g.writeStringField("id", (String) item);
                        g.writeEndObject();
                    }
                    g.writeEndObject();
                }
                g.writeEndArray();
                boolean more = to < items.size();
                String next = more ? offsetCursorOf("p1", page.id + p.id, to) : null;
                g.writeStringField("next_cursor", next);
                g.writeBooleanField("has_more", more);
                g.writeStringField("type", "property_item");
                g.writeObjectFieldStart("property_item");
                g.writeStringField("id", p.id);
                g.writeStringField("next_url", more ? r.baseUrl() + "/v1/pages/" + page.id + "/properties/" + p.id
                        + "?start_cursor=" + next : null);
                g.writeStringField("type", t);
                g.writeObjectFieldStart(t);
                g.writeEndObject();
                g.writeEndObject();
                Json.requestId(g, r.ctx());
                g.writeEndObject();
            }
            case ROLLUP -> {
                Json.startList(g);
                g.writeEndArray();
                g.writeNullField("next_cursor");
                g.writeBooleanField("has_more", false);
                g.writeStringField("type", "property_item");
                g.writeObjectFieldStart("property_item");
                g.writeStringField("id", p.id);
                g.writeNullField("next_url");
                g.writeStringField("type", "rollup");
                g.writeFieldName("rollup");
                Json.rollup(g, r.ctx(), page, p);
                g.writeEndObject();
                Json.requestId(g, r.ctx());
                g.writeEndObject();
            }
            default -> {
                ByteArrayOutputStream tmp = new ByteArrayOutputStream();
                try (JsonGenerator vg = Json.FACTORY.createGenerator(tmp)) {
                    Json.propertyValue(vg, r.ctx(), page, p);
                }
                JsonNode value = MAPPER.readTree(tmp.toByteArray());
                g.writeStartObject();
                g.writeStringField("object", "property_item");
                g.writeStringField("type", t);
                g.writeStringField("id", p.id);
                g.writeFieldName(t);
                MAPPER.writeTree(g, value.get(t));
                Json.requestId(g, r.ctx());
                g.writeEndObject();
            }
        }
    }

    private static String offsetCursorOf(String kind, String scope, int offset) {
        return B64.encodeToString((kind + '.' + Integer.toHexString(scope.hashCode()) + '.' + offset)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static int offsetCursor(String cursor, String kind, String scope) {
        try {
            String[] parts = new String(B64D.decode(cursor), StandardCharsets.UTF_8).split("\\.");
            if (parts.length == 3 && parts[0].equals(kind)
                    && parts[1].equals(Integer.toHexString(scope.hashCode()))) {
                int offset = Integer.parseInt(parts[2]);
                if (offset >= 0) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            throw Query.invalidCursor(cursor);
        }
        throw Query.invalidCursor(cursor);
    }

    private void getBlock(Request r, JsonGenerator g) throws IOException {
        String id = uuid(r.id(), "block_id");
        BlockNode b = store.block(id);
        if (b != null && visible(b.page.source.database, r.ctx())) {
            Json.block(g, r.ctx(), b, true);
            return;
        }
        Page p = store.page(id);
        if (p == null || !visible(p.source.database, r.ctx())) {
            throw ApiError.notFound("block", id, r.ctx().integration());
        }
        boolean trashed = (p.flags & (Page.TRASHED | Page.ARCHIVED)) != 0;
        g.writeStartObject();
        g.writeStringField("object", "block");
        g.writeStringField("id", p.id);
        g.writeObjectFieldStart("parent");
        if (r.ctx().version().dataSources()) {
            g.writeStringField("type", "data_source_id");
            g.writeStringField("data_source_id", p.source.id);
            g.writeStringField("database_id", p.source.database.id);
        } else {
            g.writeStringField("type", "database_id");
            g.writeStringField("database_id", p.source.database.id);
        }
        g.writeEndObject();
        g.writeStringField("created_time", Json.timestamp(p.created));
        g.writeStringField("last_edited_time", Json.timestamp(p.edited));
        Json.partialUser(g, "created_by", p.createdBy);
        Json.partialUser(g, "last_edited_by", p.editedBy);
        g.writeBooleanField("has_children", !store.children(p).isEmpty());
        if (r.ctx().version().inTrashField()) {
            g.writeBooleanField("in_trash", trashed);
        }
        g.writeStringField("type", "child_page");
        g.writeObjectFieldStart("child_page");
        g.writeStringField("title", Json.titleOf(p, store));
        g.writeEndObject();
        if (r.ctx().version().archivedField()) {
            g.writeBooleanField("archived", trashed);
        }
        Json.requestId(g, r.ctx());
        g.writeEndObject();
    }

    private void getChildren(Request r, JsonGenerator g) throws IOException {
        String id = uuid(r.id(), "block_id");
        List<BlockNode> children;
        BlockNode b = store.block(id);
        if (b != null && visible(b.page.source.database, r.ctx())) {
            children = b.children;
        } else {
            Page p = store.page(id);
            if (p == null || !visible(p.source.database, r.ctx())) {
                throw ApiError.notFound("block", id, r.ctx().integration());
            }
            children = store.children(p);
        }
        if (children.stream().anyMatch(c -> c.trashed)) {
            children = children.stream().filter(c -> !c.trashed).toList();
        }
        int size = pageSize(r);
        String cursor = queryCursor(r);
        int from = 0;
        if (cursor != null) {
            from = -1;
            for (int i = 0; i < children.size(); i++) {
                if (children.get(i).id.equals(cursor)) {
                    from = i;
                    break;
                }
            }
            if (from < 0) {
                throw ApiError.validation("query failed validation: query.start_cursor should be a valid cursor, "
                        + "instead was `\"" + cursor + "\"`.");
            }
        }
        Json.startList(g);
        int to = Math.min(children.size(), from + size);
        for (int i = from; i < to; i++) {
            Json.block(g, r.ctx(), children.get(i), false);
        }
        boolean more = to < children.size();
        Json.endList(g, r.ctx(), more ? children.get(to).id : null, more, "block", false);
    }

    private void listUsers(Request r, JsonGenerator g) throws IOException {
        List<User> users = new ArrayList<>(store.users.values());
        int size = pageSize(r);
        String cursor = queryCursor(r);
        int from = 0;
        if (cursor != null) {
            from = -1;
            for (int i = 0; i < users.size(); i++) {
                if (users.get(i).id().equals(cursor)) {
                    from = i;
                }
            }
            if (from < 0) {
                throw ApiError.validation("query failed validation: query.start_cursor should be a valid cursor, "
                        + "instead was `\"" + cursor + "\"`.");
            }
        }
        int to = Math.min(users.size(), from + size);
        Json.startList(g);
        for (int i = from; i < to; i++) {
            Json.user(g, store, users.get(i).id(), true);
        }
        boolean more = to < users.size();
        Json.endList(g, r.ctx(), more ? users.get(to).id() : null, more, "user", false);
    }

    private void me(Request r, JsonGenerator g) throws IOException {
        Json.user(g, store, r.ctx().integration().botId(), true);
    }

    private void getUser(Request r, JsonGenerator g) throws IOException {
        String id = uuid(r.id(), "user_id");
        if (!store.users.containsKey(id)) {
            throw ApiError.notFound("user", id, r.ctx().integration());
        }
        Json.user(g, store, id, true);
    }

    private void comments(Request r, JsonGenerator g) throws IOException {
        List<String> blockId = r.query().get("block_id");
        if (blockId == null) {
            throw ApiError.validation("query failed validation: query.block_id should be defined, instead was "
                    + "`undefined`.");
        }
        String id = uuid(blockId.get(0), "query", "block_id");
        BlockNode b = store.block(id);
        Page p = store.page(id);
        boolean known = (b != null && visible(b.page.source.database, r.ctx()))
                || (p != null && visible(p.source.database, r.ctx()));
        if (!known) {
            throw ApiError.notFound("block", id, r.ctx().integration());
        }
        pageSize(r);
        Json.startList(g);
        Json.endList(g, r.ctx(), null, false, "comment", false);
    }

    private void search(Request r, JsonGenerator g) throws IOException {
        JsonNode body = r.body();
        Ctx ctx = r.ctx();
        boolean v2025 = ctx.version().dataSources();
        String containerKind = v2025 ? "data_source" : "database";
        onlyKeys(body, "body", Set.of("query", "sort", "filter", "start_cursor", "page_size"));
        JsonNode query = body.get("query");
        if (query != null && !query.isNull() && !query.isTextual()) {
            throw ApiError.validation("body failed validation: body.query should be a string, instead was `"
                    + query + "`.");
        }
        String text = query == null ? "" : query.asText("").toLowerCase(java.util.Locale.ROOT);
        String only = null;
        JsonNode filter = body.get("filter");
        if (filter != null && !filter.isNull()) {
            object(filter, "body.filter");
            onlyKeys(filter, "body.filter", Set.of("property", "value"));
            oneOf(filter.get("property"), "body.filter.property", List.of("object"));
            only = oneOf(filter.get("value"), "body.filter.value", List.of("page", containerKind));
        }
        boolean ascending = false;
        JsonNode sort = body.get("sort");
        if (sort != null && !sort.isNull()) {
            object(sort, "body.sort");
            onlyKeys(sort, "body.sort", Set.of("timestamp", "direction"));
            oneOf(sort.get("timestamp"), "body.sort.timestamp", List.of("last_edited_time"));
            JsonNode direction = sort.get("direction");
            ascending = direction != null && !direction.isNull()
                    && oneOf(direction, "body.sort.direction", List.of("ascending", "descending")).equals("ascending");
        }
        int size = pageSize(body.get("page_size"), "body failed validation: body");
        String cursor = bodyCursor(body);
        record Hit(int edited, String id, Object object) {
        }
        List<Hit> hits = new ArrayList<>();
        for (Database db : store.databases.values()) {
            if (!visible(db, ctx) || db.trashed) {
                continue;
            }
            if (only == null || only.equals(containerKind)) {
                if (v2025) {
                    for (DataSource ds : db.sources) {
                        if (ds.name.toLowerCase(java.util.Locale.ROOT).contains(text)) {
                            hits.add(new Hit(ds.edited, ds.id, ds));
                        }
                    }
                } else if (db.sources.size() == 1 && db.title.toLowerCase(java.util.Locale.ROOT).contains(text)) {
                    hits.add(new Hit(Math.max(db.edited, db.sources.get(0).edited), db.id, db));
                }
            }
            if (only == null || only.equals("page")) {
                for (DataSource ds : db.sources) {
                    for (Page p : ds.pages) {
                        if (p.live() && (text.isEmpty()
                                || Json.titleOf(p, store).toLowerCase(java.util.Locale.ROOT).contains(text))) {
                            hits.add(new Hit(p.edited, p.id, p));
                        }
                    }
                }
            }
        }
        Comparator<Hit> order = Comparator.comparingInt(Hit::edited);
        if (!ascending) {
            order = order.reversed();
        }
        hits.sort(order.thenComparing(Hit::id));
        String scope = "search";
        int from = cursor == null ? 0 : offsetCursor(cursor, "s1", scope);
        int to = Math.min(hits.size(), from + size);
        Json.startList(g);
        for (int i = from; i < to; i++) {
            Object o = hits.get(i).object();
            if (o instanceof Page p) {
                Json.page(g, ctx, p, false);
            } else if (o instanceof DataSource ds) {
                Json.dataSource(g, ctx, ds, false);
            } else {
                Json.database2022(g, ctx, (Database) o, false);
            }
        }
        boolean more = to < hits.size();
        Json.endList(g, ctx, more ? offsetCursorOf("s1", scope, to) : null, more,
                v2025 ? "page_or_data_source" : "page_or_database", false);
    }

    // ---- writes

    /** Notion's answer to a write on a page or block in the trash. */
    private static ApiError archived() {
        return ApiError.validation("Can't edit block that is archived. You must unarchive the block before editing.");
    }

    private void createPage(Request r, JsonGenerator g) throws IOException {
        Ctx ctx = r.ctx();
        JsonNode body = r.body();
        onlyKeys(body, "body", Set.of("parent", "properties", "children"));
        JsonNode parent = body.get("parent");
        if (parent == null || parent.isNull()) {
            throw ApiError.validation("body failed validation: body.parent should be defined, instead was "
                    + "`undefined`.");
        }
        object(parent, "body.parent");
        DataSource ds;
        if (parent.hasNonNull("data_source_id") && ctx.version().dataSources()) {
            String id = uuid(parent.get("data_source_id").asText(), "body", "parent.data_source_id");
            ds = store.dataSources.get(id);
            if (ds == null || !visible(ds.database, ctx) || ds.database.trashed) {
                throw ApiError.notFound("data_source", id, ctx.integration());
            }
        } else if (parent.hasNonNull("database_id")) {
            String id = uuid(parent.get("database_id").asText(), "body", "parent.database_id");
            Database db = store.databases.get(id);
            if (db == null || !visible(db, ctx) || db.trashed) {
                throw ApiError.notFound("database", id, ctx.integration());
            }
            if (db.sources.size() > 1) {
                throw ApiError.validation("Databases with multiple data sources are not supported in this API "
                        + "version.");
            }
            ds = db.sources.get(0);
        } else if (parent.hasNonNull("page_id") || parent.hasNonNull("workspace")) {
            throw ApiError.validation("The emulator creates pages in databases only: give parent.database_id"
                    + (ctx.version().dataSources() ? " or parent.data_source_id." : "."));
        } else {
            onlyKeys(parent, "body.parent", Set.of("type", "database_id", "data_source_id"));
            throw ApiError.validation("body failed validation: body.parent."
                    + (ctx.version().dataSources() ? "data_source_id" : "database_id")
                    + " should be defined, instead was `undefined`.");
        }
        Writes writes = new Writes(store);
        Map<Property, Object> values = writes.properties(body.get("properties"), ds);
        JsonNode children = body.get("children");
        List<io.github.notionsync.testkit.emulator.Block> content = children == null || children.isNull() ? List.of()
                : Writes.blocks(children, "body.children", 1);
        Page page = store.createPageLocked(ds, values, content, ctx.integration().botId());
        Json.page(g, ctx, page, true);
    }

    private void updatePage(Request r, JsonGenerator g) throws IOException {
        Ctx ctx = r.ctx();
        JsonNode body = r.body();
        Set<String> allowed = ctx.version().archivedField() ? Set.of("properties", "in_trash", "archived")
                : Set.of("properties", "in_trash");
        onlyKeys(body, "body", allowed);
        Page page = page(r.id(), "page_id", ctx);
        Boolean inTrash = null;
        for (String field : List.of("in_trash", "archived")) {
            JsonNode v = body.get(field);
            if (v != null && !v.isNull()) {
                if (!v.isBoolean()) {
                    throw ApiError.validation("body failed validation: body." + field + " should be a boolean, "
                            + "instead was `" + v + "`.");
                }
                inTrash = v.booleanValue();
            }
        }
        boolean inTrashNow = (page.flags & (Page.TRASHED | Page.ARCHIVED)) != 0;
        if (inTrashNow && !Boolean.FALSE.equals(inTrash)) {
            throw archived();
        }
        Map<Property, Object> values = new Writes(store).properties(body.get("properties"), page.source);
        store.updatePageLocked(page, values, inTrash, ctx.integration().botId());
        Json.page(g, ctx, page, true);
    }

    private void appendChildren(Request r, JsonGenerator g) throws IOException {
        Ctx ctx = r.ctx();
        JsonNode body = r.body();
        onlyKeys(body, "body", Set.of("children"));
        String id = uuid(r.id(), "block_id");
        BlockNode parent = store.writableBlock(id);
        Page page;
        if (parent != null && visible(parent.page.source.database, ctx)) {
            page = parent.page;
            if (parent.trashed) {
                throw archived();
            }
        } else {
            parent = null;
            page = store.page(id);
            if (page == null || !visible(page.source.database, ctx)) {
                throw ApiError.notFound("block", id, ctx.integration());
            }
        }
        if ((page.flags & (Page.TRASHED | Page.ARCHIVED)) != 0) {
            throw archived();
        }
        List<io.github.notionsync.testkit.emulator.Block> content = Writes.blocks(body.get("children"),
                "body.children", 1);
        List<BlockNode> created = store.appendLocked(page, parent, content, ctx.integration().botId());
        Json.startList(g);
        for (BlockNode b : created) {
            Json.block(g, ctx, b, false);
        }
        Json.endList(g, ctx, null, false, "block", false);
    }

    private void deleteBlock(Request r, JsonGenerator g) throws IOException {
        Ctx ctx = r.ctx();
        String id = uuid(r.id(), "block_id");
        BlockNode b = store.writableBlock(id);
        if (b != null && visible(b.page.source.database, ctx)) {
            if (b.trashed) {
                throw archived();
            }
            store.trashBlockLocked(b, ctx.integration().botId());
            Json.block(g, ctx, b, true);
            return;
        }
        Page p = store.page(id);
        if (p == null || !visible(p.source.database, ctx)) {
            throw ApiError.notFound("block", id, ctx.integration());
        }
        if ((p.flags & (Page.TRASHED | Page.ARCHIVED)) != 0) {
            throw archived();
        }
        store.updatePageLocked(p, Map.of(), true, ctx.integration().botId());
        getBlock(r, g);
    }
}
