package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotionSyncMaintenanceIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource ds;
    private static NotionSyncMaintenance maintenance;

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
        maintenance = NotionSyncMaintenance.create(ds);
    }

    @Test
    void deletesOnlyOldTemporaryChats() throws Exception {
        exec("INSERT INTO notion_chat_sessions_sync (user_id, notion_page_id, title, is_temporary, content_hash,"
                + " notion_last_edited_time) VALUES"
                + " ('u1', gen_random_uuid(), 'old temp', true, 'h', now() - interval '3 days'),"
                + " ('u1', gen_random_uuid(), 'new temp', true, 'h', now() - interval '1 hour'),"
                + " ('u1', gen_random_uuid(), 'old kept', false, 'h', now() - interval '30 days')");

        assertThat(maintenance.deleteTemporaryChats(Duration.ofDays(1))).isEqualTo(1);
        assertThat(query("SELECT string_agg(title, ',' ORDER BY title) FROM notion_chat_sessions_sync"))
                .isEqualTo("new temp,old kept");
        assertThatThrownBy(() -> maintenance.deleteTemporaryChats(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aggregatesWritingStatisticsPerUserAndDay() throws Exception {
        exec("INSERT INTO notion_stories_sync (user_id, notion_page_id, title, word_count, content_hash,"
                + " notion_last_edited_time) VALUES"
                + " ('writer', gen_random_uuid(), 'a', 100, 'h', '2026-03-01T10:00:00Z'),"
                + " ('writer', gen_random_uuid(), 'b', 50, 'h', '2026-03-01T23:59:00Z'),"
                + " ('writer', gen_random_uuid(), 'c', 999, 'h', '2026-03-02T00:00:00Z')");
        exec("INSERT INTO notion_characters_sync (user_id, notion_page_id, name, word_count, content_hash,"
                + " notion_last_edited_time) VALUES ('writer', gen_random_uuid(), 'x', 7, 'h', '2026-03-01T12:00:00Z')");

        assertThat(maintenance.aggregateWritingStats(LocalDate.parse("2026-03-01"))).isEqualTo(1);
        assertThat(maintenance.aggregateWritingStats(LocalDate.parse("2026-03-01"))).as("re-run replaces").isEqualTo(1);
        assertThat(query("SELECT stories_edited || '/' || story_words || '/' || characters_edited || '/' || total_words"
                + " FROM notion_writing_stats WHERE user_id = 'writer' AND day = '2026-03-01'"))
                .isEqualTo("2/150/1/157");
    }

    @Test
    void refreshesIndexesAndDeletesOldRecords() throws Exception {
        assertThat(maintenance.refreshIndexes()).isEmpty();
        exec("INSERT INTO notion_sync_runs (run_id, user_id, notion_database_id, target_kind, started_at, outcome)"
                + " VALUES (gen_random_uuid(), 'u', gen_random_uuid(), 'PAGES', now() - interval '60 days', 'SUCCESS'),"
                + " (gen_random_uuid(), 'u', gen_random_uuid(), 'PAGES', now(), 'SUCCESS')");
        exec("INSERT INTO notion_sync_errors (user_id, error_type, message, occurred_at)"
                + " VALUES ('u', 'X', 'old', now() - interval '60 days')");
        // Finished changes to Notion go after the retention; pending ones stay, however old.
        exec("INSERT INTO notion_sync_outbox (user_id, notion_database_id, operation, status, updated_at)"
                + " VALUES ('u', gen_random_uuid(), 'trash', 'applied', now() - interval '60 days'),"
                + " ('u', gen_random_uuid(), 'trash', 'pending', now() - interval '60 days'),"
                + " ('u', gen_random_uuid(), 'trash', 'failed', now())");
        assertThat(maintenance.deleteOldSyncRecords(Duration.ofDays(30))).isEqualTo(3);
        assertThat(query("SELECT count(*) FROM notion_sync_runs")).isEqualTo("1");
        assertThat(query("SELECT string_agg(status, ',' ORDER BY status) FROM notion_sync_outbox")).isEqualTo(
                "failed,pending");
    }

    private static void exec(String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private static String query(String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
