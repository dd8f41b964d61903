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
        assertThat(migrations.currentVersion()).isEqualTo("5");

        assertThat(tables("public")).contains("notion_characters_sync", "notion_worlds_sync",
                "notion_stories_sync", "notion_chat_sessions_sync", "notion_pages_sync",
                "notion_sync_state", "notion_sync_runs", "notion_sync_errors", "notion_sync_connections",
                NotionSyncMigrations.HISTORY_TABLE);

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
