package io.github.notionsync.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.RetryPolicy;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.scheduling.support.CronExpression;

/** Two "instances" (separate lock and job objects) on one database. */
class ClusterCoordinationIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource ds;

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
    }

    @Test
    void advisoryLockIsHeldByOneInstanceAtATime() {
        ClusterLocks a = new ClusterLocks(ds, "public", "a");
        ClusterLocks b = new ClusterLocks(ds, "public", "b");
        try (ClusterLocks.Held held = a.tryLock("user-id/db").orElseThrow()) {
            assertThat(b.tryLock("user-id/db")).isEmpty();
            assertThat(b.tryLock("user-id/other")).hasValueSatisfying(ClusterLocks.Held::close);
        }
        b.tryLock("user-id/db").orElseThrow().close();
    }

    @Test
    void aScheduledFiringRunsOnExactlyOneInstance() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        CronExpression everySecond = CronExpression.parse("* * * * * *");
        ClusterLocks a = new ClusterLocks(ds, "public", "a");
        ClusterLocks b = new ClusterLocks(ds, "public", "b");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 5; round++) {
                Instant at = Instant.now();
                Future<?> fa = pool.submit(() -> fire(a, "test-job", everySecond, runs, at));
                Future<?> fb = pool.submit(() -> fire(b, "test-job", everySecond, runs, at));
                fa.get();
                fb.get();
                Thread.sleep(1_100);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(runs.get()).isEqualTo(5);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT count(*), count(*) FILTER (WHERE outcome = 'done')"
                     + " FROM notion_sync_job_runs WHERE job_name = 'test-job'")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(5);
            assertThat(rs.getInt(2)).isEqualTo(5);
        }
    }

    private static void fire(ClusterLocks locks, String job, CronExpression cron, AtomicInteger runs, Instant at) {
        Instant scheduledFor = ScheduledJobs.previousFiring(cron, at);
        if (locks.claimJob(job, scheduledFor)) {
            runs.incrementAndGet();
            locks.finishJob(job, scheduledFor, "done");
        }
    }

    @Test
    void previousFiringNamesTheFiringAJobBelongsTo() {
        CronExpression quarter = CronExpression.parse("0 */15 * * * *");
        assertThat(ScheduledJobs.previousFiring(quarter, Instant.parse("2026-11-25T10:15:00.300Z")))
                .isEqualTo(Instant.parse("2026-11-25T10:15:00Z"));
        assertThat(ScheduledJobs.previousFiring(quarter, Instant.parse("2026-11-25T10:29:59Z")))
                .isEqualTo(Instant.parse("2026-11-25T10:15:00Z"));
        CronExpression sunday = CronExpression.parse("0 0 1 * * SUN");
        assertThat(ScheduledJobs.previousFiring(sunday, Instant.parse("2026-11-25T10:00:00Z")))
                .isEqualTo(Instant.parse("2026-11-22T01:00:00Z"));
    }

    @Test
    void queuedRequestsAreServedExactlyOnceAcrossInstances() throws Exception {
        HttpNotionClient unreachable = HttpNotionClient.builder().token("ntn_test")
                .baseUrl(URI.create("http://127.0.0.1:9"))
                .retryPolicy(RetryPolicy.none())
                .connectTimeout(Duration.ofMillis(500))
                .build();
        try (NotionSync sync = NotionSync.builder()
                .repository(JooqSyncRepository.create(ds))
                .connection(SyncConnection.of("queue-user", unreachable,
                        DatabaseConfig.of("Characters", "393abc1eedcd80f3813be205934558c6", TargetKind.CHARACTERS)))
                .build()) {
            SyncCoordinator coordinator = new SyncCoordinator(sync, new ClusterLocks(ds, "public", "x"));
            SyncRequestConsumer a = new SyncRequestConsumer(ds, "public", coordinator, Duration.ofMillis(100), "a");
            SyncRequestConsumer b = new SyncRequestConsumer(ds, "public", coordinator, Duration.ofMillis(100), "b");
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                for (int i = 0; i < 10; i++) {
                    s.execute("SELECT sync_notion_database('queue-user', 'Characters')");
                }
                s.execute("SELECT sync_notion_database('queue-user', 'No such database')");
            }
            ExecutorService pool = Executors.newFixedThreadPool(2);
            try {
                List<Future<Integer>> served = List.of(pool.submit(() -> drain(a)), pool.submit(() -> drain(b)));
                assertThat(served.get(0).get() + served.get(1).get()).isEqualTo(11);
            } finally {
                pool.shutdownNow();
            }
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE status = 'done'),"
                         + " count(*) FILTER (WHERE status = 'failed' AND error LIKE '%No database%'),"
                         + " count(*) FILTER (WHERE result->>'outcome' = 'FAILED')"
                         + " FROM notion_sync_requests WHERE user_id = 'queue-user'")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(10);
                assertThat(rs.getInt(2)).isEqualTo(1);
                assertThat(rs.getInt(3)).as("Notion unreachable: each run recorded as failed").isEqualTo(10);
            }
        }
    }

    private static int drain(SyncRequestConsumer consumer) throws Exception {
        int n = 0;
        while (consumer.serveOne()) {
            n++;
        }
        return n;
    }
}
