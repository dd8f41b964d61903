package io.github.notionsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.spi.StoredPage;
import io.github.notionsync.spi.SyncErrorRecord;
import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.spi.SyncRunRecord;
import io.github.notionsync.spi.SyncState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SyncRepository} must have. A store's test extends this class and
 * returns a fresh or emptied store from {@link #repository()}:
 *
 * <pre>{@code
 * class MyRepositoryContractTest extends SyncRepositoryContractTest {
 *     protected SyncRepository repository() { return new MyRepository(...); }
 * }
 * }</pre>
 *
 * Each test uses its own random user ids, so a store may be shared between tests.
 */
public abstract class SyncRepositoryContractTest {

    private static final Instant T0 = TestRecords.EDITED;

    private SyncRepository repo;
    private String user;
    private String otherUser;
    private NotionId database;

    /** The store under test. Called before each test. */
    protected abstract SyncRepository repository();

    /**
     * Reads back what the store holds of a page, through the store's own means (its tables, its
     * maps), not through the repository: the contract compares it with what was written.
     *
     * @return the stored page, or {@code null} if none is stored
     */
    protected abstract StoredRecord readBack(String userId, TargetKind kind, NotionId pageId);

    @BeforeEach
    void setUpContract() {
        repo = repository();
        user = "user-" + UUID.randomUUID();
        otherUser = "other-" + UUID.randomUUID();
        database = randomId();
    }

    @Test
    void upsertsAreIdempotentAndReadBack() {
        List<PageWrite> batch = List.of(write(TargetKind.CHARACTERS, randomId(), "Aragorn", "h1"), write(TargetKind.CHARACTERS, randomId(), "Legolas", "h2"));

        assertThat(repo.writeBatch(user, TargetKind.CHARACTERS, batch, null)).isEqualTo(2);
        assertThat(repo.writeBatch(user, TargetKind.CHARACTERS, batch, null)).as("same hashes: no write").isZero();

        Map<NotionId, StoredPage> stored = repo.storedPages(user, TargetKind.CHARACTERS, ids(batch));
        assertThat(stored).hasSize(2);
        StoredPage aragorn = stored.get(batch.get(0).record().pageId());
        assertThat(aragorn.contentHash()).isEqualTo("h1");
        assertThat(aragorn.lastEditedTime()).isEqualTo(T0);
        assertThat(aragorn.deleted()).isFalse();
        assertThat(repo.storedPages(user, TargetKind.WORLDS, ids(batch))).as("kinds are apart").isEmpty();
        assertThat(repo.storedPages(user, TargetKind.CHARACTERS, List.of())).isEmpty();
    }

    @Test
    void everyKindKeepsTheWholeRecord() {
        for (TargetKind kind : TargetKind.values()) {
            PageRecord r = TestRecords.record(randomId(), database, kind, "Éowyn of Rohan " + kind,
                    "She rode to war.\n\nNo man was she. ✓");
            repo.writeBatch(user, kind, List.of(new PageWrite(r, "h-" + kind)), null);
            assertThat(readBack(user, kind, r.pageId())).as(kind.name()).isEqualTo(StoredRecord.of(r));
            assertThat(readBack(otherUser, kind, r.pageId())).isNull();
        }
    }

    @Test
    void aTrashedPageIsMarkedDeletedAndInTheTrash() {
        PageRecord trashed = TestRecords.record(randomId(), database, TargetKind.STORIES, "Old draft");
        PageRecord gone = TestRecords.record(randomId(), database, TargetKind.STORIES, "Unshared draft");
        repo.writeBatch(user, TargetKind.STORIES, List.of(new PageWrite(trashed, "a"), new PageWrite(gone, "b")), null);
        repo.markDeleted(user, TargetKind.STORIES, List.of(trashed.pageId()), SyncRepository.REASON_TRASHED, T0);
        repo.markDeleted(user, TargetKind.STORIES, List.of(gone.pageId()), "gone or no longer shared", T0);
        StoredRecord t = readBack(user, TargetKind.STORIES, trashed.pageId());
        assertThat(t.inTrash()).isTrue();
        assertThat(t.deletedReason()).isEqualTo(SyncRepository.REASON_TRASHED);
        assertThat(t.title()).isEqualTo("Old draft");
        StoredRecord g = readBack(user, TargetKind.STORIES, gone.pageId());
        assertThat(g.inTrash()).as("not in the trash: gone").isFalse();
        assertThat(g.deletedReason()).isEqualTo("gone or no longer shared");
    }

    @Test
    void changedHashIsWrittenUnchangedIsNot() {
        NotionId id = randomId();
        repo.writeBatch(user, TargetKind.STORIES, List.of(write(TargetKind.STORIES, id, "Draft", "v1")), null);

        assertThat(repo.writeBatch(user, TargetKind.STORIES, List.of(write(TargetKind.STORIES, id, "Draft", "v1")), null)).isZero();
        assertThat(repo.writeBatch(user, TargetKind.STORIES, List.of(write(TargetKind.STORIES, id, "Final", "v2")), null)).isEqualTo(1);
        assertThat(repo.storedPages(user, TargetKind.STORIES, List.of(id)).get(id).contentHash()).isEqualTo("v2");
    }

    @Test
    void deletionAndRestore() {
        NotionId kept = randomId();
        NotionId gone = randomId();
        repo.writeBatch(user, TargetKind.WORLDS, List.of(write(TargetKind.WORLDS, kept, "Arda", "a"), write(TargetKind.WORLDS, gone, "Narnia", "n")), null);

        assertThat(repo.markDeleted(user, TargetKind.WORLDS, List.of(gone), "trashed", T0.plusSeconds(60))).isEqualTo(1);
        assertThat(repo.markDeleted(user, TargetKind.WORLDS, List.of(gone), "trashed", T0.plusSeconds(120)))
                .as("already deleted").isZero();
        assertThat(repo.markDeleted(user, TargetKind.WORLDS, List.of(randomId()), "gone", T0)).as("unknown").isZero();
        assertThat(repo.storedPages(user, TargetKind.WORLDS, List.of(gone)).get(gone).deleted()).isTrue();
        assertThat(livePages(user, TargetKind.WORLDS)).containsExactly(kept);

        assertThat(repo.writeBatch(user, TargetKind.WORLDS, List.of(write(TargetKind.WORLDS, gone, "Narnia", "n")), null))
                .as("same hash but deleted: restored").isEqualTo(1);
        assertThat(repo.storedPages(user, TargetKind.WORLDS, List.of(gone)).get(gone).deleted()).isFalse();
        assertThat(livePages(user, TargetKind.WORLDS)).containsExactlyInAnyOrder(kept, gone);
    }

    @Test
    void livePagesAreListedPerDatabase() {
        NotionId mine = randomId();
        NotionId elsewhere = randomId();
        NotionId otherDatabase = randomId();
        repo.writeBatch(user, TargetKind.PAGES, List.of(write(TargetKind.PAGES, mine, "a", "1"),
                write(elsewhere, otherDatabase, TargetKind.PAGES, "b", "2")), null);

        assertThat(livePages(user, TargetKind.PAGES)).containsExactly(mine);
    }

    @Test
    void batchAndWatermarkAreStoredTogether() {
        NotionId id = randomId();
        SyncState state = state(user, T0);
        repo.writeBatch(user, TargetKind.CHARACTERS, List.of(write(TargetKind.CHARACTERS, id, "Gimli", "g")), state);

        assertThat(repo.syncState(user, database)).contains(state);
        assertThat(repo.syncState(user, randomId())).isEmpty();

        SyncState later = state.withWatermark(T0.plusSeconds(300));
        assertThat(repo.writeBatch(user, TargetKind.CHARACTERS, List.of(), later)).isZero();
        assertThat(repo.syncState(user, database)).contains(later);
    }

    @Test
    void failedBatchChangesNothing() {
        NotionId id = randomId();
        SyncState before = state(user, T0);
        repo.writeBatch(user, TargetKind.CHARACTERS, List.of(write(TargetKind.CHARACTERS, id, "Frodo", "f1")), before);

        NotionId fresh = randomId();
        List<PageWrite> bad = List.of(write(TargetKind.CHARACTERS, fresh, "Sam", "s1"), write(TargetKind.CHARACTERS, id, "Frodo", "f2"),
                write(randomId(), database, TargetKind.WORLDS, "Wrong kind", "w"));
        assertThatThrownBy(() -> repo.writeBatch(user, TargetKind.CHARACTERS, bad, before.withWatermark(T0.plusSeconds(600))))
                .isInstanceOf(RuntimeException.class);

        assertThat(repo.storedPages(user, TargetKind.CHARACTERS, List.of(fresh))).isEmpty();
        assertThat(repo.storedPages(user, TargetKind.CHARACTERS, List.of(id)).get(id).contentHash()).isEqualTo("f1");
        assertThat(repo.syncState(user, database)).contains(before);
    }

    @Test
    void hostileTextIsStoredAsText() {
        NotionId id = randomId();
        String hostile = "'); DROP TABLE notion_characters_sync; -- \u0000 \uD83D\uDE00 \u202Eevil \\u0000 shown";
        repo.writeBatch(user, TargetKind.CHARACTERS, List.of(write(TargetKind.CHARACTERS, id, hostile, "x")),
                state(user, T0));
        StoredRecord stored = readBack(user, TargetKind.CHARACTERS, id);
        assertThat(stored).isNotNull();
        // NUL cannot be stored by every store: it may become U+FFFD; everything else stays as written.
        assertThat(stored.title().replace('\uFFFD', '\u0000')).isEqualTo(hostile);
        assertThat(repo.syncState(user, database)).isPresent();
        NotionId after = randomId();
        assertThat(repo.writeBatch(user, TargetKind.CHARACTERS, List.of(write(TargetKind.CHARACTERS, after, "Pippin", "p")), null))
                .as("the store still works").isEqualTo(1);
    }

    @Test
    void usersNeverSeeEachOthersRows() {
        NotionId shared = randomId();
        repo.writeBatch(user, TargetKind.CHARACTERS, List.of(write(TargetKind.CHARACTERS, shared, "Mine", "m")), state(user, T0));
        repo.writeBatch(otherUser, TargetKind.CHARACTERS, List.of(write(TargetKind.CHARACTERS, shared, "Theirs", "t")), null);

        assertThat(repo.storedPages(user, TargetKind.CHARACTERS, List.of(shared)).get(shared).contentHash())
                .isEqualTo("m");
        assertThat(repo.storedPages(otherUser, TargetKind.CHARACTERS, List.of(shared)).get(shared).contentHash())
                .isEqualTo("t");
        assertThat(repo.markDeleted(otherUser, TargetKind.CHARACTERS, List.of(shared), "trashed", T0)).isEqualTo(1);
        assertThat(repo.storedPages(user, TargetKind.CHARACTERS, List.of(shared)).get(shared).deleted()).isFalse();
        assertThat(repo.syncState(otherUser, database)).isEmpty();

        repo.recordRun(run(user));
        repo.recordError(error(user, "boom"));
        assertThat(repo.recentRuns(otherUser, 10)).isEmpty();
        assertThat(repo.recentErrors(otherUser, 10)).isEmpty();
    }

    @Test
    void runsAndErrorsComeBackNewestFirst() {
        SyncRunRecord first = run(user);
        SyncRunRecord second = run(user);
        repo.recordRun(first);
        repo.recordRun(second);
        repo.recordError(error(user, "first"));
        repo.recordError(error(user, "second"));

        List<SyncRunRecord> runs = repo.recentRuns(user, 10);
        assertThat(runs).extracting(SyncRunRecord::runId).containsExactly(second.runId(), first.runId());
        assertThat(runs.get(0).report().pagesSeen()).isEqualTo(second.report().pagesSeen());
        assertThat(runs.get(0).report().outcome()).isEqualTo(SyncOutcome.PARTIAL);
        assertThat(repo.recentRuns(user, 1)).hasSize(1);
        assertThat(repo.recentErrors(user, 10)).extracting(SyncErrorRecord::message).containsExactly("second", "first");
    }

    @Test
    void newEditTimesOfUnchangedPagesAreStoredAndNothingElseChanges() {
        NotionId live = randomId();
        NotionId gone = randomId();
        repo.writeBatch(user, TargetKind.CHARACTERS, List.of(write(TargetKind.CHARACTERS, live, "Aragorn", "h1"),
                write(TargetKind.CHARACTERS, gone, "Boromir", "h2")), null);
        repo.markDeleted(user, TargetKind.CHARACTERS, List.of(gone), "trashed", T0);
        Instant later = TestRecords.EDITED.plus(Duration.ofHours(5));
        assertThat(repo.updateEditTimes(otherUser, TargetKind.CHARACTERS, Map.of(live, later)))
                .as("another user's rows").isZero();
        assertThat(repo.updateEditTimes(user, TargetKind.CHARACTERS, Map.of(live, later, gone, later,
                randomId(), later))).isEqualTo(1);
        Map<NotionId, StoredPage> stored = repo.storedPages(user, TargetKind.CHARACTERS, List.of(live, gone));
        assertThat(stored.get(live).lastEditedTime()).isEqualTo(later);
        assertThat(stored.get(live).contentHash()).isEqualTo("h1");
        assertThat(stored.get(live).deleted()).isFalse();
        assertThat(stored.get(gone).lastEditedTime()).as("deleted rows stay as they were")
                .isEqualTo(TestRecords.EDITED);
        assertThat(stored.get(gone).deleted()).isTrue();
    }

    @Test
    void aRunIsInTheHistoryFromItsStartAndOneWhoseProcessDiedIsClosedAsInterrupted() {
        NotionId db = randomId();
        SyncRunRecord dead = started(user, db);
        repo.recordRunStart(dead);
        assertThat(repo.recentRuns(user, 10)).singleElement().satisfies(r -> {
            assertThat(r.runId()).isEqualTo(dead.runId());
            assertThat(r.report().outcome()).isEqualTo(SyncOutcome.RUNNING);
        });
        // The next run of the same database starts: the first can no longer be running.
        SyncRunRecord next = started(user, db);
        SyncRunRecord otherDatabase = started(user, randomId());
        repo.recordRunStart(otherDatabase);
        repo.recordRunStart(next);
        List<SyncRunRecord> runs = repo.recentRuns(user, 10);
        assertThat(runs).extracting(SyncRunRecord::runId)
                .containsExactly(next.runId(), otherDatabase.runId(), dead.runId());
        assertThat(runs.get(2).report().outcome()).isEqualTo(SyncOutcome.INTERRUPTED);
        assertThat(runs.get(2).report().errorMessage()).isEqualTo(SyncRunRecord.INTERRUPTED_MESSAGE);
        assertThat(runs.get(1).report().outcome()).as("another database's run").isEqualTo(SyncOutcome.RUNNING);

        // It ends: its row is replaced, in place, by how it ended.
        DatabaseSyncReport s = next.report();
        SyncRunRecord ended = new SyncRunRecord(next.runId(), user, new DatabaseSyncReport(s.databaseId(),
                s.databaseName(), s.kind(), s.fullPass(), 7, 5, 1, 1, 0, 0, 9, 0, s.startedAt(),
                Duration.ofMillis(2500), SyncOutcome.SUCCESS, null));
        repo.recordRun(ended);
        runs = repo.recentRuns(user, 10);
        assertThat(runs).hasSize(3);
        assertThat(runs.get(0).runId()).isEqualTo(next.runId());
        assertThat(runs.get(0).report()).isEqualTo(ended.report());
        assertThat(repo.recentRuns(otherUser, 10)).isEmpty();
    }

    private static SyncRunRecord started(String userId, NotionId db) {
        return new SyncRunRecord(UUID.randomUUID(), userId, new DatabaseSyncReport(db, "Characters",
                TargetKind.CHARACTERS, false, 0, 0, 0, 0, 0, 0, 0, 0, T0, Duration.ZERO, SyncOutcome.RUNNING, null));
    }

    @Test
    void concurrentWritersLoseNothing() throws Exception {
        int writers = 8;
        int batches = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<NotionId> sharedIds = List.of(randomId(), randomId(), randomId());
        List<Future<List<NotionId>>> futures = new ArrayList<>();
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                futures.add(pool.submit(() -> {
                    List<NotionId> mine = new ArrayList<>();
                    for (int b = 0; b < batches; b++) {
                        List<PageWrite> batch = new ArrayList<>();
                        for (int i = 0; i < 5; i++) {
                            NotionId id = randomId();
                            mine.add(id);
                            batch.add(write(TargetKind.PAGES, id, "w" + writer + "b" + b + "i" + i, "h" + i));
                        }
                        for (NotionId s : sharedIds) {
                            batch.add(write(TargetKind.PAGES, s, "shared", "writer-" + writer + "-" + b));
                        }
                        repo.writeBatch(user, TargetKind.PAGES, batch,
                                state(user, T0.plusSeconds(writer * 1000L + b)));
                    }
                    return mine;
                }));
            }
            List<NotionId> all = new ArrayList<>();
            for (Future<List<NotionId>> f : futures) {
                all.addAll(f.get());
            }
            assertThat(repo.storedPages(user, TargetKind.PAGES, all)).hasSize(writers * batches * 5);
            assertThat(repo.storedPages(user, TargetKind.PAGES, sharedIds)).hasSize(3)
                    .allSatisfy((id, page) -> assertThat(page.contentHash()).startsWith("writer-"));
            assertThat(livePages(user, TargetKind.PAGES)).hasSize(writers * batches * 5 + 3);
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------------------------

    private List<NotionId> livePages(String userId, TargetKind kind) {
        List<NotionId> ids = new ArrayList<>();
        repo.forEachLivePageId(userId, kind, database, ids::add);
        return ids;
    }

    private SyncState state(String userId, Instant watermark) {
        return new SyncState(userId, database, "Characters", TargetKind.CHARACTERS, watermark, T0, T0, SyncOutcome.SUCCESS);
    }

    private PageWrite write(TargetKind kind, NotionId id, String title, String hash) {
        return write(id, database, kind, title, hash);
    }

    private static PageWrite write(NotionId id, NotionId database, TargetKind kind, String title, String hash) {
        return new PageWrite(TestRecords.record(id, database, kind, title), hash);
    }

    private static SyncRunRecord run(String userId) {
        DatabaseSyncReport report = new DatabaseSyncReport(randomId(), "Characters", TargetKind.CHARACTERS, true,
                ThreadLocalRandom.current().nextInt(1, 1000), 3, 2, 1, 0, 1, 12, 1, T0, Duration.ofMillis(1234),
                SyncOutcome.PARTIAL, null);
        return new SyncRunRecord(UUID.randomUUID(), userId, report);
    }

    private SyncErrorRecord error(String userId, String message) {
        return new SyncErrorRecord(UUID.randomUUID(), userId, database, randomId(), "NotionObjectNotFoundException",
                message, Instant.now());
    }

    private static List<NotionId> ids(List<PageWrite> writes) {
        return writes.stream().map(w -> w.record().pageId()).toList();
    }

    private static NotionId randomId() {
        return TestRecords.randomId();
    }

}
