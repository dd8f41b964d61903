package io.github.notionsync;

import io.github.notionsync.internal.sync.DatabaseSync;
import io.github.notionsync.internal.write.OutboxPusher;
import io.github.notionsync.spi.OutboxRepository;
import io.github.notionsync.spi.ConnectionSource;
import io.github.notionsync.spi.SyncLockProvider;
import io.github.notionsync.spi.SyncRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The sync engine: mirrors the configured Notion databases of each user into a
 * {@link SyncRepository}.
 *
 * <pre>{@code
 * NotionSync sync = NotionSync.builder()
 *         .repository(new InMemorySyncRepository())
 *         .connection(SyncConnection.of("user-id", notionClient,
 *                 DatabaseConfig.of("Characters", "https://www.notion.so/…", TargetKind.CHARACTERS)))
 *         .build();
 * SyncReport report = sync.syncAll();
 * }</pre>
 *
 * <h2>How a database is synced</h2>
 * <ul>
 *   <li><b>Incremental</b> (the usual run): pages whose {@code last_edited_time} is on or after the
 *       stored watermark minus {@link Builder#overlap(Duration) an overlap} (Notion rounds edit
 *       times down to the minute), oldest edit first. A page whose edit time equals the stored
 *       one costs nothing more; others get their content fetched, are extracted and hashed, and
 *       are written only when the hash differs. Pages are written in batches, each with the
 *       watermark it allows, in one atomic store call: a crash loses nothing and repeats at most
 *       one batch.</li>
 *   <li><b>Full pass</b> (the first run, on request, and every
 *       {@link Builder#fullSyncInterval(Duration)}): every page; stored pages it did not see are
 *       checked one by one with a page request and marked deleted with the reason (trashed,
 *       archived, gone or no longer shared, moved). A pass that does not finish deletes
 *       nothing. Restored pages come back on the next pass.</li>
 *   <li>One failing page (its content vanished, a malformed value) is recorded as a sync error
 *       and skipped. A fatal error (401, database not shared, Notion down after retries, store
 *       down) ends that database's run as {@link SyncOutcome#FAILED} and leaves the others
 *       running.</li>
 *   <li>Connections sync in parallel on a bounded pool ({@link Builder#parallelism(int)}, shared by
 *       every call); the databases of one connection sync one after the other, since they share
 *       its rate limit. A second call for a database that is syncing in this engine waits for that
 *       sync to end and then runs its own (or skips or fails, as its {@link WhenBusy} says).</li>
 * </ul>
 *
 * <h2>Locks: one connection's work in one place at a time</h2>
 * Every database sync, whoever asked for it, runs under the lock of its connection taken from the
 * {@link Builder#locks(SyncLockProvider) lock provider} (in-process by default; the PostgreSQL one
 * of {@code notion-sync-jooq} holds across instances). So two instances never sync one database at
 * once, and one token's requests come from one place, which keeps Notion's per-token rate limit.
 * When the connection is busy elsewhere, the call waits, skips or fails as its {@link WhenBusy}
 * says; the methods without one wait.
 *
 * <h2>Connections that change at runtime</h2>
 * Connections added with {@link Builder#connection(SyncConnection)} are fixed for the engine's
 * life. Where users connect and disconnect their own workspaces, give the builder a
 * {@link ConnectionSource} instead ({@link Builder#connections(ConnectionSource)}): every run and
 * every lookup of a user's databases asks it afresh, so {@link #syncAll(String)} covers the
 * user's connections as they are at that moment.
 */
public final class NotionSync implements AutoCloseable {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(NotionSync.class);

    private final List<SyncConnection> fixedConnections;
    private final ConnectionSource source;
    private final SyncRepository repository;
    private final PageExtractor extractor;
    private final ChangeDetector detector;
    private final SyncListener listener;
    private final DatabaseSync.Settings settings;
    private final Clock clock;
    private final ExecutorService pool;
    private final SyncLockProvider locks;
    private final String instanceName;
    private final Duration lockWaitTimeout;
    private final int parallelism;
    private final java.util.Set<AtomicBoolean> activeRuns = ConcurrentHashMap.newKeySet();
    private final Map<String, CompletableFuture<DatabaseSyncReport>> running = new ConcurrentHashMap<>();
    private final OutboxRepository outbox;
    private final NotionWrites writes;

    private NotionSync(Builder b) {
        this.fixedConnections = List.copyOf(b.connections);
        this.source = b.source;
        this.repository = b.repository;
        this.extractor = b.extractor;
        this.detector = b.detector;
        this.listener = b.listeners.isEmpty() ? new SyncListener() { } : fanOut(List.copyOf(b.listeners));
        this.settings = new DatabaseSync.Settings(b.batchSize, b.overlap, b.fullSyncInterval, b.fetchContent,
                b.contentDepth, b.maxBlocksPerPage, b.rereadContentOnFullPass);
        this.clock = b.clock;
        this.locks = b.locks;
        this.instanceName = b.instanceName;
        this.lockWaitTimeout = b.lockWaitTimeout;
        this.parallelism = b.parallelism;
        this.outbox = b.outbox;
        this.writes = b.outbox == null ? null : new NotionWrites(b.outbox, new OutboxPusher(this::connectionsOf,
                b.outbox, b.repository, b.extractor, b.detector, b.locks, b.instanceName, b.clock,
                new OutboxPusher.Settings(b.maxWriteAttempts, Duration.ofSeconds(1), Duration.ofMinutes(5),
                        b.contentDepth, b.maxBlocksPerPage)));
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(b.parallelism, r -> {
            Thread t = new Thread(r, "notion-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** A builder; a repository is required, and connections or a connection source to sync anything. */
    public static Builder builder() {
        return new Builder();
    }

    /** Syncs every database of every connection (incremental, or a full pass where one is due). */
    public SyncReport syncAll() {
        return run(connections(), null, false, WhenBusy.WAIT);
    }

    /**
     * Syncs every database of every connection, with {@code fullPass} forcing a full pass of each
     * (which also detects deletions), as after the workspace was restored or replaced.
     */
    public SyncReport syncAll(boolean fullPass) {
        return run(connections(), null, fullPass, WhenBusy.WAIT);
    }

    /** Syncs every database of the user's connections. */
    public SyncReport syncAll(String userId) {
        return syncAll(userId, false, WhenBusy.WAIT);
    }

    /**
     * Syncs every database of the user's connections.
     *
     * @param fullPass whether to force a full pass of each
     * @param whenBusy what to do with a database whose connection is syncing elsewhere
     * @throws UnknownDatabaseException if the user has no databases
     * @throws SyncInProgressException with {@link WhenBusy#FAIL}, if a connection is busy
     */
    public SyncReport syncAll(String userId, boolean fullPass, WhenBusy whenBusy) {
        List<SyncConnection> mine = connectionsOf(userId);
        if (mine.stream().allMatch(c -> c.databases().isEmpty())) {
            throw new UnknownDatabaseException(userId, "*");
        }
        return run(mine, null, fullPass, whenBusy);
    }

    /**
     * Syncs every database of one of the user's connections, as a schedule does.
     *
     * @param connectionName the connection's {@link SyncConnection#name() name}
     * @throws UnknownDatabaseException if the user has no connection of that name
     */
    public SyncReport syncConnection(String userId, String connectionName, boolean fullPass, WhenBusy whenBusy) {
        List<SyncConnection> named = connectionsOf(userId).stream()
                .filter(c -> c.name().equals(connectionName)).toList();
        if (named.isEmpty()) {
            throw new UnknownDatabaseException(userId, "connection " + connectionName);
        }
        return syncConnections(named, fullPass, whenBusy);
    }

    /**
     * Syncs the databases of connections a caller already looked up with {@link #connections(String)}
     * (a scheduler does, to know what to expect), without asking the connection source again.
     */
    public SyncReport syncConnections(List<SyncConnection> connections, boolean fullPass, WhenBusy whenBusy) {
        return run(List.copyOf(connections), null, fullPass, whenBusy);
    }

    /**
     * Syncs one database of a user.
     *
     * @param database the database id, URL or configured name
     * @param fullPass whether to force a full pass (which also detects deletions)
     * @throws UnknownDatabaseException if the user has no such database
     */
    public SyncReport syncDatabase(String userId, String database, boolean fullPass) {
        return syncDatabase(userId, database, fullPass, WhenBusy.WAIT);
    }

    /**
     * Syncs one database of a user.
     *
     * @param database the database id, URL or configured name
     * @param fullPass whether to force a full pass (which also detects deletions)
     * @param whenBusy what to do if its connection is syncing elsewhere
     * @throws UnknownDatabaseException if the user has no such database
     * @throws SyncInProgressException with {@link WhenBusy#FAIL}, if its connection is busy
     */
    public SyncReport syncDatabase(String userId, String database, boolean fullPass, WhenBusy whenBusy) {
        for (SyncConnection c : connectionsOf(userId)) {
            for (DatabaseConfig db : c.databases()) {
                if (matches(db, database)) {
                    return run(List.of(c.withDatabases(List.of(db))), db, fullPass, whenBusy);
                }
            }
        }
        throw new UnknownDatabaseException(userId, database);
    }

    /**
     * The user's database with this id, URL or configured name (case-insensitive), if any.
     */
    public java.util.Optional<DatabaseConfig> findDatabase(String userId, String database) {
        return databases(userId).stream().filter(db -> matches(db, database)).findFirst();
    }

    /** Incremental (or due full) sync of one database; see {@link #syncDatabase(String, String, boolean)}. */
    public SyncReport syncDatabase(String userId, String database) {
        return syncDatabase(userId, database, false);
    }

    /** The databases configured for a user, in configuration order. */
    public List<DatabaseConfig> databases(String userId) {
        List<DatabaseConfig> out = new ArrayList<>();
        connectionsOf(userId).forEach(c -> out.addAll(c.databases()));
        return out;
    }

    /**
     * Every connection as of now: those added to the builder, then those of the
     * {@link Builder#connections(ConnectionSource) connection source}, if any.
     */
    public List<SyncConnection> connections() {
        if (source == null) {
            return fixedConnections;
        }
        List<SyncConnection> all = new ArrayList<>(fixedConnections);
        all.addAll(source.connections());
        return withoutRepeats(all);
    }

    /**
     * The connections with every database a user already has through an earlier connection left
     * out (logged): a source may repeat one that the builder or another source row also lists, and
     * syncing it twice in a run would double its counts.
     */
    private static List<SyncConnection> withoutRepeats(List<SyncConnection> connections) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        List<SyncConnection> out = new ArrayList<>(connections.size());
        for (SyncConnection c : connections) {
            List<DatabaseConfig> dbs = new ArrayList<>(c.databases().size());
            for (DatabaseConfig db : c.databases()) {
                if (seen.add(c.userId() + '/' + db.id().value())) {
                    dbs.add(db);
                } else {
                    log.warn("Database {} ({}) of user {} is listed by more than one connection; syncing it once",
                            db.name(), db.id(), c.userId());
                }
            }
            out.add(dbs.size() == c.databases().size() ? c : c.withDatabases(dbs));
        }
        return out;
    }

    /** The user's connections as of now (asking the connection source, if any). */
    public List<SyncConnection> connections(String userId) {
        return connectionsOf(userId);
    }

    /** The clock run times and watermarks are stamped with. */
    public Clock clock() {
        return clock;
    }

    /** Connections synced at once (see {@link Builder#parallelism(int)}). */
    public int parallelism() {
        return parallelism;
    }

    /** The lock provider every database sync takes its connection's lock from. */
    public SyncLockProvider locks() {
        return locks;
    }

    /** The name this engine holds locks under (see {@link Builder#instanceName(String)}). */
    public String instanceName() {
        return instanceName;
    }

    /** The lock key of a connection: every sync of its databases holds it. */
    public static String lockKey(String userId, String connectionName) {
        return "connection:" + userId + '/' + connectionName;
    }

    /** The repository this engine writes to. */
    public SyncRepository repository() {
        return repository;
    }

    /**
     * Writing back to Notion through the {@link Builder#outbox(OutboxRepository) outbox}.
     *
     * @throws IllegalStateException if the engine has no outbox
     */
    public NotionWrites writes() {
        if (writes == null) {
            throw new IllegalStateException("Writing back to Notion needs an outbox: call outbox(...) on the builder"
                    + " (notion-sync-jooq's NotionSyncPostgres.outbox())");
        }
        return writes;
    }

    /** Asks every running sync to stop after its current page; they end as {@link SyncOutcome#CANCELLED}. */
    public void cancelAll() {
        activeRuns.forEach(flag -> flag.set(true));
    }

    /**
     * Cancels running syncs, stops the pool and closes the clients of the connections given to the
     * builder. A {@link ConnectionSource} and its clients are left to whoever made it.
     */
    @Override
    public void close() {
        cancelAll();
        pool.shutdownNow();
        for (SyncConnection c : fixedConnections) {
            try {
                c.client().close();
            } catch (Exception e) {
                log.debug("Closing the client of {}'s connection failed: {}", c.userId(), e.toString());
            }
        }
    }

    private SyncReport run(List<SyncConnection> targets, DatabaseConfig only, boolean fullPass, WhenBusy whenBusy) {
        Objects.requireNonNull(whenBusy, "whenBusy");
        if (pool.isShutdown()) {
            throw new IllegalStateException("This NotionSync is closed");
        }
        AtomicBoolean cancelled = new AtomicBoolean();
        activeRuns.add(cancelled);
        try {
            return run(targets, only, fullPass, whenBusy, cancelled);
        } finally {
            activeRuns.remove(cancelled);
        }
    }

    private SyncReport run(List<SyncConnection> targets, DatabaseConfig only, boolean fullPass, WhenBusy whenBusy,
            AtomicBoolean cancelled) {
        UUID runId = UUID.randomUUID();
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        List<CompletableFuture<List<DatabaseSyncReport>>> perConnection = new ArrayList<>();
        for (SyncConnection c : targets) {
            perConnection.add(CompletableFuture.supplyAsync(() -> {
                List<DatabaseSyncReport> reports = new ArrayList<>();
                for (DatabaseConfig db : c.databases()) {
                    if (only == null || only.equals(db)) {
                        syncOne(runId, c, db, fullPass, whenBusy, cancelled).ifPresent(reports::add);
                    }
                }
                return reports;
            }, pool));
        }
        List<DatabaseSyncReport> reports = new ArrayList<>();
        for (CompletableFuture<List<DatabaseSyncReport>> f : perConnection) {
            reports.addAll(join(f));
        }
        return new SyncReport(runId, started, Duration.ofNanos(System.nanoTime() - t0), reports);
    }

    /**
     * Runs a database under its connection's lock, unless it is already running in this engine, in
     * which case it joins that run; empty when the connection is busy elsewhere and
     * {@code whenBusy} is {@link WhenBusy#SKIP}.
     */
    private java.util.Optional<DatabaseSyncReport> syncOne(UUID runId, SyncConnection c, DatabaseConfig db,
            boolean fullPass, WhenBusy whenBusy, AtomicBoolean cancelled) {
        String key = c.userId() + '\u0000' + db.id().value();
        CompletableFuture<DatabaseSyncReport> mine = new CompletableFuture<>();
        CompletableFuture<DatabaseSyncReport> existing;
        while ((existing = running.putIfAbsent(key, mine)) != null) {
            // Busy here: a waiting call waits for the running sync to end and then runs its own (the
            // running one may be incremental where this asks for a full pass, or may already have
            // read past a change this call is about); the others skip or fail as they asked.
            if (whenBusy == WhenBusy.SKIP) {
                return java.util.Optional.empty();
            }
            if (whenBusy == WhenBusy.FAIL) {
                throw new SyncInProgressException(c.userId(), db.name(), "A sync of '" + db.name() + "' for user "
                        + c.userId() + " is already running");
            }
            try {
                existing.join();
            } catch (java.util.concurrent.CompletionException | java.util.concurrent.CancellationException e) {
                // its failure is its caller's; this call runs its own sync next
            }
            if (cancelled.get()) {
                throw new SyncInProgressException(c.userId(), db.name(), "Cancelled while waiting for a sync of '"
                        + db.name() + "' for user " + c.userId());
            }
        }
        try {
            java.util.Optional<SyncLockProvider.SyncLock> lock = lock(c, db, whenBusy, cancelled);
            if (lock.isEmpty()) {
                mine.complete(null);
                return java.util.Optional.empty();
            }
            try (SyncLockProvider.SyncLock held = lock.get()) {
                // A lock whose lease was lost (this process stalled) ends the run as cancelled.
                DatabaseSync run = new DatabaseSync(runId, c.userId(), c.client(), db, repository, extractor,
                        detector, listener, settings, clock, () -> cancelled.get() || !held.valid(), outbox);
                DatabaseSyncReport report = run.run(fullPass);
                mine.complete(report);
                return java.util.Optional.of(report);
            }
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    /** Takes the connection's lock as {@code whenBusy} says; empty means skip. */
    private java.util.Optional<SyncLockProvider.SyncLock> lock(SyncConnection c, DatabaseConfig db, WhenBusy whenBusy,
            AtomicBoolean cancelled) {
        String key = lockKey(c.userId(), c.name());
        long deadline = System.nanoTime() + lockWaitTimeout.toNanos();
        long pause = 20;
        while (true) {
            java.util.Optional<SyncLockProvider.SyncLock> lock = locks.tryLock(key, instanceName);
            if (lock.isPresent()) {
                return lock;
            }
            if (whenBusy == WhenBusy.SKIP) {
                log.debug("Skipping '{}' of user {}: connection '{}' is syncing elsewhere", db.name(), c.userId(),
                        c.name());
                return java.util.Optional.empty();
            }
            if (whenBusy == WhenBusy.FAIL || System.nanoTime() > deadline || cancelled.get()) {
                throw new SyncInProgressException(c.userId(), db.name(), "A sync of '" + db.name() + "' for user "
                        + c.userId() + " cannot start: connection '" + c.name() + "' is syncing elsewhere"
                        + (whenBusy == WhenBusy.WAIT ? " (waited " + lockWaitTimeout + ")" : ""));
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SyncInProgressException(c.userId(), db.name(), "Interrupted while waiting for connection '"
                        + c.name() + "' of user " + c.userId());
            }
            pause = Math.min(pause * 2, 500);
        }
    }

    private List<SyncConnection> connectionsOf(String userId) {
        SyncConnection.requireValidUserId(userId);
        List<SyncConnection> mine = new ArrayList<>();
        for (SyncConnection c : fixedConnections) {
            if (c.userId().equals(userId)) {
                mine.add(c);
            }
        }
        if (source != null) {
            mine.addAll(source.connectionsOf(userId));
            return withoutRepeats(mine);
        }
        return mine;
    }

    private static boolean matches(DatabaseConfig db, String database) {
        if (database == null) {
            return false;
        }
        if (db.name().equalsIgnoreCase(database.strip())) {
            return true;
        }
        try {
            return db.id().equals(NotionId.parse(database));
        } catch (InvalidNotionIdException e) {
            return false;
        }
    }

    private static <T> T join(CompletableFuture<T> f) {
        try {
            return f.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** All listeners, each called even when an earlier one throws (its failure is logged). */
    private static SyncListener fanOut(List<SyncListener> listeners) {
        return new SyncListener() {
            @Override
            public void onProgress(String userId, DatabaseConfig database, int pagesDone, int pagesStoredBefore) {
                each(listeners, l -> l.onProgress(userId, database, pagesDone, pagesStoredBefore));
            }

            @Override
            public void onPageChanged(String userId, DatabaseConfig database, PageRecord page, boolean inserted) {
                each(listeners, l -> l.onPageChanged(userId, database, page, inserted));
            }

            @Override
            public void onPageDeleted(String userId, DatabaseConfig database, NotionId pageId, String reason) {
                each(listeners, l -> l.onPageDeleted(userId, database, pageId, reason));
            }

            @Override
            public void onDatabaseFinished(String userId, DatabaseSyncReport report) {
                each(listeners, l -> l.onDatabaseFinished(userId, report));
            }
        };
    }

    private static void each(List<SyncListener> listeners, java.util.function.Consumer<SyncListener> call) {
        for (SyncListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                log.warn("Sync listener {} failed: {}", l.getClass().getName(), e.toString());
            }
        }
    }

    /** Builds a {@link NotionSync}. Setters validate eagerly. */
    public static final class Builder {

        /** Pages per store write. */
        public static final int DEFAULT_BATCH_SIZE = 100;
        /** How far before the watermark an incremental sync looks again. */
        public static final Duration DEFAULT_OVERLAP = Duration.ofMinutes(2);
        /** How often a full pass (with deletion detection) runs. */
        public static final Duration DEFAULT_FULL_SYNC_INTERVAL = Duration.ofHours(6);
        /** Whether page content (blocks) is fetched. */
        public static final boolean DEFAULT_FETCH_CONTENT = true;
        /** Levels of nested blocks fetched. */
        public static final int DEFAULT_CONTENT_DEPTH = 3;
        /** Blocks fetched per page at most. */
        public static final int DEFAULT_MAX_BLOCKS_PER_PAGE = 2_000;
        /**
         * Connections synced at once: a sync mostly waits for its token's rate limit, so threads are
         * cheap; each holds a database connection only while it writes.
         */
        public static final int DEFAULT_PARALLELISM = 16;
        /** How long a call that waits for a busy connection waits at most. */
        public static final Duration DEFAULT_LOCK_WAIT_TIMEOUT = Duration.ofHours(1);
        /** Attempts of a change to Notion before it fails (429, 5xx and lost replies are tried again). */
        public static final int DEFAULT_MAX_WRITE_ATTEMPTS = 8;

        private final List<SyncConnection> connections = new ArrayList<>();
        private final List<SyncListener> listeners = new ArrayList<>();
        private ConnectionSource source;
        private SyncRepository repository;
        private PageExtractor extractor = PageExtractor.standard();
        private ChangeDetector detector = new ContentHashChangeDetector();
        private int batchSize = DEFAULT_BATCH_SIZE;
        private Duration overlap = DEFAULT_OVERLAP;
        private Duration fullSyncInterval = DEFAULT_FULL_SYNC_INTERVAL;
        private boolean fetchContent = DEFAULT_FETCH_CONTENT;
        private int contentDepth = DEFAULT_CONTENT_DEPTH;
        private int maxBlocksPerPage = DEFAULT_MAX_BLOCKS_PER_PAGE;
        private boolean rereadContentOnFullPass;
        private int parallelism = DEFAULT_PARALLELISM;
        private Clock clock = Clock.systemUTC();
        private SyncLockProvider locks = new InProcessSyncLocks();
        private String instanceName = defaultInstanceName();
        private Duration lockWaitTimeout = DEFAULT_LOCK_WAIT_TIMEOUT;
        private OutboxRepository outbox;
        private int maxWriteAttempts = DEFAULT_MAX_WRITE_ATTEMPTS;

        private Builder() {
        }

        private static String defaultInstanceName() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException | RuntimeException e) {
                host = "localhost";
            }
            return host + '/' + ProcessHandle.current().pid();
        }

        /**
         * Where every database sync takes its connection's lock; default an
         * {@link InProcessSyncLocks} of this engine. Give every instance the same PostgreSQL provider
         * when several share a database.
         */
        public Builder locks(SyncLockProvider locks) {
            this.locks = Objects.requireNonNull(locks, "locks");
            return this;
        }

        /** The name this engine holds locks under, shown where people see who is busy; default host/pid. */
        public Builder instanceName(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank() || name.length() > 200) {
                throw new IllegalArgumentException("instanceName must be 1 to 200 characters");
            }
            this.instanceName = name;
            return this;
        }

        /** How long a {@link WhenBusy#WAIT} call waits for a busy connection; default 1 hour. */
        public Builder lockWaitTimeout(Duration timeout) {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative()) {
                throw new IllegalArgumentException("lockWaitTimeout must not be negative, got " + timeout);
            }
            this.lockWaitTimeout = timeout;
            return this;
        }

        /**
         * The outbox of changes to write back to Notion ({@link NotionWrites}); with one, syncs
         * also keep each database's schema in it, to check changes against. Default none.
         */
        public Builder outbox(OutboxRepository outbox) {
            this.outbox = Objects.requireNonNull(outbox, "outbox");
            return this;
        }

        /** Attempts of a change to Notion before it fails, 1 to 100; default 8. */
        public Builder maxWriteAttempts(int attempts) {
            if (attempts < 1 || attempts > 100) {
                throw new IllegalArgumentException("maxWriteAttempts must be between 1 and 100, got " + attempts);
            }
            this.maxWriteAttempts = attempts;
            return this;
        }

        /** Where pages and sync state are stored. Required. */
        public Builder repository(SyncRepository repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
            return this;
        }

        /** Adds a user's connection and its databases. */
        public Builder connection(SyncConnection connection) {
            Objects.requireNonNull(connection, "connection");
            for (SyncConnection c : connections) {
                for (DatabaseConfig existing : c.databases()) {
                    for (DatabaseConfig added : connection.databases()) {
                        if (c.userId().equals(connection.userId()) && existing.id().equals(added.id())) {
                            throw new IllegalArgumentException("Database " + added.id() + " is configured twice for"
                                    + " user " + connection.userId());
                        }
                    }
                }
            }
            connections.add(connection);
            return this;
        }

        /**
         * Where to find connections that change at runtime, asked at the start of every run; see
         * {@link ConnectionSource}. Its connections come after those added with
         * {@link #connection(SyncConnection)}. Setting it again replaces the earlier source.
         */
        public Builder connections(ConnectionSource source) {
            this.source = Objects.requireNonNull(source, "source");
            return this;
        }

        /** The extractor; default {@link PageExtractor#standard()}. */
        public Builder extractor(PageExtractor extractor) {
            this.extractor = Objects.requireNonNull(extractor, "extractor");
            return this;
        }

        /** The change detector; default {@link ContentHashChangeDetector}. */
        public Builder changeDetector(ChangeDetector detector) {
            this.detector = Objects.requireNonNull(detector, "detector");
            return this;
        }

        /** Adds a listener for progress and change events. */
        public Builder listener(SyncListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /** Pages per store write, 1 to 1,000; default 100. */
        public Builder batchSize(int batchSize) {
            if (batchSize < 1 || batchSize > 1_000) {
                throw new IllegalArgumentException("batchSize must be between 1 and 1000, got " + batchSize);
            }
            this.batchSize = batchSize;
            return this;
        }

        /** How far before the watermark incremental syncs look again; at least 1 minute; default 2. */
        public Builder overlap(Duration overlap) {
            Objects.requireNonNull(overlap, "overlap");
            if (overlap.compareTo(Duration.ofMinutes(1)) < 0) {
                throw new IllegalArgumentException("overlap must be at least one minute, since Notion rounds edit"
                        + " times down to the minute; got " + overlap);
            }
            this.overlap = overlap;
            return this;
        }

        /** How often a full pass runs; default 6 hours. */
        public Builder fullSyncInterval(Duration interval) {
            Objects.requireNonNull(interval, "interval");
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("fullSyncInterval must be positive, got " + interval);
            }
            this.fullSyncInterval = interval;
            return this;
        }

        /** Whether to fetch page content (blocks); default true. */
        public Builder fetchContent(boolean fetchContent) {
            this.fetchContent = fetchContent;
            return this;
        }

        /** Levels of nested blocks to fetch, 1 to 20; default 3. */
        public Builder contentDepth(int depth) {
            if (depth < 1 || depth > 20) {
                throw new IllegalArgumentException("contentDepth must be between 1 and 20, got " + depth);
            }
            this.contentDepth = depth;
            return this;
        }

        /** Blocks fetched per page at most; default 2,000. */
        public Builder maxBlocksPerPage(int maxBlocks) {
            if (maxBlocks < 1) {
                throw new IllegalArgumentException("maxBlocksPerPage must be positive, got " + maxBlocks);
            }
            this.maxBlocksPerPage = maxBlocks;
            return this;
        }

        /**
         * Whether a full pass re-reads the content of every page, since a content edit does not
         * always move a page's {@code last_edited_time}; default false.
         */
        public Builder rereadContentOnFullPass(boolean reread) {
            this.rereadContentOnFullPass = reread;
            return this;
        }

        /** Connections synced at once by every call and schedule together, 1 to 64; default 16. */
        public Builder parallelism(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("parallelism must be between 1 and 64, got " + threads);
            }
            this.parallelism = threads;
            return this;
        }

        /** The clock for run times and watermarks; default UTC system clock. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Builds the engine.
         *
         * @throws IllegalStateException if the repository is missing
         */
        public NotionSync build() {
            if (repository == null) {
                throw new IllegalStateException("A repository is required: call repository(...)");
            }
            return new NotionSync(this);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "NotionSync.Builder[%d connections%s, batch %d, overlap %s, full every %s]",
                    connections.size(), source == null ? "" : " and a connection source", batchSize, overlap,
                    fullSyncInterval);
        }
    }
}
