package io.github.notionsync;

import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.spi.StoredPage;
import io.github.notionsync.spi.SyncErrorRecord;
import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.spi.SyncRunRecord;
import io.github.notionsync.spi.SyncState;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A {@link SyncRepository} in memory: complete and thread-safe, for tests, demos and small
 * embedded uses where the mirror need not survive a restart. It keeps the last 10,000 runs and
 * errors per user.
 */
public final class InMemorySyncRepository implements SyncRepository {

    private static final int HISTORY_LIMIT = 10_000;

    /**
     * A stored page.
     *
     * @param record the page as last written
     * @param contentHash its hash
     * @param deletedAt when it was marked deleted, or {@code null}
     * @param deletedReason why, or {@code null}
     * @param syncedAt when it was last written
     */
    public record Row(PageRecord record, String contentHash, Instant deletedAt, String deletedReason,
            Instant syncedAt) {
    }

    private final Map<String, Map<TargetKind, Map<NotionId, Row>>> pages = new HashMap<>();
    private final Map<String, Map<NotionId, SyncState>> states = new HashMap<>();
    private final Map<String, Deque<SyncRunRecord>> runs = new HashMap<>();
    private final Map<String, Deque<SyncErrorRecord>> errors = new HashMap<>();
    private final java.time.Clock clock;

    /** A repository that stamps writes with the system clock. */
    public InMemorySyncRepository() {
        this(java.time.Clock.systemUTC());
    }

    /** A repository that stamps writes with {@code clock}. */
    public InMemorySyncRepository(java.time.Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public synchronized Map<NotionId, StoredPage> storedPages(String userId, TargetKind kind,
            Collection<NotionId> pageIds) {
        Map<NotionId, Row> table = table(userId, kind, false);
        Map<NotionId, StoredPage> out = new HashMap<>();
        for (NotionId id : pageIds) {
            Row row = table.get(id);
            if (row != null) {
                out.put(id, new StoredPage(id, row.contentHash(), row.record().lastEditedTime(), row.deletedAt() != null));
            }
        }
        return out;
    }

    @Override
    public synchronized int writeBatch(String userId, TargetKind kind, List<PageWrite> batch, SyncState state) {
        SyncConnection.requireValidUserId(userId);
        Objects.requireNonNull(kind, "kind");
        for (PageWrite w : batch) {
            // Validate the whole batch before changing anything: all or nothing.
            Objects.requireNonNull(w, "page write");
            if (w.record().kind() != kind) {
                throw new IllegalArgumentException("Page " + w.record().pageId() + " is of kind "
                        + w.record().kind() + ", not " + kind);
            }
        }
        if (state != null && !state.userId().equals(userId)) {
            throw new IllegalArgumentException("Sync state of user " + state.userId() + " written for " + userId);
        }
        Map<NotionId, Row> table = table(userId, kind, true);
        Instant now = clock.instant();
        int written = 0;
        for (PageWrite w : batch) {
            Row old = table.get(w.record().pageId());
            if (old != null && old.deletedAt() == null && old.contentHash().equals(w.contentHash())) {
                continue;
            }
            table.put(w.record().pageId(), new Row(w.record(), w.contentHash(), null, null, now));
            written++;
        }
        if (state != null) {
            states.computeIfAbsent(userId, u -> new HashMap<>()).put(state.databaseId(), state);
        }
        return written;
    }

    @Override
    public void forEachLivePageId(String userId, TargetKind kind, NotionId databaseId, Consumer<NotionId> action) {
        List<NotionId> ids = new ArrayList<>();
        synchronized (this) {
            table(userId, kind, false).forEach((id, row) -> {
                if (row.deletedAt() == null && databaseId.equals(row.record().databaseId())) {
                    ids.add(id);
                }
            });
        }
        ids.forEach(action);
    }

    @Override
    public synchronized int updateEditTimes(String userId, TargetKind kind, Map<NotionId, Instant> editTimes) {
        Map<NotionId, Row> table = table(userId, kind, false);
        int updated = 0;
        for (Map.Entry<NotionId, Instant> e : editTimes.entrySet()) {
            Row row = table.get(e.getKey());
            if (row != null && row.deletedAt() == null) {
                PageRecord moved = copy(row.record(), e.getValue(), row.record().inTrash());
                table.put(e.getKey(), new Row(moved, row.contentHash(), null, null, row.syncedAt()));
                updated++;
            }
        }
        return updated;
    }

    /** The record with another edit time and trash flag, as the store keeps them. */
    private static PageRecord copy(PageRecord r, Instant lastEditedTime, boolean inTrash) {
        return new PageRecord(r.pageId(), r.databaseId(), r.dataSourceId(), r.kind(), r.title(), r.fields(),
                r.properties(), r.propertiesText(), r.contentText(), r.contentMarkdown(), r.wordCount(),
                r.createdTime(), lastEditedTime, r.url(), inTrash, r.raw(), r.problems());
    }

    @Override
    public synchronized int markDeleted(String userId, TargetKind kind, Collection<NotionId> pageIds, String reason,
            Instant at) {
        Map<NotionId, Row> table = table(userId, kind, false);
        int marked = 0;
        for (NotionId id : pageIds) {
            Row row = table.get(id);
            if (row != null && row.deletedAt() == null) {
                PageRecord r = row.record();
                boolean trashed = REASON_TRASHED.equals(reason) || REASON_ARCHIVED.equals(reason);
                PageRecord kept = trashed && !r.inTrash() ? copy(r, r.lastEditedTime(), true) : r;
                table.put(id, new Row(kept, row.contentHash(), at, reason, row.syncedAt()));
                marked++;
            }
        }
        return marked;
    }

    @Override
    public synchronized Optional<SyncState> syncState(String userId, NotionId databaseId) {
        return Optional.ofNullable(states.getOrDefault(userId, Map.of()).get(databaseId));
    }

    @Override
    public synchronized void saveSyncState(SyncState state) {
        states.computeIfAbsent(state.userId(), u -> new HashMap<>()).put(state.databaseId(), state);
    }

    @Override
    public synchronized void recordRunStart(SyncRunRecord run) {
        Deque<SyncRunRecord> mine = runs.computeIfAbsent(run.userId(), u -> new ArrayDeque<>());
        List<SyncRunRecord> all = new ArrayList<>(mine);
        mine.clear();
        for (SyncRunRecord r : all) {
            DatabaseSyncReport d = r.report();
            mine.addLast(d.outcome() == SyncOutcome.RUNNING && d.databaseId().equals(run.report().databaseId())
                    ? new SyncRunRecord(r.runId(), r.userId(), interrupted(d)) : r);
        }
        append(mine, run);
    }

    private static DatabaseSyncReport interrupted(DatabaseSyncReport d) {
        return new DatabaseSyncReport(d.databaseId(), d.databaseName(), d.kind(), d.fullPass(), d.pagesSeen(),
                d.inserted(), d.updated(), d.unchanged(), d.deleted(), d.failed(), d.requests(), d.retries(),
                d.startedAt(), d.duration(), SyncOutcome.INTERRUPTED, SyncRunRecord.INTERRUPTED_MESSAGE);
    }

    @Override
    public synchronized void recordRun(SyncRunRecord run) {
        Deque<SyncRunRecord> mine = runs.computeIfAbsent(run.userId(), u -> new ArrayDeque<>());
        List<SyncRunRecord> all = new ArrayList<>(mine);
        for (int i = 0; i < all.size(); i++) {
            SyncRunRecord r = all.get(i);
            if (r.runId().equals(run.runId()) && r.report().databaseId().equals(run.report().databaseId())) {
                all.set(i, run); // where its start was, as a table ordered by insertion keeps it
                mine.clear();
                mine.addAll(all);
                return;
            }
        }
        append(mine, run);
    }

    @Override
    public synchronized void recordError(SyncErrorRecord error) {
        append(errors.computeIfAbsent(error.userId(), u -> new ArrayDeque<>()), error);
    }

    @Override
    public synchronized List<SyncRunRecord> recentRuns(String userId, int limit) {
        return newestFirst(runs.get(userId), limit);
    }

    @Override
    public synchronized List<SyncErrorRecord> recentErrors(String userId, int limit) {
        return newestFirst(errors.get(userId), limit);
    }

    /** A stored page, deleted or not. */
    public synchronized Optional<Row> find(String userId, TargetKind kind, NotionId pageId) {
        return Optional.ofNullable(table(userId, kind, false).get(pageId));
    }

    /** The user's stored pages of a kind, in no particular order. */
    public synchronized List<Row> rows(String userId, TargetKind kind) {
        return List.copyOf(table(userId, kind, false).values());
    }

    private Map<NotionId, Row> table(String userId, TargetKind kind, boolean create) {
        Map<TargetKind, Map<NotionId, Row>> byKind = create ? pages.computeIfAbsent(userId, u -> new HashMap<>())
                : pages.getOrDefault(userId, Map.of());
        return create ? byKind.computeIfAbsent(kind, k -> new LinkedHashMap<>()) : byKind.getOrDefault(kind, Map.of());
    }

    private static <T> void append(Deque<T> deque, T item) {
        deque.addFirst(item);
        while (deque.size() > HISTORY_LIMIT) {
            deque.removeLast();
        }
    }

    private static <T> List<T> newestFirst(Deque<T> deque, int limit) {
        if (deque == null || limit <= 0) {
            return List.of();
        }
        List<T> out = new ArrayList<>(Math.min(limit, deque.size()));
        for (T t : deque) {
            if (out.size() == limit) {
                break;
            }
            out.add(t);
        }
        return out;
    }
}
