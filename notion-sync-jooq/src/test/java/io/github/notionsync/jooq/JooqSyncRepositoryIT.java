package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.SyncRepositoryException;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.testkit.contract.TestRecords;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DataType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqSyncRepositoryIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource ds;

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
        NotionSyncMigrations.create(ds).schema("other_schema").migrate();
    }

    @Test
    void declaredTablesAndColumnsMatchTheMigratedSchema() throws Exception {
        Map<String, Map<String, DataType<?>>> declared = new SyncTables("public").declared();
        try (Connection c = ds.getConnection();
             var ps = c.prepareStatement("SELECT data_type, udt_name FROM information_schema.columns"
                     + " WHERE table_schema = 'public' AND table_name = ? AND column_name = ?")) {
            for (var table : declared.entrySet()) {
                for (var column : table.getValue().entrySet()) {
                    ps.setString(1, table.getKey());
                    ps.setString(2, column.getKey());
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).as(table.getKey() + "." + column.getKey() + " exists").isTrue();
                        assertThat(rs.getString("udt_name"))
                                .as(table.getKey() + "." + column.getKey() + " type")
                                .isEqualTo(expectedUdt(column.getValue()));
                    }
                }
            }
        }
    }

    private static String expectedUdt(DataType<?> type) {
        if (type.isArray()) {
            return "_text";
        }
        Class<?> t = type.getType();
        if (t == String.class) {
            return "text";
        } else if (t == UUID.class) {
            return "uuid";
        } else if (t == Integer.class) {
            return "int4";
        } else if (t == Long.class) {
            return "int8";
        } else if (t == Boolean.class) {
            return "bool";
        } else if (t == Instant.class) {
            return "timestamptz";
        } else if (t == org.jooq.JSONB.class) {
            return "jsonb";
        }
        throw new AssertionError("unmapped " + type);
    }

    @Test
    void unchangedPageWritesNoNewRowVersion() throws Exception {
        JooqSyncRepository repo = JooqSyncRepository.create(ds);
        NotionId id = NotionId.parse(UUID.randomUUID().toString());
        PageWrite write = new PageWrite(record(id, TargetKind.CHARACTERS, "Aragorn"), "hash-1");
        assertThat(repo.writeBatch("user-id", TargetKind.CHARACTERS, List.of(write), null)).isEqualTo(1);
        String xmin = xmin(id);

        assertThat(repo.writeBatch("user-id", TargetKind.CHARACTERS, List.of(write), null)).isZero();
        assertThat(xmin(id)).as("no new tuple").isEqualTo(xmin);

        repo.writeBatch("user-id", TargetKind.CHARACTERS, List.of(new PageWrite(write.record(), "hash-2")), null);
        assertThat(xmin(id)).isNotEqualTo(xmin);
    }

    @Test
    void typedColumnsAndTheSeedQueriesWork() throws Exception {
        JooqSyncRepository repo = JooqSyncRepository.create(ds);
        NotionId world = NotionId.parse(UUID.randomUUID().toString());
        NotionId chat = NotionId.parse(UUID.randomUUID().toString());
        repo.writeBatch("user-id", TargetKind.WORLDS, List.of(new PageWrite(record(world, TargetKind.WORLDS,
                "Arda, a high fantasy world"), "w")), null);
        repo.writeBatch("user-id", TargetKind.CHAT_SESSIONS, List.of(new PageWrite(record(chat,
                TargetKind.CHAT_SESSIONS, "Chat with Gandalf"), "c")), null);

        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT * FROM notion_worlds_sync WHERE name ILIKE '%fantasy%'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("description")).isEqualTo("About Arda, a high fantasy world");
                assertThat((String[]) rs.getArray("tags").getArray()).containsExactly("tag-a", "tag-b");
                assertThat(rs.getString("properties")).contains("\"Name\"");
            }
            try (ResultSet rs = s.executeQuery("SELECT is_temporary, character_names FROM notion_chat_sessions_sync"
                    + " WHERE user_id = 'user-id'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    @Test
    void nulCharactersAreStoredAsReplacementCharacters() throws Exception {
        JooqSyncRepository repo = JooqSyncRepository.create(ds);
        NotionId id = NotionId.parse(UUID.randomUUID().toString());
        PageRecord r = record(id, TargetKind.PAGES, "nul\u0000inside");
        assertThat(repo.writeBatch("user-id", TargetKind.PAGES, List.of(new PageWrite(r, "n")), null)).isEqualTo(1);
        try (Connection c = ds.getConnection(); var ps = c.prepareStatement(
                "SELECT title, properties->'Name'->>'value' FROM notion_pages_sync WHERE notion_page_id = ?")) {
            ps.setObject(1, UUID.fromString(id.value()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("nul\uFFFDinside");
                assertThat(rs.getString(2)).isEqualTo("nul\uFFFDinside");
            }
        }
        // Text that only shows the escape (a code sample, say) is kept as it is.
        NotionId shown = NotionId.parse(UUID.randomUUID().toString());
        String sample = "printf(\"\\u0000\") and \\\u0000 mixed";
        repo.writeBatch("user-id", TargetKind.PAGES, List.of(new PageWrite(record(shown, TargetKind.PAGES, sample),
                "s")), null);
        try (Connection c = ds.getConnection(); var ps = c.prepareStatement(
                "SELECT title, properties->'Name'->>'value' FROM notion_pages_sync WHERE notion_page_id = ?")) {
            ps.setObject(1, UUID.fromString(shown.value()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String expected = "printf(\"\\u0000\") and \\\uFFFD mixed";
                assertThat(rs.getString(1)).isEqualTo(expected);
                assertThat(rs.getString(2)).isEqualTo(expected);
            }
        }
    }

    @Test
    void schemasAreApartAndStoreErrorsAreTyped() {
        JooqSyncRepository other = JooqSyncRepository.create(ds, "other_schema");
        NotionId id = NotionId.parse(UUID.randomUUID().toString());
        other.writeBatch("user-id", TargetKind.PAGES, List.of(new PageWrite(record(id, TargetKind.PAGES, "x"), "h")),
                null);
        assertThat(JooqSyncRepository.create(ds).storedPages("user-id", TargetKind.PAGES, List.of(id))).isEmpty();
        assertThat(other.storedPages("user-id", TargetKind.PAGES, List.of(id))).containsKey(id);

        JooqSyncRepository missing = JooqSyncRepository.create(ds, "never_migrated");
        assertThatThrownBy(() -> missing.storedPages("user-id", TargetKind.PAGES, List.of(id)))
                .isInstanceOf(SyncRepositoryException.class)
                .hasMessageContaining("Could not read 1 stored pages of PAGES")
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> JooqSyncRepository.create(ds, "Bad; schema"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> other.storedPages("", TargetKind.PAGES, List.of(id)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("Invalid user id");
    }

    private static String xmin(NotionId id) throws Exception {
        try (Connection c = ds.getConnection(); var ps = c.prepareStatement(
                "SELECT xmin::text FROM notion_characters_sync WHERE notion_page_id = ?")) {
            ps.setObject(1, UUID.fromString(id.value()));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    private static PageRecord record(NotionId id, TargetKind kind, String title) {
        return TestRecords.record(id, TestRecords.randomId(), kind, title);
    }
}
