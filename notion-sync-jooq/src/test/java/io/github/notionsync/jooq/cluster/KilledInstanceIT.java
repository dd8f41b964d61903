package io.github.notionsync.jooq.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.TargetKind;
import io.github.notionsync.jooq.NotionSyncConnections;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.jooq.NotionSyncScheduler;
import io.github.notionsync.jooq.TokenEncryptionKeys;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.GeneratorSpec;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.parallel.Isolated;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three application instances as separate JVMs ({@link ClusterNodeMain}) on one PostgreSQL
 * database; one is killed with SIGKILL in the middle of a connection's sync. The others must take
 * its work over (its db-scheduler executions stop sending heartbeats, its lock leases run out)
 * and every user's mirror must end exactly equal to the user's Notion database.
 *
 * <p>The emulator runs in this JVM and the nodes reach it over HTTP. Each node writes its output
 * to a file, printed when the test fails.
 *
 * <p>Isolated: three JVMs on two cores must not compete with other test classes (the embedding
 * model above all), or no node reaches the middle of a sync within the time allowed.
 */
@Isolated
class KilledInstanceIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final int USERS = 6;
    private static final int PAGES = 100;
    private static final int NODES = 3;
    /** Notion requests per second per token, in the emulator and in each client. */
    private static final int RATE = 20;
    private static final int BURST = 5;

    @TempDir
    Path logDir;

    private NotionEmulator notion;
    private String key;
    private final Map<String, Set<String>> pageIds = new TreeMap<>();
    private final List<Process> nodes = new ArrayList<>();
    private final List<Path> logs = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        notion = NotionEmulator.builder().rateLimit(RATE, BURST).build().start();
        TestDatabase db = postgres.database();
        try (Connection c = db.openConnection(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        }
        NotionSyncMigrations.create(db.dataSource()).migrate();
        key = TokenEncryptionKeys.generateKey();
        try (NotionSyncConnections table = NotionSyncConnections.create(db.dataSource(), TokenEncryptionKeys.of(key))) {
            for (int i = 0; i < USERS; i++) {
                // Each user its own integration token (its own rate limit) and its own database; one
                // page of content each, so every page costs a block-children request.
                String token = notion.workspace().createToken("integration-" + i);
                EmulatedDatabase notes = notion.workspace().generate(GeneratorSpec.of(PAGES).withTitle("Notes " + i)
                        .withSeed(1000 + i).withBlocksPerPage(1).withRelationsPerPage(0));
                table.add(user(i), "main", token, List.of(DatabaseConfig.of("Notes", notes.id(), TargetKind.PAGES)));
                pageIds.put(user(i), notes.dataSource().pages().stream().map(EmulatedPage::id)
                        .map(KilledInstanceIT::normalized).collect(Collectors.toSet()));
                assertThat(pageIds.get(user(i))).hasSize(PAGES);
            }
        }
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        for (Process p : nodes) {
            p.destroyForcibly();
        }
        for (Process p : nodes) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (notion != null) {
            notion.close();
        }
    }

    @Test
    void aNodeKilledMidSyncIsTakenOverByTheOthersAndEveryMirrorEndsExact() throws Exception {
        DataSource ds = postgres.database().dataSource();
        for (int n = 0; n < NODES; n++) {
            nodes.add(startNode(n));
        }
        try {
            // A node in the middle of a connection's sync: it holds the connection's lock, and the
            // user's mirror has some of its pages but not all.
            MidSync[] found = new MidSync[1];
            await("a node in the middle of a sync").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                    .failFast("a node exited", () -> nodes.stream().anyMatch(p -> !p.isAlive()))
                    .until(() -> (found[0] = midSync(ds).orElse(null)) != null);
            MidSync mid = found[0];
            Process victim = nodes.get(mid.node());
            victim.destroyForcibly();
            assertThat(victim.waitFor(10, TimeUnit.SECONDS)).as("node-%d ended", mid.node()).isTrue();
            assertThat(victim.isAlive()).isFalse();
            assertThat(victim.exitValue()).as("exit status of a JVM killed by SIGKILL").isEqualTo(128 + 9);
            OffsetDateTime killedAt = dbNow(ds);
            System.out.printf("Killed node-%d while it synced %s, connection '%s' (%d of %d pages mirrored)%n",
                    mid.node(), mid.user(), mid.connection(), mid.pages(), PAGES);

            // Every user's mirror ends exactly equal to the user's database, every connection's
            // latest run a success.
            await("every mirror complete and every latest run a success").atMost(Duration.ofSeconds(40))
                    .pollInterval(Duration.ofMillis(250)).untilAsserted(() -> {
                        for (String user : pageIds.keySet()) {
                            assertMirrorExact(ds, user);
                        }
                        assertThat(latestOutcomes(ds)).as("latest run outcome per user")
                                .containsOnlyKeys(pageIds.keySet()).allSatisfy((u, o) -> assertThat(o).isEqualTo("SUCCESS"));
                    });

            // The killed node's connection was finished after its death, so by another node: a run
            // of it ended after the kill, a surviving node reports that it finished it, the dead
            // one never did, and its schedule's last success is after the kill.
            assertThat(count(ds, "SELECT count(*) FROM notion_sync_runs WHERE user_id = ? AND outcome = 'SUCCESS'"
                    + " AND finished_at > ?", mid.user(), killedAt)).as("runs of %s ended after the kill", mid.user())
                    .isPositive();
            String finished = "FINISHED user=" + mid.user() + " db=Notes outcome=SUCCESS by=node-";
            List<String> finishers = new ArrayList<>();
            for (int n = 0; n < NODES; n++) {
                if (output(n).contains(finished + n)) {
                    finishers.add("node-" + n);
                }
            }
            assertThat(finishers).as("nodes that finished %s", mid.user()).isNotEmpty()
                    .doesNotContain("node-" + mid.node());
            System.out.printf("%s was finished after the kill by %s%n", mid.user(), finishers);
            OffsetDateTime lastSuccess = one(ds, "SELECT last_success FROM notion_sync_scheduled_tasks"
                    + " WHERE task_name = ? AND task_instance = ?", OffsetDateTime.class,
                    NotionSyncScheduler.CONNECTION_TASK, mid.user() + "/" + mid.connection());
            assertThat(lastSuccess).as("last success of %s's schedule", mid.user()).isAfter(killedAt);

            assertThat(ClusterFixture.overlappingRuns(ds)).as("runs of one database that overlap").isZero();
            // The killed node's run is in the history, closed as interrupted when the next run of that
            // database started; every other run succeeded.
            assertThat(count(ds, "SELECT count(*) FROM notion_sync_runs WHERE outcome = 'INTERRUPTED'"
                    + " AND user_id = ? AND finished_at IS NULL", mid.user())).isEqualTo(1);
            assertThat(count(ds, "SELECT count(*) FROM notion_sync_runs WHERE outcome NOT IN ('SUCCESS', 'INTERRUPTED')"))
                    .isZero();
            assertThat(count(ds, "SELECT count(*) FROM notion_sync_scheduled_tasks WHERE task_name = ?",
                    NotionSyncScheduler.CONNECTION_TASK)).isEqualTo(USERS);
        } catch (Throwable t) {
            printNodeOutput();
            throw t;
        }
    }

    // ------------------------------------------------------------------ nodes

    private Process startNode(int n) throws IOException {
        TestDatabase db = postgres.database();
        Path log = logDir.resolve("node-" + n + ".log");
        logs.add(log);
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"),
                ClusterNodeMain.class.getName(),
                db.jdbcUrl(), db.user(), notion.baseUrl().toString(), "node-" + n,
                "--threads=2", "--pool=8",
                "--lease-ms=3000", "--heartbeat-ms=500", "--missed-heartbeats=4", "--polling-ms=500",
                "--busy-retry-ms=500", "--interval-s=3600", "--spread-s=0",
                "--rate=" + RATE, "--burst=" + BURST, "--fetch-content=true",
                // Small batches, so that a mirror fills in steps and a sync can be caught halfway.
                "--batch-size=10", "--stats-ms=5000"));
        // Extra node options, only to check that this test can fail (e.g. --heartbeat-ms=30000).
        String extra = System.getProperty("killedInstanceIT.nodeArgs", "").strip();
        if (!extra.isEmpty()) {
            command.addAll(Arrays.asList(extra.split("\\s+")));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put(ClusterNodeMain.KEY_VARIABLE, key);
        if (db.password() != null) {
            pb.environment().put(ClusterNodeMain.PASSWORD_VARIABLE, db.password());
        }
        return pb.start();
    }

    private String output(int n) throws IOException {
        return Files.readString(logs.get(n), StandardCharsets.UTF_8);
    }

    private void printNodeOutput() {
        for (int n = 0; n < logs.size(); n++) {
            try {
                System.out.println("===== node-" + n + " output =====");
                System.out.println(output(n));
            } catch (IOException e) {
                System.out.println("(cannot read " + logs.get(n) + ": " + e + ")");
            }
        }
    }

    // ------------------------------------------------------------------ database

    /** {@code connection} is the connection's name in the engine (its lock key's last part). */
    private record MidSync(int node, String user, String connection, long pages) {
    }

    /** A node holding a connection's lock while that user's mirror is partly filled. */
    private static Optional<MidSync> midSync(DataSource ds) throws SQLException {
        // Lock keys are connection:<user>/<connection name> (NotionSync.lockKey).
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT l.locked_by, u.user_id, substr(l.lock_key, length('connection:' || u.user_id || '/') + 1),"
                        + " (SELECT count(*) FROM notion_pages_sync p WHERE p.user_id = u.user_id)"
                        + " FROM notion_sync_locks l JOIN (SELECT DISTINCT user_id FROM notion_sync_connections) u"
                        + " ON starts_with(l.lock_key, 'connection:' || u.user_id || '/')"
                        + " WHERE l.locked_until > now() ORDER BY l.lock_key");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String by = rs.getString(1);
                long pages = rs.getLong(4);
                if (by.startsWith("node-") && pages > 0 && pages < PAGES) {
                    return Optional.of(new MidSync(Integer.parseInt(by.substring("node-".length())), rs.getString(2),
                            rs.getString(3), pages));
                }
            }
        }
        return Optional.empty();
    }

    private void assertMirrorExact(DataSource ds, String user) throws SQLException {
        List<String> ids = new ArrayList<>();
        List<String> notLive = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT notion_page_id::text, deleted_at IS NULL AND NOT in_trash FROM notion_pages_sync"
                        + " WHERE user_id = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(normalized(rs.getString(1)));
                    if (!rs.getBoolean(2)) {
                        notLive.add(rs.getString(1));
                    }
                }
            }
        }
        assertThat(ids).as("mirrored page ids of %s", user).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(pageIds.get(user));
        assertThat(notLive).as("pages of %s marked deleted or trashed", user).isEmpty();
    }

    private static Map<String, String> latestOutcomes(DataSource ds) throws SQLException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(
                "SELECT DISTINCT ON (user_id) user_id, outcome FROM notion_sync_runs ORDER BY user_id, run_seq DESC")) {
            while (rs.next()) {
                out.put(rs.getString(1), rs.getString(2));
            }
        }
        return out;
    }

    private static OffsetDateTime dbNow(DataSource ds) throws SQLException {
        return one(ds, "SELECT clock_timestamp()", OffsetDateTime.class);
    }

    private static long count(DataSource ds, String sql, Object... params) throws SQLException {
        return one(ds, sql, Long.class, params);
    }

    private static <T> T one(DataSource ds, String sql, Class<T> type, Object... params) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getObject(1, type);
            }
        }
    }

    private static String user(int i) {
        return "user-" + i;
    }

    /** A Notion id as 32 lower-case hex digits, dashed or not. */
    private static String normalized(String id) {
        return id.replace("-", "").toLowerCase(Locale.ROOT);
    }
}
