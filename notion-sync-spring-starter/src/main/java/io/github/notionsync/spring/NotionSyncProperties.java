package io.github.notionsync.spring;

import io.github.notionsync.jooq.NotionSyncScheduler;
import io.github.notionsync.ConflictPolicy;
import io.github.notionsync.NotionSync;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.RateLimit;
import io.github.notionsync.client.RetryPolicy;
import io.github.notionsync.jooq.NotionSyncMigrations;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration of notion-sync in a Spring Boot application, under {@code notion.sync.*}.
 * Defaults are the engine's and client's own {@code DEFAULT_*} constants, so plain Java and
 * Spring Boot never drift apart.
 */
@ConfigurationProperties(prefix = "notion.sync")
public class NotionSyncProperties {

    /** Whether notion-sync's engine, scheduling and endpoints are enabled. */
    private boolean enabled = true;

    /**
     * Database schema that holds notion-sync's tables. The default, "public", lets the seed's SQL
     * name the tables without a schema.
     */
    private String schema = NotionSyncMigrations.DEFAULT_SCHEMA;

    /** Notion-Version to speak: 2022-06-28, 2025-09-03 or 2026-03-11. */
    private String apiVersion = io.github.notionsync.client.NotionApiVersion.DEFAULT.header();

    /** Base URL of the Notion API (an emulator's URL in tests and demos). */
    private URI baseUrl = HttpNotionClient.DEFAULT_BASE_URL;

    /**
     * Where connections come from: PROPERTIES (notion.sync.connections, for one app and a few
     * workspaces) or TABLE (the notion_sync_connections table, for apps whose users each connect
     * their own workspace; tokens encrypted with token-encryption-key).
     */
    private ConnectionSourceType connectionSource = ConnectionSourceType.PROPERTIES;

    /**
     * Notion connections: a user, an integration token and the databases to mirror. Used when
     * connection-source is PROPERTIES.
     */
    private List<Connection> connections = new ArrayList<>();

    /**
     * Key that encrypts the Notion tokens of the notion_sync_connections table (AES-256-GCM): 32
     * random bytes in base64, e.g. from "openssl rand -base64 32". Required when
     * connection-source is TABLE. Keep it in a secret store or the environment, never in the
     * database.
     */
    private String tokenEncryptionKey;

    /**
     * Earlier token encryption keys (base64), still accepted to decrypt tokens written under
     * them, so that the key can be rotated; NotionSyncConnections.reencryptTokens() moves those
     * tokens to the current key.
     */
    private List<String> previousTokenEncryptionKeys = new ArrayList<>();

    /** How often a full pass (which also detects deleted pages) runs per database. */
    private Duration fullSyncInterval = NotionSync.Builder.DEFAULT_FULL_SYNC_INTERVAL;

    /** Pages per store write. */
    private int batchSize = NotionSync.Builder.DEFAULT_BATCH_SIZE;

    /** Connections synced at once. */
    private int parallelism = NotionSync.Builder.DEFAULT_PARALLELISM;

    private final Migrations migrations = new Migrations();
    private final Content content = new Content();
    private final RateLimitProperties rateLimit = new RateLimitProperties();
    private final Retry retry = new Retry();
    private final Schedule schedule = new Schedule();
    private final Scheduler scheduler = new Scheduler();
    private final Security security = new Security();
    private final Dashboard dashboard = new Dashboard();
    private final Webhooks webhooks = new Webhooks();
    private final StaleReads staleReads = new StaleReads();
    private final Limits limits = new Limits();
    private final Events events = new Events();
    private final Embeddings embeddings = new Embeddings();
    private final Writes writes = new Writes();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public String getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }

    public URI getBaseUrl() {
        return baseUrl;
    }

    public void setBaseUrl(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    public ConnectionSourceType getConnectionSource() {
        return connectionSource;
    }

    public void setConnectionSource(ConnectionSourceType connectionSource) {
        this.connectionSource = connectionSource;
    }

    public List<Connection> getConnections() {
        return connections;
    }

    public void setConnections(List<Connection> connections) {
        this.connections = connections;
    }

    public String getTokenEncryptionKey() {
        return tokenEncryptionKey;
    }

    public void setTokenEncryptionKey(String tokenEncryptionKey) {
        this.tokenEncryptionKey = tokenEncryptionKey;
    }

    public List<String> getPreviousTokenEncryptionKeys() {
        return previousTokenEncryptionKeys;
    }

    public void setPreviousTokenEncryptionKeys(List<String> previousTokenEncryptionKeys) {
        this.previousTokenEncryptionKeys = previousTokenEncryptionKeys;
    }

    public Duration getFullSyncInterval() {
        return fullSyncInterval;
    }

    public void setFullSyncInterval(Duration fullSyncInterval) {
        this.fullSyncInterval = fullSyncInterval;
    }

    public int getBatchSize() {
        return batchSize;
    }

    public void setBatchSize(int batchSize) {
        this.batchSize = batchSize;
    }

    public int getParallelism() {
        return parallelism;
    }

    public void setParallelism(int parallelism) {
        this.parallelism = parallelism;
    }

    public Migrations getMigrations() {
        return migrations;
    }

    public Content getContent() {
        return content;
    }

    public RateLimitProperties getRateLimit() {
        return rateLimit;
    }

    public Retry getRetry() {
        return retry;
    }

    public Schedule getSchedule() {
        return schedule;
    }

    /** Where sync work runs (db-scheduler). */
    public Scheduler getScheduler() {
        return scheduler;
    }

    public StaleReads getStaleReads() {
        return staleReads;
    }

    public Limits getLimits() {
        return limits;
    }

    /** The change feed and its Server-Sent Events endpoint. */
    public Events getEvents() {
        return events;
    }

    /** Writing back to Notion: the outbox and its REST endpoints. */
    public Writes getWrites() {
        return writes;
    }

    public Webhooks getWebhooks() {
        return webhooks;
    }

    /** Semantic search: the background embedding of changed pages and the search modes. */
    public Embeddings getEmbeddings() {
        return embeddings;
    }

    public Dashboard getDashboard() {
        return dashboard;
    }

    public Security getSecurity() {
        return security;
    }

    /** Where the engine's connections come from. */
    public enum ConnectionSourceType {
        /** notion.sync.connections: fixed at start-up. */
        PROPERTIES,
        /** The notion_sync_connections table, read at every run; managed with NotionSyncConnections. */
        TABLE
    }

    /** One user's Notion connection. */
    public static class Connection {

        /** The user every row synced through this connection belongs to. */
        private String userId;

        /**
         * The connection's name among the user's, which keys its schedule and lock; default
         * "default" for a user's first connection, "connection-2" and so on for the next. Name them
         * when a user has several, so that reordering the list changes nothing.
         */
        private String name;

        /** The integration token (internal integration secret or OAuth access token). */
        private String token;

        /** Notion-Version for this connection; defaults to notion.sync.api-version. */
        private String apiVersion;

        /** The databases to mirror. */
        private List<Database> databases = new ArrayList<>();

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getUserId() {
            return userId;
        }

        public void setUserId(String userId) {
            this.userId = userId;
        }

        public String getToken() {
            return token;
        }

        public void setToken(String token) {
            this.token = token;
        }

        public String getApiVersion() {
            return apiVersion;
        }

        public void setApiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
        }

        public List<Database> getDatabases() {
            return databases;
        }

        public void setDatabases(List<Database> databases) {
            this.databases = databases;
        }

        @Override
        public String toString() {
            return "Connection[user " + userId + ", token " + (token == null ? "unset" : "set") + ", "
                    + databases.size() + " databases]";
        }
    }

    /** A database to mirror. */
    public static class Database {

        /** The database id or URL. */
        private String id;

        /** Its name, for reports and for the REST API's database_name. */
        private String name;

        /** Target kind: CHARACTERS, WORLDS, STORIES, CHAT_SESSIONS or PAGES. */
        private String kind = "PAGES";

        /** Typed field (column) to Notion property name, overriding the kind's defaults. */
        private Map<String, String> properties = new LinkedHashMap<>();

        /**
         * What writing back does when a page changed in Notion since the change was based on it:
         * FAIL (record the conflict, leave Notion untouched), NOTION_WINS or LOCAL_WINS.
         */
        private ConflictPolicy conflictPolicy = ConflictPolicy.FAIL;

        public ConflictPolicy getConflictPolicy() {
            return conflictPolicy;
        }

        public void setConflictPolicy(ConflictPolicy conflictPolicy) {
            this.conflictPolicy = conflictPolicy;
        }

        public String getId() {
            return id;
        }

        public void setId(String id) {
            this.id = id;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getKind() {
            return kind;
        }

        public void setKind(String kind) {
            this.kind = kind;
        }

        public Map<String, String> getProperties() {
            return properties;
        }

        public void setProperties(Map<String, String> properties) {
            this.properties = properties;
        }
    }

    /** Writing back to Notion (changes enqueued in the outbox and pushed by the scheduler). */
    public static class Writes {

        /** Whether the outbox and the REST endpoints that change Notion pages are on. */
        private boolean enabled = true;

        /** Attempts of a change before it fails (429, 5xx and lost replies are tried again). */
        private int maxAttempts = NotionSync.Builder.DEFAULT_MAX_WRITE_ATTEMPTS;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }
    }

    /** Schema migrations of notion-sync's own tables. */
    public static class Migrations {

        /**
         * Whether to create and upgrade notion-sync's tables at start-up, with their own Flyway
         * history table beside the application's.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Page content (blocks). */
    public static class Content {

        /** Whether to fetch page content. */
        private boolean enabled = NotionSync.Builder.DEFAULT_FETCH_CONTENT;

        /** Levels of nested blocks to fetch. */
        private int depth = NotionSync.Builder.DEFAULT_CONTENT_DEPTH;

        /** Blocks fetched per page at most. */
        private int maxBlocks = NotionSync.Builder.DEFAULT_MAX_BLOCKS_PER_PAGE;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getDepth() {
            return depth;
        }

        public void setDepth(int depth) {
            this.depth = depth;
        }

        public int getMaxBlocks() {
            return maxBlocks;
        }

        public void setMaxBlocks(int maxBlocks) {
            this.maxBlocks = maxBlocks;
        }
    }

    /** Client-side rate limit per integration token. */
    public static class RateLimitProperties {

        /** Whether to limit the request rate (turn off only against an emulator). */
        private boolean enabled = true;

        /** Average requests per second. */
        private double permitsPerSecond = RateLimit.DEFAULT_PERMITS_PER_SECOND;

        /** Requests that may go at once after a quiet period. */
        private int burst = RateLimit.DEFAULT_BURST;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public double getPermitsPerSecond() {
            return permitsPerSecond;
        }

        public void setPermitsPerSecond(double permitsPerSecond) {
            this.permitsPerSecond = permitsPerSecond;
        }

        public int getBurst() {
            return burst;
        }

        public void setBurst(int burst) {
            this.burst = burst;
        }
    }

    /** Retries of failed Notion requests. */
    public static class Retry {

        /** Attempts per request, including the first. */
        private int maxAttempts = RetryPolicy.DEFAULT_MAX_ATTEMPTS;

        /** First backoff. */
        private Duration baseDelay = RetryPolicy.DEFAULT_BASE_DELAY;

        /** Largest backoff, and largest Retry-After honoured. */
        private Duration maxDelay = RetryPolicy.DEFAULT_MAX_DELAY;

        public int getMaxAttempts() {
            return maxAttempts;
        }

        public void setMaxAttempts(int maxAttempts) {
            this.maxAttempts = maxAttempts;
        }

        public Duration getBaseDelay() {
            return baseDelay;
        }

        public void setBaseDelay(Duration baseDelay) {
            this.baseDelay = baseDelay;
        }

        public Duration getMaxDelay() {
            return maxDelay;
        }

        public void setMaxDelay(Duration maxDelay) {
            this.maxDelay = maxDelay;
        }
    }

    /** The seed's scheduled jobs. */
    public static class Schedule {

        private final SyncJob sync = new SyncJob();
        private final RetentionJob cleanupTemporaryChats = new RetentionJob(NotionSyncScheduler.Builder.CLEANUP_TEMPORARY_CHATS_CRON,
                NotionSyncScheduler.Builder.TEMPORARY_CHATS_RETENTION);
        private final Job aggregateWritingStats = new Job(NotionSyncScheduler.Builder.AGGREGATE_WRITING_STATS_CRON);
        private final Job refreshIndexes = new Job(NotionSyncScheduler.Builder.REFRESH_INDEXES_CRON);
        private final RetentionJob cleanupOldSyncRecords = new RetentionJob(NotionSyncScheduler.Builder.CLEANUP_OLD_SYNC_RECORDS_CRON,
                NotionSyncScheduler.Builder.SYNC_RECORDS_RETENTION);

        /** sync-notion-databases: each connection every 15 minutes. */
        public SyncJob getSync() {
            return sync;
        }

        /** cleanup-temporary-chats: daily at 02:00. */
        public RetentionJob getCleanupTemporaryChats() {
            return cleanupTemporaryChats;
        }

        /** aggregate-writing-stats: daily at 03:00. */
        public Job getAggregateWritingStats() {
            return aggregateWritingStats;
        }

        /** refresh-notion-indexes: Sundays at 01:00. */
        public Job getRefreshIndexes() {
            return refreshIndexes;
        }

        /** cleanup-old-sync-records: Sundays at 04:00. */
        public RetentionJob getCleanupOldSyncRecords() {
            return cleanupOldSyncRecords;
        }
    }

    /**
     * The recurring sync of every connection: each connection has its own execution, due every
     * {@code interval}, first spread over {@code spread} so that many connections do not fire at once.
     */
    public static class SyncJob {

        /** Whether connections are synced on their interval (requests are served either way). */
        private boolean enabled = true;

        /** How often each connection is synced. */
        private Duration interval = NotionSyncScheduler.Builder.DEFAULT_CONNECTION_INTERVAL;

        /** The window a new connection's first sync falls in; default the interval. */
        private Duration spread;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public Duration getSpread() {
            return spread;
        }

        public void setSpread(Duration spread) {
            this.spread = spread;
        }
    }

    /** A scheduled job. */
    public static class Job {

        /** Whether the job runs. */
        private boolean enabled = true;

        /** Spring cron expression (second, minute, hour, day, month, weekday). */
        private String cron;

        Job(String cron) {
            this.cron = cron;
        }

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getCron() {
            return cron;
        }

        public void setCron(String cron) {
            this.cron = cron;
        }
    }

    /** A scheduled cleanup job with a retention. */
    public static class RetentionJob extends Job {

        /** How long records are kept. */
        private Duration retention;

        RetentionJob(String cron, Duration retention) {
            super(cron);
            this.retention = retention;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }
    }

    /**
     * Where the work runs: db-scheduler on the application's database, shared by every instance.
     * Each instance runs at most {@code threads} executions at once; an instance that stops sending
     * heartbeats has its executions run again elsewhere after {@code heartbeat-interval} times 4.
     */
    public static class Scheduler {

        /** Whether this instance runs sync work (requests, schedules, jobs) at all. */
        private boolean enabled = true;

        /** Executions at once on this instance; 0 means notion.sync.parallelism. */
        private int threads;

        /** How often this instance looks for due work; new requests are announced at once. */
        private Duration pollingInterval = Duration.ofSeconds(5);

        /** How often a running execution's heartbeat is written. */
        private Duration heartbeatInterval = Duration.ofSeconds(15);

        /** How often added or removed connections are picked up. */
        private Duration reconcileInterval = Duration.ofSeconds(30);

        /** How long a connection's lock outlives an instance that died holding it. */
        private Duration lockLease = Duration.ofSeconds(60);

        /** How long a REST sync waits for its run before answering 504. */
        private Duration requestTimeout = Duration.ofMinutes(10);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public int getThreads() {
            return threads;
        }

        public void setThreads(int threads) {
            this.threads = threads;
        }

        public Duration getPollingInterval() {
            return pollingInterval;
        }

        public void setPollingInterval(Duration pollingInterval) {
            this.pollingInterval = pollingInterval;
        }

        public Duration getHeartbeatInterval() {
            return heartbeatInterval;
        }

        public void setHeartbeatInterval(Duration heartbeatInterval) {
            this.heartbeatInterval = heartbeatInterval;
        }

        public Duration getReconcileInterval() {
            return reconcileInterval;
        }

        public void setReconcileInterval(Duration reconcileInterval) {
            this.reconcileInterval = reconcileInterval;
        }

        public Duration getLockLease() {
            return lockLease;
        }

        public void setLockLease(Duration lockLease) {
            this.lockLease = lockLease;
        }

        public Duration getRequestTimeout() {
            return requestTimeout;
        }

        public void setRequestTimeout(Duration requestTimeout) {
            this.requestTimeout = requestTimeout;
        }
    }

    /** Who the REST endpoints act for. */
    public static class Security {

        /**
         * AUTHENTICATED: the current user is the authenticated principal (401 without one);
         * LOCAL: for demos on localhost only, unauthenticated requests act as local-user-id.
         */
        private Mode mode = Mode.AUTHENTICATED;

        /** The user unauthenticated requests act as in LOCAL mode. */
        private String localUserId = "user-id";

        public Mode getMode() {
            return mode;
        }

        public void setMode(Mode mode) {
            this.mode = mode;
        }

        public String getLocalUserId() {
            return localUserId;
        }

        public void setLocalUserId(String localUserId) {
            this.localUserId = localUserId;
        }

        /** Security modes. */
        public enum Mode {
            /** The current user comes from the authenticated principal. */
            AUTHENTICATED,
            /** Unauthenticated requests act as the local user: demos on localhost only. */
            LOCAL
        }
    }

    /** The HTML page showing the current user's sync status, runs and errors. */
    public static class Dashboard {

        /** Whether the dashboard page is served (with the REST endpoints and their security). */
        private boolean enabled = true;

        /** Where the dashboard page is served. */
        private String path = "/notion-sync";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }
    }

    /** Notion webhooks: near-real-time syncs of the databases Notion reports changes in. */
    public static class Webhooks {

        /** Whether the webhook endpoint is served. */
        private boolean enabled = false;

        /** Where Notion posts events (the subscription's URL ends with it). */
        private String path = "/api/notion/webhooks";

        /**
         * The subscription's verification token, which signs every delivery. Until it is set, the
         * endpoint stores the handshake's token in notion_sync_webhook_verifications (at most five
         * a minute per instance) and refuses events; once it is set, handshakes are refused.
         */
        private String verificationToken;

        /** How long to gather events before syncing the databases they name. */
        private Duration debounce = Duration.ofSeconds(2);

        /**
         * How far an event's timestamp may be from this server's time, either way, for the event to
         * be taken; a later delivery (a replay, or a retry Notion makes after it) is refused, and
         * the scheduled sync brings its change. Event ids are remembered for twice as long, so a
         * repeated delivery within the window syncs nothing either.
         */
        private Duration tolerance = Duration.ofMinutes(5);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getVerificationToken() {
            return verificationToken;
        }

        public void setVerificationToken(String verificationToken) {
            this.verificationToken = verificationToken;
        }

        public Duration getDebounce() {
            return debounce;
        }

        public void setDebounce(Duration debounce) {
            this.debounce = debounce;
        }

        public Duration getTolerance() {
            return tolerance;
        }

        public void setTolerance(Duration tolerance) {
            this.tolerance = tolerance;
        }
    }

    /**
     * Limits on what the endpoints take. A request body past its limit is refused with 413 as soon
     * as it declares or reaches that size, and never read further.
     */
    public static class Limits {

        /** The largest request body of the REST endpoints and the dashboard. */
        private DataSize maxRequestBody = DataSize.ofKilobytes(64);

        /** The largest webhook delivery (Notion's events are about 1 KB). */
        private DataSize maxWebhookBody = DataSize.ofMegabytes(1);

        public DataSize getMaxRequestBody() {
            return maxRequestBody;
        }

        public void setMaxRequestBody(DataSize maxRequestBody) {
            this.maxRequestBody = maxRequestBody;
        }

        public DataSize getMaxWebhookBody() {
            return maxWebhookBody;
        }

        public void setMaxWebhookBody(DataSize maxWebhookBody) {
            this.maxWebhookBody = maxWebhookBody;
        }
    }

    /** Reads that sync first when the mirror is older than max-age (off unless max-age is set). */
    public static class StaleReads {

        /**
         * How old the mirror of a database may be (since its last completed sync started) before a
         * read through the REST endpoints syncs it first; unset, reads never sync.
         */
        private Duration maxAge;

        /** How long a read waits for that sync before it serves the mirror, marked stale. */
        private Duration timeout = Duration.ofSeconds(10);

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    /** The change feed ({@code notion_sync_changes}) and {@code GET /api/notion/events}. */
    public static class Events {

        /** Whether the feed listens and the endpoint streams. */
        private boolean enabled = true;

        /** How long changes stay in the change log, for clients resuming with Last-Event-ID. */
        private Duration retention = Duration.ofHours(1);

        /** How often an idle stream gets a comment line, so that proxies and clients see it alive. */
        private Duration heartbeat = Duration.ofSeconds(15);

        /** Streams open at once on this instance; more get 503. */
        private int maxStreams = 100;

        /** Events waiting for one slow client; when full, its stream is closed (it resumes from the log). */
        private int queueSize = 1000;

        /** How long one stream stays open before the server ends it (clients reconnect and resume). */
        private Duration maxDuration = Duration.ofMinutes(30);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getRetention() {
            return retention;
        }

        public void setRetention(Duration retention) {
            this.retention = retention;
        }

        public Duration getHeartbeat() {
            return heartbeat;
        }

        public void setHeartbeat(Duration heartbeat) {
            this.heartbeat = heartbeat;
        }

        public int getMaxStreams() {
            return maxStreams;
        }

        public void setMaxStreams(int maxStreams) {
            this.maxStreams = maxStreams;
        }

        public int getQueueSize() {
            return queueSize;
        }

        public void setQueueSize(int queueSize) {
            this.queueSize = queueSize;
        }

        public Duration getMaxDuration() {
            return maxDuration;
        }

        public void setMaxDuration(Duration maxDuration) {
            this.maxDuration = maxDuration;
        }
    }

    /**
     * Semantic search ({@code notion_sync_embeddings}): on when an {@code Embedder} bean exists,
     * which notion-sync-embeddings on the classpath provides (the in-JVM all-MiniLM-L6-v2 model).
     */
    public static class Embeddings {

        /** Whether pages are embedded in the background and the semantic and hybrid search modes are served. */
        private boolean enabled = true;

        /** How long the embedding task rests once nothing is left to embed. */
        private Duration interval = NotionSyncScheduler.Builder.DEFAULT_EMBEDDINGS_INTERVAL;

        /** Pages one round of the embedding task embeds at most. */
        private int pagesPerRound = io.github.notionsync.EmbeddingWorker.Builder.DEFAULT_PAGES_PER_ROUND;

        /** The heap the in-memory vector indexes may take together, where the database has no pgvector. */
        private DataSize maxIndexMemory = DataSize.ofBytes(
                io.github.notionsync.jooq.SemanticSearch.Builder.DEFAULT_MAX_INDEX_BYTES);

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public Duration getInterval() {
            return interval;
        }

        public void setInterval(Duration interval) {
            this.interval = interval;
        }

        public int getPagesPerRound() {
            return pagesPerRound;
        }

        public void setPagesPerRound(int pagesPerRound) {
            this.pagesPerRound = pagesPerRound;
        }

        public DataSize getMaxIndexMemory() {
            return maxIndexMemory;
        }

        public void setMaxIndexMemory(DataSize maxIndexMemory) {
            this.maxIndexMemory = maxIndexMemory;
        }
    }
}
