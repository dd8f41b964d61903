package io.github.notionsync.spi;

import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Where notion-sync keeps mirrored pages and its bookkeeping. The algorithm lives in the engine;
 * a store only persists. Implementations must be thread-safe and pass the storage contract
 * suite in {@code notion-sync-testkit} ({@code SyncRepositoryContractTest}).
 *
 * <p>Every method is scoped to one user: no call may read or change another user's rows.
 */
public interface SyncRepository {

    /** The stored hash, edit time and deletion flag of those of {@code pageIds} that are stored. */
    Map<NotionId, StoredPage> storedPages(String userId, TargetKind kind, Collection<NotionId> pageIds);

    /**
     * Stores a batch of pages and then the sync state, atomically: either all of it is stored or
     * none of it. A page whose stored hash equals the new one and which is not marked deleted is
     * not rewritten; a page marked deleted is restored.
     *
     * @param state the state to save with the batch, or {@code null} to leave it
     * @return how many pages were actually written (inserted, changed or restored)
     */
    int writeBatch(String userId, TargetKind kind, List<PageWrite> pages, SyncState state);

    /**
     * Stores new Notion edit times of live pages whose content did not change (their hash is the
     * same), so that later runs compare against the current edit time and do not fetch their
     * content again. Nothing else of the rows changes; deleted pages and unknown ids are left alone.
     *
     * @return how many rows were updated
     */
    int updateEditTimes(String userId, TargetKind kind, Map<NotionId, Instant> editTimes);

    /** How many stored, not deleted pages a database has. The default counts {@link #forEachLivePageId}. */
    default long countLivePages(String userId, TargetKind kind, NotionId databaseId) {
        long[] n = new long[1];
        forEachLivePageId(userId, kind, databaseId, id -> n[0]++);
        return n[0];
    }

    /** Calls {@code action} with the id of every stored, not deleted page of a database. */
    void forEachLivePageId(String userId, TargetKind kind, NotionId databaseId, Consumer<NotionId> action);

    /** The deletion reason of a page moved to Notion's trash: its row also gets {@code in_trash}. */
    String REASON_TRASHED = "trashed";
    /** The deletion reason of a page archived (API versions before the trash): also {@code in_trash}. */
    String REASON_ARCHIVED = "archived";

    /**
     * Marks pages deleted with a reason (for example {@link #REASON_TRASHED}, {@code gone or no longer
     * shared}). Pages deleted as trashed or archived are also marked as in the trash.
     *
     * @return how many pages were newly marked
     */
    int markDeleted(String userId, TargetKind kind, Collection<NotionId> pageIds, String reason, Instant at);

    /** The sync state of a database, if it was ever synced. */
    Optional<SyncState> syncState(String userId, NotionId databaseId);

    /** Saves the sync state of a database. */
    void saveSyncState(SyncState state);

    /**
     * Records that a run of a database started ({@link io.github.notionsync.SyncOutcome#RUNNING}), so
     * that a run whose process dies still shows in the history. Runs of the same user and database
     * still marked running are closed as {@link io.github.notionsync.SyncOutcome#INTERRUPTED} first:
     * the engine starts a run only while it holds the database's lock, so they cannot be running.
     * The default records nothing.
     */
    default void recordRunStart(SyncRunRecord run) {
    }

    /**
     * Records a running run's counts so far (its outcome still {@link io.github.notionsync.SyncOutcome#RUNNING}),
     * once per stored batch, so that watchers see its progress. Only a run still marked running is
     * updated. The default records nothing.
     */
    default void recordRunProgress(SyncRunRecord run) {
    }

    /** Records how a run of a database ended, replacing its {@link #recordRunStart start} if recorded. */
    void recordRun(SyncRunRecord run);

    /** Appends an error to the error log. */
    void recordError(SyncErrorRecord error);

    /** The user's most recent runs, newest first. */
    List<SyncRunRecord> recentRuns(String userId, int limit);

    /** The user's most recent errors, newest first. */
    List<SyncErrorRecord> recentErrors(String userId, int limit);
}
