package io.github.notionsync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.UnknownDatabaseException;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.spi.ConnectionSource;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine with connections that change at runtime, against the emulator over HTTP. */
class ConnectionSourceIT {

    private NotionEmulator notion;
    private DemoWorkspace demo;
    private HttpNotionClient client;

    @BeforeEach
    void start() {
        notion = NotionEmulator.builder().build().start();
        demo = notion.workspace().loadDemo();
        client = HttpNotionClient.builder().token(demo.token()).baseUrl(notion.baseUrl()).noRateLimit().build();
    }

    @AfterEach
    void stop() {
        client.close();
        notion.close();
    }

    @Test
    void aConnectionAddedAtRuntimeIsSyncedByTheNextSyncOfItsUser() {
        List<SyncConnection> table = new CopyOnWriteArrayList<>();
        InMemorySyncRepository repo = new InMemorySyncRepository();
        try (NotionSync sync = NotionSync.builder().repository(repo).clock(notion.clock().asClock())
                .connections(() -> List.copyOf(table)).build()) {
            assertThatThrownBy(() -> sync.syncAll("alice")).isInstanceOf(UnknownDatabaseException.class);

            table.add(SyncConnection.of("alice", client,
                    DatabaseConfig.of("Characters", demo.characters().id(), TargetKind.CHARACTERS)));
            table.add(SyncConnection.of("bob", client,
                    DatabaseConfig.of("Worlds", demo.worlds().id(), TargetKind.WORLDS)));
            SyncReport first = sync.syncAll("alice");
            assertThat(first.outcome()).isEqualTo(SyncOutcome.SUCCESS);
            assertThat(first.databases()).extracting(DatabaseSyncReport::databaseName).containsExactly("Characters");
            assertThat(repo.rows("alice", TargetKind.CHARACTERS)).isNotEmpty()
                    .anySatisfy(r -> assertThat(r.record().title()).isEqualTo("Aragorn"));
            assertThat(repo.rows("bob", TargetKind.WORLDS)).as("another user's connection is not synced").isEmpty();

            // A second workspace connected later joins the user's next sync.
            table.add(SyncConnection.of("alice", client,
                    DatabaseConfig.of("Stories", demo.stories().id(), TargetKind.STORIES)));
            SyncReport second = sync.syncAll("alice");
            assertThat(second.databases()).extracting(DatabaseSyncReport::databaseName)
                    .containsExactlyInAnyOrder("Characters", "Stories");
            assertThat(repo.rows("alice", TargetKind.STORIES)).isNotEmpty();
            assertThat(sync.databases("alice")).extracting(DatabaseConfig::name).containsExactly("Characters", "Stories");

            // Disconnected: the database is no longer the user's.
            table.removeIf(c -> c.userId().equals("alice") && c.databases().get(0).name().equals("Stories"));
            assertThat(sync.findDatabase("alice", "Stories")).isEmpty();
            assertThatThrownBy(() -> sync.syncDatabase("alice", "Stories")).isInstanceOf(UnknownDatabaseException.class);

            assertThat(sync.syncAll().databases()).extracting(DatabaseSyncReport::databaseName)
                    .containsExactlyInAnyOrder("Characters", "Worlds");
            assertThat(repo.rows("bob", TargetKind.WORLDS)).isNotEmpty();
        }
    }

    @Test
    void fixedConnectionsComeFirstAndOneUsersLookupsAskOnlyForThatUser() {
        AtomicInteger everyone = new AtomicInteger();
        AtomicInteger oneUser = new AtomicInteger();
        SyncConnection fixed = SyncConnection.of("alice", client,
                DatabaseConfig.of("Characters", demo.characters().id(), TargetKind.CHARACTERS));
        SyncConnection dynamic = SyncConnection.of("alice", client,
                DatabaseConfig.of("Worlds", demo.worlds().id(), TargetKind.WORLDS));
        ConnectionSource source = new ConnectionSource() {
            @Override
            public List<SyncConnection> connections() {
                everyone.incrementAndGet();
                return List.of(dynamic);
            }

            @Override
            public List<SyncConnection> connectionsOf(String userId) {
                oneUser.incrementAndGet();
                return userId.equals("alice") ? List.of(dynamic) : List.of();
            }
        };
        try (NotionSync sync = NotionSync.builder().repository(new InMemorySyncRepository())
                .clock(notion.clock().asClock()).connection(fixed).connections(source).build()) {
            assertThat(sync.connections()).containsExactly(fixed, dynamic);
            assertThat(everyone.get()).isEqualTo(1);

            SyncReport r = sync.syncAll("alice");
            assertThat(r.databases()).extracting(DatabaseSyncReport::databaseName)
                    .containsExactlyInAnyOrder("Characters", "Worlds");
            assertThat(sync.syncDatabase("alice", "worlds").databases()).singleElement()
                    .satisfies(d -> assertThat(d.databaseName()).isEqualTo("Worlds"));
            assertThat(everyone.get()).as("a user's sync reads only that user's connections").isEqualTo(1);
            assertThat(oneUser.get()).isEqualTo(2);
        }
    }
}
