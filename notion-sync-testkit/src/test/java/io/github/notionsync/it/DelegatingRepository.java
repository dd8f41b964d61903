package io.github.notionsync.it;

import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.spi.StoredPage;
import io.github.notionsync.spi.SyncErrorRecord;
import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.spi.SyncRunRecord;
import io.github.notionsync.spi.SyncState;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Passes every call to a real store, so a test can make one call fail like a crash would. */
class DelegatingRepository implements SyncRepository {

    private final SyncRepository delegate;

    DelegatingRepository(SyncRepository delegate) {
        this.delegate = delegate;
    }

    @Override
    public Map<NotionId, StoredPage> storedPages(String userId, TargetKind kind, Collection<NotionId> pageIds) {
        return delegate.storedPages(userId, kind, pageIds);
    }

    @Override
    public int writeBatch(String userId, TargetKind kind, List<PageWrite> pages, SyncState state) {
        return delegate.writeBatch(userId, kind, pages, state);
    }

    @Override
    public void forEachLivePageId(String userId, TargetKind kind, NotionId databaseId, Consumer<NotionId> action) {
        delegate.forEachLivePageId(userId, kind, databaseId, action);
    }

    @Override
    public int updateEditTimes(String userId, TargetKind kind, java.util.Map<NotionId, Instant> editTimes) {
        return delegate.updateEditTimes(userId, kind, editTimes);
    }

    @Override
    public int markDeleted(String userId, TargetKind kind, Collection<NotionId> pageIds, String reason, Instant at) {
        return delegate.markDeleted(userId, kind, pageIds, reason, at);
    }

    @Override
    public Optional<SyncState> syncState(String userId, NotionId databaseId) {
        return delegate.syncState(userId, databaseId);
    }

    @Override
    public void saveSyncState(SyncState state) {
        delegate.saveSyncState(state);
    }

    @Override
    public void recordRun(SyncRunRecord run) {
        delegate.recordRun(run);
    }

    @Override
    public void recordError(SyncErrorRecord error) {
        delegate.recordError(error);
    }

    @Override
    public List<SyncRunRecord> recentRuns(String userId, int limit) {
        return delegate.recentRuns(userId, limit);
    }

    @Override
    public List<SyncErrorRecord> recentErrors(String userId, int limit) {
        return delegate.recentErrors(userId, limit);
    }
}
