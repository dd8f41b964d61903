package io.github.notionsync.jooq.cluster;

import static io.github.notionsync.jooq.cluster.ClusterFixture.count;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.WhenBusy;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.jooq.NotionSyncScheduler;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.GeneratorSpec;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Several engines with their schedulers on one PostgreSQL database, as several application
 * instances run them, against the emulator over HTTP with a rate limit per token.
 */
class NotionSyncSchedulerIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private NotionEmulator notion;
    private ClusterFixture cluster;
    private List<String> databaseIds;

    @BeforeEach
    void start() {
        notion = NotionEmulator.builder().rateLimit(20, 5).build().start();
        EmulatedDatabase a = notion.workspace().generate(GeneratorSpec.of(5).withTitle("A").withBlocksPerPage(0));
        EmulatedDatabase b = notion.workspace().generate(GeneratorSpec.of(5).withTitle("B").withBlocksPerPage(0).withSeed(2));
        databaseIds = List.of(a.id(), b.id());
        // A fresh schema per test: the class shares one database.
        try (var c = postgres.database().openConnection(); var st = c.createStatement()) {
            st.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        NotionSyncMigrations.create(postgres.database().dataSource()).migrate();
        cluster = new ClusterFixture();
    }

    @AfterEach
    void stop() {
        cluster.close();
        notion.close();
    }

    private SyncConnection addConnection(int i) {
        String token = notion.workspace().createToken("integration-" + i);
        HttpNotionClient client = cluster.keep(ClusterFixture.client(notion.baseUrl(), token, 20, 5));
        SyncConnection c = ClusterFixture.connection("user-" + i, client, databaseIds);
        cluster.connections.add(c);
        return c;
    }

    @Test
    void threeInstancesSyncTwoHundredConnectionsOncePerIntervalWithNoOverlapWhileAHostSyncsDirectly()
            throws Exception {
        for (int i = 0; i < 200; i++) {
            addConnection(i);
        }
        Duration interval = Duration.ofSeconds(6);
        List<NotionSyncScheduler> schedulers = new ArrayList<>();
        List<NotionSync> engines = new ArrayList<>();
        for (int n = 0; n < 3; n++) {
            HikariDataSource ds = cluster.keep(ClusterFixture.pool(postgres.database(), 12));
            NotionSyncScheduler s = cluster.keep(cluster.instance(ds, "instance-" + n, Duration.ofSeconds(3))
                    .connectionInterval(interval).spread(interval).reconcileInterval(Duration.ofSeconds(1)).threads(8)
                    .build());
            schedulers.add(s);
            engines.add(s.engine());
        }
        long t0 = System.nanoTime();
        schedulers.forEach(NotionSyncScheduler::start);
        // A host calls its engine directly while the schedule runs.
        AtomicBoolean hosting = new AtomicBoolean(true);
        AtomicInteger direct = new AtomicInteger();
        Thread host = new Thread(() -> {
            int i = 0;
            while (hosting.get()) {
                engines.get(i % 3).syncDatabase("user-" + (i % 200), "db" + (i % 2), false, WhenBusy.WAIT);
                direct.incrementAndGet();
                i += 7;
            }
        });
        host.start();
        var ds = postgres.database().dataSource();
        // Two intervals after the first one: every database of every connection has run at least twice.
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(() -> count(ds,
                "SELECT count(*) FROM (SELECT user_id, notion_database_id FROM notion_sync_runs"
                        + " GROUP BY 1, 2 HAVING count(*) >= 3) t") == 400);
        hosting.set(false);
        host.join();
        schedulers.forEach(NotionSyncScheduler::stop);

        assertThat(direct.get()).isPositive();
        assertThat(ClusterFixture.overlappingRuns(ds)).as("runs of one database that overlap").isZero();
        assertThat(count(ds, "SELECT count(DISTINCT user_id) FROM notion_pages_sync")).isEqualTo(200);
        assertThat(count(ds, "SELECT count(*) FROM notion_pages_sync")).isEqualTo(200 * 10);
        assertThat(count(ds, "SELECT count(*) FROM notion_sync_runs WHERE outcome <> 'SUCCESS'")).isZero();
        // Once per interval: the scheduled runs (all runs but the direct calls') are at most one per
        // database per interval begun, plus the first.
        long runs = count(ds, "SELECT count(*) FROM notion_sync_runs");
        long intervals = Duration.ofNanos(System.nanoTime() - t0).toMillis() / interval.toMillis() + 1;
        assertThat(runs - direct.get()).as("scheduled runs in %d intervals", intervals)
                .isBetween(400L * 3 - direct.get(), 400L * (intervals + 1));
        assertThat(count(ds, "SELECT count(*) FROM notion_sync_scheduled_tasks WHERE task_name = '"
                + NotionSyncScheduler.CONNECTION_TASK + "'")).isEqualTo(200);
    }

    @Test
    void aRequestFromPsqlIsServedOnceByAPlainJavaSchedulerAndItsRunIsRecorded() throws Exception {
        addConnection(1);
        HikariDataSource ds = cluster.keep(ClusterFixture.pool(postgres.database(), 8));
        NotionSyncScheduler scheduler = cluster.keep(cluster.instance(ds, "plain-java", Duration.ofSeconds(5))
                .syncConnections(false).build());
        scheduler.start();
        var db = postgres.database();
        Process psql = new ProcessBuilder("psql", "-At", "-h", "127.0.0.1", "-p",
                String.valueOf(java.net.URI.create(db.jdbcUrl().substring(5)).getPort()), "-U", db.user(), "-d",
                db.name(), "-c", "SELECT sync_notion_database('user-1', 'db0')")
                .redirectErrorStream(true).start();
        String out = new String(psql.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(psql.waitFor()).as(out).isZero();
        long id = Long.parseLong(out);
        NotionSyncScheduler.RequestResult r = scheduler.awaitRequest("user-1", id, Duration.ofSeconds(60));
        assertThat(r.status()).as(String.valueOf(r)).isEqualTo("done");
        String runId = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.resultJson()).get("run_id").asText();
        assertThat(count(ds, "SELECT count(*) FROM notion_sync_runs WHERE run_id = '" + runId + "'")).isEqualTo(1);
        assertThat(count(ds, "SELECT count(*) FROM notion_pages_sync WHERE user_id = 'user-1'")).isEqualTo(5);
        assertThat(count(ds, "SELECT count(*) FROM notion_sync_requests WHERE claimed_by = 'plain-java'")).isEqualTo(1);
        assertThat(count(ds, "SELECT count(*) FROM notion_sync_scheduled_tasks")).isZero();
    }

    @Test
    void aRequestJoinsAPendingOneAndARequestThatMayNotWaitFailsAsBusy() throws Exception {
        addConnection(1);
        HikariDataSource ds = cluster.keep(ClusterFixture.pool(postgres.database(), 8));
        NotionSyncScheduler scheduler = cluster.keep(cluster.instance(ds, "one", Duration.ofSeconds(5))
                .syncConnections(false).build());
        // Not started: requests stay pending, so the second joins the first.
        long first = scheduler.requestSync("user-1", "db0", false, true);
        assertThat(scheduler.requestSync("user-1", "db0", false, true)).isEqualTo(first);
        assertThat(scheduler.requestSync("user-1", "db1", false, true)).isNotEqualTo(first);
        assertThat(scheduler.requestSync("user-1", "db0", true, true)).isNotEqualTo(first);
        // Hold the connection's lock as another instance would while it syncs.
        try (var held = scheduler.engine().locks().tryLock(NotionSync.lockKey("user-1", "main"), "elsewhere")
                .orElseThrow()) {
            long noWait = scheduler.requestSync("user-1", "db0", false, false);
            scheduler.start();
            NotionSyncScheduler.RequestResult busy = scheduler.awaitRequest("user-1", noWait, Duration.ofSeconds(60));
            assertThat(busy.busy()).as(String.valueOf(busy)).isTrue();
            assertThat(busy.error()).contains("'db0'").contains("user-1");
        }
        NotionSyncScheduler.RequestResult joined = scheduler.awaitRequest("user-1", first, Duration.ofSeconds(60));
        assertThat(joined.status()).isEqualTo("done");
        long unknown = scheduler.requestSync("user-1", "no such database", false, true);
        assertThat(scheduler.awaitRequest("user-1", unknown, Duration.ofSeconds(30)).unknownDatabase()).isTrue();
    }

    @Test
    void connectionsAddedAndRemovedAtRuntimeGainAndLoseTheirSchedule() throws Exception {
        SyncConnection first = addConnection(1);
        HikariDataSource ds = cluster.keep(ClusterFixture.pool(postgres.database(), 8));
        NotionSyncScheduler scheduler = cluster.keep(cluster.instance(ds, "one", Duration.ofSeconds(5))
                .connectionInterval(Duration.ofHours(1)).spread(Duration.ZERO)
                .reconcileInterval(Duration.ofMillis(300)).build());
        scheduler.start();
        var pg = postgres.database().dataSource();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pg,
                "SELECT count(*) FROM notion_pages_sync WHERE user_id = 'user-1'") == 10);
        addConnection(2);
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pg,
                "SELECT count(*) FROM notion_pages_sync WHERE user_id = 'user-2'") == 10);
        // Once its run has ended, its next sync is due an interval later.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(scheduler.schedules("user-2"))
                .singleElement().satisfies(s -> {
                    assertThat(s.connectionName()).isEqualTo("main");
                    assertThat(s.nextDue()).isAfter(java.time.Instant.now().plus(Duration.ofMinutes(50)));
                }));
        cluster.connections.remove(first);
        await().atMost(Duration.ofSeconds(30)).until(() -> scheduler.schedules("user-1").isEmpty());
        assertThat(scheduler.backlog().executions()).isZero();
    }

    @Test
    void switchingScheduledSyncsOffEndsTheConnectionsExecutions() throws Exception {
        addConnection(1);
        HikariDataSource ds = cluster.keep(ClusterFixture.pool(postgres.database(), 8));
        NotionSyncScheduler on = cluster.keep(cluster.instance(ds, "on", Duration.ofSeconds(5))
                .connectionInterval(Duration.ofHours(1)).spread(Duration.ZERO).build());
        on.start();
        var pg = postgres.database().dataSource();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pg, "SELECT count(*) FROM notion_sync_runs") == 2);
        on.stop();
        assertThat(count(pg, "WITH due AS (UPDATE notion_sync_scheduled_tasks SET execution_time = now()"
                + " WHERE task_name = 'notion-sync-connection' RETURNING 1) SELECT count(*) FROM due")).isEqualTo(1);
        NotionSyncScheduler off = cluster.keep(cluster.instance(ds, "off", Duration.ofSeconds(5))
                .syncConnections(false).build());
        off.start();
        await().atMost(Duration.ofSeconds(30)).until(() -> count(pg,
                "SELECT count(*) FROM notion_sync_scheduled_tasks WHERE task_name = 'notion-sync-connection'") == 0);
        assertThat(count(pg, "SELECT count(*) FROM notion_sync_runs")).isEqualTo(2);
    }

    @Test
    void aRequestCutShortByAGracefulStopGoesBackToTheQueueAndAnotherInstanceServesIt() throws Exception {
        addConnection(1);
        HikariDataSource ds = cluster.keep(ClusterFixture.pool(postgres.database(), 8));
        NotionSyncScheduler stopping = cluster.keep(cluster.instance(ds, "stopping", Duration.ofSeconds(5))
                .syncConnections(false).shutdownMaxWait(Duration.ofMillis(200)).build());
        var pg = postgres.database().dataSource();
        long id;
        // The connection is busy elsewhere, so the request waits inside the engine when the stop comes.
        try (var held = stopping.engine().locks().tryLock(NotionSync.lockKey("user-1", "main"), "elsewhere")
                .orElseThrow()) {
            stopping.start();
            id = stopping.requestSync("user-1", "db0", false, true);
            await().atMost(Duration.ofSeconds(30)).until(() -> count(pg,
                    "SELECT count(*) FROM notion_sync_requests WHERE status = 'running' AND request_id = " + id) == 1);
            stopping.stop();
            stopping.engine().close(); // the application closes the engine after the scheduler
            await().atMost(Duration.ofSeconds(30)).until(() -> count(pg,
                    "SELECT count(*) FROM notion_sync_requests WHERE status = 'pending' AND request_id = " + id) == 1);
        }
        NotionSyncScheduler other = cluster.keep(cluster.instance(ds, "other", Duration.ofSeconds(5))
                .syncConnections(false).build());
        other.start();
        NotionSyncScheduler.RequestResult r = other.awaitRequest("user-1", id, Duration.ofSeconds(60));
        assertThat(r.status()).as(String.valueOf(r)).isEqualTo("done");
        assertThat(count(pg, "SELECT count(*) FROM notion_sync_requests WHERE claimed_by = 'other' AND request_id = "
                + id)).isEqualTo(1);
    }
}
