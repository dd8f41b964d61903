package io.github.notionsync.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.jooq.NotionSyncQueries;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class PlainJavaExampleIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    @Test
    void syncsTheDemoWorkspaceIntoMemory() {
        InMemorySyncRepository repo = new InMemorySyncRepository();
        SyncReport report = PlainJavaExample.run(repo);

        assertThat(report.outcome()).isEqualTo(SyncOutcome.SUCCESS);
        assertThat(report.databases()).hasSize(4);
        assertThat(repo.rows("user-id", TargetKind.CHARACTERS)).anySatisfy(r ->
                assertThat(r.record().title()).isEqualTo("Aragorn"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PlainJavaExample.print(report, new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(out.toString(StandardCharsets.UTF_8)).startsWith("Sync SUCCESS").contains("Characters");
    }

    @Test
    void syncsTheDemoWorkspaceIntoPostgresAndTheSeedQueriesFindIt() {
        NotionSyncMigrations.create(postgres.database().dataSource()).migrate();
        SyncReport report = PlainJavaExample.run(JooqSyncRepository.create(postgres.database().dataSource()));

        assertThat(report.outcome()).isEqualTo(SyncOutcome.SUCCESS);
        NotionSyncQueries queries = NotionSyncQueries.create(postgres.database().dataSource());
        assertThat(queries.findCharacter("user-id", "Aragorn")).hasSize(1);
        assertThat(queries.search("user-id", "magic system", 10)).isNotEmpty();
    }
}
