package io.github.notionsync.jooq.cluster;

import com.sun.management.GarbageCollectionNotificationInfo;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncListener;
import io.github.notionsync.SyncReport;
import io.github.notionsync.WhenBusy;
import io.github.notionsync.client.ClientStatistics;
import io.github.notionsync.client.RateLimit;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncConnections;
import io.github.notionsync.jooq.NotionSyncScheduler;
import io.github.notionsync.jooq.PostgresSyncLocks;
import io.github.notionsync.jooq.TokenEncryptionKeys;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * One application instance in its own JVM, for {@link KilledInstanceIT} and the cluster
 * benchmark: a Hikari pool, {@link PostgresSyncLocks}, an engine over the encrypted
 * {@code notion_sync_connections} table (clients pointed at the emulator) and a
 * {@link NotionSyncScheduler}. It runs until it is killed.
 *
 * <pre>
 * java -cp ... ClusterNodeMain JDBC_URL DB_USER EMULATOR_BASE_URL INSTANCE_NAME [--option=value ...]
 * </pre>
 *
 * The token key is read from the environment variable {@code NOTION_SYNC_TOKEN_KEY} (not an
 * argument, so that it does not show in the process list), the database password, if any, from
 * {@code NOTION_SYNC_DB_PASSWORD}. Options (defaults in brackets): {@code --mode=scheduler|serial}
 * [scheduler], {@code --threads} [engine parallelism], {@code --parallelism} [16], {@code --pool}
 * [8], {@code --min-idle} [pool], {@code --lease-ms} [3000], {@code --heartbeat-ms} [500],
 * {@code --missed-heartbeats} [4], {@code --polling-ms} [500], {@code --busy-retry-ms} [500],
 * {@code --interval-s} [3600], {@code --spread-s} [0], {@code --reconcile-ms} [30000],
 * {@code --rate} [20], {@code --burst} [5], {@code --fetch-content} [true], {@code --batch-size}
 * [100], {@code --stats-ms} [1000], {@code --client-stats-ms} [0: off], {@code --sync-connections}
 * [true], {@code --serial-limit} (serial mode: sync the first N connections by user id, then
 * exit) [all],
 * {@code --library-defaults=true} (scheduler mode: keep the library's polling, heartbeat, lease
 * and busy retry instead of the short ones above).
 *
 * <p>It prints, besides its log: {@code READY} once its scheduler runs, {@code FINISHED user=..
 * db=.. outcome=.. by=..} for every database sync it ends, and every {@code --stats-ms} a line
 * {@code STATS heap_used_mb=.. heap_after_gc_mb=.. heap_max_used_mb=.. xmx_mb=..} (after GC: the
 * heap still used after the latest collection; after a full one, the live heap), and with
 * {@code --client-stats-ms=N} every N ms a line {@code CLIENTS clients=.. requests=.. retries=..
 * rate_limited=..}: the Notion clients' own counters, summed (serial mode prints it at the end).
 */
public final class ClusterNodeMain {

    /** The environment variable with the token encryption key. */
    public static final String KEY_VARIABLE = "NOTION_SYNC_TOKEN_KEY";
    /** The environment variable with the database password, if any. */
    public static final String PASSWORD_VARIABLE = "NOTION_SYNC_DB_PASSWORD";

    private ClusterNodeMain() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("Usage: ClusterNodeMain JDBC_URL DB_USER EMULATOR_BASE_URL INSTANCE_NAME [--option=value]");
            System.exit(2);
        }
        String jdbcUrl = args[0];
        String dbUser = args[1];
        URI emulator = URI.create(args[2]);
        String name = args[3];
        Map<String, String> o = new HashMap<>();
        for (int i = 4; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("Expected --option=value, got " + a);
            }
            o.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        String key = System.getenv(KEY_VARIABLE);
        if (key == null || key.isBlank()) {
            throw new IllegalStateException(KEY_VARIABLE + " is not set");
        }
        boolean serial = "serial".equals(o.getOrDefault("mode", "scheduler"));
        boolean libraryDefaults = Boolean.parseBoolean(o.getOrDefault("library-defaults", "false"));
        int pool = intOpt(o, "pool", 8);

        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setUsername(dbUser);
        String password = System.getenv(PASSWORD_VARIABLE);
        if (password != null && !password.isEmpty()) {
            hc.setPassword(password);
        }
        hc.setMaximumPoolSize(pool);
        hc.setMinimumIdle(Math.min(pool, intOpt(o, "min-idle", pool)));
        hc.setPoolName(name);
        hc.addDataSourceProperty("ApplicationName", name);
        HikariDataSource ds = new HikariDataSource(hc);

        double rate = Double.parseDouble(o.getOrDefault("rate", "20"));
        int burst = intOpt(o, "burst", 5);
        NotionSyncConnections source = NotionSyncConnections.builder(ds, TokenEncryptionKeys.of(key))
                .clientSettings(b -> b.baseUrl(emulator).rateLimit(new RateLimit(rate, burst))).build();
        PostgresSyncLocks locks = libraryDefaults ? PostgresSyncLocks.create(ds, "public")
                : PostgresSyncLocks.create(ds, "public", Duration.ofMillis(intOpt(o, "lease-ms", 3000)));
        NotionSync engine = NotionSync.builder()
                .repository(JooqSyncRepository.create(ds))
                .connections(source)
                .locks(locks)
                .instanceName(name)
                .parallelism(intOpt(o, "parallelism", NotionSync.Builder.DEFAULT_PARALLELISM))
                .fetchContent(Boolean.parseBoolean(o.getOrDefault("fetch-content", "true")))
                .batchSize(intOpt(o, "batch-size", NotionSync.Builder.DEFAULT_BATCH_SIZE))
                .listener(new SyncListener() {
                    @Override
                    public void onDatabaseFinished(String userId, DatabaseSyncReport report) {
                        System.out.println("FINISHED user=" + userId + " db=" + report.databaseName() + " outcome="
                                + report.outcome() + " by=" + name);
                    }
                })
                .build();

        ScheduledExecutorService stats = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-stats");
            t.setDaemon(true);
            return t;
        });
        watchCollections();
        long statsMs = intOpt(o, "stats-ms", 1000);
        stats.scheduleAtFixedRate(ClusterNodeMain::printStats, 0, statsMs, TimeUnit.MILLISECONDS);
        long clientStatsMs = intOpt(o, "client-stats-ms", 0);
        if (clientStatsMs > 0) {
            stats.scheduleAtFixedRate(() -> printClientStats(source), clientStatsMs, clientStatsMs,
                    TimeUnit.MILLISECONDS);
        }

        if (serial) {
            // The old serial coordinator: one thread, one connection after the other.
            int limit = intOpt(o, "serial-limit", Integer.MAX_VALUE);
            List<SyncConnection> all = engine.connections().stream()
                    .sorted(Comparator.comparing(SyncConnection::userId).thenComparing(SyncConnection::name))
                    .limit(limit).toList();
            System.out.println("READY serial " + all.size() + " connections");
            long t0 = System.nanoTime();
            int failed = 0;
            for (SyncConnection c : all) {
                SyncReport r = engine.syncConnection(c.userId(), c.name(), false, WhenBusy.WAIT);
                failed += (int) r.databases().stream().filter(d -> d.outcome() != io.github.notionsync.SyncOutcome.SUCCESS)
                        .count();
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.gc(); // so that the last STATS line's heap after GC is the live heap
            printStats();
            printClientStats(source);
            System.out.println("SERIAL-DONE connections=" + all.size() + " ms=" + ms + " failed=" + failed);
            engine.close();
            locks.close();
            source.close();
            ds.close();
            System.exit(0);
        }

        NotionSyncScheduler.Builder sb = NotionSyncScheduler.builder(ds, engine)
                .connectionInterval(Duration.ofSeconds(intOpt(o, "interval-s", 3600)))
                .spread(Duration.ofSeconds(intOpt(o, "spread-s", 0)))
                .reconcileInterval(Duration.ofMillis(intOpt(o, "reconcile-ms", 30_000)))
                .syncConnections(Boolean.parseBoolean(o.getOrDefault("sync-connections", "true")))
                .shutdownMaxWait(Duration.ofSeconds(2));
        if (o.containsKey("threads")) {
            sb.threads(intOpt(o, "threads", 0));
        }
        if (!libraryDefaults) {
            sb.pollingInterval(Duration.ofMillis(intOpt(o, "polling-ms", 500)))
                    .heartbeatInterval(Duration.ofMillis(intOpt(o, "heartbeat-ms", 500)))
                    .missedHeartbeatsLimit(intOpt(o, "missed-heartbeats", 4))
                    .busyRetry(Duration.ofMillis(intOpt(o, "busy-retry-ms", 500)));
        }
        NotionSyncScheduler scheduler = sb.build();
        scheduler.start();
        System.out.println("READY " + name + " pid " + ProcessHandle.current().pid() + " " + scheduler);
        new CountDownLatch(1).await();
    }

    private static int intOpt(Map<String, String> o, String key, int fallback) {
        String v = o.get(key);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static final AtomicLong AFTER_GC = new AtomicLong();
    private static final AtomicLong MAX_USED = new AtomicLong();

    /** Keeps the heap used after every collection (after a full one: the live heap). */
    private static void watchCollections() {
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((n, handback) -> {
                    if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        return;
                    }
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData());
                    long after = 0;
                    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
                        MemoryUsage u = info.getGcInfo().getMemoryUsageAfterGc().get(p.getName());
                        if (p.getType() == MemoryType.HEAP && u != null) {
                            after += u.getUsed();
                        }
                    }
                    AFTER_GC.set(after);
                }, null, null);
            }
        }
    }

    /**
     * One STATS line: heap used now (garbage included), heap used after the latest collection,
     * the most heap used at any STATS line so far, and the maximum heap.
     */
    static void printStats() {
        long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        long maxUsed = MAX_USED.accumulateAndGet(used, Math::max);
        System.out.printf(Locale.ROOT, "STATS heap_used_mb=%.1f heap_after_gc_mb=%.1f heap_max_used_mb=%.1f"
                + " xmx_mb=%d threads=%d%n", mb(used), mb(AFTER_GC.get()), mb(maxUsed),
                Runtime.getRuntime().maxMemory() >> 20, Thread.activeCount());
    }

    /** One CLIENTS line: the counters of every Notion client of the source's connections, summed. */
    static void printClientStats(NotionSyncConnections source) {
        try {
            long clients = 0;
            long requests = 0;
            long retries = 0;
            long rateLimited = 0;
            for (SyncConnection c : source.connections()) {
                ClientStatistics s = c.client().statistics();
                clients++;
                requests += s.requests();
                retries += s.retries();
                rateLimited += s.rateLimited();
            }
            System.out.printf(Locale.ROOT, "CLIENTS clients=%d requests=%d retries=%d rate_limited=%d%n", clients,
                    requests, retries, rateLimited);
        } catch (RuntimeException e) {
            System.out.println("CLIENTS unavailable: " + e);
        }
    }

    private static double mb(long bytes) {
        return bytes / 1048576.0;
    }
}
