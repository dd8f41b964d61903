package io.github.notionsync.internal.sync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.ChangeDetector;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageExtractor;
import io.github.notionsync.PageRecord;
import io.github.notionsync.SyncListener;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncRepositoryException;
import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.ClientStatistics;
import io.github.notionsync.client.NotionApiException;
import io.github.notionsync.client.NotionClient;
import io.github.notionsync.client.NotionMalformedResponseException;
import io.github.notionsync.client.NotionObjectNotFoundException;
import io.github.notionsync.client.NotionPage;
import io.github.notionsync.client.PageQuery;
import io.github.notionsync.client.NotionDatabase;
import io.github.notionsync.spi.DatabaseSchema;
import io.github.notionsync.spi.OutboxRepository;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.spi.StoredPage;
import io.github.notionsync.spi.SyncErrorRecord;
import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.spi.SyncRunRecord;
import io.github.notionsync.spi.SyncState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of one database: the sync algorithm. See {@code NotionSync} for the semantics.
 */
public final class DatabaseSync {

    /** Settings of the algorithm. */
    public record Settings(int batchSize, Duration overlap, Duration fullSyncInterval, boolean fetchContent,
            int contentDepth, int maxBlocksPerPage, boolean rereadContentOnFullPass) {
    }

    /** Thrown inside a run when it is cancelled. */
    static final class Cancelled extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Cancelled() {
            super("cancelled", null, false, false);
        }
    }

    private static final Logger log = LoggerFactory.getLogger(DatabaseSync.class);

    /** Live pages stored when the run started, counted before its first write; null until then. */
    private Integer storedBefore;
    private final UUID runId;
    private final String userId;
    private final NotionClient client;
    private final DatabaseConfig db;
    private final SyncRepository repository;
    private final PageExtractor extractor;
    private final ChangeDetector detector;
    private final SyncListener listener;
    private final Settings settings;
    private final Clock clock;
    private final BooleanSupplier cancelled;
    private final OutboxRepository outbox;

    private int seen;
    /** When this run started, for the progress it records as it goes. */
    private Instant runStartedAt;
    private long runT0;
    private ClientStatistics runStatsBefore;
    private int inserted;
    private int updated;
    private int unchanged;
    private int deleted;
    private int failed;

    public DatabaseSync(UUID runId, String userId, NotionClient client, DatabaseConfig db, SyncRepository repository,
            PageExtractor extractor, ChangeDetector detector, SyncListener listener, Settings settings, Clock clock,
            BooleanSupplier cancelled, OutboxRepository outbox) {
        this.runId = runId;
        this.userId = userId;
        this.client = client;
        this.db = db;
        this.repository = repository;
        this.extractor = extractor;
        this.detector = detector;
        this.listener = listener;
        this.settings = settings;
        this.clock = clock;
        this.cancelled = cancelled;
        this.outbox = outbox;
    }

    /** Runs the sync; never throws for Notion or store failures (they become the outcome). */
    public DatabaseSyncReport run(boolean forceFull) {
        Instant started = clock.instant();
        long t0 = System.nanoTime();
        ClientStatistics before = client.threadStatistics();
        runStartedAt = started;
        runT0 = t0;
        runStatsBefore = before;
        boolean full = forceFull;
        SyncOutcome outcome;
        String error = null;
        try {
            SyncState state = repository.syncState(userId, db.id()).orElse(null);
            full = forceFull || state == null || state.watermark() == null || state.lastFullSyncAt() == null
                    || !state.lastFullSyncAt().plus(settings.fullSyncInterval()).isAfter(started);
            if (state == null) {
                state = new SyncState(userId, db.id(), db.name(), db.kind(), null, null, null, null);
            }
            boolean fullPass = full;
            safely(() -> repository.recordRunStart(new SyncRunRecord(runId, userId, new DatabaseSyncReport(db.id(),
                    db.name(), db.kind(), fullPass, 0, 0, 0, 0, 0, 0, 0, 0, started, Duration.ZERO,
                    SyncOutcome.RUNNING, null))));
            sync(state, full, started);
            outcome = failed > 0 ? SyncOutcome.PARTIAL : SyncOutcome.SUCCESS;
        } catch (Cancelled c) {
            outcome = SyncOutcome.CANCELLED;
            error = "cancelled";
        } catch (RuntimeException e) {
            outcome = SyncOutcome.FAILED;
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            safely(() -> repository.recordError(new SyncErrorRecord(runId, userId, db.id(), null,
                    e.getClass().getSimpleName(), error(e), clock.instant())));
        }
        ClientStatistics used = client.threadStatistics().minus(before);
        DatabaseSyncReport report = new DatabaseSyncReport(db.id(), db.name(), db.kind(), full, seen, inserted,
                updated, unchanged, deleted, failed, used.requests(), used.retries(), started,
                Duration.ofNanos(System.nanoTime() - t0), outcome, error);
        SyncOutcome finalOutcome = outcome;
        safely(() -> {
            SyncState current = repository.syncState(userId, db.id())
                    .orElse(new SyncState(userId, db.id(), db.name(), db.kind(), null, null, null, null));
            repository.saveSyncState(new SyncState(userId, db.id(), db.name(), db.kind(), current.watermark(),
                    current.lastFullSyncAt(), clock.instant(), finalOutcome));
            repository.recordRun(new SyncRunRecord(runId, userId, report));
        });
        log.info("Synced {} '{}' for user {}: {} {} in {} ms, {} seen, {} inserted, {} updated, {} unchanged,"
                        + " {} deleted, {} failed, {} requests ({} retries){}",
                db.kind(), db.name(), userId, full ? "full pass" : "incremental", outcome,
                report.duration().toMillis(), seen, inserted, updated, unchanged, deleted, failed, used.requests(),
                used.retries(), error == null ? "" : ": " + error);
        notify(() -> listener.onDatabaseFinished(userId, report));
        return report;
    }

    private void sync(SyncState state, boolean full, Instant started) {
        if (outbox != null && (full || !outbox.hasSchema(userId, db.id()))) {
            captureSchema();
        }
        PageQuery query = full ? PageQuery.all()
                : PageQuery.editedSince(state.watermark().minus(settings.overlap()));
        IdSet seenIds = full ? new IdSet() : null;
        Instant maxEdited = null;
        List<NotionPage> batch = new ArrayList<>(settings.batchSize());
        SyncState committed = state;
        try (Stream<NotionPage> pages = client.queryDatabase(db.id(), query)) {
            Iterator<NotionPage> it = pages.iterator();
            while (it.hasNext()) {
                checkCancelled();
                NotionPage page = it.next();
                batch.add(page);
                if (seenIds != null) {
                    seenIds.add(page.id());
                }
                if (page.lastEditedTime() != null && (maxEdited == null || page.lastEditedTime().isAfter(maxEdited))) {
                    maxEdited = page.lastEditedTime();
                }
                if (batch.size() >= settings.batchSize()) {
                    committed = writeBatch(batch, committed, full ? null : watermark(committed, maxEdited, started), full);
                    batch.clear();
                }
            }
        }
        committed = writeBatch(batch, committed, full ? null : watermark(committed, maxEdited, started), full);
        if (full) {
            detectDeletions(seenIds);
        }
        // The query is exhausted: every page edited before the run started is stored, so the
        // next run can start there (minus the overlap) instead of re-reading the last minutes.
        Instant watermark = committed.watermark() != null && committed.watermark().isAfter(started)
                ? committed.watermark() : started;
        repository.saveSyncState(new SyncState(userId, db.id(), db.name(), db.kind(), watermark,
                full ? clock.instant() : committed.lastFullSyncAt(), committed.lastRunAt(), committed.lastOutcome()));
    }

    /**
     * Keeps the database's schema for checking changes to write back (on full passes, and when none
     * is kept yet). A failure is logged: the sync goes on, and changes are checked against the
     * schema kept before.
     */
    private void captureSchema() {
        try {
            NotionDatabase database = client.retrieveDatabase(db.id());
            NotionId dataSource = null;
            JsonNode properties = database.properties();
            if (client.apiVersion().hasDataSources() && !database.dataSources().isEmpty()) {
                dataSource = database.dataSources().get(0).id();
                properties = client.retrieveDataSource(dataSource).properties();
            }
            outbox.saveSchema(DatabaseSchema.of(userId, db, dataSource, properties));
        } catch (RuntimeException e) {
            if (e instanceof NotionApiException api && api.status() == 401) {
                throw e;
            }
            log.warn("Could not keep the schema of {} '{}' for user {}: {}", db.kind(), db.name(), userId,
                    e.getMessage());
        }
    }

    /**
     * The watermark a batch allows while the query is still running: the largest edit time seen
     * (results come oldest edit first), never past the run's start.
     */
    private static Instant watermark(SyncState committed, Instant maxEdited, Instant started) {
        Instant candidate = maxEdited == null ? committed.watermark()
                : maxEdited.isAfter(started) ? started : maxEdited;
        if (committed.watermark() != null && (candidate == null || candidate.isBefore(committed.watermark()))) {
            return committed.watermark();
        }
        return candidate;
    }

    private SyncState writeBatch(List<NotionPage> batch, SyncState committed, Instant newWatermark, boolean full) {
        if (batch.isEmpty() && (newWatermark == null || newWatermark.equals(committed.watermark()))) {
            return committed;
        }
        storedBefore(); // counted before the run's first write, and only by runs that write
        List<NotionId> ids = new ArrayList<>(batch.size());
        batch.forEach(p -> ids.add(p.id()));
        Map<NotionId, StoredPage> stored = repository.storedPages(userId, db.kind(), ids);
        List<PageWrite> writes = new ArrayList<>();
        List<Boolean> isInsert = new ArrayList<>();
        Map<NotionId, Instant> moved = new java.util.HashMap<>();
        for (NotionPage page : batch) {
            checkCancelled();
            seen++;
            StoredPage old = stored.get(page.id());
            boolean live = old != null && !old.deleted();
            if (live && page.lastEditedTime() != null && page.lastEditedTime().equals(old.lastEditedTime())
                    && !(full && settings.rereadContentOnFullPass())) {
                unchanged++;
                continue;
            }
            try {
                PageRecord record = extract(page);
                String hash = detector.hash(record);
                if (live && hash.equals(old.contentHash())) {
                    unchanged++;
                    if (page.lastEditedTime() != null && !page.lastEditedTime().equals(old.lastEditedTime())) {
                        moved.put(page.id(), page.lastEditedTime()); // so its content is not read again
                    }
                    continue;
                }
                writes.add(new PageWrite(record, hash));
                isInsert.add(old == null);
            } catch (NotionObjectNotFoundException | NotionMalformedResponseException e) {
                pageFailed(page.id(), e);
            } catch (NotionApiException e) {
                if (e.isRetryable() || e.status() == 401) {
                    throw e; // Notion is unwell or the token is bad: stop this database, resume next run
                }
                pageFailed(page.id(), e);
            } catch (RuntimeException e) {
                if (e instanceof Cancelled || e instanceof io.github.notionsync.client.NotionTransportException) {
                    throw e;
                }
                pageFailed(page.id(), e);
            }
        }
        SyncState next = newWatermark == null ? null : committed.withWatermark(newWatermark);
        if (!moved.isEmpty()) {
            repository.updateEditTimes(userId, db.kind(), moved);
        }
        java.util.Set<PageWrite> written = store(writes, next);
        for (int i = 0; i < writes.size(); i++) {
            if (!written.contains(writes.get(i))) {
                continue;
            }
            PageRecord record = writes.get(i).record();
            boolean insert = isInsert.get(i);
            if (insert) {
                inserted++;
            } else {
                updated++;
            }
            notify(() -> listener.onPageChanged(userId, db, record, insert));
        }
        int done = seen;
        int before = storedBefore();
        notify(() -> listener.onProgress(userId, db, done, before));
        recordProgress(full);
        return next == null ? committed : next;
    }

    /**
     * Writes a batch with its state. When the store refuses the batch, the batch is split until the
     * pages it refuses are alone: those are recorded as failed and skipped, the others and the
     * state are stored. A store that is down (it cannot even read) fails the database as before.
     *
     * @return the writes that were stored
     */
    private java.util.Set<PageWrite> store(List<PageWrite> writes, SyncState next) {
        java.util.Set<PageWrite> written = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        try {
            repository.writeBatch(userId, db.kind(), writes, next);
            written.addAll(writes);
            return written;
        } catch (SyncRepositoryException e) {
            if (writes.isEmpty() || !refusedData(e)) {
                throw e; // the store is unwell (connection, timeout, conflict): fail, resume from the watermark
            }
            log.warn("The store refused a batch of {} pages of {} '{}' for user {}; finding the pages it refuses: {}",
                    writes.size(), db.kind(), db.name(), userId, e.getMessage());
            narrow(writes, written, e);
        }
        if (next != null) {
            repository.writeBatch(userId, db.kind(), List.of(), next);
        }
        return written;
    }

    private void narrow(List<PageWrite> part, java.util.Set<PageWrite> written, SyncRepositoryException cause) {
        if (part.size() == 1) {
            repository.syncState(userId, db.id()); // throws if the store itself is down
            pageFailed(part.get(0).record().pageId(), cause);
            return;
        }
        int half = part.size() / 2;
        for (List<PageWrite> piece : List.of(part.subList(0, half), part.subList(half, part.size()))) {
            checkCancelled();
            try {
                repository.writeBatch(userId, db.kind(), piece, null);
                written.addAll(piece);
            } catch (SyncRepositoryException e) {
                if (!refusedData(e)) {
                    throw e;
                }
                narrow(piece, written, e);
            }
        }
    }

    /**
     * The live pages stored for the database when the run started: counted once, just before the
     * run's first write, so a run that finds nothing to write costs no count.
     */
    private int storedBefore() {
        if (storedBefore == null) {
            try {
                storedBefore = (int) Math.min(Integer.MAX_VALUE, repository.countLivePages(userId, db.kind(), db.id()));
            } catch (RuntimeException e) {
                storedBefore = -1;
            }
        }
        return storedBefore;
    }

    private PageRecord extract(NotionPage page) {
        NotionPage complete = completeTruncatedProperties(page);
        BlockTree content = settings.fetchContent()
                ? client.retrieveBlockTree(page.id(), settings.contentDepth(), settings.maxBlocksPerPage())
                : null;
        return extractor.extract(complete, content, db.mapping());
    }

    /** Replaces relation values that Notion cut at 25 by their complete value. */
    private NotionPage completeTruncatedProperties(NotionPage page) {
        ObjectNode properties = null;
        var fields = page.properties().fields();
        while (fields.hasNext()) {
            var e = fields.next();
            JsonNode p = e.getValue();
            if ("relation".equals(p.path("type").asText()) && p.path("has_more").asBoolean(false)
                    && p.path("id").isTextual()) {
                if (properties == null) {
                    properties = page.properties().deepCopy();
                }
                properties.set(e.getKey(), client.retrievePropertyValue(page.id(), p.path("id").asText()));
            }
        }
        if (properties == null) {
            return page;
        }
        ObjectNode raw = page.raw().deepCopy();
        raw.set("properties", properties);
        return new NotionPage(page.id(), page.createdTime(), page.lastEditedTime(), page.inTrash(), page.url(),
                page.databaseId(), page.dataSourceId(), properties, raw);
    }

    /**
     * Stored pages the full pass did not see: each is checked with a page GET before it is
     * marked deleted, with the reason.
     */
    private void detectDeletions(IdSet seenIds) {
        List<NotionId> missing = new ArrayList<>();
        repository.forEachLivePageId(userId, db.kind(), db.id(), id -> {
            if (!seenIds.contains(id)) {
                missing.add(id);
            }
        });
        int stillThere = 0;
        int confirmed = 0;
        for (NotionId id : missing) {
            checkCancelled();
            if (confirmed == 0 && stillThere >= SAMPLE && missing.size() > SAMPLE) {
                // Checking the rest would cost a request each and mark nothing: the query itself is
                // incomplete (the integration lost access to the rows, or Notion hid them for a moment).
                throw new IncompleteQueryException("The full pass of " + db.kind() + " '" + db.name()
                        + "' did not see " + missing.size() + " of its stored pages, but the first " + SAMPLE
                        + " checked one by one are still in the database: Notion's query answered incompletely"
                        + " (is the database still shared with the integration?). No page was marked deleted;"
                        + " the next full pass checks again.");
            }
            String reason;
            try {
                NotionPage page = client.retrievePage(id);
                if (page.inTrash()) {
                    reason = page.raw().has("in_trash") ? SyncRepository.REASON_TRASHED : SyncRepository.REASON_ARCHIVED;
                } else if (!db.id().equals(page.databaseId())) {
                    reason = page.databaseId() == null ? "moved out of the database" : "moved to another database";
                } else {
                    stillThere++;
                    continue; // still there: edited while we read, the next run sees it
                }
            } catch (NotionObjectNotFoundException e) {
                reason = "gone or no longer shared";
            }
            confirmed++;
            int marked = repository.markDeleted(userId, db.kind(), List.of(id), reason, clock.instant());
            if (marked > 0) {
                deleted += marked;
                String why = reason;
                notify(() -> listener.onPageDeleted(userId, db, id, why));
            }
        }
    }

    /**
     * Whether the store refused the data itself (a constraint, a value or entry too large: SQL
     * states of classes 22, 23 and 54), rather than being unwell (a lost connection, a timeout, a
     * serialization conflict). A store that is not SQL-based is trusted to refuse only data.
     */
    static boolean refusedData(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof java.sql.SQLException sql) {
                String state = sql.getSQLState();
                return state != null && (state.startsWith("22") || state.startsWith("23") || state.startsWith("54"));
            }
        }
        return true;
    }

    /** Stored pages a full pass did not see that are checked before its query is distrusted. */
    private static final int SAMPLE = 10;

    /** A full pass's query left out pages that are still there. */
    static final class IncompleteQueryException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IncompleteQueryException(String message) {
            super(message);
        }
    }

    private void pageFailed(NotionId pageId, RuntimeException e) {
        failed++;
        log.warn("Skipped page {} of {} '{}' for user {}: {}", pageId, db.kind(), db.name(), userId, e.getMessage());
        repository.recordError(new SyncErrorRecord(runId, userId, db.id(), pageId, e.getClass().getSimpleName(),
                error(e), clock.instant()));
    }

    private void checkCancelled() {
        if (cancelled.getAsBoolean() || Thread.currentThread().isInterrupted()) {
            throw new Cancelled();
        }
    }

    private static String error(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.length() > 2000 ? m.substring(0, 2000) : m;
    }

    /** The run's counts so far, on its running record: the change feed announces them as progress. */
    private void recordProgress(boolean full) {
        ClientStatistics used = client.threadStatistics().minus(runStatsBefore);
        DatabaseSyncReport soFar = new DatabaseSyncReport(db.id(), db.name(), db.kind(), full, seen, inserted,
                updated, unchanged, deleted, failed, used.requests(), used.retries(), runStartedAt,
                Duration.ofNanos(System.nanoTime() - runT0), SyncOutcome.RUNNING, null);
        safely(() -> repository.recordRunProgress(new SyncRunRecord(runId, userId, soFar)));
    }

    private static void safely(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("Could not record the sync outcome: {}", e.getMessage());
        }
    }

    private static void notify(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            log.warn("A sync listener failed: {}", e.toString());
        }
    }
}
