package io.github.notionsync.jooq.bench;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.RateLimit;
import io.github.notionsync.jooq.NotionSyncPostgres;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Writing back at Notion's rate limit ({@code scripts/bench-writes [updates] [pending] [window]}):
 * <ol>
 *   <li>Throughput: the emulator and the client at 3 requests/s per token; a queue of property
 *       updates (default 1,000) is drained by the engine's pusher. Its request rate is compared with
 *       the limit and with a baseline measured in the same process: the same client sending plain
 *       page reads back to back for as many requests.</li>
 *   <li>Heap: a queue of pending changes (default 10,000) in the outbox, heap used after GC before
 *       enqueueing, with the queue pending, and at its peak while the queue drains (emulator
 *       without rate limit; sampled for the first {@code window} seconds, default 60), against the
 *       engine's heap with an empty queue.</li>
 * </ol>
 */
public final class WritesBenchmark {

    private static final String USER = DemoWorkspace.OWNER_USER_ID;

    private WritesBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int updates = args.length > 0 ? Integer.parseInt(args[0]) : 1_000;
        int pending = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int window = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        try (TestDatabase db = PostgresServers.shared().createDatabase("nst_writes_bench")) {
            throughput(db, updates);
            heap(db, pending, window);
        }
        System.exit(0); // a drain still running after the window ends with the process
    }

    private static void throughput(TestDatabase db, int updates) throws Exception {
        try (NotionEmulator notion = NotionEmulator.builder().rateLimit(3, 3).build().start()) {
            DemoWorkspace demo = notion.workspace().loadDemo();
            HttpNotionClient client = client(notion, demo, true);
            try (NotionSync engine = engine(db, "tput", client, demo)) {
                engine.syncDatabase(USER, "Characters", true);
                List<String> pages = pages(db.dataSource(), "tput");
                for (int i = 0; i < updates; i++) {
                    engine.writes().updatePage(USER, pages.get(i % pages.size()), Map.of("Age", i));
                }
                // Baseline: the same client, plain page reads back to back, as many as the drain sends.
                long baselineRequests = 2L * Math.min(updates, 90);
                long t0 = System.nanoTime();
                for (int i = 0; i < baselineRequests; i++) {
                    client.retrievePage(NotionId.parse(pages.get(i % pages.size())));
                }
                double baselineRate = baselineRequests / seconds(t0);

                long before = notion.totalRequests();
                long t1 = System.nanoTime();
                int tried = engine.writes().push(USER);
                double elapsed = seconds(t1);
                long requests = notion.totalRequests() - before;
                long applied = count(db.dataSource(), "SELECT count(*) FROM tput.notion_sync_outbox WHERE status = 'applied'");
                long rejected = notion.requestLog().stream().filter(r -> r.status() == 429).count();
                double rate = requests / elapsed;
                System.out.printf(Locale.ROOT, "drain: %d updates (%d tried, %d applied) in %.1f s: %d requests,"
                        + " %.3f requests/s%n", updates, tried, applied, elapsed, requests, rate);
                System.out.printf(Locale.ROOT, "baseline: %d plain page reads at %.3f requests/s%n", baselineRequests,
                        baselineRate);
                System.out.printf(Locale.ROOT, "ratio to the limit (3/s): %.3f; to the baseline: %.3f; 429s seen: %d%n",
                        rate / 3.0, rate / baselineRate, rejected);
            }
        }
    }

    private static void heap(TestDatabase db, int pending, int window) throws Exception {
        try (NotionEmulator notion = NotionEmulator.builder().build().start()) {
            DemoWorkspace demo = notion.workspace().loadDemo();
            try (NotionSync engine = engine(db, "heap", client(notion, demo, false), demo)) {
                engine.syncDatabase(USER, "Characters", true);
                List<String> pages = pages(db.dataSource(), "heap");
                engine.writes().push(USER); // warm the push path with an empty queue
                // The emulator shares this heap: its request log is emptied before each sample.
                notion.resetRequests();
                long empty = usedAfterGc();
                for (int i = 0; i < pending; i++) {
                    engine.writes().updatePage(USER, pages.get(i % pages.size()), Map.of("Age", i));
                }
                notion.resetRequests();
                long queued = usedAfterGc();
                AtomicBoolean draining = new AtomicBoolean(true);
                AtomicLong peak = new AtomicLong(queued);
                Thread sampler = new Thread(() -> {
                    while (draining.get()) {
                        notion.resetRequests();
                        peak.accumulateAndGet(usedAfterGc(), Math::max);
                        try {
                            Thread.sleep(500);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                sampler.start();
                long t0 = System.nanoTime();
                Thread drain = new Thread(() -> engine.writes().push(USER), "drain");
                drain.setDaemon(true);
                drain.start();
                drain.join(window * 1_000L);
                double elapsed = seconds(t0);
                draining.set(false);
                sampler.join();
                long applied = count(db.dataSource(), "SELECT count(*) FROM heap.notion_sync_outbox WHERE status = 'applied'");
                System.out.printf(Locale.ROOT, "heap: empty queue %.1f MB; %d pending %.1f MB (+%.2f MB);"
                        + " peak while draining %.1f MB (+%.2f MB); %d applied in the first %.1f s%n", mb(empty), pending,
                        mb(queued), mb(queued - empty), mb(peak.get()), mb(peak.get() - empty), applied, elapsed);
            }
        }
    }

    private static HttpNotionClient client(NotionEmulator notion, DemoWorkspace demo, boolean limited) {
        HttpNotionClient.Builder b = HttpNotionClient.builder().token(demo.token()).baseUrl(notion.baseUrl())
                .apiVersion(NotionApiVersion.V2025_09_03);
        return (limited ? b.rateLimit(new RateLimit(3, 3)) : b.noRateLimit()).build();
    }

    private static NotionSync engine(TestDatabase db, String schema, HttpNotionClient client, DemoWorkspace demo) {
        com.zaxxer.hikari.HikariConfig c = new com.zaxxer.hikari.HikariConfig();
        c.setJdbcUrl(db.jdbcUrl());
        c.setUsername(db.user());
        c.setPassword(db.password());
        c.setMaximumPoolSize(4);
        NotionSyncPostgres pg = NotionSyncPostgres.create(new com.zaxxer.hikari.HikariDataSource(c), schema);
        pg.migrate();
        List<DatabaseConfig> dbs = new ArrayList<>(demo.databaseConfigs());
        return NotionSync.builder().repository(pg.repository()).outbox(pg.outbox())
                .connection(new SyncConnection(USER, "bench", client, dbs)).build();
    }

    private static List<String> pages(DataSource ds, String schema) throws Exception {
        List<String> ids = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT notion_page_id FROM " + schema + ".notion_characters_sync")) {
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
        }
        return ids;
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double mb(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }
}
