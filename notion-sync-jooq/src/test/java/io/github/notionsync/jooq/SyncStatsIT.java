package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The dashboard's statistics: runs and errors of one user, per hour and per day, empty buckets included. */
class SyncStatsIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final Instant NOW = Instant.parse("2026-03-10T15:20:00Z");
    private static DataSource ds;
    private static NotionSyncQueries queries;

    @BeforeAll
    static void data() throws Exception {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
        queries = NotionSyncQueries.create(ds);
        // This hour: two runs (one still running: not counted) and an error; two hours ago: one run;
        // three days ago: one run and two errors; another user: a run and an error this hour.
        run("stats-user", "2026-03-10T15:05:00Z", 10, 2, 1, 0, 3, 400, "SUCCESS");
        run("stats-user", "2026-03-10T15:10:00Z", 20, 0, 5, 1, 4, 1_000, "PARTIAL");
        run("stats-user", "2026-03-10T15:15:00Z", 0, 0, 0, 0, 0, 0, "RUNNING");
        run("stats-user", "2026-03-10T13:59:59Z", 7, 7, 0, 0, 2, 250, "SUCCESS");
        run("stats-user", "2026-03-07T08:00:00Z", 5, 0, 0, 5, 1, 90, "SUCCESS");
        run("other-user", "2026-03-10T15:01:00Z", 99, 99, 0, 0, 9, 9_999, "SUCCESS");
        error("stats-user", "2026-03-10T15:11:00Z");
        error("stats-user", "2026-03-07T09:00:00Z");
        error("stats-user", "2026-03-07T23:59:00Z");
        error("other-user", "2026-03-10T15:02:00Z");
        // Outside both windows.
        run("stats-user", "2026-03-01T00:00:00Z", 1_000, 1_000, 0, 0, 1_000, 5_000, "SUCCESS");
    }

    @Test
    void perHourOverADay() {
        List<SyncStatsBucket> hours = queries.syncStats("stats-user", ChronoUnit.HOURS, 24, NOW);
        assertThat(hours).hasSize(24);
        assertThat(hours.get(0).start()).isEqualTo(Instant.parse("2026-03-09T16:00:00Z"));
        SyncStatsBucket now = hours.get(23);
        assertThat(now).isEqualTo(new SyncStatsBucket(Instant.parse("2026-03-10T15:00:00Z"), 2, 30, 9, 7, 1_000, 700,
                1));
        assertThat(hours.get(21)).isEqualTo(new SyncStatsBucket(Instant.parse("2026-03-10T13:00:00Z"), 1, 7, 7, 2,
                250, 250, 0));
        assertThat(hours.get(22).runs()).isZero();
        assertThat(hours.stream().mapToLong(SyncStatsBucket::runs).sum()).isEqualTo(3);
    }

    @Test
    void perDayOverAWeek() {
        List<SyncStatsBucket> days = queries.syncStats("stats-user", ChronoUnit.DAYS, 7, NOW);
        assertThat(days).extracting(SyncStatsBucket::start).first().isEqualTo(Instant.parse("2026-03-04T00:00:00Z"));
        assertThat(days).extracting(SyncStatsBucket::runs).containsExactly(0L, 0L, 0L, 1L, 0L, 0L, 3L);
        assertThat(days).extracting(SyncStatsBucket::errors).containsExactly(0L, 0L, 0L, 2L, 0L, 0L, 1L);
        assertThat(days.get(6).pagesSeen()).isEqualTo(37);
    }

    @Test
    void boundsAreChecked() {
        assertThat(queries.syncStats("nobody", ChronoUnit.HOURS, 3, NOW)).extracting(SyncStatsBucket::runs)
                .containsExactly(0L, 0L, 0L);
        assertThatThrownBy(() -> queries.syncStats("stats-user", ChronoUnit.MINUTES, 5, NOW))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HOURS or DAYS");
        assertThatThrownBy(() -> queries.syncStats("stats-user", ChronoUnit.DAYS, NotionSyncQueries.MAX_BUCKETS + 1,
                NOW)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("buckets");
    }

    private static void run(String user, String startedAt, int seen, int inserted, int updated, int deleted,
            int requests, long durationMs, String outcome) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notion_sync_runs (run_id, user_id, notion_database_id, database_name, target_kind,"
                        + " started_at, duration_ms, pages_seen, pages_inserted, pages_updated, pages_deleted,"
                        + " requests, outcome) VALUES (?, ?, ?, 'Stats', 'PAGES', ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, UUID.randomUUID());
            ps.setString(2, user);
            ps.setObject(3, UUID.randomUUID());
            ps.setTimestamp(4, Timestamp.from(Instant.parse(startedAt)));
            ps.setLong(5, durationMs);
            ps.setInt(6, seen);
            ps.setInt(7, inserted);
            ps.setInt(8, updated);
            ps.setInt(9, deleted);
            ps.setInt(10, requests);
            ps.setString(11, outcome);
            ps.executeUpdate();
        }
    }

    private static void error(String user, String at) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notion_sync_errors (user_id, error_type, message, occurred_at) VALUES (?, 'test', 'x', ?)")) {
            ps.setString(1, user);
            ps.setTimestamp(2, Timestamp.from(Instant.parse(at)));
            ps.executeUpdate();
        }
    }
}
