package io.github.notionsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.InMemorySyncRepository;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.RetryPolicy;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.spi.SyncState;
import io.github.notionsync.testkit.emulator.Block;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.Fault;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** The engine end to end: emulator over HTTP into the in-memory store. */
class NotionSyncIT {

    private NotionEmulator notion;
    private String token;

    @BeforeEach
    void start() {
        notion = NotionEmulator.builder().build().start();
        token = notion.workspace().createToken("engine-tests");
    }

    @AfterEach
    void stop() {
        notion.close();
    }

    private HttpNotionClient client(NotionApiVersion version) {
        return HttpNotionClient.builder().token(token).baseUrl(notion.baseUrl()).apiVersion(version).noRateLimit()
                .retryPolicy(new RetryPolicy(8, Duration.ofMillis(10), Duration.ofSeconds(2), Duration.ofMinutes(1)))
                .build();
    }

    private NotionSync engine(NotionApiVersion version, io.github.notionsync.spi.SyncRepository repo,
            EmulatedDatabase db, boolean content) {
        return NotionSync.builder().repository(repo).clock(notion.clock().asClock()).fetchContent(content)
                .connection(SyncConnection.of("user-id", client(version),
                        DatabaseConfig.of("Characters", db.id(), TargetKind.CHARACTERS)))
                .build();
    }

    private EmulatedDatabase characters(int n) {
        EmulatedDatabase db = notion.workspace().createDatabase("Characters",
                Schema.builder().richText("Description").select("Role").build());
        for (int i = 0; i < n; i++) {
            db.addPage(Map.of("Name", "Character " + i, "Description", "Number " + i, "Role", "Ranger"),
                    Block.paragraph("Story of " + i));
        }
        notion.clock().advance(Duration.ofMinutes(5));
        return db;
    }

    private long queries() {
        return notion.requestCount("POST", "/v1/data_sources/{id}/query")
                + notion.requestCount("POST", "/v1/databases/{id}/query");
    }

    @Test
    void aThrowingListenerSilencesNoOtherAndProgressSaysWhatWasStoredBefore() {
        EmulatedDatabase db = characters(250);
        List<Integer> before = new ArrayList<>();
        AtomicInteger changed = new AtomicInteger();
        AtomicInteger finished = new AtomicInteger();
        io.github.notionsync.SyncListener broken = new io.github.notionsync.SyncListener() {
            @Override
            public void onProgress(String userId, DatabaseConfig database, int done, int storedBefore) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void onPageChanged(String userId, DatabaseConfig database, io.github.notionsync.PageRecord page,
                    boolean inserted) {
                throw new IllegalStateException("broken listener");
            }

            @Override
            public void onDatabaseFinished(String userId, DatabaseSyncReport report) {
                throw new IllegalStateException("broken listener");
            }
        };
        io.github.notionsync.SyncListener counting = new io.github.notionsync.SyncListener() {
            @Override
            public void onProgress(String userId, DatabaseConfig database, int done, int storedBefore) {
                before.add(storedBefore);
            }

            @Override
            public void onPageChanged(String userId, DatabaseConfig database, io.github.notionsync.PageRecord page,
                    boolean inserted) {
                changed.incrementAndGet();
            }

            @Override
            public void onDatabaseFinished(String userId, DatabaseSyncReport report) {
                finished.incrementAndGet();
            }
        };
        try (NotionSync sync = NotionSync.builder().repository(new InMemorySyncRepository()).fetchContent(false)
                .clock(notion.clock().asClock()).listener(broken).listener(counting)
                .connection(SyncConnection.of("user-id", client(NotionApiVersion.V2025_09_03),
                        DatabaseConfig.of("Characters", db.id(), TargetKind.CHARACTERS)))
                .build()) {
            assertThat(sync.syncAll().outcome()).isEqualTo(SyncOutcome.SUCCESS);
            assertThat(changed.get()).isEqualTo(250);
            assertThat(finished.get()).isEqualTo(1);
            assertThat(before).isNotEmpty().containsOnly(0);
            before.clear();
            sync.syncAll(true);
            assertThat(before).isNotEmpty().containsOnly(250);
        }
    }

    @Test
    void closingTheEngineClosesTheClientsItWasGiven() {
        EmulatedDatabase db = characters(1);
        AtomicInteger closed = new AtomicInteger();
        HttpNotionClient real = client(NotionApiVersion.V2025_09_03);
        io.github.notionsync.client.NotionClient tracked = (io.github.notionsync.client.NotionClient)
                java.lang.reflect.Proxy.newProxyInstance(getClass().getClassLoader(),
                        new Class<?>[] {io.github.notionsync.client.NotionClient.class}, (proxy, method, args) -> {
                            if (method.getName().equals("close")) {
                                closed.incrementAndGet();
                            }
                            try {
                                return method.invoke(real, args);
                            } catch (java.lang.reflect.InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
        NotionSync sync = NotionSync.builder().repository(new InMemorySyncRepository()).fetchContent(false)
                .connection(SyncConnection.of("user-id", tracked, DatabaseConfig.of("Characters", db.id(),
                        TargetKind.CHARACTERS)))
                .build();
        assertThat(sync.syncAll().inserted()).isEqualTo(1);
        assertThat(closed.get()).isZero();
        sync.close();
        assertThat(closed.get()).isEqualTo(1);
    }

    @Test
    void aDatabaseWithSeveralDataSourcesUnder2022SaysWhichApiVersionToSet() {
        EmulatedDatabase db = characters(3);
        db.addDataSource("Archive", Schema.builder().build());
        try (NotionSync sync = engine(NotionApiVersion.V2022_06_28, new InMemorySyncRepository(), db, false)) {
            DatabaseSyncReport d = sync.syncAll().databases().get(0);
            assertThat(d.outcome()).isEqualTo(SyncOutcome.FAILED);
            assertThat(d.errorMessage()).contains("multiple data sources")
                    .contains("set the API version to 2025-09-03 or later").contains("notion.sync.api-version");
        }
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, new InMemorySyncRepository(), db, false)) {
            assertThat(sync.syncAll().outcome()).as("the version it asks for works").isEqualTo(SyncOutcome.SUCCESS);
        }
    }

    @Test
    void aFullPassWhoseQueryComesBackEmptyChecksASampleAndDeletesNothing() {
        EmulatedDatabase db = characters(40);
        InMemorySyncRepository repo = new InMemorySyncRepository();
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, repo, db, false)) {
            assertThat(sync.syncAll().inserted()).isEqualTo(40);
            notion.faults().next("POST", "/v1/data_sources/{id}/query", Fault.emptyList());
            notion.resetRequests();
            DatabaseSyncReport glitch = sync.syncAll(true).databases().get(0);
            assertThat(glitch.outcome()).isEqualTo(SyncOutcome.FAILED);
            assertThat(glitch.errorMessage()).contains("did not see 40 of its stored pages")
                    .contains("No page was marked deleted");
            assertThat(notion.requestCount("GET", "/v1/pages/{id}")).as("a sample, not every page").isEqualTo(10);
            assertThat(repo.rows("user-id", TargetKind.CHARACTERS)).allSatisfy(r -> assertThat(r.deletedAt()).isNull());

            // A page trashed for real is still found the usual way once the query answers fully.
            db.dataSource().pages().get(0).trash();
            notion.clock().advance(Duration.ofMinutes(5));
            DatabaseSyncReport next = sync.syncAll(true).databases().get(0);
            assertThat(next.outcome()).isEqualTo(SyncOutcome.SUCCESS);
            assertThat(next.deleted()).isEqualTo(1);
        }
    }

    @Test
    void eachDatabaseCountsItsOwnRequestsWhileOthersUseTheSameClientAtOnce() {
        EmulatedDatabase big = characters(250);
        EmulatedDatabase small = characters(120);
        HttpNotionClient shared = HttpNotionClient.builder().token(token).baseUrl(notion.baseUrl())
                .rateLimit(new io.github.notionsync.client.RateLimit(40, 2)).build();
        notion.resetRequests();
        try (NotionSync sync = NotionSync.builder().repository(new InMemorySyncRepository()).fetchContent(false)
                .clock(notion.clock().asClock())
                .connection(SyncConnection.of("user-a", shared, DatabaseConfig.of("Big", big.id(), TargetKind.PAGES)))
                .connection(SyncConnection.of("user-b", shared, DatabaseConfig.of("Small", small.id(),
                        TargetKind.PAGES)))
                .build()) {
            SyncReport report = sync.syncAll();
            assertThat(report.outcome()).isEqualTo(SyncOutcome.SUCCESS);
            // Alone, a database costs its retrieve and ceil(pages/100) queries.
            assertThat(report.databases()).extracting(DatabaseSyncReport::databaseName, DatabaseSyncReport::requests)
                    .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("Big", 1L + 3),
                            org.assertj.core.groups.Tuple.tuple("Small", 1L + 2));
            assertThat(report.requests()).isEqualTo(notion.totalRequests());
        } finally {
            shared.close();
        }
    }

    @Test
    void aPageWhoseEditTimeMovedWithoutAChangeHasItsContentReadOnceNotAtEveryFullPass() {
        EmulatedDatabase db = characters(30);
        InMemorySyncRepository repo = new InMemorySyncRepository();
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, repo, db, true)) {
            assertThat(sync.syncAll().inserted()).isEqualTo(30);
            // Every page is touched in Notion without a change (its edit time moves).
            for (int i = 0; i < 30; i++) {
                EmulatedPage p = notion.workspace().page(repo.rows("user-id", TargetKind.CHARACTERS).get(i)
                        .record().pageId().value()).orElseThrow();
                p.update(Map.of("Role", "Ranger"));
            }
            notion.clock().advance(Duration.ofMinutes(5));
            notion.resetRequests();
            SyncReport touched = sync.syncAll(true);
            assertThat(touched.databases().get(0).unchanged()).isEqualTo(30);
            assertThat(notion.requestCount("GET", "/v1/blocks/{id}/children"))
                    .as("content read once, to see that nothing changed").isEqualTo(30);

            notion.resetRequests();
            SyncReport again = sync.syncAll(true);
            assertThat(again.databases().get(0).unchanged()).isEqualTo(30);
            assertThat(notion.requestCount("GET", "/v1/blocks/{id}/children"))
                    .as("the new edit times were stored: no content read again").isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = NotionApiVersion.class, names = {"V2022_06_28", "V2025_09_03"})
    void firstSyncThenNothingThenOnlyTheEdits(NotionApiVersion version) {
        EmulatedDatabase db = characters(250);
        InMemorySyncRepository repo = new InMemorySyncRepository();
        try (NotionSync sync = engine(version, repo, db, false)) {
            SyncReport first = sync.syncAll();
            DatabaseSyncReport d = first.databases().get(0);
            assertThat(d.outcome()).isEqualTo(SyncOutcome.SUCCESS);
            assertThat(d.fullPass()).isTrue();
            assertThat(d.inserted()).isEqualTo(250);
            assertThat(queries()).as("ceil(250/100) query requests").isEqualTo(3);
            assertThat(repo.rows("user-id", TargetKind.CHARACTERS)).hasSize(250);
            assertThat(repo.rows("user-id", TargetKind.CHARACTERS).get(0).record().fields().get("description"))
                    .asString().startsWith("Number ");

            notion.resetRequests();
            notion.clock().advance(Duration.ofMinutes(10));
            SyncReport idle = sync.syncAll();
            assertThat(idle.databases().get(0).fullPass()).isFalse();
            assertThat(idle.pagesSeen()).isZero();
            assertThat(queries()).as("no changes: one query").isEqualTo(1);

            String edited = repo.rows("user-id", TargetKind.CHARACTERS).get(7).record().pageId().value();
            page(edited).update(Map.of("Description", "Changed"));
            notion.resetRequests();
            SyncReport after = sync.syncAll();
            assertThat(after.updated()).isEqualTo(1);
            assertThat(after.inserted()).isZero();
            assertThat(repo.find("user-id", TargetKind.CHARACTERS, NotionId.parse(edited)).orElseThrow()
                    .record().fields().get("description")).isEqualTo("Changed");
        }
    }

    @Test
    void anEditInTheSameMinuteAsTheLastSyncIsCaught() {
        EmulatedDatabase db = characters(3);
        InMemorySyncRepository repo = new InMemorySyncRepository();
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, repo, db, true)) {
            sync.syncAll();
            String page = repo.rows("user-id", TargetKind.CHARACTERS).get(0).record().pageId().value();
            notion.clock().advance(Duration.ofSeconds(20));
            sync.syncAll();
            notion.clock().advance(Duration.ofSeconds(10)); // still the same minute
            page(page).appendBlocks(Block.paragraph("Added in the same minute"));
            SyncReport r = sync.syncAll();
            assertThat(r.updated()).isEqualTo(1);
            assertThat(repo.find("user-id", TargetKind.CHARACTERS, NotionId.parse(page)).orElseThrow().record()
                    .contentText()).contains("Added in the same minute");
        }
    }

    @Test
    void fullPassMarksTrashedAndGonePagesAndRestoresThemWhenTheyComeBack() {
        EmulatedDatabase db = characters(5);
        InMemorySyncRepository repo = new InMemorySyncRepository();
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, repo, db, false)) {
            sync.syncAll();
            List<String> ids = repo.rows("user-id", TargetKind.CHARACTERS).stream()
                    .map(r -> r.record().pageId().value()).toList();
            page(ids.get(0)).trash();
            page(ids.get(1)).delete();
            notion.clock().advance(Duration.ofMinutes(1));

            SyncReport pass = sync.syncDatabase("user-id", "Characters", true);
            assertThat(pass.deleted()).isEqualTo(2);
            assertThat(repo.find("user-id", TargetKind.CHARACTERS, NotionId.parse(ids.get(0))).orElseThrow()
                    .deletedReason()).isEqualTo("trashed");
            assertThat(repo.find("user-id", TargetKind.CHARACTERS, NotionId.parse(ids.get(1))).orElseThrow()
                    .deletedReason()).isEqualTo("gone or no longer shared");

            page(ids.get(0)).restore();
            notion.clock().advance(Duration.ofMinutes(1));
            SyncReport back = sync.syncAll();
            assertThat(back.updated()).isEqualTo(1);
            assertThat(repo.find("user-id", TargetKind.CHARACTERS, NotionId.parse(ids.get(0))).orElseThrow()
                    .deletedAt()).isNull();
        }
    }

    @Test
    void faultStormsEndInTheSameStateAsAFaultFreeRun() {
        EmulatedDatabase db = characters(120);
        InMemorySyncRepository clean = new InMemorySyncRepository();
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, clean, db, true)) {
            sync.syncAll();
        }
        notion.faults().random(null, null, 0.15, 7, Fault.rateLimited(0), Fault.status(500),
                Fault.status(502), Fault.status(503), Fault.dropConnection());
        InMemorySyncRepository stormy = new InMemorySyncRepository();
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, stormy, db, true)) {
            SyncReport r = sync.syncAll();
            assertThat(r.outcome()).isEqualTo(SyncOutcome.SUCCESS);
            assertThat(r.retries()).isPositive();
        }
        notion.faults().clear();
        assertThat(hashes(stormy)).isEqualTo(hashes(clean));
    }

    @Test
    void aCrashMidRunLosesNothingAndTheNextRunConverges() {
        EmulatedDatabase db = characters(350);
        AtomicInteger batches = new AtomicInteger();
        InMemorySyncRepository store = new InMemorySyncRepository();
        io.github.notionsync.spi.SyncRepository failing = new DelegatingRepository(store) {
            @Override
            public int writeBatch(String userId, TargetKind kind, List<PageWrite> pages, SyncState state) {
                if (batches.incrementAndGet() == 3) {
                    throw new IllegalStateException("disk full");
                }
                return super.writeBatch(userId, kind, pages, state);
            }
        };
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, failing, db, false)) {
            SyncReport crashed = sync.syncAll();
            assertThat(crashed.outcome()).isEqualTo(SyncOutcome.FAILED);
            assertThat(crashed.databases().get(0).errorMessage()).contains("disk full");
            assertThat(store.rows("user-id", TargetKind.CHARACTERS)).hasSize(200);
        }
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, store, db, false)) {
            SyncReport r = sync.syncAll();
            assertThat(r.outcome()).isEqualTo(SyncOutcome.SUCCESS);
            assertThat(r.inserted()).isEqualTo(150);
            assertThat(store.rows("user-id", TargetKind.CHARACTERS)).hasSize(350);
        }
    }

    @Test
    void aPageWhoseContentVanishesIsRecordedAndSkipped() {
        EmulatedDatabase db = characters(4);
        InMemorySyncRepository repo = new InMemorySyncRepository();
        notion.faults().next("GET", "/v1/blocks/{id}/children", Fault.vanish());
        try (NotionSync sync = engine(NotionApiVersion.V2025_09_03, repo, db, true)) {
            SyncReport r = sync.syncAll();
            assertThat(r.outcome()).isEqualTo(SyncOutcome.PARTIAL);
            assertThat(r.failed()).isEqualTo(1);
            assertThat(r.inserted()).isEqualTo(3);
            assertThat(repo.recentErrors("user-id", 10)).singleElement().satisfies(e -> {
                assertThat(e.pageId()).isNotNull();
                assertThat(e.errorType()).isEqualTo("NotionObjectNotFoundException");
            });
            notion.clock().advance(Duration.ofMinutes(1));
            SyncReport again = sync.syncDatabase("user-id", "Characters", true);
            assertThat(again.outcome()).as("the vanished page is gone, not failing").isEqualTo(SyncOutcome.SUCCESS);
            assertThat(repo.rows("user-id", TargetKind.CHARACTERS)).hasSize(3);
        }
    }

    @Test
    void anUnsharedDatabaseFailsItsRunAndLeavesTheOthersRunning() {
        EmulatedDatabase unshared = characters(2);
        EmulatedDatabase worlds = notion.workspace().createDatabase("Worlds", Schema.builder().build());
        worlds.addPage(Map.of("Name", "Arda"));
        InMemorySyncRepository repo = new InMemorySyncRepository();
        unshared.unshareWith(token);
        try (NotionSync sync = NotionSync.builder().repository(repo).clock(notion.clock().asClock()).fetchContent(false)
                .connection(SyncConnection.of("user-id", client(NotionApiVersion.V2025_09_03),
                        DatabaseConfig.of("Characters", unshared.id(), TargetKind.CHARACTERS),
                        DatabaseConfig.of("Worlds", worlds.id(), TargetKind.WORLDS)))
                .build()) {
            SyncReport r = sync.syncAll();
            assertThat(r.databases()).extracting(DatabaseSyncReport::outcome)
                    .containsExactly(SyncOutcome.FAILED, SyncOutcome.SUCCESS);
            assertThat(r.databases().get(0).errorMessage()).contains("404 object_not_found");
            assertThat(repo.rows("user-id", TargetKind.WORLDS)).hasSize(1);
        }
    }

    @Test
    void listenersSeeProgressAndChangesAndCanCancelARun() {
        EmulatedDatabase db = characters(300);
        InMemorySyncRepository repo = new InMemorySyncRepository();
        List<Integer> progress = new ArrayList<>();
        AtomicInteger changed = new AtomicInteger();
        NotionSync[] holder = new NotionSync[1];
        try (NotionSync sync = NotionSync.builder().repository(repo).clock(notion.clock().asClock())
                .fetchContent(false)
                .connection(SyncConnection.of("user-id", client(NotionApiVersion.V2025_09_03),
                        DatabaseConfig.of("Characters", db.id(), TargetKind.CHARACTERS)))
                .listener(new io.github.notionsync.SyncListener() {
                    @Override
                    public void onProgress(String userId, DatabaseConfig database, int done, int before) {
                        progress.add(done);
                        if (done >= 100) {
                            holder[0].cancelAll();
                        }
                    }

                    @Override
                    public void onPageChanged(String userId, DatabaseConfig database,
                            io.github.notionsync.PageRecord page, boolean inserted) {
                        changed.incrementAndGet();
                    }
                })
                .build()) {
            holder[0] = sync;
            SyncReport cancelled = sync.syncAll();
            assertThat(cancelled.outcome()).isEqualTo(SyncOutcome.CANCELLED);
            assertThat(progress).startsWith(100);
            assertThat(changed.get()).isEqualTo(100);
            assertThat(repo.rows("user-id", TargetKind.CHARACTERS)).hasSize(100);
        }
    }

    private EmulatedPage page(String id) {
        return notion.workspace().page(id).orElseThrow();
    }

    private static List<String> hashes(InMemorySyncRepository repo) {
        List<String> out = new ArrayList<>();
        repo.rows("user-id", TargetKind.CHARACTERS).stream()
                .sorted(Comparator.comparing(r -> r.record().pageId().value()))
                .forEach(r -> out.add(r.record().pageId() + "=" + r.contentHash()));
        return out;
    }
}
