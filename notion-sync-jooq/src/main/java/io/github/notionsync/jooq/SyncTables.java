package io.github.notionsync.jooq;

import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.table;

import io.github.notionsync.TargetKind;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jooq.DataType;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;

/**
 * The tables and columns the repository reads and writes, declared by hand in one place (no
 * generated code: see README, "Storage"). {@code JooqSyncRepositoryIT} checks every declaration against
 * the migrated schema, so a migration and this class cannot drift apart unnoticed.
 */
final class SyncTables {

    static final DataType<String> TEXT = SQLDataType.CLOB;
    static final DataType<String[]> TEXT_ARRAY = SQLDataType.CLOB.array();

    final String schema;

    // Columns shared by the five mirror tables.
    final Field<String> userId = field(name("user_id"), TEXT);
    final Field<UUID> pageId = field(name("notion_page_id"), SQLDataType.UUID);
    final Field<UUID> databaseId = field(name("notion_database_id"), SQLDataType.UUID);
    final Field<UUID> dataSourceId = field(name("notion_data_source_id"), SQLDataType.UUID);
    final Field<JSONB> properties = field(name("properties"), SQLDataType.JSONB);
    final Field<JSONB> raw = field(name("raw"), SQLDataType.JSONB);
    final Field<String> content = field(name("content"), TEXT);
    final Field<String> contentMarkdown = field(name("content_markdown"), TEXT);
    final Field<Integer> wordCount = field(name("word_count"), SQLDataType.INTEGER);
    final Field<String> contentHash = field(name("content_hash"), TEXT);
    final Field<String> url = field(name("url"), TEXT);
    final Field<Instant> createdTime = field(name("notion_created_time"), SQLDataType.INSTANT);
    final Field<Instant> lastEditedTime = field(name("notion_last_edited_time"), SQLDataType.INSTANT);
    final Field<Boolean> inTrash = field(name("in_trash"), SQLDataType.BOOLEAN);
    final Field<Instant> deletedAt = field(name("deleted_at"), SQLDataType.INSTANT);
    final Field<String> deletedReason = field(name("deleted_reason"), TEXT);
    final Field<Instant> syncedAt = field(name("synced_at"), SQLDataType.INSTANT);

    /** The title column (name or title) and the typed columns of each kind. */
    final Map<TargetKind, Map<String, Field<?>>> kindColumns = new EnumMap<>(TargetKind.class);

    // notion_sync_state
    final Table<?> state;
    final Field<UUID> stateDatabaseId = databaseId;
    final Field<String> databaseName = field(name("database_name"), TEXT);
    final Field<String> targetKind = field(name("target_kind"), TEXT);
    final Field<Instant> watermark = field(name("watermark"), SQLDataType.INSTANT);
    final Field<Instant> lastFullSyncAt = field(name("last_full_sync_at"), SQLDataType.INSTANT);
    final Field<Instant> lastRunAt = field(name("last_run_at"), SQLDataType.INSTANT);
    final Field<String> lastOutcome = field(name("last_outcome"), TEXT);
    final Field<Instant> updatedAt = field(name("updated_at"), SQLDataType.INSTANT);

    // notion_sync_runs
    final Table<?> runs;
    final Field<UUID> runId = field(name("run_id"), SQLDataType.UUID);
    final Field<Long> runSeq = field(name("run_seq"), SQLDataType.BIGINT);
    final Field<Boolean> fullPass = field(name("full_pass"), SQLDataType.BOOLEAN);
    final Field<Instant> startedAt = field(name("started_at"), SQLDataType.INSTANT);
    final Field<Instant> finishedAt = field(name("finished_at"), SQLDataType.INSTANT);
    final Field<Long> durationMs = field(name("duration_ms"), SQLDataType.BIGINT);
    final Field<Integer> pagesSeen = field(name("pages_seen"), SQLDataType.INTEGER);
    final Field<Integer> pagesInserted = field(name("pages_inserted"), SQLDataType.INTEGER);
    final Field<Integer> pagesUpdated = field(name("pages_updated"), SQLDataType.INTEGER);
    final Field<Integer> pagesUnchanged = field(name("pages_unchanged"), SQLDataType.INTEGER);
    final Field<Integer> pagesDeleted = field(name("pages_deleted"), SQLDataType.INTEGER);
    final Field<Integer> pagesFailed = field(name("pages_failed"), SQLDataType.INTEGER);
    final Field<Integer> requests = field(name("requests"), SQLDataType.INTEGER);
    final Field<Integer> retries = field(name("retries"), SQLDataType.INTEGER);
    final Field<String> outcome = field(name("outcome"), TEXT);
    final Field<String> errorMessage = field(name("error_message"), TEXT);

    // notion_sync_errors
    final Table<?> errors;
    final Field<Long> errorId = field(name("error_id"), SQLDataType.BIGINT);
    final Field<String> errorType = field(name("error_type"), TEXT);
    final Field<String> message = field(name("message"), TEXT);
    final Field<Instant> occurredAt = field(name("occurred_at"), SQLDataType.INSTANT);

    private final Map<TargetKind, Table<?>> mirrors = new EnumMap<>(TargetKind.class);

    SyncTables(String schema) {
        this.schema = schema;
        for (TargetKind kind : TargetKind.values()) {
            mirrors.put(kind, table(name(schema, kind.table())));
            Map<String, Field<?>> columns = new LinkedHashMap<>();
            columns.put(kind.titleField(), field(name(kind.titleField()), TEXT));
            for (TargetKind.Field f : kind.fields()) {
                columns.put(f.column(), switch (f.type()) {
                    case TEXT -> field(name(f.column()), TEXT);
                    case TEXT_LIST -> field(name(f.column()), TEXT_ARRAY);
                    case FLAG -> field(name(f.column()), SQLDataType.BOOLEAN);
                });
            }
            kindColumns.put(kind, columns);
        }
        state = table(name(schema, "notion_sync_state"));
        runs = table(name(schema, "notion_sync_runs"));
        errors = table(name(schema, "notion_sync_errors"));
    }

    Table<?> mirror(TargetKind kind) {
        return mirrors.get(kind);
    }

    /** Every declared column by table name, for the drift check. */
    Map<String, Map<String, DataType<?>>> declared() {
        Map<String, Map<String, DataType<?>>> out = new LinkedHashMap<>();
        for (TargetKind kind : TargetKind.values()) {
            Map<String, DataType<?>> cols = new LinkedHashMap<>();
            for (Field<?> f : new Field<?>[] {userId, pageId, databaseId, dataSourceId, properties, raw, content,
                    contentMarkdown, wordCount, contentHash, url, createdTime, lastEditedTime, inTrash, deletedAt,
                    deletedReason, syncedAt}) {
                cols.put(f.getName(), f.getDataType());
            }
            kindColumns.get(kind).forEach((n, f) -> cols.put(n, f.getDataType()));
            out.put(kind.table(), cols);
        }
        out.put("notion_sync_state", columns(userId, stateDatabaseId, databaseName, targetKind, watermark,
                lastFullSyncAt, lastRunAt, lastOutcome, updatedAt));
        out.put("notion_sync_runs", columns(runSeq, runId, userId, databaseId, databaseName, targetKind, fullPass, startedAt,
                finishedAt, durationMs, pagesSeen, pagesInserted, pagesUpdated, pagesUnchanged, pagesDeleted,
                pagesFailed, requests, retries, outcome, errorMessage));
        out.put("notion_sync_errors", columns(errorId, userId, runId, databaseId, pageId, errorType, message,
                occurredAt));
        return out;
    }

    private static Map<String, DataType<?>> columns(Field<?>... fields) {
        Map<String, DataType<?>> cols = new LinkedHashMap<>();
        for (Field<?> f : fields) {
            cols.put(f.getName(), f.getDataType());
        }
        return cols;
    }
}
