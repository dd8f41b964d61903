package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.testkit.contract.TestRecords;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

class SqlFunctionsIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource ds;
    private static NotionSyncQueries queries;
    private static NotionId aragorn;

    @BeforeAll
    static void seed() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
        queries = NotionSyncQueries.create(ds);
        JooqSyncRepository repo = JooqSyncRepository.create(ds);
        aragorn = newId();
        repo.writeBatch("user-id", TargetKind.CHARACTERS, List.of(
                write(aragorn, TargetKind.CHARACTERS, "Aragorn", "Heir of Isildur, ranger of the North."),
                write(newId(), TargetKind.CHARACTERS, "Arwen", "Evenstar of her people."),
                write(newId(), TargetKind.CHARACTERS, "Gandalf the Grey", "A wizard who carries a staff."),
                write(newId(), TargetKind.CHARACTERS, "Éowyn", "Shieldmaiden of Rohan, she rode to the café.")), null);
        repo.writeBatch("user-id", TargetKind.STORIES, List.of(
                write(newId(), TargetKind.STORIES, "The Rune Engine",
                        "The magic system draws power from spoken runes. Every spell costs a memory."),
                write(newId(), TargetKind.STORIES, "Harbour Nights", "A quiet story about fishermen.")), null);
        repo.writeBatch("user-id", TargetKind.WORLDS, List.of(
                write(newId(), TargetKind.WORLDS, "Eldoria (high fantasy)", "Floating islands and magic."),
                write(newId(), TargetKind.WORLDS, "Ravenhollow, a city of masks and night markets", "Fog.")), null);
        repo.writeBatch("someone-else", TargetKind.CHARACTERS, List.of(
                write(newId(), TargetKind.CHARACTERS, "Aragorn", "Another user's Aragorn.")), null);
    }

    @Test
    void searchIgnoresAccentsBothWays() {
        assertThat(queries.search("user-id", "eowyn", 10)).extracting(SearchHit::title).containsExactly("Éowyn");
        assertThat(queries.search("user-id", "Éowyn", 10)).extracting(SearchHit::title).containsExactly("Éowyn");
        assertThat(queries.search("user-id", "shieldmaiden cafe", 10)).extracting(SearchHit::title)
                .containsExactly("Éowyn");
        assertThat(queries.search("user-id", "cafe", 10).get(0).snippet()).contains("<b>café</b>");
    }

    @Test
    void characterLookupIsExactThenCaseInsensitiveThenFuzzy() throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM get_notion_character('user-id', 'Aragorn')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("name")).isEqualTo("Aragorn");
            assertThat(rs.getString("user_id")).isEqualTo("user-id");
            assertThat(rs.next()).as("one exact match, not the other user's").isFalse();
        }
        assertThat(queries.findCharacter("user-id", "aRaGoRn")).extracting(NamedPage::name).containsExactly("Aragorn");
        assertThat(queries.findCharacter("user-id", "Aragon")).extracting(NamedPage::name).first().isEqualTo("Aragorn");
        assertThat(queries.findCharacter("user-id", "Gandalf")).extracting(NamedPage::name)
                .containsExactly("Gandalf the Grey");
        assertThat(queries.findCharacter("user-id", "Zzyzx")).isEmpty();
        assertThat(queries.findCharacter("nobody", "Aragorn")).isEmpty();
        NamedPage found = queries.findCharacter("user-id", "Aragorn").get(0);
        assertThat(found.pageId()).isEqualTo(aragorn);
        assertThat(found.detail()).isEqualTo("About Aragorn");
        assertThat(found.tags()).containsExactly("tag-a", "tag-b");
        assertThat(found.properties()).containsKey("Name");
        assertThat(queries.findWorld("user-id", "eldoria (high fantasy)")).hasSize(1);
        // A name that is one word of a longer title: below the whole-title similarity threshold.
        assertThat(queries.findWorld("user-id", "Ravenhollow")).extracting(NamedPage::name)
                .containsExactly("Ravenhollow, a city of masks and night markets");
        assertThat(queries.findWorld("user-id", "ravenholow")).extracting(NamedPage::name).first()
                .isEqualTo("Ravenhollow, a city of masks and night markets");
        assertThat(queries.findWorld("user-id", "Eldoria")).extracting(NamedPage::name).first()
                .isEqualTo("Eldoria (high fantasy)");
    }

    @Test
    void mirroredDatabasesCountLiveAndDeletedPagesPerDatabaseOfOneUser() {
        JooqSyncRepository repo = JooqSyncRepository.create(ds);
        NotionId cast = newId();
        NotionId tales = newId();
        NotionId gone = newId();
        repo.writeBatch("counter", TargetKind.CHARACTERS, List.of(
                new PageWrite(TestRecords.record(gone, cast, TargetKind.CHARACTERS, "Boromir"), "h1"),
                new PageWrite(TestRecords.record(newId(), cast, TargetKind.CHARACTERS, "Faramir"), "h2"),
                new PageWrite(TestRecords.record(newId(), cast, TargetKind.CHARACTERS, "Eowyn"), "h3")), null);
        repo.writeBatch("counter", TargetKind.STORIES, List.of(
                new PageWrite(TestRecords.record(newId(), tales, TargetKind.STORIES, "Osgiliath"), "h4")), null);
        repo.markDeleted("counter", TargetKind.CHARACTERS, List.of(gone), "trashed", Instant.now());

        assertThat(queries.mirroredDatabases("counter")).containsExactly(
                new MirroredDatabase(cast, TargetKind.CHARACTERS, 2, 1),
                new MirroredDatabase(tales, TargetKind.STORIES, 1, 0));
        assertThat(queries.mirroredDatabases("nobody")).isEmpty();
    }

    @Test
    void deletedCharactersAreNotFound() {
        JooqSyncRepository repo = JooqSyncRepository.create(ds);
        NotionId boromir = newId();
        repo.writeBatch("user-id", TargetKind.CHARACTERS,
                List.of(write(boromir, TargetKind.CHARACTERS, "Boromir", "Son of Denethor.")), null);
        assertThat(queries.findCharacter("user-id", "Boromir")).hasSize(1);
        repo.markDeleted("user-id", TargetKind.CHARACTERS, List.of(boromir), "trashed", Instant.now());
        assertThat(queries.findCharacter("user-id", "Boromir")).isEmpty();
    }

    @Test
    void searchRanksAcrossTablesWithHighlightedSnippets() throws Exception {
        List<SearchHit> hits = queries.search("user-id", "magic system", 10);
        assertThat(hits).isNotEmpty();
        assertThat(hits.get(0).kind()).isEqualTo("story");
        assertThat(hits.get(0).title()).isEqualTo("The Rune Engine");
        assertThat(hits.get(0).snippet()).contains("<b>magic</b>");
        assertThat(hits).extracting(SearchHit::rank).isSortedAccordingTo((a, b) -> Double.compare(b, a));

        assertThat(queries.search("user-id", "\"spoken runes\"", 10)).extracting(SearchHit::title)
                .containsExactly("The Rune Engine");
        assertThat(queries.search("user-id", "magic -runes", 10)).extracting(SearchHit::kind).contains("world")
                .doesNotContain("story");
        assertThat(queries.search("user-id", "aragorn", 10)).extracting(SearchHit::kind).containsExactly("character");
        assertThat(queries.search("someone-else", "magic", 10)).isEmpty();

        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM search_notion_content('user-id', 'magic system')")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString("kind")).isEqualTo("story");
        }
    }

    @Test
    void hostileSearchStringsNeverRaiseSqlErrors() {
        String tenKilobytes = "wizard & | ! ( ) : * ' \" \\ ".repeat(400);
        for (String hostile : new String[] {"'); DROP TABLE notion_characters_sync; --", "a & | !", "!!!", "",
                "   ", "(((", "\"unclosed", "-", "or or or", tenKilobytes, "\u0000", "ü∂ƒ©˙∆˚¬", "*:*"}) {
            assertThat(queries.search("user-id", hostile, 5)).as(hostile.length() > 40 ? "10 KB" : hostile)
                    .isNotNull();
        }
        assertThat(queries.search("user-id", null, 5)).isEmpty();
        assertThat(queries.findCharacter("user-id", "'); DROP TABLE notion_characters_sync; --")).isEmpty();
        assertThat(queries.findCharacter("user-id", "Aragorn")).hasSize(1);
        assertThatThrownBy(() -> queries.search("", "x", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> queries.search("user-id", "x", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void syncRequestsAreQueuedAndNotified() throws Exception {
        try (Connection listener = ds.getConnection(); Connection caller = ds.getConnection();
             Statement l = listener.createStatement(); Statement s = caller.createStatement()) {
            l.execute("LISTEN notion_sync_requests");
            long one;
            long all;
            try (ResultSet rs = s.executeQuery("SELECT sync_notion_database('user-id', 'abc123')")) {
                rs.next();
                one = rs.getLong(1);
            }
            try (ResultSet rs = s.executeQuery("SELECT sync_all_notion_databases('user-id')")) {
                rs.next();
                all = rs.getLong(1);
            }
            List<String> payloads = new ArrayList<>();
            long deadline = System.currentTimeMillis() + 5_000;
            while (payloads.size() < 2 && System.currentTimeMillis() < deadline) {
                PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(500);
                if (notes != null) {
                    for (PGNotification n : notes) {
                        payloads.add(n.getParameter());
                    }
                }
            }
            assertThat(payloads).containsExactly(Long.toString(one), Long.toString(all));
            try (ResultSet rs = s.executeQuery("SELECT notion_database_id, status FROM notion_sync_requests"
                    + " WHERE request_id IN (" + one + ", " + all + ") ORDER BY request_id")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("abc123");
                assertThat(rs.getString(2)).isEqualTo("pending");
                rs.next();
                assertThat(rs.getString(1)).isNull();
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT sync_notion_database('', 'x')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("user id must be");
        }
    }

    @Test
    void rowLevelSecurityLimitsANonOwnerRoleToItsUser() throws Exception {
        String role = "nst_app_" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 10);
        try (Connection owner = ds.getConnection(); Statement s = owner.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN");
            s.execute("GRANT USAGE ON SCHEMA public TO " + role);
            s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
            s.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + role);
        }
        Properties p = new Properties();
        p.setProperty("user", role);
        try (Connection app = DriverManager.getConnection(postgres.database().jdbcUrl(), p);
             Statement s = app.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM notion_characters_sync")).as("no user set: nothing").isZero();

            s.execute("SELECT set_config('notion_sync.user_id', 'user-id', false)");
            assertThat(count(s, "SELECT count(DISTINCT user_id) FROM notion_characters_sync")).isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM notion_characters_sync WHERE user_id = 'someone-else'")).isZero();
            assertThat(count(s, "SELECT count(*) FROM get_notion_character('someone-else', 'Aragorn')")).isZero();
            assertThat(count(s, "SELECT count(*) FROM get_notion_character('user-id', 'Aragorn')")).isEqualTo(1);
            assertThat(s.executeUpdate("UPDATE notion_characters_sync SET role = 'x' WHERE user_id = 'someone-else'"))
                    .isZero();
            assertThatThrownBy(() -> s.execute("INSERT INTO notion_pages_sync (user_id, notion_page_id, content_hash)"
                    + " VALUES ('someone-else', gen_random_uuid(), 'h')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");

            s.execute("SELECT set_config('notion_sync.user_id', 'someone-else', false)");
            assertThat(count(s, "SELECT count(*) FROM notion_characters_sync")).isEqualTo(1);
        } finally {
            try (Connection owner = ds.getConnection(); Statement s = owner.createStatement()) {
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            }
        }
    }

    @Test
    void aRoleMappedToAUserSeesOnlyThatUserWhateverItSetsAndOthersKeepTheSessionSetting() throws Exception {
        String suffix = Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 10);
        String writer = "nst_writer_" + suffix;
        String app = "nst_app_" + suffix;
        String group = "nst_group_" + suffix;
        try (Connection owner = ds.getConnection(); Statement s = owner.createStatement()) {
            for (String role : List.of(writer, app)) {
                s.execute("CREATE ROLE " + role + " LOGIN");
                s.execute("GRANT USAGE ON SCHEMA public TO " + role);
                s.execute("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO " + role);
                s.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO " + role);
            }
            s.execute("INSERT INTO notion_sync_role_users (role_name, user_id) VALUES ('" + writer + "', 'user-id')");
            // An unmapped group role the writer belongs to, holding grants as usual.
            s.execute("CREATE ROLE " + group + " NOLOGIN");
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA public TO " + group);
            s.execute("GRANT " + group + " TO " + writer);
        }
        try (Connection w = connectAs(writer); Statement s = w.createStatement()) {
            assertThat(count(s, "SELECT count(DISTINCT user_id) FROM notion_characters_sync")).isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM notion_characters_sync WHERE user_id = 'user-id'")).isPositive();
            // Setting another user changes nothing for a mapped role.
            s.execute("SELECT set_config('notion_sync.user_id', 'someone-else', false)");
            assertThat(count(s, "SELECT count(*) FROM notion_characters_sync WHERE user_id = 'someone-else'")).isZero();
            assertThat(count(s, "SELECT count(*) FROM get_notion_character('someone-else', 'Aragorn')")).isZero();
            assertThatThrownBy(() -> s.execute("INSERT INTO notion_pages_sync (user_id, notion_page_id, content_hash)"
                    + " VALUES ('someone-else', gen_random_uuid(), 'h')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("row-level security");
            assertThatThrownBy(() -> s.execute("INSERT INTO notion_sync_role_users VALUES ('" + writer
                    + "', 'someone-else')")).as("nobody but the owner maps roles").isInstanceOf(SQLException.class);
            // Nor through its group role.
            s.execute("SET ROLE " + group);
            assertThat(count(s, "SELECT count(*) FROM notion_characters_sync WHERE user_id = 'someone-else'")).isZero();
            assertThat(count(s, "SELECT count(*) FROM notion_characters_sync WHERE user_id = 'user-id'")).isPositive();
            s.execute("RESET ROLE");
        }
        try (Connection a = connectAs(app); Statement s = a.createStatement()) {
            s.execute("SELECT set_config('notion_sync.user_id', 'someone-else', false)");
            assertThat(count(s, "SELECT count(*) FROM notion_characters_sync WHERE user_id = 'someone-else'"))
                    .as("an unmapped role: the seed's model").isEqualTo(1);
        } finally {
            try (Connection owner = ds.getConnection(); Statement s = owner.createStatement()) {
                s.execute("DELETE FROM notion_sync_role_users WHERE role_name = '" + writer + "'");
                for (String role : List.of(writer, app, group)) {
                    s.execute("DROP OWNED BY " + role);
                    s.execute("DROP ROLE " + role);
                }
            }
        }
    }

    private static Connection connectAs(String role) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", role);
        return DriverManager.getConnection(postgres.database().jdbcUrl(), p);
    }

    private static int count(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private static NotionId newId() {
        return NotionId.parse(UUID.randomUUID().toString());
    }

    private static PageWrite write(NotionId id, TargetKind kind, String title, String content) {
        return new PageWrite(TestRecords.record(id, newId(), kind, title, content), "h-" + id);
    }
}
