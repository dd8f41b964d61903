package io.github.notionsync.jooq.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.TargetKind;
import io.github.notionsync.jooq.NotionSyncConnections;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.jooq.NotionSyncScheduler;
import io.github.notionsync.jooq.TokenEncryptionKeys;
import io.github.notionsync.jooq.cluster.ClusterNodeMain;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.GeneratorSpec;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.RecordedRequest;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * Throughput of the scheduled sync of many connections, each with its own token under Notion's
 * per-token rate limit (3 requests/s, burst 3, in the emulator and in each client), each mirroring
 * the same 4 databases of 50 pages into its own rows, page content not fetched. On a freshly
 * migrated schema each time:
 * <ol>
 *   <li>(a) baseline: the old serial coordinator, one thread calling
 *       {@code engine.syncConnection(user, name, false, WhenBusy.WAIT)} for one connection after
 *       the other, measured on a sample and extrapolated per connection to all of them;</li>
 *   <li>(b) one instance: one {@link NotionSyncScheduler} with default threads, spread zero, every
 *       connection due at once; the first cycle (every page inserted), then every connection's
 *       execution rescheduled to now and the unchanged cycle;</li>
 *   <li>(c) the same with several instances as separate JVMs on one PostgreSQL.</li>
 * </ol>
 * Every instance, the baseline's included, is a {@link ClusterNodeMain} JVM of its own
 * ({@code BENCH_NODE_JAVA_OPTS}, default {@code -Xmx512m}); the emulator runs in this JVM.
 * For each: wall time, Notion requests, 429 answers, failed runs, the scheduler's largest lag,
 * heap and database connections per instance, overlapping runs of one database (must be 0).
 * The summary is printed and written to {@code /tmp/cluster-bench.txt}.
 *
 * <p>Run: {@code scripts/bench-cluster [connections=1000] [sample=50] [instances=3]}
 */
public final class ClusterBenchmark {

    private static final int DATABASES = 4;
    private static final int PAGES = 50;
    private static final double RATE = 3;
    private static final int BURST = 3;
    private static final int NODE_POOL = 24;
    private static final Path SUMMARY = Path.of("/tmp/cluster-bench.txt");

    private final int connections;
    private final int sample;
    private final int instances;
    private final TestDatabase db;
    private final HikariDataSource ds;
    private final NotionEmulator notion;
    private final List<String> tokens = new ArrayList<>();
    private final List<String> databaseIds = new ArrayList<>();
    private final String key = TokenEncryptionKeys.generateKey();
    private final Path logDir;
    private final TooManyRequests tooMany;
    private final List<Process> running = new ArrayList<>();
    private final Map<String, Process> processes = new TreeMap<>();

    private ClusterBenchmark(int connections, int sample, int instances, TestDatabase db) throws IOException {
        this.connections = connections;
        this.sample = sample;
        this.instances = instances;
        this.db = db;
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(db.jdbcUrl());
        hc.setUsername(db.user());
        if (db.password() != null) {
            hc.setPassword(db.password());
        }
        hc.setMaximumPoolSize(3);
        hc.setMinimumIdle(1);
        hc.setPoolName("bench-coordinator");
        hc.addDataSourceProperty("ApplicationName", "bench-coordinator");
        this.ds = new HikariDataSource(hc);
        this.notion = NotionEmulator.builder().rateLimit(RATE, BURST).build().start();
        for (int i = 0; i < DATABASES; i++) {
            EmulatedDatabase d = notion.workspace().generate(GeneratorSpec.of(PAGES).withTitle("Bench " + i)
                    .withSeed(500 + i).withBlocksPerPage(0).withRelationsPerPage(0));
            databaseIds.add(d.id());
        }
        for (int i = 0; i < connections; i++) {
            tokens.add(notion.workspace().createToken("integration-" + i));
        }
        this.logDir = Files.createTempDirectory("cluster-bench");
        this.tooMany = new TooManyRequests(notion);
    }

    public static void main(String[] args) throws Exception {
        int connections = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int sample = Math.min(connections, args.length > 1 ? Integer.parseInt(args[1]) : 50);
        int instances = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        try (TestDatabase db = PostgresServers.shared().createDatabase("nst_cluster_bench")) {
            ClusterBenchmark bench = new ClusterBenchmark(connections, sample, instances, db);
            Runtime.getRuntime().addShutdownHook(new Thread(bench::killAll));
            try {
                bench.run();
            } finally {
                bench.killAll();
                bench.tooMany.stop();
                bench.notion.close();
                bench.ds.close();
            }
        }
    }

    // ------------------------------------------------------------------ the run

    private void run() throws Exception {
        long started = System.nanoTime();
        String setup = String.format(Locale.ROOT, "%,d connections, each its own token; %d databases x %d pages,"
                + " shared by every connection and mirrored into each user's rows (%,d pages per cycle);"
                + " per-token rate limit %.0f requests/s, burst %d, in the emulator and in every client;"
                + " fetchContent(false): page content not fetched (no block requests), to keep %,d connections"
                + " feasible", connections, DATABASES, PAGES, (long) connections * DATABASES * PAGES, RATE, BURST,
                connections);
        System.out.println("Cluster benchmark: " + setup);
        System.out.println("Node logs: " + logDir);
        System.out.println("Node JVM options: " + nodeJavaOpts() + "; PostgreSQL: " + db);

        Phase a = baseline();
        Phase b = scheduled("(b) 1 instance", 1);
        Phase c = scheduled("(c) " + instances + " instances", instances);

        String summary = summary(setup, a, b, c, Duration.ofNanos(System.nanoTime() - started));
        System.out.println();
        System.out.println(summary);
        Files.writeString(SUMMARY, summary, StandardCharsets.UTF_8);
        System.out.println("(saved to " + SUMMARY + ")");
    }

    /** (a): the serial coordinator on a sample of the connections. */
    private Phase baseline() throws Exception {
        System.out.printf("%n(a) serial baseline on %d of %,d connections...%n", sample, connections);
        resetSchema();
        Phase phase = new Phase("(a) serial", 1);
        Snapshot before = snapshot();
        OffsetDateTime from = dbNow();
        Process p = start("bench-serial", List.of("--mode=serial", "--serial-limit=" + sample));
        Sampler sampler = new Sampler();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        while (p.isAlive()) {
            sampler.sample();
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("The serial baseline did not end in 30 minutes");
            }
            p.waitFor(500, TimeUnit.MILLISECONDS);
        }
        running.remove(p);
        String out = Files.readString(log("bench-serial"));
        if (p.exitValue() != 0 || !out.contains("SERIAL-DONE")) {
            throw new IllegalStateException("The serial baseline failed (exit " + p.exitValue() + "):\n" + out);
        }
        Cycle cycle = cycle("measured on " + sample, from, null, before, sampler, sample * DATABASES);
        cycle.heap.put("bench-serial", heap("bench-serial"));
        cycle.client = clientCounts("bench-serial", false);
        phase.cycles.add(cycle);
        return phase;
    }

    /** (b) and (c): {@code n} scheduler instances, the first cycle and the unchanged one. */
    private Phase scheduled(String label, int n) throws Exception {
        System.out.printf("%n%s: %,d connections...%n", label, connections);
        resetSchema();
        Phase phase = new Phase(label, n);
        Snapshot before = snapshot();
        OffsetDateTime from = dbNow();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = "bench-" + n + "x-" + i;
            names.add(name);
            start(name, List.of("--mode=scheduler", "--library-defaults=true", "--interval-s=3600", "--spread-s=0"));
        }
        // First cycle: every connection's databases synced once, every page inserted.
        Sampler sampler = new Sampler();
        awaitRuns(sampler, from, (long) connections * DATABASES, (long) connections * DATABASES * PAGES);
        Cycle first = cycle("first cycle", from, null, before, sampler, (long) connections * DATABASES);
        Map<String, ClientCounts> afterFirst = new TreeMap<>();
        for (String nm : names) {
            first.heap.put(nm, liveHeap(nm));
            afterFirst.put(nm, clientCounts(nm, true));
            first.client = first.client.plus(afterFirst.get(nm));
        }
        phase.cycles.add(first);
        report(label, first);

        // Unchanged cycle: every connection's execution due now again.
        waitUntilNothingPicked();
        before = snapshot();
        OffsetDateTime due;
        int rescheduled;
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT now()")) {
                rs.next();
                due = rs.getObject(1, OffsetDateTime.class);
            }
            rescheduled = st.executeUpdate("UPDATE notion_sync_scheduled_tasks SET execution_time = now()"
                    + " WHERE task_name = '" + NotionSyncScheduler.CONNECTION_TASK + "' AND NOT picked");
        }
        if (rescheduled != connections) {
            throw new IllegalStateException("Rescheduled " + rescheduled + " executions, expected " + connections);
        }
        sampler = new Sampler();
        awaitRuns(sampler, due, (long) connections * DATABASES, -1);
        Cycle unchanged = cycle("unchanged cycle", due, due, before, sampler, (long) connections * DATABASES);
        for (String nm : names) {
            unchanged.heap.put(nm, liveHeap(nm));
            unchanged.client = unchanged.client.plus(clientCounts(nm, true).minus(afterFirst.get(nm)));
        }
        phase.cycles.add(unchanged);
        report(label, unchanged);
        killAll();
        return phase;
    }

    /** Waits until the runs started since {@code from} number {@code runs} (and the mirror {@code pages}). */
    private void awaitRuns(Sampler sampler, OffsetDateTime from, long runs, long pages) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
        long lastPrint = System.nanoTime();
        while (true) {
            sampler.sample();
            long done = count("SELECT count(*) FROM notion_sync_runs WHERE started_at >= ?", from);
            long mirrored = pages < 0 ? -1 : count("SELECT count(*) FROM notion_pages_sync");
            if (done >= runs && (pages < 0 || mirrored >= pages)) {
                return;
            }
            for (Process p : running) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("An instance died (exit " + p.exitValue() + "); logs in " + logDir);
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Not done in 30 minutes: " + done + " of " + runs + " runs");
            }
            if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(15)) {
                System.out.printf("  ... %,d of %,d database runs done, lag %.1f s%n", done, runs, sampler.lastLag);
                lastPrint = System.nanoTime();
            }
            Thread.sleep(500);
        }
    }

    private void waitUntilNothingPicked() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (count("SELECT count(*) FROM notion_sync_scheduled_tasks WHERE task_name = ? AND picked",
                NotionSyncScheduler.CONNECTION_TASK) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Executions still picked after the first cycle");
            }
            Thread.sleep(200);
        }
    }

    // ------------------------------------------------------------------ measuring

    private record Snapshot(long requests, long tooMany) {
    }

    private Snapshot snapshot() {
        return new Snapshot(notion.totalRequests(), tooMany.count());
    }

    /** Polled every 500 ms while a cycle runs: the scheduler's lag and connections per instance. */
    private final class Sampler {
        double maxLag;
        double lastLag;
        final Map<String, Long> maxConnections = new TreeMap<>();

        void sample() throws SQLException {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                try (ResultSet rs = st.executeQuery("SELECT coalesce(extract(epoch FROM now() - min(execution_time)), 0)"
                        + " FROM notion_sync_scheduled_tasks WHERE NOT picked AND execution_time <= now()"
                        + " AND task_name = '" + NotionSyncScheduler.CONNECTION_TASK + "'")) {
                    rs.next();
                    lastLag = rs.getDouble(1);
                    maxLag = Math.max(maxLag, lastLag);
                }
                try (ResultSet rs = st.executeQuery("SELECT application_name, count(*) FROM pg_stat_activity"
                        + " WHERE datname = current_database() AND application_name LIKE 'bench-%'"
                        + " AND application_name <> 'bench-coordinator' GROUP BY 1")) {
                    while (rs.next()) {
                        maxConnections.merge(rs.getString(1), rs.getLong(2), Math::max);
                    }
                }
            }
        }
    }

    private static final class Cycle {
        String label;
        long runs;
        long expectedRuns;
        long failedRuns;
        double wallSeconds;
        double pickUpSeconds;
        long requests;
        long runRequests;
        long runRetries;
        long tooMany;
        long inserted;
        long unchanged;
        long seen;
        double maxLag;
        long overlapping;
        Map<String, Long> connections = new TreeMap<>();
        Map<String, Heap> heap = new TreeMap<>();
        ClientCounts client = ClientCounts.ZERO;
    }

    private record Phase(String label, int instances, List<Cycle> cycles) {
        Phase(String label, int instances) {
            this(label, instances, new ArrayList<>());
        }
    }

    /** The cycle's runs (started since {@code from}) and what the emulator and sampler saw. */
    private Cycle cycle(String label, OffsetDateTime from, OffsetDateTime due, Snapshot before, Sampler sampler,
            long expectedRuns) throws SQLException {
        Cycle c = new Cycle();
        c.label = label;
        c.expectedRuns = expectedRuns;
        c.requests = notion.totalRequests() - before.requests();
        c.tooMany = tooMany.count() - before.tooMany();
        c.maxLag = sampler.maxLag;
        c.connections = sampler.maxConnections;
        try (Connection conn = ds.getConnection(); PreparedStatement ps = conn.prepareStatement(
                "SELECT count(*), count(*) FILTER (WHERE outcome <> 'SUCCESS'),"
                        + " extract(epoch FROM max(finished_at) - least(min(started_at), coalesce(?::timestamptz, min(started_at)))),"
                        + " extract(epoch FROM min(started_at) - coalesce(?::timestamptz, min(started_at))),"
                        + " sum(requests), sum(retries), sum(pages_inserted), sum(pages_unchanged), sum(pages_seen)"
                        + " FROM notion_sync_runs WHERE started_at >= ?")) {
            ps.setObject(1, due);
            ps.setObject(2, due);
            ps.setObject(3, from);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                c.runs = rs.getLong(1);
                c.failedRuns = rs.getLong(2);
                c.wallSeconds = rs.getDouble(3);
                c.pickUpSeconds = rs.getDouble(4);
                c.runRequests = rs.getLong(5);
                c.runRetries = rs.getLong(6);
                c.inserted = rs.getLong(7);
                c.unchanged = rs.getLong(8);
                c.seen = rs.getLong(9);
            }
        }
        c.overlapping = count("SELECT count(*) FROM notion_sync_runs a JOIN notion_sync_runs b"
                + " ON a.user_id = b.user_id AND a.notion_database_id = b.notion_database_id AND a.run_seq < b.run_seq"
                + " AND tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)");
        return c;
    }

    private void report(String phase, Cycle c) {
        System.out.printf(Locale.ROOT, "  %s %s: %.1f s, %,d runs (%,d failed), %,d Notion requests, %,d answered 429,"
                        + " max lag %.1f s, %,d pages inserted, %,d unchanged, overlapping runs %d%n", phase, c.label,
                c.wallSeconds, c.runs, c.failedRuns, c.requests, c.tooMany, c.maxLag, c.inserted, c.unchanged,
                c.overlapping);
    }

    /**
     * Heap after the latest collection (after a forced full GC: the live heap), and the most heap
     * used (garbage included) at any STATS line, once a second, since the instance started.
     */
    private record Heap(double afterGcMb, double maxUsedMb, long xmxMb) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f/%.0f", afterGcMb, maxUsedMb);
        }
    }

    /**
     * The instance's live heap now: a full GC forced with {@code jcmd GC.run}, then its next STATS
     * line. The peak is since the instance started.
     */
    private Heap liveHeap(String name) throws Exception {
        Process p = processes.get(name);
        long lines = lines(name, "STATS");
        Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(p.pid()), "GC.run").redirectErrorStream(true).start();
        jcmd.getInputStream().readAllBytes();
        jcmd.waitFor(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (lines(name, "STATS") < lines + 2 && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        return heap(name);
    }

    private long lines(String name, String prefix) throws IOException {
        return Files.readAllLines(log(name), StandardCharsets.UTF_8).stream().filter(l -> l.startsWith(prefix)).count();
    }

    private static final Pattern STATS = Pattern.compile("STATS heap_used_mb=([\\d.]+) heap_after_gc_mb=([\\d.]+)"
            + " heap_max_used_mb=([\\d.]+) xmx_mb=(\\d+)");
    private static final Pattern CLIENTS = Pattern.compile("CLIENTS clients=(\\d+) requests=(\\d+) retries=(\\d+)"
            + " rate_limited=(\\d+)");

    /** The Notion clients' own counters in an instance, summed over its clients. */
    private record ClientCounts(long requests, long retries, long rateLimited) {
        static final ClientCounts ZERO = new ClientCounts(0, 0, 0);

        ClientCounts plus(ClientCounts o) {
            return new ClientCounts(requests + o.requests, retries + o.retries, rateLimited + o.rateLimited);
        }

        ClientCounts minus(ClientCounts o) {
            return new ClientCounts(requests - o.requests, retries - o.retries, rateLimited - o.rateLimited);
        }
    }

    /** The instance's latest CLIENTS line; with {@code fresh}, the first one printed after this call. */
    private ClientCounts clientCounts(String name, boolean fresh) throws Exception {
        long before = lines(name, "CLIENTS");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (fresh && lines(name, "CLIENTS") <= before && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        ClientCounts last = null;
        for (String line : Files.readAllLines(log(name), StandardCharsets.UTF_8)) {
            Matcher m = CLIENTS.matcher(line);
            if (m.find()) {
                last = new ClientCounts(Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
                        Long.parseLong(m.group(4)));
            }
        }
        if (last == null) {
            throw new IllegalStateException("No client counters from " + name + " (see " + log(name) + ")");
        }
        return last;
    }

    /** The instance's latest heap figures (since it started). */
    private Heap heap(String name) {
        try {
            Heap last = null;
            for (String line : Files.readAllLines(log(name), StandardCharsets.UTF_8)) {
                Matcher m = STATS.matcher(line);
                if (m.find()) {
                    last = new Heap(Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3)),
                            Long.parseLong(m.group(4)));
                }
            }
            return last == null ? new Heap(0, 0, 0) : last;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Counts the emulator's 429 answers from its request log (the latest 10,000 requests), read
     * every 100 ms; the counters per endpoint count arrivals, not answers.
     */
    private static final class TooManyRequests {
        private final AtomicLong count = new AtomicLong();
        private volatile boolean stopped;
        private volatile boolean overflowed;
        private final Thread thread;

        TooManyRequests(NotionEmulator notion) {
            thread = new Thread(() -> {
                RecordedRequest last = null;
                while (!stopped) {
                    List<RecordedRequest> log = notion.requestLog();
                    int from = 0;
                    if (last != null) {
                        int at = -1;
                        for (int i = log.size() - 1; i >= 0; i--) {
                            if (log.get(i) == last) {
                                at = i;
                                break;
                            }
                        }
                        if (at < 0) {
                            overflowed = true;
                        }
                        from = at + 1;
                    }
                    for (int i = from; i < log.size(); i++) {
                        if (log.get(i).status() == 429) {
                            count.incrementAndGet();
                        }
                    }
                    if (!log.isEmpty()) {
                        last = log.get(log.size() - 1);
                    }
                    try {
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "count-429");
            thread.setDaemon(true);
            thread.start();
        }

        long count() {
            try {
                Thread.sleep(250); // let it read the latest requests
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return count.get();
        }

        void stop() {
            stopped = true;
            thread.interrupt();
        }
    }

    // ------------------------------------------------------------------ set-up

    /** A fresh schema with every connection in the encrypted table. */
    private void resetSchema() throws Exception {
        long t0 = System.nanoTime();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        }
        ds.getHikariPoolMXBean().softEvictConnections();
        NotionSyncMigrations.create(ds).migrate();
        List<DatabaseConfig> dbs = new ArrayList<>();
        for (int i = 0; i < DATABASES; i++) {
            dbs.add(DatabaseConfig.of("Bench " + i, databaseIds.get(i), TargetKind.PAGES));
        }
        try (NotionSyncConnections table = NotionSyncConnections.create(ds, TokenEncryptionKeys.of(key))) {
            for (int i = 0; i < connections; i++) {
                table.add(user(i), "main", tokens.get(i), dbs);
            }
        }
        System.out.printf("  fresh schema with %,d connections in %.1f s%n", connections,
                (System.nanoTime() - t0) / 1e9);
    }

    private static String user(int i) {
        return String.format(Locale.ROOT, "user-%05d", i);
    }

    private Process start(String name, List<String> options) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(nodeJavaOpts().split("\\s+")));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), ClusterNodeMain.class.getName(),
                db.jdbcUrl(), db.user(), notion.baseUrl().toString(), name,
                "--pool=" + NODE_POOL, "--min-idle=1", "--rate=" + (int) RATE, "--burst=" + BURST,
                "--fetch-content=false", "--stats-ms=1000", "--client-stats-ms=3000"));
        command.addAll(options);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log(name).toFile());
        pb.environment().put(ClusterNodeMain.KEY_VARIABLE, key);
        if (db.password() != null) {
            pb.environment().put(ClusterNodeMain.PASSWORD_VARIABLE, db.password());
        }
        Process p = pb.start();
        running.add(p);
        processes.put(name, p);
        return p;
    }

    private static String nodeJavaOpts() {
        String opts = System.getenv("BENCH_NODE_JAVA_OPTS");
        return opts == null || opts.isBlank() ? "-Xmx512m" : opts.strip();
    }

    private Path log(String name) {
        return logDir.resolve(name + ".log");
    }

    private void killAll() {
        for (Process p : running) {
            p.destroyForcibly();
        }
        for (Process p : running) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        running.clear();
    }

    private OffsetDateTime dbNow() throws SQLException {
        try (Connection c = ds.getConnection(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT now()")) {
            rs.next();
            return rs.getObject(1, OffsetDateTime.class);
        }
    }

    private long count(String sql, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    // ------------------------------------------------------------------ the summary

    private String summary(String setup, Phase a, Phase b, Phase c, Duration total) {
        StringBuilder s = new StringBuilder();
        s.append("Cluster benchmark, ").append(java.time.LocalDateTime.now().withNano(0)).append('\n');
        s.append(setup).append(".\n");
        s.append(String.format(Locale.ROOT, "Machine: %d cores; node JVMs %s; instances use the library defaults"
                + " (threads = engine parallelism 16, polling 5 s, heartbeat 15 s, lease 60 s, busy retry 10 s),"
                + " spread 0, interval 1 h, Hikari max %d (min idle 1).%n", Runtime.getRuntime().availableProcessors(),
                nodeJavaOpts(), NODE_POOL));
        s.append("Wall = last run's end minus the moment the cycle's connections were due (first cycle and baseline:"
                + " the first run's start). Heap = live heap (used after a full GC at the cycle's end) / most heap used"
                + " (garbage included, sampled every second) since the instance started, in MB, per instance."
                + " 429s em/cl = 429 answers counted by the emulator / by the instances' Notion clients. DB conns = most connections seen at once in"
                + " pg_stat_activity, per instance (sampled every 500 ms).\n\n");

        Cycle base = a.cycles().get(0);
        double perConnection = base.wallSeconds / sample;
        double extrapolatedWall = perConnection * connections;
        double requestsPerConnection = (double) base.requests / sample;
        String row = "%-32s %8s %9s %11s %6s %8s %-26s %-14s %7s%n";
        s.append(String.format(Locale.ROOT, row, "phase", "wall s", "requests", "429s em/cl", "failed", "max lag",
                "heap live/peak MB", "DB conns per instance", "overlap"));
        s.append("-".repeat(130)).append('\n');
        s.append(String.format(Locale.ROOT, row, "(a) serial, " + sample + " measured", f1(base.wallSeconds),
                String.format("%,d", base.requests), base.tooMany + "/" + base.client.rateLimited(), base.failedRuns, "n/a",
                base.heap.values().toString(), base.connections.values().toString(), base.overlapping));
        s.append(String.format(Locale.ROOT, row, "(a) serial, extrapolated " + connections, f1(extrapolatedWall),
                String.format("%,.0f", requestsPerConnection * connections), "", "",
                "~" + f1(extrapolatedWall - perConnection), "", "", ""));
        for (Phase p : List.of(b, c)) {
            for (Cycle cy : p.cycles()) {
                s.append(String.format(Locale.ROOT, row, p.label() + ", " + cy.label, f1(cy.wallSeconds),
                        String.format("%,d", cy.requests), cy.tooMany + "/" + cy.client.rateLimited(), cy.failedRuns,
                        f1(cy.maxLag),
                        cy.heap.values().toString(), cy.connections.values().toString(), cy.overlapping));
            }
        }
        s.append('\n');
        Cycle b1 = b.cycles().get(0);
        Cycle b2 = b.cycles().get(1);
        Cycle c1 = c.cycles().get(0);
        Cycle c2 = c.cycles().get(1);
        s.append(String.format(Locale.ROOT, "(b)/(a) first cycle wall: %.3f (%.1f s vs %.1f s extrapolated; %.1fx"
                + " faster)%n", b1.wallSeconds / extrapolatedWall, b1.wallSeconds, extrapolatedWall,
                extrapolatedWall / b1.wallSeconds));
        s.append(String.format(Locale.ROOT, "(b)/(a) first cycle requests: %.3f%n",
                b1.requests / (requestsPerConnection * connections)));
        s.append(String.format(Locale.ROOT, "(c)/(b) first cycle wall: %.3f (%.1f s vs %.1f s)%n",
                c1.wallSeconds / b1.wallSeconds, c1.wallSeconds, b1.wallSeconds));
        s.append(String.format(Locale.ROOT, "(c)/(b) unchanged cycle wall: %.3f (%.1f s vs %.1f s)%n",
                c2.wallSeconds / b2.wallSeconds, c2.wallSeconds, b2.wallSeconds));
        s.append(String.format(Locale.ROOT, "(c)/(b) requests: first %.3f, unchanged %.3f%n",
                (double) c1.requests / b1.requests, (double) c2.requests / b2.requests));
        s.append('\n');
        s.append(String.format(Locale.ROOT, "Details: per connection (a) %.2f s and %.1f requests; unchanged cycles"
                + " picked up %.1f s (b) and %.1f s (c) after being due (polling interval).%n", perConnection,
                requestsPerConnection, b2.pickUpSeconds, c2.pickUpSeconds));
        for (Map.Entry<String, Cycle> e : cycles(a, b, c).entrySet()) {
            Cycle cy = e.getValue();
            s.append(String.format(Locale.ROOT, "  %-34s runs %,d of %,d, pages seen %,d (inserted %,d, unchanged %,d);"
                            + " requests: emulator %,d, clients %,d, runs %,d; 429s: emulator %,d, clients %,d;"
                            + " client retries %,d (%,d after 429, %,d after transport errors)%n",
                    e.getKey(), cy.runs, cy.expectedRuns, cy.seen, cy.inserted, cy.unchanged, cy.requests,
                    cy.client.requests(), cy.runRequests, cy.tooMany, cy.client.rateLimited(), cy.client.retries(),
                    cy.client.rateLimited(), cy.client.retries() - cy.client.rateLimited()));
        }
        s.append(String.format(Locale.ROOT, "429 answers are retried by the client after Retry-After; failed runs"
                + " in all phases: %d.%s%n", a.cycles().get(0).failedRuns + b1.failedRuns + b2.failedRuns
                + c1.failedRuns + c2.failedRuns, tooMany.overflowed
                ? " (The emulator's request log overflowed between two reads: 429 counts may be low.)" : ""));
        s.append(String.format(Locale.ROOT, "Total benchmark time %.1f min.%n", total.toMillis() / 60000.0));
        return s.toString();
    }

    private static Map<String, Cycle> cycles(Phase... phases) {
        Map<String, Cycle> out = new LinkedHashMap<>();
        for (Phase p : phases) {
            for (Cycle c : p.cycles()) {
                out.put(p.label() + " " + c.label, c);
            }
        }
        return out;
    }

    private static String f1(double d) {
        return String.format(Locale.ROOT, "%.1f", d);
    }
}
