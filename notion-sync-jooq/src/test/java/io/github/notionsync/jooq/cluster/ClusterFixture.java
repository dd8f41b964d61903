package io.github.notionsync.jooq.cluster;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.RateLimit;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncScheduler;
import io.github.notionsync.jooq.PostgresSyncLocks;
import io.github.notionsync.spi.ConnectionSource;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;

/** Engines and schedulers on one PostgreSQL database, as separate application instances would run them. */
final class ClusterFixture implements AutoCloseable {

    final List<AutoCloseable> closeables = new ArrayList<>();
    final CopyOnWriteArrayList<SyncConnection> connections = new CopyOnWriteArrayList<>();

    static HikariDataSource pool(TestDatabase db, int size) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl(db.jdbcUrl());
        c.setUsername(db.user());
        c.setPassword(db.password());
        c.setMaximumPoolSize(size);
        return new HikariDataSource(c);
    }

    static HttpNotionClient client(URI baseUrl, String token, double perSecond, int burst) {
        return HttpNotionClient.builder().token(token).baseUrl(baseUrl).apiVersion(NotionApiVersion.V2025_09_03)
                .rateLimit(new RateLimit(perSecond, burst)).build();
    }

    static SyncConnection connection(String user, HttpNotionClient client, List<String> databaseIds) {
        List<DatabaseConfig> dbs = new ArrayList<>();
        for (int i = 0; i < databaseIds.size(); i++) {
            dbs.add(DatabaseConfig.of("db" + i, databaseIds.get(i), TargetKind.PAGES));
        }
        return new SyncConnection(user, "main", client, dbs);
    }

    /** One instance: an engine on the shared locks' table and a scheduler. */
    NotionSyncScheduler.Builder instance(HikariDataSource ds, String name, Duration lease) {
        PostgresSyncLocks locks = PostgresSyncLocks.create(ds, "public", lease);
        ConnectionSource source = () -> List.copyOf(connections);
        NotionSync engine = NotionSync.builder().repository(JooqSyncRepository.create(ds)).connections(source)
                .locks(locks).instanceName(name).fetchContent(false).build();
        closeables.add(engine);
        closeables.add(locks);
        return NotionSyncScheduler.builder(ds, engine).pollingInterval(Duration.ofMillis(200))
                .heartbeatInterval(Duration.ofMillis(500)).busyRetry(Duration.ofMillis(500))
                .shutdownMaxWait(Duration.ofSeconds(2));
    }

    <T extends AutoCloseable> T keep(T t) {
        closeables.add(0, t);
        return t;
    }

    static long count(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * Pairs of finished runs of one user's database whose times overlap (a run whose process died has
     * no end, and is closed as INTERRUPTED when the next one starts).
     */
    static long overlappingRuns(DataSource ds) throws Exception {
        return count(ds, "SELECT count(*) FROM notion_sync_runs a JOIN notion_sync_runs b"
                + " ON a.user_id = b.user_id AND a.notion_database_id = b.notion_database_id AND a.run_seq < b.run_seq"
                + " AND a.finished_at IS NOT NULL AND b.finished_at IS NOT NULL"
                + " AND tstzrange(a.started_at, a.finished_at) && tstzrange(b.started_at, b.finished_at)");
    }

    @Override
    public void close() {
        for (AutoCloseable c : closeables) {
            try {
                c.close();
            } catch (Exception e) {
                // closing everything else still
            }
        }
    }
}
