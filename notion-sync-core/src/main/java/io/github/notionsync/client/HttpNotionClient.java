package io.github.notionsync.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.internal.http.NotionHttp;
import io.github.notionsync.internal.http.TokenRateLimiter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link NotionClient} on the JDK's {@link HttpClient} and Jackson.
 *
 * <pre>{@code
 * try (NotionClient notion = HttpNotionClient.builder()
 *         .token(System.getenv("NOTION_TOKEN"))
 *         .build()) {
 *     notion.queryDatabase(NotionId.parse(url), PageQuery.all()).forEach(page -> ...);
 * }
 * }</pre>
 *
 * Defaults: {@link NotionApiVersion#DEFAULT}, 3 requests/s per token with a burst of 3,
 * {@link RetryPolicy#defaults()}, 10 s connect and 60 s request timeouts.
 */
public final class HttpNotionClient implements NotionClient {

    /** Notion's API endpoint. */
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.notion.com");
    /** Default connect timeout. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Default timeout of one request (Notion gives up on its side after about 60 s). */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(60);

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern PROPERTY_ID = Pattern.compile("[^/?#\\s]{1,200}");
    private static final int MIN_PAGE_SIZE = 10;

    private final NotionApiVersion version;
    private final NotionHttp http;
    private final ExecutorService ownExecutor;
    private final URI baseUrl;

    private HttpNotionClient(Builder b) {
        this.version = b.version;
        this.baseUrl = b.baseUrl;
        HttpClient client = b.httpClient;
        if (client == null) {
            ownExecutor = Executors.newCachedThreadPool(daemonThreads());
            client = HttpClient.newBuilder().connectTimeout(b.connectTimeout).executor(ownExecutor)
                    .version(HttpClient.Version.HTTP_1_1).build();
        } else {
            ownExecutor = null;
        }
        TokenRateLimiter limiter = b.rateLimit == null ? null
                : TokenRateLimiter.shared(b.token, b.rateLimit.permitsPerSecond(), b.rateLimit.burst());
        this.http = new NotionHttp(client, b.baseUrl, b.token, version.header(), b.requestTimeout, b.retryPolicy,
                limiter, TokenRateLimiter.Ticker.SYSTEM, b.clock, MAPPER);
    }

    /** A builder; {@link Builder#token(String)} is required. */
    public static Builder builder() {
        return new Builder();
    }

    @Override
    public NotionApiVersion apiVersion() {
        return version;
    }

    @Override
    public NotionDatabase retrieveDatabase(NotionId databaseId) {
        String path = "/v1/databases/" + databaseId.value();
        return convert("GET", path, get(path), json -> JsonModels.database(json, version));
    }

    @Override
    public NotionDataSource retrieveDataSource(NotionId dataSourceId) {
        String path = (version.hasDataSources() ? "/v1/data_sources/" : "/v1/databases/") + dataSourceId.value();
        return convert("GET", path, get(path), JsonModels::dataSource);
    }

    @Override
    public Stream<NotionPage> queryDatabase(NotionId databaseId, PageQuery query) {
        Objects.requireNonNull(query, "query");
        if (!version.hasDataSources()) {
            return queryDataSource(databaseId, query);
        }
        // Data sources are listed when the stream is first read, and queried one after the other
        // through iterators: Stream.flatMap would buffer a whole data source when iterated.
        return stream(new Iterator<NotionPage>() {
            private Iterator<NotionDatabase.DataSourceRef> sources;
            private Iterator<NotionPage> current = java.util.Collections.emptyIterator();

            @Override
            public boolean hasNext() {
                if (sources == null) {
                    sources = retrieveDatabase(databaseId).dataSources().iterator();
                }
                while (!current.hasNext() && sources.hasNext()) {
                    current = new QueryIterator(dataSourceQueryPath(sources.next().id()), query);
                }
                return current.hasNext();
            }

            @Override
            public NotionPage next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return current.next();
            }
        });
    }

    private String dataSourceQueryPath(NotionId id) {
        return (version.hasDataSources() ? "/v1/data_sources/" : "/v1/databases/") + id.value() + "/query";
    }

    @Override
    public Stream<NotionPage> queryDataSource(NotionId dataSourceId, PageQuery query) {
        Objects.requireNonNull(query, "query");
        return stream(new QueryIterator(dataSourceQueryPath(dataSourceId), query));
    }

    @Override
    public NotionPage retrievePage(NotionId pageId) {
        String path = "/v1/pages/" + pageId.value();
        return convert("GET", path, get(path), JsonModels::page);
    }

    @Override
    public JsonNode retrievePropertyValue(NotionId pageId, String propertyId) {
        if (propertyId == null || !PROPERTY_ID.matcher(propertyId).matches()) {
            throw new IllegalArgumentException("Not a Notion property id: " + propertyId);
        }
        String path = "/v1/pages/" + pageId.value() + "/properties/" + propertyId;
        List<JsonNode> pages = new ArrayList<>();
        Iterator<JsonNode> it = new ListIterator(size -> {
            return cursor -> new NotionHttp.Call("GET", path + "?page_size=" + size
                    + (cursor == null ? "" : "&start_cursor=" + encode(cursor)), null);
        }, "GET", path, true);
        while (it.hasNext()) {
            pages.add(it.next());
        }
        return JsonModels.propertyValue(propertyId, pages);
    }

    @Override
    public Stream<NotionBlock> blockChildren(NotionId blockId) {
        String path = "/v1/blocks/" + blockId.value() + "/children";
        Iterator<JsonNode> results = new ResultIterator(new ListIterator(size -> cursor -> new NotionHttp.Call("GET",
                path + "?page_size=" + size + (cursor == null ? "" : "&start_cursor=" + encode(cursor)), null),
                "GET", path, false));
        return stream(map(results, json -> convert("GET", path, json, JsonModels::block)));
    }

    @Override
    public BlockTree retrieveBlockTree(NotionId blockId, int maxDepth, int maxBlocks) {
        if (maxDepth < 1) {
            throw new IllegalArgumentException("maxDepth must be at least 1, got " + maxDepth);
        }
        if (maxBlocks < 1) {
            throw new IllegalArgumentException("maxBlocks must be at least 1, got " + maxBlocks);
        }
        AtomicInteger budget = new AtomicInteger(maxBlocks);
        boolean[] truncated = {false};
        List<NotionBlock> blocks = children(blockId, 1, maxDepth, budget, truncated);
        return new BlockTree(blocks, maxBlocks - budget.get(), truncated[0]);
    }

    private List<NotionBlock> children(NotionId parent, int depth, int maxDepth, AtomicInteger budget,
            boolean[] truncated) {
        List<NotionBlock> out = new ArrayList<>();
        try (Stream<NotionBlock> s = blockChildren(parent)) {
            Iterator<NotionBlock> it = s.iterator();
            while (it.hasNext()) {
                if (budget.get() <= 0) {
                    truncated[0] = true;
                    break;
                }
                budget.decrementAndGet();
                out.add(it.next());
            }
        }
        for (int i = 0; i < out.size(); i++) {
            NotionBlock b = out.get(i);
            if (!b.hasChildren() || "child_page".equals(b.type()) || "child_database".equals(b.type())) {
                continue;
            }
            if (depth >= maxDepth || budget.get() <= 0) {
                truncated[0] = true;
                continue;
            }
            out.set(i, b.withChildren(children(b.id(), depth + 1, maxDepth, budget, truncated)));
        }
        return out;
    }

    @Override
    public Stream<SearchResult> search(String query, Boolean pagesOnly) {
        ObjectNode template = MAPPER.createObjectNode();
        if (query != null && !query.isEmpty()) {
            template.put("query", query);
        }
        if (pagesOnly != null) {
            ObjectNode filter = template.putObject("filter");
            filter.put("property", "object");
            filter.put("value", pagesOnly ? "page" : version.hasDataSources() ? "data_source" : "database");
        }
        ObjectNode sort = template.putObject("sort");
        sort.put("timestamp", "last_edited_time");
        sort.put("direction", "descending");
        Iterator<JsonNode> results = new ResultIterator(new ListIterator(size -> cursor -> {
            ObjectNode body = template.deepCopy();
            body.put("page_size", size);
            if (cursor != null) {
                body.put("start_cursor", cursor);
            }
            return new NotionHttp.Call("POST", "/v1/search", bytes(body));
        }, "POST", "/v1/search", false));
        return stream(map(results, json -> convert("POST", "/v1/search", json, JsonModels::searchResult)));
    }

    @Override
    public Stream<NotionUser> listUsers() {
        Iterator<JsonNode> results = new ResultIterator(new ListIterator(size -> cursor -> new NotionHttp.Call("GET",
                "/v1/users?page_size=" + size + (cursor == null ? "" : "&start_cursor=" + encode(cursor)), null),
                "GET", "/v1/users", false));
        return stream(map(results, json -> convert("GET", "/v1/users", json, JsonModels::user)));
    }

    @Override
    public NotionPage updatePage(NotionId pageId, ObjectNode properties, Boolean inTrash) {
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(properties, "properties");
        String path = "/v1/pages/" + pageId.value();
        ObjectNode body = MAPPER.createObjectNode();
        body.set("properties", properties);
        if (inTrash != null) {
            body.put(version.hasDataSources() ? "in_trash" : "archived", inTrash);
        }
        byte[] bytes = bytes(body);
        return convert("PATCH", path, http.send(shrink -> new NotionHttp.Call("PATCH", path, bytes)),
                JsonModels::page);
    }

    @Override
    public NotionPage createPage(NotionId databaseId, NotionId dataSourceId, ObjectNode properties,
            List<ObjectNode> children) {
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(properties, "properties");
        checkChildren(children, false);
        ObjectNode body = MAPPER.createObjectNode();
        ObjectNode parent = body.putObject("parent");
        if (version.hasDataSources()) {
            NotionId source = dataSourceId != null ? dataSourceId : firstDataSource(databaseId);
            parent.put("type", "data_source_id");
            parent.put("data_source_id", source.value());
        } else {
            parent.put("type", "database_id");
            parent.put("database_id", databaseId.value());
        }
        body.set("properties", properties);
        if (!children.isEmpty()) {
            children.forEach(body.putArray("children")::add);
        }
        byte[] bytes = bytes(body);
        return convert("POST", "/v1/pages", http.sendOnce(shrink -> new NotionHttp.Call("POST", "/v1/pages", bytes)),
                JsonModels::page);
    }

    private NotionId firstDataSource(NotionId databaseId) {
        List<NotionDatabase.DataSourceRef> sources = retrieveDatabase(databaseId).dataSources();
        if (sources.isEmpty()) {
            throw new NotionMalformedResponseException("GET", "/v1/databases/" + databaseId.value(), 200,
                    "a database without data sources to create a page in", null);
        }
        return sources.get(0).id();
    }

    @Override
    public List<NotionBlock> appendBlockChildren(NotionId blockId, List<ObjectNode> children) {
        Objects.requireNonNull(blockId, "blockId");
        checkChildren(children, true);
        String path = "/v1/blocks/" + blockId.value() + "/children";
        ObjectNode body = MAPPER.createObjectNode();
        children.forEach(body.putArray("children")::add);
        byte[] bytes = bytes(body);
        JsonNode reply = http.sendOnce(shrink -> new NotionHttp.Call("PATCH", path, bytes));
        JsonNode results = reply.get("results");
        if (results == null || !results.isArray()) {
            throw new NotionMalformedResponseException("PATCH", path, 200, "an append response without results",
                    null);
        }
        List<NotionBlock> created = new ArrayList<>(results.size());
        for (JsonNode json : results) {
            created.add(convert("PATCH", path, json, JsonModels::block));
        }
        return created;
    }

    private static void checkChildren(List<ObjectNode> children, boolean atLeastOne) {
        Objects.requireNonNull(children, "children");
        if (children.size() > MAX_CHILDREN_PER_REQUEST || atLeastOne && children.isEmpty()) {
            throw new IllegalArgumentException("A request carries 1 to " + MAX_CHILDREN_PER_REQUEST
                    + " children blocks, got " + children.size());
        }
        for (ObjectNode child : children) {
            Objects.requireNonNull(child, "a child block is null");
        }
    }

    @Override
    public void deleteBlock(NotionId blockId) {
        Objects.requireNonNull(blockId, "blockId");
        String path = "/v1/blocks/" + blockId.value();
        try {
            http.send(shrink -> new NotionHttp.Call("DELETE", path, null));
        } catch (NotionValidationException e) {
            // Notion refuses to delete a block that is already in the trash ("Can't edit block that
            // is archived"): the block is where the caller wants it, e.g. after a retried delete.
            String message = e.notionMessage() == null ? "" : e.notionMessage();
            if (!message.contains("archived") && !message.contains("trash")) {
                throw e;
            }
        }
    }

    @Override
    public ClientStatistics statistics() {
        return new ClientStatistics(http.requests(), http.retries(), http.rateLimited());
    }

    @Override
    public ClientStatistics threadStatistics() {
        long[] c = NotionHttp.threadCounts();
        return new ClientStatistics(c[0], c[1], c[2]);
    }

    @Override
    public void close() {
        if (ownExecutor != null) {
            ownExecutor.shutdownNow();
        }
    }

    @Override
    public String toString() {
        return "HttpNotionClient[" + baseUrl + ", Notion-Version " + version.header() + "]";
    }

    // ---------------------------------------------------------------------------------------

    private JsonNode get(String path) {
        return http.send(shrink -> new NotionHttp.Call("GET", path, null));
    }

    private static <T> T convert(String method, String path, JsonNode json, Function<JsonNode, T> converter) {
        try {
            return converter.apply(json);
        } catch (RuntimeException e) {
            if (e instanceof NotionSyncException && !(e instanceof io.github.notionsync.InvalidNotionIdException)) {
                throw e;
            }
            throw new NotionMalformedResponseException(method, path, 200, e.getMessage(), e);
        }
    }

    private static int pageSize(int base, int shrink) {
        int size = base;
        for (int i = 0; i < shrink && size > MIN_PAGE_SIZE; i++) {
            size = Math.max(MIN_PAGE_SIZE, size / 2);
        }
        return size;
    }

    private static byte[] bytes(JsonNode body) {
        try {
            return MAPPER.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise a request body", e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static <T> Stream<T> stream(Iterator<T> it) {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL),
                false);
    }

    private static <A, B> Iterator<B> map(Iterator<A> it, Function<A, B> f) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public B next() {
                return f.apply(it.next());
            }
        };
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "notion-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Iterates over the list responses of a paginated endpoint, one request per page, fetching
     * the next page only when asked. The page size shrinks after repeated 504s.
     */
    private final class ListIterator implements Iterator<JsonNode> {

        private final IntFunction<Function<String, NotionHttp.Call>> calls;
        private final String method;
        private final String path;
        private final boolean acceptSingleObject;
        private String cursor;
        private boolean done;

        ListIterator(IntFunction<Function<String, NotionHttp.Call>> calls, String method, String path,
                boolean acceptSingleObject) {
            this.calls = calls;
            this.method = method;
            this.path = path;
            this.acceptSingleObject = acceptSingleObject;
        }

        @Override
        public boolean hasNext() {
            return !done;
        }

        @Override
        public JsonNode next() {
            if (done) {
                throw new NoSuchElementException();
            }
            String at = cursor;
            JsonNode page = http.send(shrink -> calls.apply(pageSize(PageQuery.MAX_PAGE_SIZE, shrink)).apply(at));
            if (acceptSingleObject && !"list".equals(page.path("object").asText())) {
                done = true;
                return page;
            }
            if (!page.path("results").isArray()) {
                throw new NotionMalformedResponseException(method, path, 200, "a list without results", null);
            }
            boolean more = page.path("has_more").asBoolean(false);
            String next = JsonModels.text(page.get("next_cursor"));
            if (more && (next == null || next.equals(at))) {
                throw new NotionMalformedResponseException(method, path, 200, "has_more without a new next_cursor",
                        null);
            }
            cursor = next;
            done = !more;
            return page;
        }
    }

    /** Flattens list responses into their {@code results}. */
    private static final class ResultIterator implements Iterator<JsonNode> {

        private final Iterator<JsonNode> pages;
        private Iterator<JsonNode> current = java.util.Collections.emptyIterator();

        ResultIterator(Iterator<JsonNode> pages) {
            this.pages = pages;
        }

        @Override
        public boolean hasNext() {
            while (!current.hasNext() && pages.hasNext()) {
                current = pages.next().path("results").elements();
            }
            return current.hasNext();
        }

        @Override
        public JsonNode next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return current.next();
        }
    }

    /**
     * A data source or database query that continues past Notion's 10,000-result cap: when a
     * response says {@code request_status: incomplete}, it starts a new query from the last
     * timestamp seen (inclusive, since Notion rounds timestamps to the minute) and skips the
     * pages of that minute it already returned. Memory holds one page of results and the ids of
     * one minute.
     */
    private final class QueryIterator implements Iterator<NotionPage> {

        private final String path;
        private final PageQuery query;
        private final Deque<NotionPage> buffer = new ArrayDeque<>();
        private String cursor;
        private Instant windowStart;
        private Instant boundary;
        private final Set<NotionId> boundaryIds = new HashSet<>();
        private boolean done;

        QueryIterator(String path, PageQuery query) {
            this.path = path;
            this.query = query;
        }

        @Override
        public boolean hasNext() {
            while (buffer.isEmpty() && !done) {
                fetch();
            }
            return !buffer.isEmpty();
        }

        @Override
        public NotionPage next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return buffer.removeFirst();
        }

        private void fetch() {
            String at = cursor;
            JsonNode response = http.send(shrink -> new NotionHttp.Call("POST", path,
                    bytes(body(at, pageSize(query.pageSize(), shrink)))));
            JsonNode results = response.get("results");
            if (results == null || !results.isArray()) {
                throw new NotionMalformedResponseException("POST", path, 200, "a query response without results",
                        null);
            }
            String field = query.sortBy().field();
            for (JsonNode json : results) {
                if (!"page".equals(json.path("object").asText("page"))) {
                    continue; // wikis may return data sources among the rows
                }
                NotionPage page = convert("POST", path, json, JsonModels::page);
                Instant ts = JsonModels.instant(json.get(field));
                if (ts != null) {
                    if (boundary == null || ts.isAfter(boundary)) {
                        boundary = ts;
                        boundaryIds.clear();
                    } else if (ts.equals(boundary) && boundaryIds.contains(page.id())) {
                        continue; // already returned before the window moved
                    }
                    if (ts.equals(boundary)) {
                        boundaryIds.add(page.id());
                    }
                }
                buffer.add(page);
            }
            boolean more = response.path("has_more").asBoolean(false);
            String next = JsonModels.text(response.get("next_cursor"));
            if (more) {
                if (next == null || next.equals(at)) {
                    throw new NotionMalformedResponseException("POST", path, 200, "has_more without a new next_cursor",
                            null);
                }
                cursor = next;
                return;
            }
            if ("incomplete".equals(response.path("request_status").path("type").asText())) {
                if (boundary == null || boundary.equals(windowStart)) {
                    throw new NotionQueryLimitException(path, windowStart);
                }
                windowStart = boundary;
                cursor = null;
                return;
            }
            done = true;
        }

        private ObjectNode body(String at, int size) {
            ObjectNode body = MAPPER.createObjectNode();
            List<ObjectNode> conditions = new ArrayList<>();
            if (query.editedOnOrAfter() != null) {
                conditions.add(timestampFilter("last_edited_time", query.editedOnOrAfter()));
            }
            if (windowStart != null) {
                conditions.add(timestampFilter(query.sortBy().field(), windowStart));
            }
            if (conditions.size() == 1) {
                body.set("filter", conditions.get(0));
            } else if (conditions.size() > 1) {
                ArrayNode and = body.putObject("filter").putArray("and");
                conditions.forEach(and::add);
            }
            ObjectNode sort = body.putArray("sorts").addObject();
            sort.put("timestamp", query.sortBy().field());
            sort.put("direction", "ascending");
            body.put("page_size", size);
            if (at != null) {
                body.put("start_cursor", at);
            }
            return body;
        }

        private ObjectNode timestampFilter(String field, Instant onOrAfter) {
            ObjectNode f = MAPPER.createObjectNode();
            f.put("timestamp", field);
            f.putObject(field).put("on_or_after", onOrAfter.truncatedTo(ChronoUnit.MILLIS).toString());
            return f;
        }
    }

    /** Builds an {@link HttpNotionClient}. */
    public static final class Builder {

        private String token;
        private NotionApiVersion version = NotionApiVersion.DEFAULT;
        private URI baseUrl = DEFAULT_BASE_URL;
        private RateLimit rateLimit = RateLimit.defaults();
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        private HttpClient httpClient;
        private Clock clock = Clock.systemUTC();

        private Builder() {
        }

        /** The integration token (internal integration secret or OAuth access token). Required. */
        public Builder token(String token) {
            if (token == null || token.isBlank()) {
                throw new IllegalArgumentException("Notion token must not be blank");
            }
            for (int i = 0; i < token.length(); i++) {
                char c = token.charAt(i);
                if (c <= ' ' || c == 127) {
                    throw new IllegalArgumentException("Notion token contains whitespace or control characters");
                }
            }
            this.token = token;
            return this;
        }

        /** The API version to speak; default {@link NotionApiVersion#DEFAULT}. */
        public Builder apiVersion(NotionApiVersion version) {
            this.version = Objects.requireNonNull(version, "version");
            return this;
        }

        /** Base URL, e.g. an emulator's {@code http://127.0.0.1:4010}; default Notion's. */
        public Builder baseUrl(URI baseUrl) {
            Objects.requireNonNull(baseUrl, "baseUrl");
            if (!"http".equals(baseUrl.getScheme()) && !"https".equals(baseUrl.getScheme())) {
                throw new IllegalArgumentException("baseUrl must be an http or https URL, got " + baseUrl);
            }
            this.baseUrl = baseUrl;
            return this;
        }

        /** The client-side rate limit per token; default {@link RateLimit#defaults()}. */
        public Builder rateLimit(RateLimit rateLimit) {
            this.rateLimit = Objects.requireNonNull(rateLimit, "rateLimit");
            return this;
        }

        /** No client-side rate limit (for emulators and benchmarks; Notion will answer 429s). */
        public Builder noRateLimit() {
            this.rateLimit = null;
            return this;
        }

        /** Retries; default {@link RetryPolicy#defaults()}. */
        public Builder retryPolicy(RetryPolicy retryPolicy) {
            this.retryPolicy = Objects.requireNonNull(retryPolicy, "retryPolicy");
            return this;
        }

        /** Connect timeout for the client this builder creates; default 10 s. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = positive(timeout, "connectTimeout");
            return this;
        }

        /** Timeout of each request attempt; default 60 s. */
        public Builder requestTimeout(Duration timeout) {
            this.requestTimeout = positive(timeout, "requestTimeout");
            return this;
        }

        /** An {@link HttpClient} to use instead of a new one (proxies, TLS); not closed by the client. */
        public Builder httpClient(HttpClient httpClient) {
            this.httpClient = Objects.requireNonNull(httpClient, "httpClient");
            return this;
        }

        /** Clock for reading HTTP-date {@code Retry-After} headers; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the client.
         *
         * @throws IllegalStateException if no token was set
         */
        public HttpNotionClient build() {
            if (token == null) {
                throw new IllegalStateException("A Notion token is required: call token(...)");
            }
            return new HttpNotionClient(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }

        @Override
        public String toString() {
            return "HttpNotionClient.Builder[" + baseUrl + ", " + version.header() + ", token "
                    + (token == null ? "unset" : "set") + "]";
        }
    }
}
