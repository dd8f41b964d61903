package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One bad page never fails its database: pages PostgreSQL refuses are skipped, the rest stored. */
class HostilePagesIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource ds;
    private NotionEmulator notion;
    private HttpNotionClient client;

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
    }

    @BeforeEach
    void start() {
        notion = NotionEmulator.builder().build().start();
        client = HttpNotionClient.builder().token(notion.workspace().createToken("hostile")).baseUrl(notion.baseUrl())
                .noRateLimit().build();
    }

    @AfterEach
    void stop() {
        client.close();
        notion.close();
    }

    private NotionSync engine(String user, DatabaseConfig db) {
        return NotionSync.builder().repository(JooqSyncRepository.create(ds)).fetchContent(false)
                .connection(SyncConnection.of(user, client, db)).build();
    }

    @Test
    void aCharacterWithA10KbNameIsStoredAndFoundLikeAnyOther() throws Exception {
        EmulatedDatabase characters = notion.workspace().createDatabase("Characters", Schema.builder().build());
        for (int i = 0; i < 250; i++) {
            characters.addPage(Map.of("Name", "Character " + i));
        }
        // 10,000 characters that do not compress (PostgreSQL compresses index entries).
        java.util.Random random = new java.util.Random(7);
        StringBuilder name = new StringBuilder("Aragorn ");
        while (name.length() < 10_000) {
            name.append((char) ('a' + random.nextInt(26)));
        }
        String longName = name.toString();
        characters.addPage(Map.of("Name", longName));
        try (NotionSync sync = engine("long-names", DatabaseConfig.of("Characters", characters.id(),
                TargetKind.CHARACTERS))) {
            SyncReport report = sync.syncAll();
            assertThat(report.outcome()).isEqualTo(SyncOutcome.SUCCESS);
            assertThat(report.inserted()).isEqualTo(251);
        }
        assertThat(count("SELECT count(*) FROM notion_characters_sync WHERE user_id = 'long-names'")).isEqualTo(251);
        try (Connection c = ds.getConnection(); var ps = c.prepareStatement(
                "SELECT length(name) FROM get_notion_character('long-names', ?)")) {
            ps.setString(1, longName);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(10_000);
            }
            ps.setString(1, longName.toUpperCase(java.util.Locale.ROOT));
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("case-insensitive match").isTrue();
            }
        }
    }

    @Test
    void aPageTheStoreRefusesIsRecordedAndSkippedWhileItsBatchAndDatabaseComplete() throws Exception {
        EmulatedDatabase notes = notion.workspace().createDatabase("Notes", Schema.builder().build());
        EmulatedPage poison = null;
        for (int i = 0; i < 150; i++) {
            EmulatedPage p = notes.addPage(Map.of("Name", i == 42 ? "poison" : "Note " + i));
            if (i == 42) {
                poison = p;
            }
        }
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            // A page PostgreSQL refuses, whatever the reason: here a constraint the test adds.
            s.execute("ALTER TABLE notion_pages_sync ADD CONSTRAINT no_poison CHECK (title <> 'poison')");
        }
        try (NotionSync sync = engine("refused", DatabaseConfig.of("Notes", notes.id(), TargetKind.PAGES))) {
            SyncReport report = sync.syncAll();
            assertThat(report.outcome()).isEqualTo(SyncOutcome.PARTIAL);
            assertThat(report.inserted()).isEqualTo(149);
            assertThat(report.failed()).isEqualTo(1);
        } finally {
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE notion_pages_sync DROP CONSTRAINT no_poison");
            }
        }
        assertThat(count("SELECT count(*) FROM notion_pages_sync WHERE user_id = 'refused'")).isEqualTo(149);
        assertThat(count("SELECT count(*) FROM notion_sync_errors WHERE user_id = 'refused' AND notion_page_id = '"
                + poison.id() + "' AND message LIKE '%no_poison%'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM notion_sync_state WHERE user_id = 'refused' AND watermark IS NOT NULL"
                + " AND last_full_sync_at IS NOT NULL")).as("the run completed and saved its state").isEqualTo(1);
    }

    private static long count(String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
