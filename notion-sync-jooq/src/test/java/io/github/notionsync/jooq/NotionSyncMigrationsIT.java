package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class NotionSyncMigrationsIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    @Test
    void createsTheSeedTablesInPublicAndRunsTheSeedQueriesVerbatim() throws Exception {
        NotionSyncMigrations migrations = NotionSyncMigrations.create(postgres.database().dataSource());
        assertThat(migrations.migrate()).isPositive();
        assertThat(migrations.migrate()).as("second run is a no-op").isZero();
        assertThat(migrations.currentVersion()).isEqualTo("16");

        assertThat(tables("public")).contains("notion_characters_sync", "notion_worlds_sync",
                "notion_stories_sync", "notion_chat_sessions_sync", "notion_pages_sync",
                "notion_sync_state", "notion_sync_runs", "notion_sync_errors", "notion_sync_connections",
                "notion_sync_locks", "notion_sync_scheduled_tasks", "notion_sync_webhook_verifications",
                "notion_sync_webhook_events", "notion_sync_outbox", "notion_sync_schemas",
                "notion_sync_embeddings", "notion_sync_embedded_pages", "notion_sync_embedding_versions",
                NotionSyncMigrations.HISTORY_TABLE);
        assertThat(tables("public")).doesNotContain("notion_sync_job_runs");

        try (Connection c = postgres.database().openConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notion_worlds_sync (user_id, notion_page_id, name, content, content_hash)"
                    + " VALUES ('user-id', gen_random_uuid(), 'Middle-earth (high fantasy)', 'Elves and rings', 'h1')");
            try (ResultSet rs = s.executeQuery("SELECT * FROM notion_worlds_sync WHERE name ILIKE '%fantasy%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("name")).isEqualTo("Middle-earth (high fantasy)");
            }
            try (ResultSet rs = s.executeQuery("SELECT count(*) FROM notion_worlds_sync"
                    + " WHERE search_vector @@ websearch_to_tsquery('english', 'rings')")) {
                rs.next();
                assertThat(rs.getInt(1)).as("search vector is kept by the database").isEqualTo(1);
            }
            s.executeQuery("SELECT * FROM notion_characters_sync WHERE user_id = 'user-id'").close();
        }
    }

    @Test
    void upgradingFromTheSerialCoordinatorServesTheRequestsItLeftPendingOrRunning() throws Exception {
        NotionSyncMigrations migrations = NotionSyncMigrations.create(postgres.database().dataSource())
                .schema("upgraded");
        migrations.migrateTo("5");
        try (Connection c = postgres.database().openConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO upgraded.notion_sync_requests (user_id, notion_database_id, status)"
                    + " VALUES ('u', 'Characters', 'pending'), ('u', 'Worlds', 'running'), ('u', 'Stories', 'done')");
            s.execute("INSERT INTO upgraded.notion_sync_job_runs (job_name, scheduled_for, instance)"
                    + " VALUES ('sync-notion-databases', now(), 'old')");
        }
        assertThat(migrations.migrate()).isPositive();
        assertThat(tables("upgraded")).doesNotContain("notion_sync_job_runs");
        try (Connection c = postgres.database().openConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT r.notion_database_id, r.status, t.task_name IS NOT NULL"
                     + " FROM upgraded.notion_sync_requests r LEFT JOIN upgraded.notion_sync_scheduled_tasks t"
                     + " ON t.task_instance = r.request_id::text ORDER BY r.request_id")) {
            List<String> rows = new java.util.ArrayList<>();
            while (rs.next()) {
                rows.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getBoolean(3));
            }
            assertThat(rows).containsExactly("Characters pending true", "Worlds pending true", "Stories done false");
        }
    }

    @Test
    void keepsItsOwnHistoryBesideTheHostAppsTablesInAnotherSchema() throws Exception {
        try (Connection c = postgres.database().openConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA host_app");
            s.execute("CREATE TABLE host_app.flyway_schema_history (installed_rank int)");
            s.execute("CREATE TABLE host_app.orders (id int)");
        }
        NotionSyncMigrations.create(postgres.database().dataSource()).schema("host_app").migrate();

        assertThat(tables("host_app")).contains("orders", "flyway_schema_history",
                NotionSyncMigrations.HISTORY_TABLE, "notion_pages_sync");
    }

    @Test
    void rejectsASchemaNameThatIsNotAnIdentifier() {
        NotionSyncMigrations migrations = NotionSyncMigrations.create(postgres.database().dataSource());
        assertThatThrownBy(() -> migrations.schema("x; DROP SCHEMA public"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Schema name must be a lower-case SQL identifier");
    }

    private static List<String> tables(String schema) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = postgres.database().openConnection();
             var ps = c.prepareStatement("SELECT tablename FROM pg_tables WHERE schemaname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        return names;
    }
}
