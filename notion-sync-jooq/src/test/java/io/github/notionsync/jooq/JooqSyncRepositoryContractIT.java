package io.github.notionsync.jooq;

import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.testkit.contract.StoredRecord;
import io.github.notionsync.testkit.contract.SyncRepositoryContractTest;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

class JooqSyncRepositoryContractIT extends SyncRepositoryContractTest {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    @BeforeAll
    static void migrate() {
        NotionSyncMigrations.create(postgres.database().dataSource()).migrate();
    }

    @Override
    protected SyncRepository repository() {
        return JooqSyncRepository.create(postgres.database().dataSource());
    }

    /** The row as PostgreSQL holds it, read with plain JDBC. */
    @Override
    protected StoredRecord readBack(String userId, TargetKind kind, NotionId pageId) {
        try (Connection c = postgres.database().openConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT * FROM " + kind.table() + " WHERE user_id = ? AND notion_page_id = ?")) {
            ps.setString(1, userId);
            ps.setObject(2, UUID.fromString(pageId.value()));
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                Map<String, Object> fields = new LinkedHashMap<>();
                for (TargetKind.Field f : kind.fields()) {
                    fields.put(f.column(), switch (f.type()) {
                        case TEXT -> rs.getString(f.column());
                        case FLAG -> rs.getBoolean(f.column());
                        case TEXT_LIST -> list(rs.getArray(f.column()));
                    });
                }
                String database = rs.getString("notion_database_id");
                return new StoredRecord(database == null ? null : NotionId.parse(database),
                        rs.getString(kind.titleField()), fields, rs.getString("content"),
                        rs.getString("content_markdown"), rs.getInt("word_count"), rs.getString("url"),
                        instant(rs, "notion_created_time"), instant(rs, "notion_last_edited_time"),
                        rs.getBoolean("in_trash"), rs.getString("deleted_reason"));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static java.util.List<String> list(Array array) throws SQLException {
        return array == null ? null : Arrays.asList((String[]) array.getArray());
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }
}
