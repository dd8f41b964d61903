package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;

import io.github.notionsync.TargetKind;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The seed's maintenance jobs as Java calls: cleanup of temporary chats, daily writing
 * statistics, index refresh, and cleanup of old sync records. Each is safe to run at any time
 * and returns what it did.
 */
public final class NotionSyncMaintenance {

    private static final Logger log = LoggerFactory.getLogger(NotionSyncMaintenance.class);

    private final DSLContext dsl;
    private final String schema;

    private NotionSyncMaintenance(DataSource dataSource, String schema) {
        Objects.requireNonNull(dataSource, "dataSource");
        SchemaName.require(schema);
        this.dsl = Jooq.dsl(dataSource);
        this.schema = schema;
    }

    /** Maintenance of the {@code public} schema. */
    public static NotionSyncMaintenance create(DataSource dataSource) {
        return new NotionSyncMaintenance(dataSource, NotionSyncMigrations.DEFAULT_SCHEMA);
    }

    /** Maintenance of the given schema. */
    public static NotionSyncMaintenance create(DataSource dataSource, String schema) {
        return new NotionSyncMaintenance(dataSource, schema);
    }

    /**
     * Deletes the mirrored rows of temporary chat sessions last edited (or, when unknown, last
     * synced) more than {@code retention} ago. The pages stay in Notion; delete them there too,
     * or a later full pass mirrors them again.
     *
     * @return rows deleted
     */
    public int deleteTemporaryChats(Duration retention) {
        Instant cutoff = Instant.now().minus(positive(retention, "retention"));
        int n = call("delete temporary chats", () -> dsl.execute(
                "DELETE FROM {0} WHERE is_temporary AND coalesce(notion_last_edited_time, synced_at) < {1}",
                DSL.name(schema, TargetKind.CHAT_SESSIONS.table()), DSL.val(cutoff)));
        log.info("Deleted {} temporary chat sessions older than {}", n, retention);
        return n;
    }

    /**
     * Computes the writing statistics of one day (UTC) for every user from what was edited that
     * day, replacing earlier figures for that day.
     *
     * @return users with statistics for that day
     */
    public int aggregateWritingStats(LocalDate day) {
        Objects.requireNonNull(day, "day");
        Instant from = day.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String edited = "deleted_at IS NULL AND notion_last_edited_time >= {1} AND notion_last_edited_time < {2}";
        String sql = "INSERT INTO {0}.notion_writing_stats AS s (user_id, day, stories_edited, story_words,"
                + " characters_edited, worlds_edited, chat_sessions_edited, pages_edited, total_words, computed_at)"
                + " SELECT user_id, {3}, count(*) FILTER (WHERE k = 'story'),"
                + " coalesce(sum(words) FILTER (WHERE k = 'story'), 0), count(*) FILTER (WHERE k = 'character'),"
                + " count(*) FILTER (WHERE k = 'world'), count(*) FILTER (WHERE k = 'chat'),"
                + " count(*) FILTER (WHERE k = 'page'), coalesce(sum(words), 0), now() FROM ("
                + " SELECT user_id, 'story' AS k, word_count AS words FROM {0}.notion_stories_sync WHERE " + edited
                + " UNION ALL SELECT user_id, 'character', word_count FROM {0}.notion_characters_sync WHERE " + edited
                + " UNION ALL SELECT user_id, 'world', word_count FROM {0}.notion_worlds_sync WHERE " + edited
                + " UNION ALL SELECT user_id, 'chat', word_count FROM {0}.notion_chat_sessions_sync WHERE " + edited
                + " UNION ALL SELECT user_id, 'page', word_count FROM {0}.notion_pages_sync WHERE " + edited
                + ") e GROUP BY user_id"
                + " ON CONFLICT (user_id, day) DO UPDATE SET stories_edited = excluded.stories_edited,"
                + " story_words = excluded.story_words, characters_edited = excluded.characters_edited,"
                + " worlds_edited = excluded.worlds_edited, chat_sessions_edited = excluded.chat_sessions_edited,"
                + " pages_edited = excluded.pages_edited, total_words = excluded.total_words,"
                + " computed_at = excluded.computed_at";
        int n = call("aggregate writing statistics", () -> dsl.execute(sql, DSL.name(schema), DSL.val(from),
                DSL.val(to), DSL.val(day)));
        log.info("Aggregated writing statistics of {} for {} users", day, n);
        return n;
    }

    /**
     * Refreshes planner statistics of every notion-sync table ({@code ANALYZE}) and rebuilds,
     * without blocking writes ({@code REINDEX … CONCURRENTLY}), the indexes of tables where more
     * than 20 % of the rows are dead.
     *
     * @return the tables whose indexes were rebuilt
     */
    public List<String> refreshIndexes() {
        List<String> rebuilt = new ArrayList<>();
        List<String> tables = new ArrayList<>();
        for (TargetKind k : TargetKind.values()) {
            tables.add(k.table());
        }
        tables.addAll(List.of("notion_sync_state", "notion_sync_runs", "notion_sync_errors", "notion_sync_requests",
                "notion_writing_stats", "notion_sync_outbox"));
        call("refresh indexes", () -> {
            for (String table : tables) {
                dsl.execute("ANALYZE {0}", DSL.name(schema, table));
                Boolean bloated = dsl.resultQuery("SELECT n_live_tup > 1000 AND n_dead_tup > n_live_tup / 5"
                                + " FROM pg_stat_user_tables WHERE schemaname = {0} AND relname = {1}",
                        DSL.val(schema), DSL.val(table)).fetchOne(0, Boolean.class);
                if (Boolean.TRUE.equals(bloated)) {
                    dsl.execute("REINDEX TABLE CONCURRENTLY {0}", DSL.name(schema, table));
                    rebuilt.add(table);
                }
            }
            return null;
        });
        log.info("Analysed {} tables; rebuilt the indexes of {}", tables.size(), rebuilt);
        return rebuilt;
    }

    /**
     * Deletes sync runs, sync errors, finished sync requests and finished changes to Notion (applied,
     * conflicting or failed, by their last update) older than {@code retention}.
     *
     * @return rows deleted
     */
    public int deleteOldSyncRecords(Duration retention) {
        Instant cutoff = Instant.now().minus(positive(retention, "retention"));
        int n = call("delete old sync records", () ->
                dsl.execute("DELETE FROM {0}.notion_sync_runs WHERE started_at < {1}", DSL.name(schema), DSL.val(cutoff))
                + dsl.execute("DELETE FROM {0}.notion_sync_errors WHERE occurred_at < {1}", DSL.name(schema),
                        DSL.val(cutoff))
                + dsl.execute("DELETE FROM {0}.notion_sync_requests WHERE status IN ('done', 'failed')"
                        + " AND requested_at < {1}", DSL.name(schema), DSL.val(cutoff))
                + dsl.execute("DELETE FROM {0}.notion_sync_outbox WHERE status IN ('applied', 'conflict', 'failed')"
                        + " AND updated_at < {1}", DSL.name(schema), DSL.val(cutoff)));
        log.info("Deleted {} sync records older than {}", n, retention);
        return n;
    }

    private static Duration positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
        return d;
    }

}
