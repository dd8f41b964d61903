package io.github.notionsync;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.spi.ConnectionSource;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class NotionSyncConnectionSourceTest {

    private static final String CHARACTERS = "0123456789abcdef0123456789abcdef";
    private static final String WORLDS = "fedcba9876543210fedcba9876543210";

    @Test
    void aDatabaseListedTwiceForOneUserIsSyncedOnce() {
        HttpNotionClient client = HttpNotionClient.builder().token("ntn_unused")
                .baseUrl(URI.create("http://127.0.0.1:9")).build();
        List<SyncConnection> fromSource = new ArrayList<>();
        fromSource.add(SyncConnection.of("alice", client,
                DatabaseConfig.of("Characters again", CHARACTERS, TargetKind.CHARACTERS),
                DatabaseConfig.of("Worlds", WORLDS, TargetKind.WORLDS)));
        fromSource.add(SyncConnection.of("bob", client, DatabaseConfig.of("Characters", CHARACTERS,
                TargetKind.CHARACTERS)));
        ConnectionSource source = () -> fromSource;
        try (NotionSync sync = NotionSync.builder().repository(new InMemorySyncRepository())
                .connection(SyncConnection.of("alice", client,
                        DatabaseConfig.of("Characters", CHARACTERS, TargetKind.CHARACTERS)))
                .connections(source)
                .build()) {
            assertThat(sync.databases("alice")).extracting(DatabaseConfig::name)
                    .containsExactly("Characters", "Worlds");
            assertThat(sync.databases("bob")).extracting(DatabaseConfig::name).containsExactly("Characters");
            assertThat(sync.connections()).flatExtracting(SyncConnection::databases).hasSize(3);

            // Connections change at runtime: a later addition is seen by the next call.
            fromSource.add(SyncConnection.of("carol", client, DatabaseConfig.of("Worlds", WORLDS, TargetKind.WORLDS)));
            assertThat(sync.databases("carol")).hasSize(1);
        }
    }
}
