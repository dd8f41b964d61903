package io.github.notionsync.examples;

import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncReport;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import java.io.PrintStream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * notion-sync embedded in plain Java, no Spring: builds a client, a repository and the engine by
 * hand, runs {@code syncAll()} and prints the report. It syncs the emulator's demo workspace, into
 * memory by default or, with {@code --postgres}, into the demo PostgreSQL database.
 *
 * <pre>
 * scripts/bench examples io.github.notionsync.examples.PlainJavaExample [--postgres]
 * </pre>
 * ({@code scripts/bench} builds the module and runs any of its main classes.)
 */
public final class PlainJavaExample {

    private PlainJavaExample() {
    }

    public static void main(String[] args) {
        boolean postgres = args.length > 0 && args[0].equals("--postgres");
        SyncReport report = run(postgres ? postgresRepository() : new InMemorySyncRepository());
        print(report, System.out);
    }

    /** Starts the demo emulator, syncs its four databases into {@code repository}, and stops it. */
    public static SyncReport run(SyncRepository repository) {
        try (NotionEmulator notion = NotionEmulator.builder().build().start()) {
            DemoWorkspace demo = notion.workspace().loadDemo();
            HttpNotionClient client = HttpNotionClient.builder()
                    .token(demo.token())
                    .baseUrl(notion.baseUrl())   // leave out to talk to api.notion.com
                    .build();
            try (NotionSync sync = NotionSync.builder()
                    .repository(repository)
                    .connection(new SyncConnection("user-id", client, demo.databaseConfigs()))
                    // or listed one by one: DatabaseConfig.of("Characters", "<database id or URL>", TargetKind.CHARACTERS)
                    .build()) {
                return sync.syncAll();
            }
        }
    }

    /** A JooqSyncRepository on the demo PostgreSQL database, migrated. */
    static SyncRepository postgresRepository() {
        DemoPostgres pg = DemoPostgres.resolve();
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(pg.jdbcUrl());
        ds.setUser(pg.user());
        NotionSyncMigrations.create(ds).migrate();
        return JooqSyncRepository.create(ds);
    }

    static void print(SyncReport report, PrintStream out) {
        out.printf("Sync %s in %d ms: %d pages seen, %d inserted, %d updated, %d unchanged, %d deleted, %d failed,"
                + " %d requests%n", report.outcome(), report.duration().toMillis(), report.pagesSeen(),
                report.inserted(), report.updated(), report.unchanged(), report.deleted(), report.failed(),
                report.requests());
        for (DatabaseSyncReport d : report.databases()) {
            out.printf("  %-14s %-13s %s: %d inserted, %d updated%n", d.databaseName(), d.kind(), d.outcome(),
                    d.inserted(), d.updated());
        }
    }
}
