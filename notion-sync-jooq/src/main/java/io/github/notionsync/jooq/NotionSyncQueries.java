package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.NotionId;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.TargetKind;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * Reads of the mirrored content, through the same SQL functions a SQL client calls:
 * {@code search_notion_content}, {@code get_notion_character} and {@code get_notion_world}; and
 * how many pages each mirrored database holds.
 */
public final class NotionSyncQueries {

    /** The most results one search returns. */
    public static final int MAX_RESULTS = 100;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DSLContext dsl;
    private final String schema;

    private NotionSyncQueries(DataSource dataSource, String schema) {
        Objects.requireNonNull(dataSource, "dataSource");
        SchemaName.require(schema);
        this.dsl = Jooq.dsl(dataSource);
        this.schema = schema;
    }

    /** Queries on the {@code public} schema. */
    public static NotionSyncQueries create(DataSource dataSource) {
        return new NotionSyncQueries(dataSource, NotionSyncMigrations.DEFAULT_SCHEMA);
    }

    /** Queries on the given schema. */
    public static NotionSyncQueries create(DataSource dataSource, String schema) {
        return new NotionSyncQueries(dataSource, schema);
    }

    /**
     * Full-text search across the user's characters, worlds, stories, chat sessions and pages,
     * best first. Accepts web-style syntax ({@code "exact phrase"}, {@code or}, {@code -word});
     * any string is safe.
     *
     * @param limit 1 to {@value #MAX_RESULTS}
     */
    public List<SearchHit> search(String userId, String query, int limit) {
        SyncConnection.requireValidUserId(userId);
        if (limit < 1 || limit > MAX_RESULTS) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_RESULTS + ", got " + limit);
        }
        String q = query == null ? "" : withoutNul(query);
        return call("search", () -> dsl.resultQuery("SELECT * FROM {0}.search_notion_content({1}, {2}, {3})",
                        DSL.name(schema), DSL.val(userId), DSL.val(q), DSL.val(limit))
                .fetch(r -> new SearchHit(r.get("kind", String.class), id(r.get("notion_page_id", UUID.class)),
                        id(r.get("notion_database_id", UUID.class)), r.get("title", String.class),
                        r.get("snippet", String.class), r.get("rank", Double.class), r.get("url", String.class),
                        instant(r.get("notion_last_edited_time", OffsetDateTime.class)))));
    }

    /** A page mirrored for a user from one of the user's databases. */
    public record PageLocation(String userId, NotionId databaseId) {
    }

    /** Every user and database holding the page in the mirror (deleted rows too). */
    public List<PageLocation> pageLocations(NotionId page) {
        Objects.requireNonNull(page, "page");
        StringBuilder sql = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        for (TargetKind kind : TargetKind.values()) {
            if (sql.length() > 0) {
                sql.append(" UNION ");
            }
            sql.append("SELECT user_id, notion_database_id FROM ").append(dsl.render(DSL.name(schema, kind.table())))
                    .append(" WHERE notion_page_id = ?::uuid AND notion_database_id IS NOT NULL");
            binds.add(page.value());
        }
        return call("locate page " + page, () -> dsl.resultQuery(sql.toString(), binds.toArray())
                .fetch(r -> new PageLocation(r.get(0, String.class), id(r.get(1, UUID.class)))));
    }

    /**
     * Stores a Notion webhook subscription's verification token for an administrator to read
     * ({@code notion_sync_webhook_verifications}), keeping the newest {@code keep}.
     */
    public void storeWebhookVerificationToken(String token, int keep) {
        Objects.requireNonNull(token, "token");
        org.jooq.Name table = DSL.name(schema, "notion_sync_webhook_verifications");
        StoreCalls.run("store the webhook verification token", () -> dsl.transaction(tx -> {
            tx.dsl().execute("INSERT INTO {0} (verification_token) VALUES ({1})", table, DSL.val(token));
            tx.dsl().execute("DELETE FROM {0} WHERE received_at < (SELECT min(received_at) FROM (SELECT received_at"
                    + " FROM {0} ORDER BY received_at DESC LIMIT {1}) newest)", table, DSL.val(keep));
        }));
    }

    /**
     * Records the delivery of a Notion webhook event ({@code notion_sync_webhook_events}) and says
     * whether it is the first delivery of that event id, across every instance on this database.
     * Events dated before {@code forgetBefore} are forgotten on the way, which keeps the table to
     * the events a caller still accepts by their timestamp.
     *
     * @param eventId the event's {@code id}, 1 to 200 characters
     * @param eventTime the event's {@code timestamp}
     * @param forgetBefore events dated earlier need no longer be remembered
     * @return {@code true} the first time an id is recorded, {@code false} for a repeated delivery
     */
    public boolean firstWebhookDelivery(String eventId, Instant eventTime, Instant forgetBefore) {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(eventTime, "eventTime");
        Objects.requireNonNull(forgetBefore, "forgetBefore");
        if (eventId.isEmpty() || eventId.length() > 200) {
            throw new IllegalArgumentException("A webhook event id has 1 to 200 characters, got " + eventId.length());
        }
        org.jooq.Name table = DSL.name(schema, "notion_sync_webhook_events");
        return call("record webhook event " + shorten(eventId), () -> dsl.transactionResult(tx -> {
            tx.dsl().execute("DELETE FROM {0} WHERE event_time < {1}", table,
                    DSL.val(OffsetDateTime.ofInstant(forgetBefore, java.time.ZoneOffset.UTC)));
            return tx.dsl().execute("INSERT INTO {0} (event_id, event_time) VALUES ({1}, {2}) ON CONFLICT DO NOTHING",
                    table, DSL.val(withoutNul(eventId)),
                    DSL.val(OffsetDateTime.ofInstant(eventTime, java.time.ZoneOffset.UTC))) == 1;
        }));
    }

    /** The user's mirrored databases with their live and deleted page counts, largest first. */
    public List<MirroredDatabase> mirroredDatabases(String userId) {
        SyncConnection.requireValidUserId(userId);
        StringBuilder sql = new StringBuilder();
        List<Object> binds = new ArrayList<>();
        for (TargetKind kind : TargetKind.values()) {
            if (sql.length() > 0) {
                sql.append(" UNION ALL ");
            }
            sql.append("SELECT '").append(kind.name()).append("' AS kind, notion_database_id,")
                    .append(" count(*) FILTER (WHERE deleted_at IS NULL) AS live,")
                    .append(" count(*) FILTER (WHERE deleted_at IS NOT NULL) AS deleted FROM ")
                    .append(dsl.render(DSL.name(schema, kind.table())))
                    .append(" WHERE user_id = ? AND notion_database_id IS NOT NULL GROUP BY notion_database_id");
            binds.add(userId);
        }
        sql.append(" ORDER BY live DESC, kind");
        return call("count mirrored pages", () -> dsl.resultQuery(sql.toString(), binds.toArray())
                .fetch(r -> new MirroredDatabase(id(r.get("notion_database_id", UUID.class)),
                        TargetKind.valueOf(r.get("kind", String.class)), r.get("live", Long.class),
                        r.get("deleted", Long.class))));
    }

    /** The most buckets one {@link #syncStats} call returns. */
    public static final int MAX_BUCKETS = 400;

    /**
     * The user's syncs per hour or day, over the {@code buckets} hours or days (UTC) that end with
     * the one holding {@code until}, oldest first, empty ones included: runs that ended, pages
     * read and changed, requests, durations (from {@code notion_sync_runs}, by start) and errors
     * (from {@code notion_sync_errors}).
     *
     * @param unit {@link ChronoUnit#HOURS} or {@link ChronoUnit#DAYS}
     * @param buckets 1 to {@value #MAX_BUCKETS}
     */
    public List<SyncStatsBucket> syncStats(String userId, ChronoUnit unit, int buckets, Instant until) {
        SyncConnection.requireValidUserId(userId);
        if (unit != ChronoUnit.HOURS && unit != ChronoUnit.DAYS) {
            throw new IllegalArgumentException("stats are bucketed by HOURS or DAYS, not " + unit);
        }
        if (buckets < 1 || buckets > MAX_BUCKETS) {
            throw new IllegalArgumentException("buckets must be between 1 and " + MAX_BUCKETS + ", got " + buckets);
        }
        Objects.requireNonNull(until, "until");
        String field = unit == ChronoUnit.HOURS ? "hour" : "day";
        Instant last = until.truncatedTo(unit);
        Instant first = last.minus(buckets - 1L, unit);
        OffsetDateTime from = OffsetDateTime.ofInstant(first, java.time.ZoneOffset.UTC);
        OffsetDateTime to = OffsetDateTime.ofInstant(last.plus(1, unit), java.time.ZoneOffset.UTC);
        return call("read sync statistics", () -> dsl.resultQuery(
                        "SELECT b.start, coalesce(r.runs, 0) AS runs, coalesce(r.seen, 0) AS seen,"
                                + " coalesce(r.changed, 0) AS changed, coalesce(r.requests, 0) AS requests,"
                                + " coalesce(r.max_ms, 0) AS max_ms, coalesce(r.avg_ms, 0) AS avg_ms,"
                                + " coalesce(e.errors, 0) AS errors"
                                + " FROM generate_series({0}::timestamptz, {1}::timestamptz - {2}::interval,"
                                + " {2}::interval) AS b(start)"
                                + " LEFT JOIN (SELECT date_trunc({3}, started_at, 'UTC') AS start, count(*) AS runs,"
                                + " sum(pages_seen) AS seen,"
                                + " sum(pages_inserted + pages_updated + pages_deleted) AS changed,"
                                + " sum(requests) AS requests, max(duration_ms) AS max_ms,"
                                + " round(avg(duration_ms))::bigint AS avg_ms FROM {4}.notion_sync_runs"
                                + " WHERE user_id = {5} AND started_at >= {0} AND started_at < {1}"
                                + " AND outcome <> 'RUNNING' GROUP BY 1) r ON r.start = b.start"
                                + " LEFT JOIN (SELECT date_trunc({3}, occurred_at, 'UTC') AS start, count(*) AS errors"
                                + " FROM {4}.notion_sync_errors WHERE user_id = {5} AND occurred_at >= {0}"
                                + " AND occurred_at < {1} GROUP BY 1) e ON e.start = b.start ORDER BY b.start",
                        DSL.val(from), DSL.val(to), DSL.val("1 " + field), DSL.val(field), DSL.name(schema),
                        DSL.val(userId))
                .fetch(r -> new SyncStatsBucket(r.get("start", OffsetDateTime.class).toInstant(),
                        r.get("runs", Long.class), r.get("seen", Long.class), r.get("changed", Long.class),
                        r.get("requests", Long.class), r.get("max_ms", Long.class), r.get("avg_ms", Long.class),
                        r.get("errors", Long.class))));
    }

    /** Characters by name: the exact name, else case-insensitive, else the closest fuzzy matches. */
    public List<NamedPage> findCharacter(String userId, String name) {
        return named("get_notion_character", "role", userId, name);
    }

    /** Worlds by name, matched like {@link #findCharacter}. */
    public List<NamedPage> findWorld(String userId, String name) {
        return named("get_notion_world", "genre", userId, name);
    }

    private List<NamedPage> named(String function, String detail, String userId, String name) {
        SyncConnection.requireValidUserId(userId);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("A name to look up is required");
        }
        // Only the columns a NamedPage holds: raw, content_markdown and search_vector can be large.
        return call("look up '" + shorten(name) + "'", () -> dsl.resultQuery("SELECT notion_page_id, name,"
                                + " description, {0}, tags, content, url, notion_last_edited_time, properties"
                                + " FROM {1}.{2}({3}, {4})", DSL.name(detail), DSL.name(schema), DSL.name(function),
                        DSL.val(userId), DSL.val(withoutNul(name)))
                .fetch(r -> new NamedPage(id(r.get("notion_page_id", UUID.class)), r.get("name", String.class),
                        r.get("description", String.class), r.get(detail, String.class), tags(r),
                        r.get("content", String.class), r.get("url", String.class),
                        instant(r.get("notion_last_edited_time", OffsetDateTime.class)),
                        json(r.get("properties", String.class)))));
    }

    private static List<String> tags(Record r) {
        Object v = r.get("tags");
        if (v instanceof Object[] array) {
            return Arrays.stream(array).map(String::valueOf).toList();
        }
        return List.of();
    }

    private static Map<String, Object> json(String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            return MAPPER.readValue(text, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static NotionId id(UUID uuid) {
        return uuid == null ? null : NotionId.parse(uuid.toString());
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    /** PostgreSQL refuses NUL in text parameters; it cannot be part of a real name or query. */
    private static String withoutNul(String s) {
        return s.indexOf('\u0000') < 0 ? s : s.replace('\u0000', ' ');
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "…" : s;
    }

}
