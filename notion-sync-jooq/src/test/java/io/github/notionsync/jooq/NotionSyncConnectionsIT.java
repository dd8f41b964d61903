package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.UnknownDatabaseException;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The connections table on a real PostgreSQL: storage, encryption at rest, and the engine reading it. */
class NotionSyncConnectionsIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final String TOKEN = "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";
    private static final String CHARACTERS_ID = "393abc1eedcd80f3813be205934558c6";
    private static final String WORLDS_ID = "1f2e3d4c5b6a49788796a5b4c3d2e1f0";

    private static DataSource ds;
    private static final String KEY = TokenEncryptionKeys.generateKey();
    private static final TokenEncryptionKeys KEYS = TokenEncryptionKeys.of(KEY);

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
    }

    private static NotionSyncConnections connections(TokenEncryptionKeys keys) {
        return NotionSyncConnections.builder(ds, keys).clientSettings(b -> b.noRateLimit()).build();
    }

    private static List<DatabaseConfig> characters() {
        return List.of(DatabaseConfig.of("Characters", CHARACTERS_ID, TargetKind.CHARACTERS)
                .withPropertyNames(Map.of("role", "Part"))
                .withConflictPolicy(io.github.notionsync.ConflictPolicy.NOTION_WINS)); // kept with the row
    }

    @Test
    void addListUpdateAndRemoveAConnectionOfOneUser() {
        NotionSyncConnections table = connections(KEYS);
        NotionConnection added = table.add("rt-user", "  Writing  ", TOKEN, characters());
        assertThat(added.name()).isEqualTo("Writing");
        assertThat(added.userId()).isEqualTo("rt-user");
        assertThat(added.apiVersion()).isEqualTo(NotionApiVersion.DEFAULT);
        assertThat(added.enabled()).isTrue();
        assertThat(added.tokenKeyId()).isEqualTo(KEYS.currentKeyId());
        assertThat(added.databases()).isEqualTo(characters());
        assertThat(added.databases().get(0).mapping().overrides()).containsEntry("role", "Part");
        assertThat(table.list("rt-user")).containsExactly(added);
        assertThat(table.find("rt-user", added.id())).contains(added);
        assertThat(added.toString()).doesNotContain(TOKEN);

        NotionConnection old = table.add("rt-user", "Old workspace", TOKEN, NotionApiVersion.V2022_06_28,
                List.of(DatabaseConfig.of("Worlds", WORLDS_ID, TargetKind.WORLDS)));
        assertThat(old.apiVersion()).isEqualTo(NotionApiVersion.V2022_06_28);
        assertThat(table.list("rt-user")).extracting(NotionConnection::name).containsExactly("Writing", "Old workspace");

        NotionConnection moved = table.updateDatabases("rt-user", old.id(),
                List.of(DatabaseConfig.of("Worlds", WORLDS_ID, TargetKind.WORLDS),
                        DatabaseConfig.of("Notes", "aaaabbbbccccddddeeeeffff00001111", TargetKind.PAGES))).orElseThrow();
        assertThat(moved.databases()).extracting(DatabaseConfig::name).containsExactly("Worlds", "Notes");
        assertThat(moved.updatedAt()).isAfter(old.updatedAt());

        assertThat(table.connectionsOf("rt-user")).hasSize(2);
        assertThat(table.setEnabled("rt-user", old.id(), false)).hasValueSatisfying(c -> assertThat(c.enabled()).isFalse());
        assertThat(table.connectionsOf("rt-user")).singleElement()
                .satisfies(c -> assertThat(c.databases()).isEqualTo(characters()));
        assertThat(table.list("rt-user")).as("a disabled connection is kept").hasSize(2);

        // Another user sees, changes and removes none of it.
        assertThat(table.list("someone-else")).isEmpty();
        assertThat(table.find("someone-else", added.id())).isEmpty();
        assertThat(table.updateToken("someone-else", added.id(), "ntn_other")).isEmpty();
        assertThat(table.remove("someone-else", added.id())).isFalse();

        assertThat(table.remove("rt-user", old.id())).isTrue();
        assertThat(table.remove("rt-user", old.id())).isFalse();
        assertThat(table.list("rt-user")).containsExactly(table.find("rt-user", added.id()).orElseThrow());
        assertThat(table.updateDatabases("rt-user", UUID.randomUUID(), characters())).isEmpty();
    }

    @Test
    void badInputIsRefusedWithoutEchoingTheToken() {
        NotionSyncConnections table = connections(KEYS);
        table.add("bad-user", "Writing", TOKEN, characters());
        assertThatThrownBy(() -> table.add("bad-user", "writing two", TOKEN, characters()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is already mirrored by connection 'Writing' of user bad-user");
        assertThatThrownBy(() -> table.add("bad-user", "Writing", TOKEN, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("already has a connection named 'Writing'");
        assertThatThrownBy(() -> table.add("bad-user", "Twice", TOKEN, List.of(
                DatabaseConfig.of("A", WORLDS_ID, TargetKind.WORLDS), DatabaseConfig.of("B", WORLDS_ID, TargetKind.PAGES))))
                .hasMessageContaining("is listed twice");
        assertThatThrownBy(() -> table.add("bad-user", "Spaces", "ntn_abc def", List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .message().doesNotContain("ntn_abc");
        assertThatThrownBy(() -> table.add("bad-user", " ", TOKEN, List.of()))
                .hasMessageContaining("needs a name");
        assertThatThrownBy(() -> table.add("", "x", TOKEN, List.of())).hasMessageContaining("Invalid user id");
        assertThat(table.list("bad-user")).hasSize(1);
    }

    @Test
    void theTableHoldsTheTokenOnlyAsAuthenticatedCiphertext() throws Exception {
        NotionSyncConnections table = connections(KEYS);
        NotionConnection a = table.add("cipher-user", "One", TOKEN, List.of());
        NotionConnection b = table.add("cipher-user", "Two", TOKEN, List.of());
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT t::text, token_key_id, token_nonce, token_ciphertext,"
                        + " position(convert_to(?, 'UTF8') IN token_ciphertext)"
                        + " FROM notion_sync_connections t WHERE user_id = 'cipher-user' ORDER BY created_at")) {
            ps.setString(1, TOKEN);
            try (ResultSet rs = ps.executeQuery()) {
                byte[] first = null;
                while (rs.next()) {
                    assertThat(rs.getString(1)).doesNotContain(TOKEN).doesNotContain(TOKEN.substring(4, 20))
                            .doesNotContain(KEY);
                    assertThat(rs.getString(2)).isEqualTo(KEYS.currentKeyId());
                    assertThat(rs.getBytes(3)).hasSize(12);
                    byte[] ciphertext = rs.getBytes(4);
                    assertThat(ciphertext).hasSize(TOKEN.getBytes(StandardCharsets.UTF_8).length + 16);
                    assertThat(new String(ciphertext, StandardCharsets.ISO_8859_1)).doesNotContain("ntn_");
                    assertThat(rs.getInt(5)).isZero();
                    if (first == null) {
                        first = ciphertext;
                    } else {
                        assertThat(ciphertext).as("a fresh nonce per encryption").isNotEqualTo(first);
                    }
                }
            }
        }
        assertThat(table.connectionsOf("cipher-user")).hasSize(2);
        assertThat(a.id()).isNotEqualTo(b.id());
        try (Connection c = ds.getConnection(); var s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT relrowsecurity FROM pg_class"
                     + " WHERE oid = 'public.notion_sync_connections'::regclass")) {
            rs.next();
            assertThat(rs.getBoolean(1)).as("row-level security as on the other tables").isTrue();
        }
    }

    @Test
    void aConnectionsClientIsKeptUntilItsTokenChanges() {
        NotionSyncConnections table = connections(KEYS);
        NotionConnection added = table.add("cache-user", "Writing", TOKEN, characters());
        SyncConnection first = table.connectionsOf("cache-user").get(0);
        assertThat(table.connectionsOf("cache-user").get(0).client()).isSameAs(first.client());
        assertThat(table.connections()).filteredOn(c -> c.userId().equals("cache-user")).singleElement()
                .satisfies(c -> assertThat(c.client()).isSameAs(first.client()));

        table.updateDatabases("cache-user", added.id(), List.of(DatabaseConfig.of("W", WORLDS_ID, TargetKind.WORLDS)));
        SyncConnection moved = table.connectionsOf("cache-user").get(0);
        assertThat(moved.client()).as("the token did not change").isSameAs(first.client());
        assertThat(moved.databases()).extracting(DatabaseConfig::name).containsExactly("W");

        table.updateToken("cache-user", added.id(), "ntn_rotated0token");
        SyncConnection rotated = table.connectionsOf("cache-user").get(0);
        assertThat(rotated.client()).isNotSameAs(first.client());
        assertThat(table.connectionsOf("cache-user").get(0).client()).isSameAs(rotated.client());
        table.close();
    }

    @Test
    void aWrongKeyFailsClearlyAndLeavesTheOtherUsersRunning() throws Exception {
        NotionSyncConnections writer = connections(KEYS);
        writer.add("wrong-key-user", "Writing", TOKEN, characters());
        String otherKey = TokenEncryptionKeys.generateKey();
        TokenEncryptionKeys otherKeys = TokenEncryptionKeys.of(otherKey);
        NotionSyncConnections reader = connections(otherKeys);
        reader.add("right-key-user", "Writing", TOKEN, characters());

        assertThatThrownBy(() -> reader.connectionsOf("wrong-key-user"))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining("of user wrong-key-user")
                .hasMessageContaining("encrypted with key " + KEYS.currentKeyId() + ", which is not configured")
                .message().doesNotContain(TOKEN).doesNotContain(KEY).doesNotContain(otherKey);
        assertThat(reader.connections()).extracting(SyncConnection::userId)
                .contains("right-key-user").doesNotContain("wrong-key-user");

        // The row claims the reader's key id, but was encrypted with another key.
        sql("UPDATE notion_sync_connections SET token_key_id = '" + otherKeys.currentKeyId()
                + "' WHERE user_id = 'wrong-key-user'");
        assertThatThrownBy(() -> reader.connectionsOf("wrong-key-user"))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining("does not authenticate under key " + otherKeys.currentKeyId())
                .message().doesNotContain(TOKEN);
    }

    @Test
    void aTamperedCiphertextFailsClearlyEvenAfterItsClientWasKept() throws Exception {
        NotionSyncConnections table = connections(KEYS);
        NotionConnection c = table.add("tamper-user", "Writing", TOKEN, characters());
        assertThat(table.connectionsOf("tamper-user")).hasSize(1);
        sql("UPDATE notion_sync_connections SET token_ciphertext = set_byte(token_ciphertext, 5,"
                + " get_byte(token_ciphertext, 5) # 1) WHERE user_id = 'tamper-user'");
        assertThatThrownBy(() -> table.connectionsOf("tamper-user"))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining("connection " + c.id())
                .hasMessageContaining("the row was altered")
                .message().doesNotContain(TOKEN);
        assertThat(table.connections()).extracting(SyncConnection::userId).doesNotContain("tamper-user");

        // A second, sound connection of the same user still syncs; the altered one is left out.
        table.add("tamper-user", "Other workspace", "ntn_second0token", List.of());
        assertThat(table.connectionsOf("tamper-user")).singleElement()
                .satisfies(sc -> assertThat(sc.databases()).isEmpty());
    }

    @Test
    void aRowCopiedOrMovedToAnotherUserDoesNotDecrypt() throws Exception {
        NotionSyncConnections table = connections(KEYS);
        table.add("victim", "Writing", TOKEN, characters());
        sql("INSERT INTO notion_sync_connections (connection_id, user_id, name, token_key_id, token_nonce,"
                + " token_ciphertext, api_version, databases)"
                + " SELECT connection_id, 'mallory', name, token_key_id, token_nonce, token_ciphertext, api_version,"
                + " databases FROM notion_sync_connections WHERE user_id = 'victim'");
        assertThatThrownBy(() -> table.connectionsOf("mallory"))
                .isInstanceOf(TokenDecryptionException.class)
                .hasMessageContaining("of user mallory")
                .hasMessageContaining("copied from another connection or user");
        assertThat(table.connectionsOf("victim")).hasSize(1);

        // Into a connection of mallory's own: another id, so it fails as well.
        NotionConnection own = table.add("mallory-2", "Own", "ntn_mallorys0own0token", List.of());
        sql("UPDATE notion_sync_connections m SET token_nonce = v.token_nonce, token_ciphertext = v.token_ciphertext"
                + " FROM notion_sync_connections v WHERE v.user_id = 'victim' AND m.connection_id = '" + own.id() + "'");
        assertThatThrownBy(() -> table.connectionsOf("mallory-2")).isInstanceOf(TokenDecryptionException.class);

        // Moved: the same row under another user.
        sql("UPDATE notion_sync_connections SET user_id = 'mallory-3' WHERE user_id = 'victim'");
        assertThatThrownBy(() -> table.connectionsOf("mallory-3")).isInstanceOf(TokenDecryptionException.class);
    }

    @Test
    void rotatedKeysKeepOldRowsReadableUntilTheyAreReencrypted() throws Exception {
        NotionSyncConnections before = connections(KEYS);
        before.add("rotate-user", "One", TOKEN, List.of());
        before.add("rotate-user", "Two", "ntn_second0token", List.of());
        String newKey = TokenEncryptionKeys.generateKey();
        NotionSyncConnections rotated = connections(TokenEncryptionKeys.of(newKey, List.of(KEY)));
        assertThat(rotated.connectionsOf("rotate-user")).hasSize(2);
        NotionConnection added = rotated.add("rotate-user", "Three", TOKEN, List.of());
        assertThat(added.tokenKeyId()).isEqualTo(TokenEncryptionKeys.of(newKey).currentKeyId());

        assertThat(rotated.reencryptTokens()).isGreaterThanOrEqualTo(2);
        assertThat(rotated.list("rotate-user")).extracting(NotionConnection::tokenKeyId)
                .containsOnly(added.tokenKeyId());
        NotionSyncConnections newKeyOnly = connections(TokenEncryptionKeys.of(newKey));
        assertThat(newKeyOnly.connectionsOf("rotate-user")).hasSize(3);
        assertThatThrownBy(() -> before.connectionsOf("rotate-user")).isInstanceOf(TokenDecryptionException.class);
    }

    @Test
    void aConnectionAddedAtRuntimeIsSyncedByTheNextSyncOfItsUser() throws Exception {
        try (NotionEmulator notion = NotionEmulator.builder().build().start();
             NotionSyncConnections table = NotionSyncConnections.builder(ds, KEYS)
                     .clientSettings(b -> b.baseUrl(notion.baseUrl()).noRateLimit()).build();
             NotionSync sync = NotionSync.builder().repository(JooqSyncRepository.create(ds))
                     .clock(notion.clock().asClock()).connections(table).build()) {
            DemoWorkspace demo = notion.workspace().loadDemo();
            assertThatThrownBy(() -> sync.syncAll("runtime-user")).isInstanceOf(UnknownDatabaseException.class);

            NotionConnection first = table.add("runtime-user", "Demo", demo.token(),
                    List.of(DatabaseConfig.of("Characters", demo.characters().id(), TargetKind.CHARACTERS)));
            SyncReport r = sync.syncAll("runtime-user");
            assertThat(r.outcome()).isEqualTo(SyncOutcome.SUCCESS);
            assertThat(r.inserted()).isPositive();
            assertThat(count("notion_characters_sync", "runtime-user")).isEqualTo(r.inserted());
            assertThat(names("runtime-user")).contains("Aragorn");

            table.updateDatabases("runtime-user", first.id(), List.of(
                    DatabaseConfig.of("Characters", demo.characters().id(), TargetKind.CHARACTERS),
                    DatabaseConfig.of("Worlds", demo.worlds().id(), TargetKind.WORLDS)));
            SyncReport both = sync.syncAll("runtime-user");
            assertThat(both.databases()).extracting(DatabaseSyncReport::databaseName)
                    .containsExactlyInAnyOrder("Characters", "Worlds");
            assertThat(count("notion_worlds_sync", "runtime-user")).isPositive();

            table.setEnabled("runtime-user", first.id(), false);
            assertThatThrownBy(() -> sync.syncAll("runtime-user")).isInstanceOf(UnknownDatabaseException.class);
        }
    }

    private static void sql(String statement) throws SQLException {
        try (Connection c = ds.getConnection(); var s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private static int count(String table, String user) throws SQLException {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM " + table + " WHERE user_id = ?")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static List<String> names(String user) throws SQLException {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT name FROM get_notion_character(?, 'Aragorn')")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new java.util.ArrayList<>();
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
                return out;
            }
        }
    }
}
