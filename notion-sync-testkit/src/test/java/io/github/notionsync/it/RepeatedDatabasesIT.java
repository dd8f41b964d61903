package io.github.notionsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.spi.ConnectionSource;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A database a user has through two connections (builder and source) is synced once per run. */
class RepeatedDatabasesIT {

    @Test
    void aDatabaseListedTwiceForOneUserIsSyncedOnceAndSourcesAreAskedAgainAtEveryRun() {
        try (NotionEmulator notion = NotionEmulator.builder().build().start();
             HttpNotionClient client = HttpNotionClient.builder().token(notion.workspace().createToken("repeats"))
                     .baseUrl(notion.baseUrl()).noRateLimit().build()) {
            EmulatedDatabase characters = notion.workspace().createDatabase("Characters", Schema.builder().build());
            EmulatedDatabase worlds = notion.workspace().createDatabase("Worlds", Schema.builder().build());
            characters.addPage(Map.of("Name", "Aragorn"));
            worlds.addPage(Map.of("Name", "Eldoria"));
            List<SyncConnection> fromSource = new ArrayList<>();
            fromSource.add(new SyncConnection("alice", "table", client, List.of(
                    DatabaseConfig.of("Characters again", characters.id(), TargetKind.CHARACTERS),
                    DatabaseConfig.of("Worlds", worlds.id(), TargetKind.WORLDS))));
            fromSource.add(SyncConnection.of("bob", client, DatabaseConfig.of("Characters", characters.id(),
                    TargetKind.CHARACTERS)));
            ConnectionSource source = () -> List.copyOf(fromSource);
            try (NotionSync sync = NotionSync.builder().repository(new InMemorySyncRepository()).fetchContent(false)
                    .connection(SyncConnection.of("alice", client,
                            DatabaseConfig.of("Characters", characters.id(), TargetKind.CHARACTERS)))
                    .connections(source)
                    .build()) {
                notion.resetRequests();
                SyncReport alice = sync.syncAll("alice");
                assertThat(alice.databases()).extracting(DatabaseSyncReport::databaseName)
                        .containsExactlyInAnyOrder("Characters", "Worlds");
                assertThat(alice.inserted()).isEqualTo(2);
                assertThat(notion.requestCount("POST", "/v1/data_sources/{id}/query"))
                        .as("each database queried once").isEqualTo(2);

                SyncReport everyone = sync.syncAll(true);
                assertThat(everyone.databases()).extracting(d -> d.databaseName())
                        .containsExactlyInAnyOrder("Characters", "Worlds", "Characters");

                // A connection added at runtime is synced by the next call.
                fromSource.add(SyncConnection.of("carol", client, DatabaseConfig.of("Worlds", worlds.id(),
                        TargetKind.WORLDS)));
                assertThat(sync.syncAll("carol").inserted()).isEqualTo(1);
            }
        }
    }
}
