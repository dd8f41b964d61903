package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSync;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.testkit.contract.TestRecords;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every piece handed out by one NotionSyncPostgres works in its one schema. */
class NotionSyncPostgresIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    @Test
    void everyPieceUsesTheOneSchema() throws Exception {
        DataSource ds = postgres.database().dataSource();
        NotionSyncPostgres pg = NotionSyncPostgres.create(ds, "entry");
        assertThat(pg.migrate()).isPositive();
        assertThat(pg.migrations().currentVersion()).isNotNull();

        NotionId id = TestRecords.randomId();
        pg.repository().writeBatch("user-1", TargetKind.WORLDS, List.of(new PageWrite(
                TestRecords.record(id, TestRecords.randomId(), TargetKind.WORLDS, "Eldoria"), "h")), null);
        assertThat(count(ds, "SELECT count(*) FROM entry.notion_worlds_sync")).isEqualTo(1);
        assertThat(pg.queries().findWorld("user-1", "eldoria")).extracting(NamedPage::name).containsExactly("Eldoria");
        assertThat(pg.maintenance().refreshIndexes()).isNotNull();

        try (PostgresSyncLocks locks = pg.locks()) {
            assertThat(locks.tryLock("k", "me")).isPresent();
            assertThat(count(ds, "SELECT count(*) FROM entry.notion_sync_locks")).isEqualTo(1);
        }

        TokenEncryptionKeys keys = TokenEncryptionKeys.of(TokenEncryptionKeys.generateKey());
        try (NotionSyncConnections connections = pg.connections(keys).build()) {
            connections.add("user-1", "Writing", "ntn_token", List.of(DatabaseConfig.of("Worlds",
                    "393abc1eedcd80f3813be205934558c6", TargetKind.WORLDS)));
            assertThat(count(ds, "SELECT count(*) FROM entry.notion_sync_connections")).isEqualTo(1);
            try (NotionSync engine = NotionSync.builder().repository(pg.repository()).connections(connections)
                    .build(); NotionSyncScheduler scheduler = pg.scheduler(engine).syncConnections(false).build()) {
                long request = scheduler.requestSync("user-1", "Worlds", false, true);
                assertThat(count(ds, "SELECT count(*) FROM entry.notion_sync_requests WHERE request_id = " + request))
                        .isEqualTo(1);
            }
        }
        assertThatThrownBy(() -> NotionSyncPostgres.create(ds, "Bad; schema"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
