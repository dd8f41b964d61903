package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;
import static io.github.notionsync.jooq.StoreCalls.run;
import static org.jooq.impl.DSL.excluded;

import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.SyncConnection;
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
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * {@link SyncRepository} on PostgreSQL, with jOOQ, over the tables that
 * {@link NotionSyncMigrations} creates.
 *
 * <p>Each batch is one {@code INSERT … SELECT … FROM unnest(one array per column) ON CONFLICT …
 * DO UPDATE … WHERE the hash differs or the row was deleted} plus the sync state, in one
 * transaction (one round trip for the rows, whatever their number): an unchanged page
 * produces no new row version, and a failed batch leaves the previous rows and watermark
 * intact. Text that PostgreSQL cannot store (NUL characters) is replaced by U+FFFD rather than
 * failing the batch.
 *
 * <pre>{@code
 * JooqSyncRepository repository = JooqSyncRepository.create(dataSource);          // schema "public"
 * JooqSyncRepository other = JooqSyncRepository.create(dataSource, "notion");     // another schema
 * }</pre>
 */
public final class JooqSyncRepository implements SyncRepository {

    private final DSLContext dsl;
    private final SyncTables t;
    private final BatchUpsert upsert;

    private JooqSyncRepository(DataSource dataSource, String schema) {
        Objects.requireNonNull(dataSource, "dataSource");
        SchemaName.require(schema);
        this.dsl = Jooq.dsl(dataSource);
        this.t = new SyncTables(schema);
        this.upsert = new BatchUpsert(t);
    }

    /** A repository on the {@code public} schema. */
    public static JooqSyncRepository create(DataSource dataSource) {
        return new JooqSyncRepository(dataSource, NotionSyncMigrations.DEFAULT_SCHEMA);
    }

    /** A repository on the given schema (migrated with {@link NotionSyncMigrations#schema(String)}). */
    public static JooqSyncRepository create(DataSource dataSource, String schema) {
        return new JooqSyncRepository(dataSource, schema);
    }

    @Override
    public Map<NotionId, StoredPage> storedPages(String userId, TargetKind kind, Collection<NotionId> pageIds) {
        SyncConnection.requireValidUserId(userId);
        if (pageIds.isEmpty()) {
            return Map.of();
        }
        UUID[] ids = pageIds.stream().map(id -> UUID.fromString(id.value())).toArray(UUID[]::new);
        return call("read " + pageIds.size() + " stored pages of " + kind, () -> {
            Map<NotionId, StoredPage> out = new HashMap<>();
            dsl.select(t.pageId, t.contentHash, t.lastEditedTime, t.deletedAt)
                    .from(t.mirror(kind))
                    .where(t.userId.eq(userId)).and(t.pageId.eq(DSL.any(ids)))
                    .fetch()
                    .forEach(r -> {
                        NotionId id = NotionId.parse(r.get(t.pageId).toString());
                        out.put(id, new StoredPage(id, r.get(t.contentHash), r.get(t.lastEditedTime),
                                r.get(t.deletedAt) != null));
                    });
            return out;
        });
    }

    @Override
    public int writeBatch(String userId, TargetKind kind, List<PageWrite> pages, SyncState state) {
        SyncConnection.requireValidUserId(userId);
        Objects.requireNonNull(kind, "kind");
        for (PageWrite w : pages) {
            if (w.record().kind() != kind) {
                throw new IllegalArgumentException("Page " + w.record().pageId() + " is of kind " + w.record().kind()
                        + ", not " + kind);
            }
        }
        if (state != null && !state.userId().equals(userId)) {
            throw new IllegalArgumentException("Sync state of user " + state.userId() + " written for " + userId);
        }
        return call("write " + pages.size() + " pages of " + kind + " for user " + userId, () ->
                dsl.transactionResult(cfg -> {
                    DSLContext tx = DSL.using(cfg);
                    int written = pages.isEmpty() ? 0 : upsert(tx, userId, kind, pages);
                    if (state != null) {
                        saveState(tx, state);
                    }
                    return written;
                }));
    }

    private int upsert(DSLContext tx, String userId, TargetKind kind, List<PageWrite> pages) {
        Instant now = Instant.now();
        return tx.connectionResult(c -> upsert.write(c, userId, kind, pages, now));
    }

    @Override
    public void forEachLivePageId(String userId, TargetKind kind, NotionId databaseId, Consumer<NotionId> action) {
        SyncConnection.requireValidUserId(userId);
        run("list live pages of " + kind + " " + databaseId, () -> dsl.transaction(cfg -> {
            try (var cursor = DSL.using(cfg).select(t.pageId).from(t.mirror(kind))
                    .where(t.userId.eq(userId)).and(t.databaseId.eq(uuid(databaseId))).and(t.deletedAt.isNull())
                    .fetchSize(5_000).fetchLazy()) {
                for (Record r : cursor) {
                    action.accept(NotionId.parse(r.get(t.pageId).toString()));
                }
            }
        }));
    }

    @Override
    public long countLivePages(String userId, TargetKind kind, NotionId databaseId) {
        SyncConnection.requireValidUserId(userId);
        return call("count the pages of " + databaseId, () -> dsl.selectCount().from(t.mirror(kind))
                .where(t.userId.eq(userId)).and(t.databaseId.eq(uuid(databaseId))).and(t.deletedAt.isNull())
                .fetchOne(0, Long.class));
    }

    @Override
    public int updateEditTimes(String userId, TargetKind kind, Map<NotionId, Instant> editTimes) {
        SyncConnection.requireValidUserId(userId);
        if (editTimes.isEmpty()) {
            return 0;
        }
        UUID[] ids = new UUID[editTimes.size()];
        java.time.OffsetDateTime[] times = new java.time.OffsetDateTime[editTimes.size()];
        int i = 0;
        for (Map.Entry<NotionId, Instant> e : editTimes.entrySet()) {
            ids[i] = uuid(e.getKey());
            times[i++] = e.getValue().atOffset(java.time.ZoneOffset.UTC);
        }
        return call("store the edit times of " + ids.length + " unchanged pages", () -> dsl.execute(
                "UPDATE {0} AS p SET notion_last_edited_time = v.t FROM unnest({1}::uuid[], {2}::timestamptz[])"
                        + " AS v(id, t) WHERE p.user_id = {3} AND p.notion_page_id = v.id AND p.deleted_at IS NULL"
                        + " AND p.notion_last_edited_time IS DISTINCT FROM v.t",
                t.mirror(kind), DSL.val(ids), DSL.val(times), DSL.val(userId)));
    }

    @Override
    public int markDeleted(String userId, TargetKind kind, Collection<NotionId> pageIds, String reason, Instant at) {
        SyncConnection.requireValidUserId(userId);
        if (pageIds.isEmpty()) {
            return 0;
        }
        UUID[] ids = pageIds.stream().map(id -> UUID.fromString(id.value())).toArray(UUID[]::new);
        return call("mark " + pageIds.size() + " pages deleted", () -> dsl.update(t.mirror(kind))
                .set(t.deletedAt, at)
                .set(t.deletedReason, clean(reason))
                .set(t.inTrash, DSL.when(DSL.val(trashed(reason)), DSL.inline(true)).otherwise(t.inTrash))
                .where(t.userId.eq(userId)).and(t.pageId.eq(DSL.any(ids))).and(t.deletedAt.isNull())
                .execute());
    }

    private static boolean trashed(String reason) {
        return REASON_TRASHED.equals(reason) || REASON_ARCHIVED.equals(reason);
    }

    @Override
    public Optional<SyncState> syncState(String userId, NotionId databaseId) {
        SyncConnection.requireValidUserId(userId);
        return call("read the sync state of " + databaseId, () -> dsl.select(t.databaseName, t.targetKind,
                        t.watermark, t.lastFullSyncAt, t.lastRunAt, t.lastOutcome)
                .from(t.state)
                .where(t.userId.eq(userId)).and(t.stateDatabaseId.eq(uuid(databaseId)))
                .fetchOptional(r -> new SyncState(userId, databaseId, r.get(t.databaseName),
                        TargetKind.valueOf(r.get(t.targetKind)), r.get(t.watermark), r.get(t.lastFullSyncAt),
                        r.get(t.lastRunAt), r.get(t.lastOutcome) == null ? null
                                : SyncOutcome.valueOf(r.get(t.lastOutcome)))));
    }

    @Override
    public void saveSyncState(SyncState state) {
        SyncConnection.requireValidUserId(state.userId());
        run("save the sync state of " + state.databaseId(), () -> saveState(dsl, state));
    }

    private void saveState(DSLContext ctx, SyncState s) {
        ctx.insertInto(t.state, t.userId, t.stateDatabaseId, t.databaseName, t.targetKind, t.watermark,
                        t.lastFullSyncAt, t.lastRunAt, t.lastOutcome, t.updatedAt)
                .values(s.userId(), uuid(s.databaseId()), clean(s.databaseName()), s.kind().name(), s.watermark(),
                        s.lastFullSyncAt(), s.lastRunAt(), s.lastOutcome() == null ? null : s.lastOutcome().name(),
                        Instant.now())
                .onConflict(t.userId, t.stateDatabaseId)
                .doUpdate()
                .set(t.databaseName, excluded(t.databaseName))
                .set(t.targetKind, excluded(t.targetKind))
                .set(t.watermark, excluded(t.watermark))
                .set(t.lastFullSyncAt, excluded(t.lastFullSyncAt))
                .set(t.lastRunAt, excluded(t.lastRunAt))
                .set(t.lastOutcome, excluded(t.lastOutcome))
                .set(t.updatedAt, excluded(t.updatedAt))
                .execute();
    }

    @Override
    public void recordRunStart(SyncRunRecord run) {
        DatabaseSyncReport r = run.report();
        SyncConnection.requireValidUserId(run.userId());
        run("record the start of a sync run", () -> dsl.transaction(tx -> {
            tx.dsl().update(t.runs)
                    .set(t.outcome, SyncOutcome.INTERRUPTED.name())
                    .set(t.errorMessage, SyncRunRecord.INTERRUPTED_MESSAGE)
                    .where(t.userId.eq(run.userId()), t.databaseId.eq(uuid(r.databaseId())),
                            t.outcome.eq(SyncOutcome.RUNNING.name()))
                    .execute();
            upsertRun(tx.dsl(), run, false);
        }));
    }

    @Override
    public void recordRun(SyncRunRecord run) {
        SyncConnection.requireValidUserId(run.userId());
        run("record a sync run", () -> upsertRun(dsl, run, true));
    }

    @Override
    public void recordRunProgress(SyncRunRecord run) {
        DatabaseSyncReport r = run.report();
        SyncConnection.requireValidUserId(run.userId());
        run("record a sync run's progress", () -> dsl.update(t.runs)
                .set(t.pagesSeen, r.pagesSeen())
                .set(t.pagesInserted, r.inserted())
                .set(t.pagesUpdated, r.updated())
                .set(t.pagesUnchanged, r.unchanged())
                .set(t.pagesDeleted, r.deleted())
                .set(t.pagesFailed, r.failed())
                .set(t.requests, (int) Math.min(Integer.MAX_VALUE, r.requests()))
                .set(t.retries, (int) Math.min(Integer.MAX_VALUE, r.retries()))
                .where(t.userId.eq(run.userId()), t.runId.eq(run.runId()), t.databaseId.eq(uuid(r.databaseId())),
                        t.outcome.eq(SyncOutcome.RUNNING.name()))
                .execute());
    }

    private void upsertRun(DSLContext to, SyncRunRecord run, boolean finished) {
        DatabaseSyncReport r = run.report();
        Map<org.jooq.Field<?>, Object> values = new java.util.LinkedHashMap<>();
        values.put(t.databaseName, clean(r.databaseName()));
        values.put(t.targetKind, r.kind().name());
        values.put(t.fullPass, r.fullPass());
        values.put(t.startedAt, r.startedAt());
        values.put(t.finishedAt, finished ? r.startedAt().plus(r.duration()) : null);
        values.put(t.durationMs, finished ? r.duration().toMillis() : null);
        values.put(t.pagesSeen, r.pagesSeen());
        values.put(t.pagesInserted, r.inserted());
        values.put(t.pagesUpdated, r.updated());
        values.put(t.pagesUnchanged, r.unchanged());
        values.put(t.pagesDeleted, r.deleted());
        values.put(t.pagesFailed, r.failed());
        values.put(t.requests, (int) Math.min(Integer.MAX_VALUE, r.requests()));
        values.put(t.retries, (int) Math.min(Integer.MAX_VALUE, r.retries()));
        values.put(t.outcome, r.outcome().name());
        values.put(t.errorMessage, clean(r.errorMessage()));
        to.insertInto(t.runs)
                .set(t.runId, run.runId())
                .set(t.userId, run.userId())
                .set(t.databaseId, uuid(r.databaseId()))
                .set(values)
                .onConflict(t.userId, t.runId, t.databaseId)
                .doUpdate()
                .set(values)
                .execute();
    }

    @Override
    public void recordError(SyncErrorRecord e) {
        SyncConnection.requireValidUserId(e.userId());
        run("record a sync error", () -> dsl.insertInto(t.errors)
                .set(t.userId, e.userId())
                .set(t.runId, e.runId())
                .set(t.databaseId, uuid(e.databaseId()))
                .set(t.pageId, uuid(e.pageId()))
                .set(t.errorType, clean(e.errorType()))
                .set(t.message, clean(e.message()))
                .set(t.occurredAt, e.occurredAt())
                .execute());
    }

    @Override
    public List<SyncRunRecord> recentRuns(String userId, int limit) {
        SyncConnection.requireValidUserId(userId);
        return call("read recent runs", () -> dsl.select(t.runId, t.databaseId, t.databaseName, t.targetKind,
                        t.fullPass, t.pagesSeen, t.pagesInserted, t.pagesUpdated, t.pagesUnchanged, t.pagesDeleted,
                        t.pagesFailed, t.requests, t.retries, t.startedAt, t.durationMs, t.outcome, t.errorMessage)
                .from(t.runs)
                .where(t.userId.eq(userId))
                .orderBy(t.runSeq.desc())
                .limit(Math.max(0, limit))
                .fetch(r -> new SyncRunRecord(r.get(t.runId), userId, new DatabaseSyncReport(
                        NotionId.parse(r.get(t.databaseId).toString()), r.get(t.databaseName),
                        TargetKind.valueOf(r.get(t.targetKind)), r.get(t.fullPass), r.get(t.pagesSeen),
                        r.get(t.pagesInserted), r.get(t.pagesUpdated), r.get(t.pagesUnchanged),
                        r.get(t.pagesDeleted), r.get(t.pagesFailed), r.get(t.requests), r.get(t.retries),
                        r.get(t.startedAt), r.get(t.durationMs) == null ? Duration.ZERO
                                : Duration.ofMillis(r.get(t.durationMs)),
                        SyncOutcome.valueOf(r.get(t.outcome)), r.get(t.errorMessage)))));
    }

    @Override
    public List<SyncErrorRecord> recentErrors(String userId, int limit) {
        SyncConnection.requireValidUserId(userId);
        return call("read recent errors", () -> dsl.select(t.runId, t.databaseId, t.pageId, t.errorType, t.message,
                        t.occurredAt)
                .from(t.errors)
                .where(t.userId.eq(userId))
                .orderBy(t.errorId.desc())
                .limit(Math.max(0, limit))
                .fetch(r -> new SyncErrorRecord(r.get(t.runId), userId,
                        r.get(t.databaseId) == null ? null : NotionId.parse(r.get(t.databaseId).toString()),
                        r.get(t.pageId) == null ? null : NotionId.parse(r.get(t.pageId).toString()),
                        r.get(t.errorType), r.get(t.message), r.get(t.occurredAt))));
    }

    @Override
    public String toString() {
        return "JooqSyncRepository[schema " + t.schema + "]";
    }

    // ---------------------------------------------------------------------------------------

    private static UUID uuid(NotionId id) {
        return id == null ? null : UUID.fromString(id.value());
    }

    /** PostgreSQL text cannot hold NUL: replace it rather than fail the batch. */
    static String clean(String s) {
        return s == null || s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', '\uFFFD');
    }
}
