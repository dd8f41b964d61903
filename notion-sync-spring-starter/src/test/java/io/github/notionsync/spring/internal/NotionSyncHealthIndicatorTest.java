package io.github.notionsync.spring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.spi.SyncRunRecord;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.Status;

class NotionSyncHealthIndicatorTest {

    private static final String CHARACTERS = "0123456789abcdef0123456789abcdef";
    private static final String WORLDS = "fedcba9876543210fedcba9876543210";

    private final InMemorySyncRepository repository = new InMemorySyncRepository();

    @Test
    void downOnlyWhenEveryDatabaseThatRanKeepsFailing() {
        HttpNotionClient client = HttpNotionClient.builder().token("ntn_unused")
                .baseUrl(URI.create("http://127.0.0.1:9")).build();
        try (NotionSync sync = NotionSync.builder().repository(repository)
                .connection(SyncConnection.of("alice", client,
                        DatabaseConfig.of("Characters", CHARACTERS, TargetKind.CHARACTERS)))
                .connection(SyncConnection.of("bob", client, DatabaseConfig.of("Worlds", WORLDS, TargetKind.WORLDS)))
                .build()) {
            NotionSyncHealthIndicator health = new NotionSyncHealthIndicator(sync);

            Health fresh = health.health();
            assertThat(fresh.getStatus()).isEqualTo(Status.UP);
            assertThat(fresh.getDetails()).containsEntry("databases", 2).containsEntry("failing", 0);

            run("bob", WORLDS, SyncOutcome.SUCCESS);
            for (int i = 0; i < 3; i++) {
                run("alice", CHARACTERS, SyncOutcome.FAILED);
            }
            Health oneUser = health.health();
            assertThat(oneUser.getStatus()).as("bob still syncs").isEqualTo(Status.UP);
            assertThat(oneUser.getDetails()).containsEntry("failing", 1);

            run("bob", WORLDS, SyncOutcome.FAILED);
            run("bob", WORLDS, SyncOutcome.FAILED);
            assertThat(health.health().getStatus()).as("two failures are not yet 'keeps failing'")
                    .isEqualTo(Status.UP);
            run("bob", WORLDS, SyncOutcome.FAILED);
            Health everywhere = health.health();
            assertThat(everywhere.getStatus()).isEqualTo(Status.DOWN);
            assertThat(everywhere.getDetails()).containsEntry("failing", 2).containsKey("alice/Characters");
        }
    }

    private void run(String user, String database, SyncOutcome outcome) {
        TargetKind kind = database.equals(CHARACTERS) ? TargetKind.CHARACTERS : TargetKind.WORLDS;
        repository.recordRun(new SyncRunRecord(UUID.randomUUID(), user, new DatabaseSyncReport(
                NotionId.parse(database), kind.name(), kind, false, 0, 0, 0, 0, 0, 0, 1, 0, Instant.now(),
                Duration.ofMillis(5), outcome, outcome == SyncOutcome.FAILED ? "401 unauthorized" : null)));
    }
}
