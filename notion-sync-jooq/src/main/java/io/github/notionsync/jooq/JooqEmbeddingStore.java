package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;

import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.EmbeddingStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.jooq.impl.DSL;

/**
 * The {@link EmbeddingStore} on PostgreSQL: passages in {@code notion_sync_embeddings}, what was
 * embedded at which hash in {@code notion_sync_embedded_pages}, read from and compared with the
 * mirror tables. Thread-safe.
 */
public final class JooqEmbeddingStore implements EmbeddingStore {

    private final DataSource dataSource;
    private final DSLContext dsl;
    private final String schema;
    private volatile EmbeddingColumn column;

    private JooqEmbeddingStore(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = SchemaName.require(schema);
        this.dsl = Jooq.dsl(dataSource);
    }

    /** The store in {@code schema}. */
    public static JooqEmbeddingStore create(DataSource dataSource, String schema) {
        return new JooqEmbeddingStore(dataSource, schema);
    }

    /** Whether the vectors are in a pgvector column (else a portable {@code real[]}); reads the catalog once. */
    public boolean pgvector() {
        return column().pgvector();
    }

    EmbeddingColumn column() {
        EmbeddingColumn c = column;
        if (c == null) {
            c = EmbeddingColumn.detect(dsl, schema);
            column = c;
        }
        return c;
    }

    String schema() {
        return schema;
    }

    DSLContext dsl() {
        return dsl;
    }

    @Override
    public List<PageText> pagesToEmbed(String modelId, PageText after, int limit) {
        List<PageText> out = new ArrayList<>();
        for (TargetKind kind : TargetKind.values()) {
            if (out.size() >= limit || (after != null && kind.ordinal() < after.kind().ordinal())) {
                continue;
            }
            boolean resume = after != null && kind == after.kind();
            List<TargetKind.Field> fields = textFields(kind);
            StringBuilder sql = new StringBuilder("SELECT t.user_id, t.notion_page_id, t.")
                    .append(kind.titleField()).append(", t.content_markdown, t.content_hash");
            for (TargetKind.Field f : fields) {
                sql.append(", ").append(f.type() == TargetKind.FieldType.TEXT_LIST
                        ? "array_to_string(t." + f.column() + ", ', ')" : "t." + f.column());
            }
            sql.append(" FROM ").append(table(kind)).append(" t WHERE t.deleted_at IS NULL AND ").append(stale(kind))
                    .append(resume ? " AND (t.user_id, t.notion_page_id) > (?, ?::uuid)" : "")
                    .append(" ORDER BY t.user_id, t.notion_page_id LIMIT ?");
            List<Object> binds = new ArrayList<>(List.of(kind.name(), modelId));
            if (resume) {
                binds.add(after.userId());
                binds.add(after.pageId().value());
            }
            binds.add(limit - out.size());
            call("find pages to embed", () -> dsl.resultQuery(sql.toString(), binds.toArray()).fetch())
                    .forEach(r -> {
                        Map<String, String> values = new LinkedHashMap<>();
                        for (int i = 0; i < fields.size(); i++) {
                            values.put(fields.get(i).defaultProperty(), r.get(5 + i, String.class));
                        }
                        out.add(new PageText(r.get(0, String.class), kind, id(r.get(1, UUID.class)),
                                r.get(2, String.class), values, r.get(3, String.class), r.get(4, String.class)));
                    });
        }
        return out;
    }

    /**
     * The condition, on a mirror row {@code t}, that its passages are missing or out of date
     * (binds: kind, model). A scalar subquery, not NOT EXISTS: it reads the embedded page by its
     * primary key for each row, so it stays linear even when the planner's statistics are stale
     * (freshly written tables), where an anti-join plan could compare every pair.
     */
    private String stale(TargetKind kind) {
        return "(SELECT e.content_hash FROM " + name("notion_sync_embedded_pages") + " e WHERE e.user_id = t.user_id"
                + " AND e.target_kind = ? AND e.notion_page_id = t.notion_page_id AND e.model = ?)"
                + " IS DISTINCT FROM t.content_hash";
    }

    private static List<TargetKind.Field> textFields(TargetKind kind) {
        return kind.fields().stream().filter(f -> f.type() != TargetKind.FieldType.FLAG).toList();
    }

    @Override
    public Map<String, float[]> vectorsByHash(String userId, TargetKind kind, NotionId pageId, String modelId) {
        Map<String, float[]> out = new HashMap<>();
        call("read the passages of page " + pageId, () -> dsl.resultQuery("SELECT passage_hash, embedding::text,"
                        + " dimensions FROM {0} WHERE user_id = {1} AND target_kind = {2} AND notion_page_id = {3}::uuid"
                        + " AND model = {4}", DSL.name(schema, "notion_sync_embeddings"), DSL.val(userId),
                DSL.val(kind.name()), DSL.val(pageId.value()), DSL.val(modelId)).fetch())
                .forEach(r -> out.put(r.get(0, String.class),
                        EmbeddingColumn.parse(r.get(1, String.class), r.get(2, Integer.class))));
        return out;
    }

    @Override
    public void replacePassages(PageText page, String modelId, List<PassageVector> passages) {
        EmbeddingColumn col = column();
        StoreCalls.run("store the passages of page " + page.pageId(), () -> dsl.transaction(tx -> {
            DSLContext t = tx.dsl();
            t.execute("DELETE FROM {0} WHERE user_id = {1} AND target_kind = {2} AND notion_page_id = {3}::uuid",
                    DSL.name(schema, "notion_sync_embeddings"), DSL.val(page.userId()), DSL.val(page.kind().name()),
                    DSL.val(page.pageId().value()));
            t.connection(c -> insert(c, col, page, modelId, passages));
            t.execute("INSERT INTO {0} (user_id, target_kind, notion_page_id, model, content_hash, passages, error,"
                    + " embedded_at) VALUES ({1}, {2}, {3}::uuid, {4}, {5}, {6}, NULL, now())"
                    + " ON CONFLICT (user_id, target_kind, notion_page_id) DO UPDATE SET model = excluded.model,"
                    + " content_hash = excluded.content_hash, passages = excluded.passages, error = NULL,"
                    + " embedded_at = now()", DSL.name(schema, "notion_sync_embedded_pages"), DSL.val(page.userId()),
                    DSL.val(page.kind().name()), DSL.val(page.pageId().value()), DSL.val(modelId),
                    DSL.val(page.contentHash()), DSL.val(passages.size()));
            bumpVersion(t, List.of(page.userId()));
        }));
    }

    private void insert(Connection c, EmbeddingColumn col, PageText page, String modelId, List<PassageVector> passages)
            throws java.sql.SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + name("notion_sync_embeddings")
                + " (user_id, target_kind, notion_page_id, passage_no, passage_hash, passage, model, dimensions,"
                + " embedding) VALUES (?, ?, ?::uuid, ?, ?, ?, ?, ?, ?::" + col.sqlType() + ")")) {
            for (PassageVector p : passages) {
                ps.setString(1, page.userId());
                ps.setString(2, page.kind().name());
                ps.setString(3, page.pageId().value());
                ps.setInt(4, p.number());
                ps.setString(5, p.hash());
                ps.setString(6, p.text().replace('\u0000', ' '));
                ps.setString(7, modelId);
                ps.setInt(8, p.vector().length);
                ps.setString(9, col.literal(p.vector()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    @Override
    public void recordFailure(PageText page, String modelId, String message) {
        StoreCalls.run("record the failed embedding of page " + page.pageId(), () -> dsl.execute(
                "INSERT INTO {0} (user_id, target_kind, notion_page_id, model, content_hash, passages, error,"
                        + " embedded_at) VALUES ({1}, {2}, {3}::uuid, {4}, {5}, 0, {6}, now())"
                        + " ON CONFLICT (user_id, target_kind, notion_page_id) DO UPDATE SET model = excluded.model,"
                        + " content_hash = excluded.content_hash, error = excluded.error, embedded_at = now()",
                DSL.name(schema, "notion_sync_embedded_pages"), DSL.val(page.userId()), DSL.val(page.kind().name()),
                DSL.val(page.pageId().value()), DSL.val(modelId), DSL.val(page.contentHash()),
                DSL.val(message.replace('\u0000', ' '))));
    }

    @Override
    public int removeDeletedPages(int limit) {
        return call("remove the passages of deleted pages", () -> dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            List<Record> gone = t.resultQuery("DELETE FROM " + name("notion_sync_embedded_pages")
                    + " WHERE (user_id, target_kind, notion_page_id) IN (SELECT e.user_id, e.target_kind,"
                    + " e.notion_page_id FROM " + name("notion_sync_embedded_pages") + " e WHERE " + gone()
                    + " LIMIT ?) RETURNING user_id, target_kind, notion_page_id", limit).fetch();
            if (gone.isEmpty()) {
                return 0;
            }
            List<String> users = new ArrayList<>();
            String[] u = new String[gone.size()];
            String[] k = new String[gone.size()];
            UUID[] p = new UUID[gone.size()];
            for (int i = 0; i < gone.size(); i++) {
                u[i] = gone.get(i).get(0, String.class);
                k[i] = gone.get(i).get(1, String.class);
                p[i] = gone.get(i).get(2, UUID.class);
                if (!users.contains(u[i])) {
                    users.add(u[i]);
                }
            }
            t.execute("DELETE FROM {0} e USING unnest({1}::text[], {2}::text[], {3}::uuid[]) AS g(u, k, p)"
                    + " WHERE e.user_id = g.u AND e.target_kind = g.k AND e.notion_page_id = g.p",
                    DSL.name(schema, "notion_sync_embeddings"), DSL.val(u), DSL.val(k), DSL.val(p));
            bumpVersion(t, users);
            return gone.size();
        }));
    }

    /** The condition, on an embedded page {@code e}, that its mirror row is deleted or gone. */
    private String gone() {
        StringBuilder sql = new StringBuilder("CASE e.target_kind");
        for (TargetKind kind : TargetKind.values()) {
            sql.append(" WHEN '").append(kind.name()).append("' THEN NOT EXISTS (SELECT 1 FROM ").append(table(kind))
                    .append(" t WHERE t.user_id = e.user_id AND t.notion_page_id = e.notion_page_id"
                            + " AND t.deleted_at IS NULL)");
        }
        return sql.append(" ELSE true END").toString();
    }

    @Override
    public long backlog(String modelId, String userId) {
        String user = userId == null ? "" : " AND e.user_id = ?";
        List<Object> binds = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT (SELECT count(*) FROM ")
                .append(name("notion_sync_embedded_pages")).append(" e WHERE ").append(gone()).append(user).append(")");
        if (userId != null) {
            binds.add(userId);
        }
        for (TargetKind kind : TargetKind.values()) {
            sql.append(" + (SELECT count(*) FROM ").append(table(kind)).append(" t WHERE t.deleted_at IS NULL AND ")
                    .append(stale(kind)).append(userId == null ? "" : " AND t.user_id = ?").append(")");
            binds.add(kind.name());
            binds.add(modelId);
            if (userId != null) {
                binds.add(userId);
            }
        }
        return call("count the embedding backlog", () -> dsl.resultQuery(sql.toString(), binds.toArray())
                .fetchOne(0, Long.class));
    }

    /** The user's change counter, which tells in-process indexes to reload. */
    long version(String userId) {
        Long v = call("read the embedding version", () -> dsl.resultQuery("SELECT version FROM {0} WHERE user_id = {1}",
                DSL.name(schema, "notion_sync_embedding_versions"), DSL.val(userId)).fetchOne(0, Long.class));
        return v == null ? 0 : v;
    }

    private void bumpVersion(DSLContext t, List<String> users) {
        t.execute("INSERT INTO {0} AS v (user_id, version) SELECT u, 1 FROM unnest({1}::text[]) AS u"
                + " ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1, updated_at = now()",
                DSL.name(schema, "notion_sync_embedding_versions"), DSL.val(users.toArray(String[]::new)));
    }

    private String table(TargetKind kind) {
        return name(kind.table());
    }

    private String name(String table) {
        return dsl.render(DSL.name(schema, table));
    }

    private static NotionId id(UUID uuid) {
        return NotionId.parse(uuid.toString());
    }

    @Override
    public String toString() {
        return "JooqEmbeddingStore[" + schema + "]";
    }
}
