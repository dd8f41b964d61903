package io.github.notionsync.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.InProcessSyncLocks;
import io.github.notionsync.NotionSync;
import io.github.notionsync.PageRecord;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncInProgressException;
import io.github.notionsync.SyncListener;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.WhenBusy;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two engines sharing one lock provider, as two instances share PostgreSQL's: every database sync
 * holds its connection's lock, and a call finding it busy waits, skips or fails as it asked.
 */
class EngineLocksIT {

    private NotionEmulator notion;
    private HttpNotionClient client;
    private final InProcessSyncLocks locks = new InProcessSyncLocks();
    private final InMemorySyncRepository repository = new InMemorySyncRepository();
    private final CountDownLatch inside = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private SyncConnection connection;
    private String token;

    @BeforeEach
    void start() {
        notion = NotionEmulator.builder().build().start();
        token = notion.workspace().createToken("locks");
        client = HttpNotionClient.builder().token(token).baseUrl(notion.baseUrl()).noRateLimit().build();
        EmulatedDatabase characters = notion.workspace().createDatabase("Characters", Schema.builder().build());
        EmulatedDatabase worlds = notion.workspace().createDatabase("Worlds", Schema.builder().build());
        for (int i = 0; i < 3; i++) {
            characters.addPage(Map.of("Name", "Character " + i));
            worlds.addPage(Map.of("Name", "World " + i));
        }
        connection = new SyncConnection("user-1", "main", client, List.of(
                DatabaseConfig.of("Characters", characters.id(), TargetKind.CHARACTERS),
                DatabaseConfig.of("Worlds", worlds.id(), TargetKind.WORLDS)));
    }

    @AfterEach
    void stop() {
        release.countDown();
        client.close();
        notion.close();
    }

    private NotionSync engine(String name, SyncListener listener, Duration lockWait) {
        NotionSync.Builder b = NotionSync.builder().repository(repository).locks(locks).instanceName(name)
                .lockWaitTimeout(lockWait).fetchContent(false).connection(connection);
        if (listener != null) {
            b.listener(listener);
        }
        return b.build();
    }

    /** Stops the first page it sees until the test lets it go, with the connection's lock held. */
    private SyncListener holdInside() {
        return new SyncListener() {
            @Override
            public void onPageChanged(String userId, DatabaseConfig database, PageRecord page, boolean inserted) {
                inside.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }

    @Test
    void aBusyConnectionMakesOtherCallsWaitSkipOrFailAndIsFreeAfterwards() throws Exception {
        try (NotionSync a = engine("a", holdInside(), Duration.ofMinutes(1));
             NotionSync b = engine("b", null, Duration.ofMinutes(1));
             NotionSync impatient = engine("c", null, Duration.ZERO)) {
            CompletableFuture<SyncReport> first = CompletableFuture.supplyAsync(() -> a.syncDatabase("user-1",
                    "Characters"));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            assertThat(locks.holder(NotionSync.lockKey("user-1", "main"))).contains("a");

            assertThatThrownBy(() -> b.syncDatabase("user-1", "Characters", false, WhenBusy.FAIL))
                    .isInstanceOf(SyncInProgressException.class)
                    .hasMessageContaining("'Characters'").hasMessageContaining("connection 'main'");
            assertThat(b.syncDatabase("user-1", "Worlds", false, WhenBusy.SKIP).databases())
                    .as("the other database of the same connection (same token)").isEmpty();
            assertThat(b.syncAll("user-1", false, WhenBusy.SKIP).databases()).isEmpty();
            assertThatThrownBy(() -> impatient.syncDatabase("user-1", "Worlds"))
                    .isInstanceOf(SyncInProgressException.class).hasMessageContaining("waited PT0S");

            CompletableFuture<SyncReport> waiting = CompletableFuture.supplyAsync(() -> b.syncDatabase("user-1",
                    "Worlds"));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !waiting.isDone());
            release.countDown();
            assertThat(first.get(30, TimeUnit.SECONDS).outcome()).isEqualTo(SyncOutcome.SUCCESS);
            SyncReport worlds = waiting.get(30, TimeUnit.SECONDS);
            assertThat(worlds.databases()).singleElement().satisfies(d -> {
                assertThat(d.databaseName()).isEqualTo("Worlds");
                assertThat(d.inserted()).isEqualTo(3);
            });
            assertThat(locks.holder(NotionSync.lockKey("user-1", "main"))).isEmpty();
            assertThat(b.syncDatabase("user-1", "Characters", false, WhenBusy.FAIL).databases()).hasSize(1);
        }
    }

    @Test
    void aFullPassAskedForWhileAnIncrementalRunsIsRunAfterItNotJoinedToIt() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean armed = new java.util.concurrent.atomic.AtomicBoolean();
        SyncListener holdWhenArmed = new SyncListener() {
            @Override
            public void onPageChanged(String userId, DatabaseConfig database, PageRecord page, boolean inserted) {
                if (armed.get()) {
                    holdInside().onPageChanged(userId, database, page, inserted);
                }
            }
        };
        try (NotionSync sync = engine("a", holdWhenArmed, Duration.ofMinutes(1))) {
            assertThat(sync.syncDatabase("user-1", "Characters").databases().get(0).fullPass()).isTrue();
            // An edit, so that the next incremental run changes a page and stops inside.
            notion.clock().advance(Duration.ofMinutes(3));
            notion.workspace().page(repository.rows("user-1", TargetKind.CHARACTERS).get(0).record().pageId().value())
                    .orElseThrow().update(Map.of("Name", "Character renamed"));
            armed.set(true);
            CompletableFuture<SyncReport> incremental = CompletableFuture.supplyAsync(() ->
                    sync.syncDatabase("user-1", "Characters"));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            CompletableFuture<SyncReport> full = CompletableFuture.supplyAsync(() ->
                    sync.syncDatabase("user-1", "Characters", true, WhenBusy.WAIT));
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !full.isDone());
            armed.set(false);
            release.countDown();
            assertThat(incremental.get(30, TimeUnit.SECONDS).databases().get(0).fullPass()).isFalse();
            SyncReport own = full.get(30, TimeUnit.SECONDS);
            assertThat(own.databases()).singleElement().satisfies(d -> assertThat(d.fullPass()).isTrue());
            assertThat(own.runId()).isNotEqualTo(incremental.get().runId());
        }
    }

    @Test
    void aSyncThatFailsReleasesItsLock() {
        try (NotionSync a = engine("a", null, Duration.ofMinutes(1))) {
            notion.workspace().revokeToken(token);
            SyncReport failed = a.syncDatabase("user-1", "Characters");
            assertThat(failed.outcome()).isEqualTo(SyncOutcome.FAILED);
            assertThat(locks.holder(NotionSync.lockKey("user-1", "main"))).isEmpty();
        }
    }
}
