package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;
import static io.github.notionsync.jooq.StoreCalls.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.ChangeStatus;
import io.github.notionsync.InvalidChangeException;
import io.github.notionsync.NotionId;
import io.github.notionsync.OutboxChange;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncRepositoryException;
import io.github.notionsync.TargetKind;
import io.github.notionsync.WriteOperation;
import io.github.notionsync.spi.DatabaseSchema;
import io.github.notionsync.spi.OutboxRepository;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.postgresql.util.PSQLException;
import org.postgresql.util.ServerErrorMessage;

/**
 * {@link OutboxRepository} on PostgreSQL: changes are validated and converted by the SQL functions
 * of the {@code V13} migration ({@code notion_update_page(...)} and friends), so the Java API, REST
 * and SQL callers share one validation; refusals (SQLSTATE {@code NSW01} to {@code NSW03}) become
 * {@link InvalidChangeException}s naming the property.
 */
public final class JooqOutboxRepository implements OutboxRepository {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String COLUMNS = "change_id, user_id, operation, notion_database_id, notion_page_id,"
            + " properties::text, expected::text, content_markdown, base_last_edited_time, base_values::text, status,"
            + " attempts, applying_since, last_error, conflict_notion::text, resolution, applied_last_edited_time,"
            + " progress::text, created_at, updated_at";

    private final DSLContext dsl;
    private final String schema;
    private final Name outbox;
    private final Name schemas;

    private JooqOutboxRepository(DataSource dataSource, String schema) {
        Objects.requireNonNull(dataSource, "dataSource");
        this.schema = SchemaName.require(schema);
        this.dsl = Jooq.dsl(dataSource);
        this.outbox = DSL.name(schema, "notion_sync_outbox");
        this.schemas = DSL.name(schema, "notion_sync_schemas");
    }

    /** The outbox in {@code schema} (migrated with {@link NotionSyncMigrations#schema(String)}). */
    public static JooqOutboxRepository create(DataSource dataSource, String schema) {
        return new JooqOutboxRepository(dataSource, schema);
    }

    @Override
    public long enqueue(String userId, WriteOperation operation, String target, JsonNode properties,
            String contentMarkdown, Instant base) {
        Objects.requireNonNull(operation, "operation");
        String function = switch (operation) {
            case UPDATE -> "notion_update_page";
            case CREATE -> "notion_create_page";
            case TRASH -> "notion_trash_page";
            case RESTORE -> "notion_restore_page";
            case APPEND -> "notion_append_content";
            case REPLACE -> "notion_replace_content";
        };
        Name fn = DSL.name(schema, function);
        String json = properties == null ? null : properties.toString();
        OffsetDateTime at = base == null ? null : base.atOffset(ZoneOffset.UTC);
        try {
            return switch (operation) {
                case UPDATE -> dsl.resultQuery("SELECT {0}({1}, {2}, {3}::jsonb, {4})", fn, DSL.val(userId),
                        DSL.val(target), DSL.val(json), DSL.val(at)).fetchOne(0, Long.class);
                case CREATE -> dsl.resultQuery("SELECT {0}({1}, {2}, {3}::jsonb, {4})", fn, DSL.val(userId),
                        DSL.val(target), DSL.val(json), DSL.val(contentMarkdown)).fetchOne(0, Long.class);
                case TRASH, RESTORE -> dsl.resultQuery("SELECT {0}({1}, {2})", fn, DSL.val(userId), DSL.val(target))
                        .fetchOne(0, Long.class);
                case APPEND -> dsl.resultQuery("SELECT {0}({1}, {2}, {3})", fn, DSL.val(userId), DSL.val(target),
                        DSL.val(contentMarkdown)).fetchOne(0, Long.class);
                case REPLACE -> dsl.resultQuery("SELECT {0}({1}, {2}, {3}, {4})", fn, DSL.val(userId),
                        DSL.val(target), DSL.val(contentMarkdown), DSL.val(at)).fetchOne(0, Long.class);
            };
        } catch (DataAccessException e) {
            throw refusal(e, function);
        }
    }

    /** A refusal of the SQL functions as an {@link InvalidChangeException}; other failures as they are. */
    private static RuntimeException refusal(DataAccessException e, String function) {
        PSQLException sql = e.getCause(PSQLException.class);
        String state = sql == null ? null : sql.getSQLState();
        if (state != null && state.startsWith("NSW")) {
            ServerErrorMessage m = sql.getServerErrorMessage();
            String message = m == null || m.getMessage() == null ? sql.getMessage() : m.getMessage();
            return new InvalidChangeException(message, m == null ? null : m.getColumn(), "NSW02".equals(state));
        }
        if ("42501".equals(state)) { // row-level security: the row is not the current user's
            return new InvalidChangeException(function + ": the change is not the current user's", null, true);
        }
        return new SyncRepositoryException("Could not enqueue a change with " + function + ": "
                + (sql == null ? e.getMessage() : sql.getMessage()), e);
    }

    @Override
    public Optional<OutboxChange> change(String userId, long changeId) {
        SyncConnection.requireValidUserId(userId);
        return call("read change " + changeId, () -> dsl.resultQuery("SELECT " + COLUMNS + " FROM {0}"
                + " WHERE user_id = {1} AND change_id = {2}", outbox, DSL.val(userId), DSL.val(changeId))
                .fetchOptional().map(JooqOutboxRepository::toChange));
    }

    @Override
    public List<OutboxChange> dueChanges(String userId, Instant now, int limit) {
        return call("read the due changes of user " + userId, () -> dsl.resultQuery("SELECT " + COLUMNS
                + " FROM {0} o WHERE o.user_id = {1} AND o.status IN ('pending', 'applying')"
                + " AND (o.next_attempt_at IS NULL OR o.next_attempt_at <= {2}) AND NOT EXISTS (SELECT 1 FROM {0} e WHERE e.user_id = o.user_id"
                + " AND e.notion_page_id = o.notion_page_id AND e.change_id < o.change_id"
                + " AND e.status IN ('pending', 'applying')) ORDER BY o.change_id LIMIT {3}", outbox, DSL.val(userId),
                DSL.val(now.atOffset(ZoneOffset.UTC)), DSL.val(limit)).fetch(JooqOutboxRepository::toChange));
    }

    @Override
    public boolean markApplying(String userId, long changeId, Instant at) {
        return call("mark change " + changeId + " applying", () -> dsl.execute("UPDATE {0} SET attempts = attempts + 1,"
                + " applying_since = CASE WHEN status = 'applying' THEN coalesce(applying_since, {3}) ELSE {3} END,"
                + " status = 'applying' WHERE user_id = {1} AND change_id = {2} AND status IN ('pending', 'applying')",
                outbox, DSL.val(userId), DSL.val(changeId), DSL.val(at.atOffset(ZoneOffset.UTC))) == 1);
    }

    @Override
    public void recordProgress(String userId, long changeId, NotionId pageId, JsonNode progress) {
        run("record the progress of change " + changeId, () -> dsl.execute("UPDATE {0} SET notion_page_id = {3},"
                + " progress = {4}::jsonb WHERE user_id = {1} AND change_id = {2}", outbox, DSL.val(userId),
                DSL.val(changeId), DSL.val(uuid(pageId)), DSL.val(progress == null ? null : progress.toString())));
    }

    @Override
    public void markApplied(String userId, long changeId, NotionId pageId, Instant lastEditedTime,
            JsonNode notionVersion, String resolution) {
        run("mark change " + changeId + " applied", () -> dsl.execute("UPDATE {0} SET status = 'applied',"
                + " notion_page_id = coalesce({3}, notion_page_id), applied_last_edited_time = {4},"
                + " conflict_notion = {5}::jsonb, resolution = {6}, last_error = NULL, applying_since = NULL"
                + " WHERE user_id = {1} AND change_id = {2}", outbox, DSL.val(userId), DSL.val(changeId),
                DSL.val(uuid(pageId)), DSL.val(lastEditedTime == null ? null : lastEditedTime.atOffset(ZoneOffset.UTC)),
                DSL.val(notionVersion == null ? null : notionVersion.toString()), DSL.val(resolution)));
    }

    @Override
    public void markConflict(String userId, long changeId, JsonNode notionVersion, String resolution, String message) {
        run("mark change " + changeId + " conflicting", () -> dsl.execute("UPDATE {0} SET status = 'conflict',"
                + " conflict_notion = {3}::jsonb, resolution = {4}, last_error = {5}, applying_since = NULL"
                + " WHERE user_id = {1} AND change_id = {2}", outbox, DSL.val(userId), DSL.val(changeId),
                DSL.val(notionVersion == null ? null : notionVersion.toString()), DSL.val(resolution),
                DSL.val(cut(message))));
    }

    @Override
    public void markFailed(String userId, long changeId, String error) {
        run("mark change " + changeId + " failed", () -> dsl.execute("UPDATE {0} SET status = 'failed',"
                + " last_error = {3}, applying_since = NULL WHERE user_id = {1} AND change_id = {2}", outbox,
                DSL.val(userId), DSL.val(changeId), DSL.val(cut(error))));
    }

    @Override
    public void retryLater(String userId, long changeId, String error, Instant at, boolean stillApplying) {
        run("put change " + changeId + " back", () -> dsl.execute("UPDATE {0} SET last_error = {3},"
                + " next_attempt_at = {4}, status = CASE WHEN {5} THEN 'applying' ELSE 'pending' END,"
                + " applying_since = CASE WHEN {5} THEN applying_since END WHERE user_id = {1} AND change_id = {2}",
                outbox, DSL.val(userId), DSL.val(changeId), DSL.val(cut(error)), DSL.val(at.atOffset(ZoneOffset.UTC)),
                DSL.val(stillApplying)));
    }

    @Override
    public Optional<OwnWrites> ownWritesSince(String userId, NotionId pageId, long changeId, Instant since) {
        return call("read the earlier changes of page " + pageId, () -> dsl.resultQuery("WITH ours AS ("
                + "SELECT change_id, applied_last_edited_time, expected FROM {0} WHERE user_id = {1}"
                + " AND notion_page_id = {2} AND change_id < {3} AND status = 'applied'"
                + " AND applied_last_edited_time >= {4})"
                + " SELECT (SELECT max(applied_last_edited_time) FROM ours),"
                + " (SELECT jsonb_object_agg(k, v)::text FROM (SELECT DISTINCT ON (e.key) e.key AS k, e.value AS v"
                + " FROM ours o, jsonb_each(coalesce(o.expected, '{}'::jsonb)) e ORDER BY e.key, o.change_id DESC) x)",
                outbox, DSL.val(userId), DSL.val(uuid(pageId)), DSL.val(changeId),
                DSL.val(since.atOffset(ZoneOffset.UTC))).fetchOptional()
                .filter(r -> r.get(0) != null)
                .map(r -> new OwnWrites(instant(r.get(0, OffsetDateTime.class)), json(r.get(1, String.class)))));
    }

    @Override
    public boolean claimedByOtherChange(String userId, NotionId pageId, long changeId) {
        return call("look for changes of page " + pageId, () -> dsl.resultQuery("SELECT EXISTS (SELECT 1 FROM {0}"
                + " WHERE user_id = {1} AND notion_page_id = {2} AND change_id <> {3} AND operation = 'create')",
                outbox, DSL.val(userId), DSL.val(uuid(pageId)), DSL.val(changeId)).fetchOne(0, Boolean.class));
    }

    @Override
    public void saveSchema(DatabaseSchema s) {
        String fields;
        try {
            fields = MAPPER.writeValueAsString(s.fields());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
        run("keep the schema of database " + s.databaseId(), () -> dsl.execute("INSERT INTO {0} (user_id,"
                + " notion_database_id, database_name, notion_data_source_id, target_kind, fields, properties,"
                + " captured_at) VALUES ({1}, {2}, {3}, {4}, {5}, {6}::jsonb, {7}::jsonb, now())"
                + " ON CONFLICT (user_id, notion_database_id) DO UPDATE SET database_name = excluded.database_name,"
                + " notion_data_source_id = excluded.notion_data_source_id, target_kind = excluded.target_kind,"
                + " fields = excluded.fields, properties = excluded.properties, captured_at = excluded.captured_at",
                schemas, DSL.val(s.userId()), DSL.val(uuid(s.databaseId())), DSL.val(s.databaseName()),
                DSL.val(uuid(s.dataSourceId())), DSL.val(s.kind().name()), DSL.val(fields),
                DSL.val(s.properties().toString())));
    }

    @Override
    public boolean hasSchema(String userId, NotionId databaseId) {
        return call("look for the schema of database " + databaseId, () -> dsl.resultQuery(
                "SELECT EXISTS (SELECT 1 FROM {0} WHERE user_id = {1} AND notion_database_id = {2})", schemas,
                DSL.val(userId), DSL.val(uuid(databaseId))).fetchOne(0, Boolean.class));
    }

    @Override
    public Optional<StoredContent> storedContent(String userId, TargetKind kind, NotionId pageId) {
        return call("read the content of page " + pageId, () -> dsl.resultQuery("SELECT content, content_markdown,"
                + " word_count FROM {0} WHERE user_id = {1} AND notion_page_id = {2}", DSL.name(schema, kind.table()),
                DSL.val(userId), DSL.val(uuid(pageId))).fetchOptional()
                .map(r -> new StoredContent(r.get(0, String.class), r.get(1, String.class), r.get(2, Integer.class))));
    }

    private static OutboxChange toChange(Record r) {
        return new OutboxChange(r.get(0, Long.class), r.get(1, String.class), WriteOperation.ofCode(r.get(2, String.class)),
                id(r.get(3, UUID.class)), id(r.get(4, UUID.class)), json(r.get(5, String.class)),
                json(r.get(6, String.class)), r.get(7, String.class), instant(r.get(8, OffsetDateTime.class)),
                json(r.get(9, String.class)), ChangeStatus.ofCode(r.get(10, String.class)), r.get(11, Integer.class),
                instant(r.get(12, OffsetDateTime.class)), r.get(13, String.class), json(r.get(14, String.class)),
                r.get(15, String.class), instant(r.get(16, OffsetDateTime.class)), json(r.get(17, String.class)),
                instant(r.get(18, OffsetDateTime.class)), instant(r.get(19, OffsetDateTime.class)));
    }

    private static JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SyncRepositoryException("Unreadable JSON in the outbox: " + e.getOriginalMessage(), e);
        }
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    private static NotionId id(UUID u) {
        return u == null ? null : NotionId.parse(u.toString());
    }

    private static UUID uuid(NotionId id) {
        return id == null ? null : UUID.fromString(id.value());
    }

    private static String cut(String s) {
        return s == null || s.length() <= 2_000 ? s : s.substring(0, 1_999) + "…";
    }

    @Override
    public String toString() {
        return "JooqOutboxRepository[" + schema + "]";
    }
}
