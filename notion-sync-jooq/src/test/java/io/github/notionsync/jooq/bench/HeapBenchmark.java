package io.github.notionsync.jooq.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;

/**
 * A first sync of a large database (pages only, no content) from an emulator running in
 * another process into PostgreSQL, to show the engine's heap stays flat: run it with
 * {@code BENCH_JAVA_OPTS=-Xmx256m}. Start the emulator first:
 * <pre>
 * java -Xmx2g -jar notion-sync-testkit/target/notion-sync-testkit-0.1.0-SNAPSHOT-emulator.jar --port 4020 --generate 1000000
 * BENCH_JAVA_OPTS=-Xmx256m scripts/bench notion-sync-jooq io.github.notionsync.jooq.bench.HeapBenchmark \
 *     http://127.0.0.1:4020 TOKEN DATABASE_ID
 * </pre>
 */
public final class HeapBenchmark {

    private HeapBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI baseUrl = URI.create(args[0]);
        String token = args[1];
        String database = args[2];
        try (TestDatabase db = PostgresServers.shared().createDatabase("nst_heap")) {
            HikariConfig hc = new HikariConfig();
            hc.setJdbcUrl(db.jdbcUrl());
            hc.setUsername(db.user());
            hc.setMaximumPoolSize(4);
            try (HikariDataSource ds = new HikariDataSource(hc)) {
                NotionSyncMigrations.create(ds).migrate();
                try (NotionSync sync = NotionSync.builder().repository(JooqSyncRepository.create(ds))
                        .fetchContent(false).batchSize(500)
                        .connection(SyncConnection.of("bench", HttpNotionClient.builder().token(token).baseUrl(baseUrl)
                                .noRateLimit().build(), DatabaseConfig.of("Generated", database, TargetKind.PAGES)))
                        .build()) {
                    long t0 = System.nanoTime();
                    SyncReport r = sync.syncAll();
                    double s = (System.nanoTime() - t0) / 1e9;
                    long peak = 0;
                    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                        if (pool.getType() == MemoryType.HEAP) {
                            peak += pool.getPeakUsage().getUsed();
                        }
                    }
                    System.out.printf("%s: %,d pages seen, %,d inserted in %.0f s (%,.0f pages/s); max heap %d MB,"
                            + " peak heap used %d MB%n", r.outcome(), r.pagesSeen(), r.inserted(), s, r.pagesSeen() / s,
                            Runtime.getRuntime().maxMemory() >> 20, peak >> 20);
                }
            }
        }
    }
}
