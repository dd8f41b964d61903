package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.TargetKind;
import io.github.notionsync.UnknownDatabaseException;
import io.github.notionsync.jooq.NamedPage;
import io.github.notionsync.jooq.NotionSyncQueries;
import io.github.notionsync.jooq.SearchHit;
import io.github.notionsync.jooq.SyncReportJson;
import io.github.notionsync.spi.SyncRunRecord;
import io.github.notionsync.spring.CurrentUserResolver;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * The seed's REST interface: {@code POST /api/notion/sync-to-postgres} and read endpoints for
 * sync status, search, and character and world lookup. Every endpoint acts for the current user.
 */
@RestController
@RequestMapping(path = "/api/notion", produces = MediaType.APPLICATION_JSON_VALUE)
public class NotionSyncController {

    /** Strict: a repeated field or anything after the object is a malformed body, not a guess. */
    static final ObjectMapper MAPPER = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final SyncRequests requests;
    private final NotionSyncQueries queries;
    private final CurrentUserResolver users;

    private final StaleReads staleReads;
    private final long maxBody;
    private final io.github.notionsync.jooq.SemanticSearch semantic;
    private final io.github.notionsync.EmbeddingWorker embeddings;

    /**
     * @param staleReads syncs stale databases before a read, or {@code null} to read the mirror as it is
     * @param maxBody the largest request body taken, in bytes ({@code notion.sync.limits.max-request-body})
     */
    public NotionSyncController(SyncRequests requests, NotionSyncQueries queries, CurrentUserResolver users,
            StaleReads staleReads, long maxBody) {
        this(requests, queries, users, staleReads, maxBody, null, null);
    }

    /**
     * @param semantic semantic and hybrid search, or {@code null} when no embedder is configured
     * @param embeddings the background embedding, whose backlog the status shows, or {@code null}
     */
    public NotionSyncController(SyncRequests requests, NotionSyncQueries queries, CurrentUserResolver users,
            StaleReads staleReads, long maxBody, io.github.notionsync.jooq.SemanticSearch semantic,
            io.github.notionsync.EmbeddingWorker embeddings) {
        this.requests = requests;
        this.queries = queries;
        this.users = users;
        this.staleReads = staleReads;
        this.maxBody = maxBody;
        this.semantic = semantic;
        this.embeddings = embeddings;
    }

    /**
     * Body {@code {}} syncs all databases of the current user; {@code {"database_id": "…",
     * "database_name": "…"}} one database (found by id, else by name); {@code "full_pass": true}
     * forces a full pass; {@code "wait": false} answers 409 instead of waiting for a sync of the
     * same connection running elsewhere. The body must be JSON ({@code Content-Type:
     * application/json}), or absent.
     */
    @PostMapping(path = "/sync-to-postgres")
    public ResponseEntity<Map<String, Object>> sync(HttpServletRequest request) throws IOException {
        String user = currentUser(request);
        JsonNode json = jsonBody(request, maxBody);
        if (json == null) {
            json = MAPPER.createObjectNode();
        }
        if (!json.isObject()) {
            throw new BadRequest("The body must be a JSON object: {} or {\"database_id\": \"...\"}");
        }
        String databaseId = text(json, "database_id");
        String databaseName = text(json, "database_name");
        boolean fullPass = flag(json, "full_pass", false);
        boolean wait = flag(json, "wait", true);
        String key = null;
        if (databaseId != null || databaseName != null) {
            key = databaseId != null && requests.engine().findDatabase(user, databaseId).isPresent() ? databaseId
                    : databaseName != null ? databaseName : databaseId;
        }
        return ResponseEntity.ok(requests.syncNow(user, key, fullPass, wait));
    }

    /**
     * The request's body as JSON, read within {@code maxBody} bytes, or {@code null} when there is
     * none; 415 when it is not said to be JSON, 400 when it does not parse.
     */
    static JsonNode jsonBody(HttpServletRequest request, long maxBody) throws IOException {
        requireJson(request);
        byte[] body = RequestBodies.read(request, maxBody, NotionSyncRequestFilter.REST_LIMIT);
        if (body.length == 0) {
            return null;
        }
        try {
            return MAPPER.readTree(body);
        } catch (IOException e) {
            throw new BadRequest("The body is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    /** A body must say it is JSON; no body needs no type. */
    static void requireJson(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            boolean body = request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
            if (body) {
                throw new UnsupportedType("The body has no Content-Type; send it as application/json");
            }
            return;
        }
        MediaType media;
        try {
            media = MediaType.parseMediaType(type);
        } catch (InvalidMediaTypeException e) {
            throw new UnsupportedType("Content-Type '" + type + "' is malformed; send the body as application/json");
        }
        boolean json = media.getType().equals("application")
                && (media.getSubtype().equals("json") || "json".equals(media.getSubtypeSuffix()));
        if (!json) {
            throw new UnsupportedType("Content-Type " + media.getType() + "/" + media.getSubtype()
                    + " is not accepted; send the body as application/json");
        }
    }

    /** The current user's databases, their sync state and recent runs. */
    @GetMapping(path = "/sync/status")
    public Map<String, Object> status(HttpServletRequest request,
            @RequestParam(name = "limit", defaultValue = "20") int limit) {
        String user = currentUser(request);
        NotionSync engine = requests.engine();
        List<Map<String, Object>> databases = new ArrayList<>();
        engine.databases(user).forEach(db -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("database_id", db.id().value());
            d.put("database_name", db.name());
            d.put("kind", db.kind().name());
            engine.repository().syncState(user, db.id()).ifPresent(s -> {
                d.put("watermark", s.watermark() == null ? null : s.watermark().toString());
                d.put("last_full_sync_at", s.lastFullSyncAt() == null ? null : s.lastFullSyncAt().toString());
                d.put("last_run_at", s.lastRunAt() == null ? null : s.lastRunAt().toString());
                d.put("last_outcome", s.lastOutcome() == null ? null : s.lastOutcome().name());
            });
            databases.add(d);
        });
        List<Map<String, Object>> runs = new ArrayList<>();
        for (SyncRunRecord r : engine.repository().recentRuns(user, Math.max(1, Math.min(limit, 200)))) {
            Map<String, Object> run = SyncReportJson.of(r.report());
            run.put("run_id", r.runId().toString());
            runs.add(run);
        }
        List<Map<String, Object>> connections = new ArrayList<>();
        requests.connections(user).forEach(c -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("connection", c.name());
            m.put("next_due", c.nextDue() == null ? null : c.nextDue().toString());
            m.put("running_on", c.runningOn());
            m.put("last_outcome", c.lastOutcome());
            connections.add(m);
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("user_id", user);
        out.put("connections", connections);
        out.put("databases", databases);
        out.put("recent_runs", runs);
        if (embeddings != null) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("model", embeddings.modelId());
            e.put("backlog", embeddings.backlog(user));
            e.put("storage", semantic == null ? null : semantic.pgvector() ? "pgvector" : "portable");
            out.put("embeddings", e);
        }
        return out;
    }

    /**
     * The current user's syncs over the last 24 hours ({@code window=24h}, per hour) or 7 days
     * ({@code window=7d}, per day), for the dashboard's charts: per bucket, runs that ended,
     * pages read and changed, requests, mean and longest run duration, and errors.
     */
    @GetMapping(path = "/sync/stats")
    public Map<String, Object> stats(HttpServletRequest request,
            @RequestParam(name = "window", defaultValue = "24h") String window) {
        String user = currentUser(request);
        java.time.temporal.ChronoUnit unit;
        int buckets;
        switch (window) {
            case "24h" -> {
                unit = java.time.temporal.ChronoUnit.HOURS;
                buckets = 24;
            }
            case "7d" -> {
                unit = java.time.temporal.ChronoUnit.DAYS;
                buckets = 7;
            }
            default -> throw new BadRequest("window must be 24h or 7d, not '" + shorten(window) + "'");
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (io.github.notionsync.jooq.SyncStatsBucket s : queries.syncStats(user, unit, buckets,
                java.time.Instant.now())) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("start", s.start().toString());
            m.put("runs", s.runs());
            m.put("pages_seen", s.pagesSeen());
            m.put("pages_changed", s.pagesChanged());
            m.put("requests", s.requests());
            m.put("avg_duration_ms", s.avgDurationMs());
            m.put("max_duration_ms", s.maxDurationMs());
            m.put("errors", s.errors());
            out.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", window);
        body.put("bucket", unit == java.time.temporal.ChronoUnit.HOURS ? "hour" : "day");
        body.put("buckets", out);
        return body;
    }

    /**
     * Search across the current user's content: {@code mode=keyword} (the default, full text),
     * {@code semantic} (closest in meaning, the snippet being the passage that matched) or
     * {@code hybrid} (both, fused by reciprocal rank); {@code kinds} (comma-separated, e.g.
     * {@code characters,worlds}) narrows the semantic and hybrid modes.
     */
    @GetMapping(path = "/search")
    public Map<String, Object> search(HttpServletRequest request, @RequestParam(name = "q", defaultValue = "") String q,
            @RequestParam(name = "limit", defaultValue = "20") int limit,
            @RequestParam(name = "mode", defaultValue = "keyword") String mode,
            @RequestParam(name = "kinds", required = false) String kinds) {
        String user = currentUser(request);
        if (limit < 1 || limit > NotionSyncQueries.MAX_RESULTS) {
            throw new BadRequest("limit must be between 1 and " + NotionSyncQueries.MAX_RESULTS);
        }
        if (!List.of("keyword", "semantic", "hybrid").contains(mode)) {
            throw new BadRequest("mode must be keyword, semantic or hybrid, got '" + shorten(mode) + "'");
        }
        if (!mode.equals("keyword") && semantic == null) {
            throw new BadRequest("Search mode '" + mode + "' needs an embedder: add notion-sync-embeddings (or an"
                    + " Embedder bean) and leave notion.sync.embeddings.enabled on");
        }
        java.util.Set<TargetKind> only = java.util.EnumSet.noneOf(TargetKind.class);
        if (kinds != null && !kinds.isBlank()) {
            for (String k : kinds.split(",", 10)) {
                try {
                    only.add(TargetKind.parse(k));
                } catch (IllegalArgumentException e) {
                    throw new BadRequest(e.getMessage());
                }
            }
        }
        Map<String, Object> freshness = freshness(user, db -> true);
        List<SearchHit> hits = switch (mode) {
            case "semantic" -> semantic.semanticSearch(user, q, limit, only);
            case "hybrid" -> semantic.hybridSearch(user, q, limit, only);
            default -> queries.search(user, q, limit);
        };
        List<Map<String, Object>> results = new ArrayList<>();
        for (SearchHit h : hits) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("kind", h.kind());
            r.put("notion_page_id", h.pageId().value());
            r.put("title", h.title());
            r.put("snippet", h.snippet());
            r.put("rank", h.rank());
            r.put("url", h.url());
            results.add(r);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("query", q);
        out.put("mode", mode);
        out.put("results", results);
        out.putAll(freshness);
        return out;
    }

    /** A character by name: exact, then case-insensitive, then fuzzy. */
    @GetMapping(path = "/characters/{name}")
    public ResponseEntity<Map<String, Object>> character(HttpServletRequest request, @PathVariable String name) {
        return lookup(request, name, TargetKind.CHARACTERS, "character", "role", queries::findCharacter);
    }

    /** A world by name: exact, then case-insensitive, then fuzzy. */
    @GetMapping(path = "/worlds/{name}")
    public ResponseEntity<Map<String, Object>> world(HttpServletRequest request, @PathVariable String name) {
        return lookup(request, name, TargetKind.WORLDS, "world", "genre", queries::findWorld);
    }

    /**
     * A named page of one kind, after refreshing that kind's databases if stale reads are on.
     *
     * @param detail the name of the kind's own column ({@code role}, {@code genre})
     */
    private ResponseEntity<Map<String, Object>> lookup(HttpServletRequest request, String name, TargetKind kind,
            String noun, String detail, java.util.function.BiFunction<String, String, List<NamedPage>> find) {
        String user = currentUser(request);
        Map<String, Object> freshness = freshness(user, db -> db.kind() == kind);
        List<NamedPage> found = find.apply(user, name);
        if (found.isEmpty()) {
            Map<String, Object> body = error(404, "not_found", "No " + noun + " named '" + name + "'");
            body.putAll(freshness);
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(body);
        }
        List<Map<String, Object>> matches = new ArrayList<>();
        for (NamedPage p : found) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("notion_page_id", p.pageId().value());
            m.put("name", p.name());
            m.put("description", p.description());
            m.put(detail, p.detail());
            m.put("tags", p.tags());
            m.put("url", p.url());
            m.put("properties", p.properties());
            matches.add(m);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("matches", matches);
        out.putAll(freshness);
        return ResponseEntity.ok(out);
    }

    /**
     * With stale reads on, syncs the selected databases that are too old first, and says how
     * fresh the answer is: {@code stale} and {@code as_of} (when the oldest of their last completed
     * syncs started). Empty when stale reads are off.
     */
    private Map<String, Object> freshness(String user, java.util.function.Predicate<DatabaseConfig> which) {
        if (staleReads == null) {
            return Map.of();
        }
        StaleReads.Freshness f = staleReads.refresh(user, which);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("stale", f.stale());
        out.put("as_of", f.asOf() == null ? null : f.asOf().toString());
        return out;
    }

    private String currentUser(HttpServletRequest request) {
        return users.currentUser(request).orElseThrow(Unauthenticated::new);
    }

    private static String text(JsonNode json, String field) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isTextual() || n.asText().isBlank()) {
            throw new BadRequest(field + " must be a non-empty string, not " + (n.isTextual() ? "an empty one"
                    : n.getNodeType().name().toLowerCase(java.util.Locale.ROOT) + " " + shorten(n.toString())));
        }
        return n.asText();
    }

    private static boolean flag(JsonNode json, String field, boolean absent) {
        JsonNode n = json.get(field);
        if (n == null || n.isNull()) {
            return absent;
        }
        if (!n.isBoolean()) {
            throw new BadRequest(field + " must be true or false, not " + n.getNodeType().name().toLowerCase(
                    java.util.Locale.ROOT) + " " + shorten(n.toString()));
        }
        return n.booleanValue();
    }

    private static String shorten(String s) {
        return s.length() > 40 ? s.substring(0, 40) + "…" : s;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    static Map<String, Object> error(int status, String code, String message) {
        return JsonErrors.body(status, code, message);
    }

    /** 400 with a message. */
    static final class BadRequest extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BadRequest(String message) {
            super(message);
        }
    }

    /** 415 with a message. */
    static final class UnsupportedType extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnsupportedType(String message) {
            super(message);
        }
    }

    /** 401. */
    static final class Unauthenticated extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Unauthenticated() {
            super("Authentication required");
        }
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(BadRequest.class)
    ResponseEntity<Map<String, Object>> badRequest(BadRequest e) {
        return ResponseEntity.badRequest().body(error(400, "bad_request", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(RequestBodies.TooLargeException.class)
    ResponseEntity<Map<String, Object>> tooLarge(RequestBodies.TooLargeException e) {
        return ResponseEntity.status(413).header("Connection", "close").body(e.body());
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(UnsupportedType.class)
    ResponseEntity<Map<String, Object>> unsupportedType(UnsupportedType e) {
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE)
                .body(error(415, "unsupported_media_type", e.getMessage()));
    }

    /** A query parameter or path variable that does not convert, e.g. {@code limit=ten}. */
    @org.springframework.web.bind.annotation.ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Map<String, Object>> typeMismatch(MethodArgumentTypeMismatchException e) {
        Class<?> type = e.getRequiredType();
        String expected = type == int.class || type == Integer.class || type == long.class ? "a whole number"
                : type == null ? "of another type" : "a " + type.getSimpleName();
        return ResponseEntity.badRequest().body(error(400, "bad_request", e.getName() + " must be " + expected
                + ", not '" + shorten(String.valueOf(e.getValue())) + "'"));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(Unauthenticated.class)
    ResponseEntity<Map<String, Object>> unauthenticated(Unauthenticated e) {
        return ResponseEntity.status(HttpStatus.UNAUTHORIZED).body(error(401, "unauthorized", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(UnknownDatabaseException.class)
    ResponseEntity<Map<String, Object>> unknown(UnknownDatabaseException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(error(404, "unknown_database", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(io.github.notionsync.SyncInProgressException.class)
    ResponseEntity<Map<String, Object>> conflict(io.github.notionsync.SyncInProgressException e) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(error(409, "sync_in_progress", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(SyncRequests.StillRunningException.class)
    ResponseEntity<Map<String, Object>> stillRunning(SyncRequests.StillRunningException e) {
        return ResponseEntity.status(HttpStatus.GATEWAY_TIMEOUT).body(error(504, "sync_still_running", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(SyncRequests.SyncFailedException.class)
    ResponseEntity<Map<String, Object>> syncFailed(SyncRequests.SyncFailedException e) {
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(error(500, "sync_failed", e.getMessage()));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(io.github.notionsync.jooq.TokenDecryptionException.class)
    ResponseEntity<Map<String, Object>> unreadable(io.github.notionsync.jooq.TokenDecryptionException e) {
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(error(500, "connection_unreadable",
                "A Notion connection of this user cannot be read; connect the workspace again or check the"
                        + " token encryption keys (connection " + e.connectionId() + ")"));
    }

    @org.springframework.web.bind.annotation.ExceptionHandler(IllegalArgumentException.class)
    ResponseEntity<Map<String, Object>> illegal(IllegalArgumentException e) {
        return ResponseEntity.badRequest().body(error(400, "bad_request", e.getMessage()));
    }
}
