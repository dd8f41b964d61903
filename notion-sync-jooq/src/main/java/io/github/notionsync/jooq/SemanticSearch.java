package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;

import io.github.notionsync.NotionId;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.TargetKind;
import io.github.notionsync.spi.Embedder;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Semantic and hybrid search over the passages the {@link io.github.notionsync.EmbeddingWorker}
 * keeps in {@code notion_sync_embeddings}, with the same {@link SearchHit}s as the keyword
 * {@link NotionSyncQueries#search}, the snippet being the passage that matched.
 *
 * <p>With pgvector the nearest passages come from its HNSW index. Without it, each user's vectors
 * are held in memory, quantised to a byte per dimension and scanned (above 20,000 passages after a
 * shortlist by sign bits), the best candidates scored again with their stored floats; the index is loaded at a user's first search and again
 * after the user's passages changed, and indexes are dropped, least recently used first, beyond
 * {@link Builder#maxIndexBytes(long)}. A user whose passages alone exceed it is searched in SQL.
 * Thread-safe; share one per application.
 */
public final class SemanticSearch {

    /** Reciprocal rank fusion's constant: a hit at rank r adds 1 / (K + r). */
    static final int RRF_K = 60;
    /** The most characters of a query given to the model. */
    public static final int MAX_QUERY_CHARS = 2_000;

    private final JooqEmbeddingStore store;
    private final NotionSyncQueries keyword;
    private final Embedder embedder;
    private final DSLContext dsl;
    private final String schema;
    private final long maxIndexBytes;
    private final LinkedHashMap<String, VectorIndex> indexes = new LinkedHashMap<>(16, 0.75f, true);
    /**
     * Loads of one user's index run one at a time: striped locks, so that their number stays fixed
     * however many users search (two users may share a stripe and load one after the other).
     */
    private final Object[] loading = new Object[64];
    private long indexBytes;

    {
        java.util.Arrays.setAll(loading, i -> new Object());
    }

    private SemanticSearch(Builder b) {
        this.store = b.store != null && b.store.schema().equals(b.schema) ? b.store
                : JooqEmbeddingStore.create(b.dataSource, b.schema);
        this.keyword = NotionSyncQueries.create(b.dataSource, b.schema);
        this.embedder = b.embedder;
        this.dsl = store.dsl();
        this.schema = b.schema;
        this.maxIndexBytes = b.maxIndexBytes;
    }

    /** A builder of the search in {@code schema} with the model that embedded the passages. */
    public static Builder builder(DataSource dataSource, Embedder embedder) {
        return new Builder(dataSource, embedder);
    }

    /** The model queries are embedded with (only passages of this model are searched). */
    public String modelId() {
        return embedder.modelId();
    }

    /** Whether the vectors are in a pgvector column with an HNSW index; else the in-memory exact index is used. */
    public boolean pgvector() {
        return store.pgvector();
    }

    /**
     * The pages whose passages are closest in meaning to {@code text}, best first, one hit per
     * page with its best passage as the snippet; {@link SearchHit#rank()} is the cosine similarity.
     *
     * @param k 1 to {@value NotionSyncQueries#MAX_RESULTS}
     * @param kinds the kinds to search; empty or {@code null} for all
     */
    public List<SearchHit> semanticSearch(String userId, String text, int k, Set<TargetKind> kinds) {
        String q = query(userId, text, k);
        if (q.isEmpty()) {
            return List.of();
        }
        return nearest(userId, embedQuery(q), k, kinds);
    }

    /**
     * The pages closest to a vector of the model's dimensions (a query embedded by the caller), as
     * {@link #semanticSearch}.
     */
    public List<SearchHit> nearest(String userId, float[] vector, int k, Set<TargetKind> kinds) {
        SyncConnection.requireValidUserId(userId);
        requireK(k);
        Objects.requireNonNull(vector, "vector");
        if (vector.length != embedder.dimensions()) {
            throw new IllegalArgumentException("A query vector of " + modelId() + " has " + embedder.dimensions()
                    + " dimensions, got " + vector.length);
        }
        Set<TargetKind> in = kinds == null || kinds.isEmpty() ? EnumSet.allOf(TargetKind.class) : EnumSet.copyOf(kinds);
        // several passages of one page may come first: ask for more passages than pages
        List<Passage> passages = nearestPassages(userId, unit(vector), Math.min(400, Math.max(40, k * 4)), in);
        Map<UUID, Passage> best = new LinkedHashMap<>();
        for (Passage p : passages) {
            best.putIfAbsent(p.page, p);
        }
        return hits(userId, best.values(), k);
    }

    /**
     * Keyword and semantic search fused by reciprocal rank (each list adds 1 / (60 + rank) to a
     * page's score): pages found both ways come first, and each way finds what the other misses.
     * {@link SearchHit#rank()} is the fused score; the snippet is the best passage when the page
     * was found semantically, else the keyword snippet.
     */
    public List<SearchHit> hybridSearch(String userId, String text, int k, Set<TargetKind> kinds) {
        String q = query(userId, text, k);
        if (q.isEmpty()) {
            return List.of();
        }
        int depth = Math.min(NotionSyncQueries.MAX_RESULTS, Math.max(30, k * 3));
        Set<String> labels = new java.util.HashSet<>();
        (kinds == null || kinds.isEmpty() ? EnumSet.allOf(TargetKind.class) : kinds).forEach(x -> labels.add(label(x)));
        List<SearchHit> words = keyword.search(userId, q, NotionSyncQueries.MAX_RESULTS).stream()
                .filter(h -> labels.contains(h.kind())).limit(depth).toList();
        List<SearchHit> meaning = semanticSearch(userId, q, depth, kinds);
        Map<NotionId, Double> score = new HashMap<>();
        Map<NotionId, SearchHit> hit = new LinkedHashMap<>();
        for (List<SearchHit> list : List.of(meaning, words)) {
            for (int r = 0; r < list.size(); r++) {
                SearchHit h = list.get(r);
                score.merge(h.pageId(), 1.0 / (RRF_K + r + 1), Double::sum);
                hit.putIfAbsent(h.pageId(), h);
            }
        }
        return hit.values().stream()
                .sorted(Comparator.comparingDouble((SearchHit h) -> -score.get(h.pageId())))
                .limit(k)
                .map(h -> new SearchHit(h.kind(), h.pageId(), h.databaseId(), h.title(), h.snippet(),
                        score.get(h.pageId()), h.url(), h.lastEditedTime()))
                .toList();
    }

    /** How many users' indexes are held in memory, their passages and bytes (portable path only). */
    public record IndexStats(int users, long passages, long bytes) {
    }

    /** What the in-memory indexes hold now. */
    public synchronized IndexStats indexStats() {
        long n = indexes.values().stream().mapToLong(i -> i.size).sum();
        return new IndexStats(indexes.size(), n, indexBytes);
    }

    // ------------------------------------------------------------------ passages

    /** A passage found, with its exact similarity. */
    private record Passage(long id, TargetKind kind, UUID page, String text, double similarity) {
    }

    private List<Passage> nearestPassages(String userId, float[] q, int m, Set<TargetKind> kinds) {
        if (store.pgvector()) {
            return pgvectorNearest(userId, q, m, kinds);
        }
        VectorIndex index = index(userId);
        if (index == null) {
            return sqlNearest(userId, q, m, kinds);
        }
        int mask = 0;
        for (TargetKind k : kinds) {
            mask |= 1 << k.ordinal();
        }
        long[] candidates = index.nearest(q, m + 16, mask);
        if (candidates.length == 0) {
            return List.of();
        }
        // the quantised order is all but exact: the stored floats decide among the candidates
        List<Passage> out = new ArrayList<>(candidates.length);
        call("read passages", () -> dsl.resultQuery("SELECT embedding_id, target_kind, notion_page_id, passage,"
                + " embedding::text FROM {0} WHERE user_id = {1} AND embedding_id = ANY({2})",
                DSL.name(schema, "notion_sync_embeddings"), DSL.val(userId), DSL.val(boxed(candidates))).fetch())
                .forEach(r -> {
                    float[] v = EmbeddingColumn.parse(r.get(4, String.class), q.length);
                    out.add(new Passage(r.get(0, Long.class), TargetKind.valueOf(r.get(1, String.class)),
                            r.get(2, UUID.class), r.get(3, String.class), dot(q, v)));
                });
        out.sort(Comparator.comparingDouble((Passage p) -> -p.similarity));
        return out.size() > m ? out.subList(0, m) : out;
    }

    private List<Passage> pgvectorNearest(String userId, float[] q, int m, Set<TargetKind> kinds) {
        EmbeddingColumn col = store.column();
        String vec = col.sqlType() + "(" + q.length + ")";
        String literal = col.literal(q);
        return call("search passages", () -> dsl.resultQuery("SELECT embedding_id, target_kind, notion_page_id,"
                        + " passage, 1 - (embedding::" + vec + " <=> ?::" + vec + ") FROM " + table()
                        + " WHERE user_id = ? AND model = ? AND dimensions = ? AND target_kind = ANY(?)"
                        + " ORDER BY embedding::" + vec + " <=> ?::" + vec + " LIMIT ?",
                literal, userId, modelId(), q.length, names(kinds), literal, m).fetch(r -> passage(r)));
    }

    /** Exact search in SQL, for a user too large for the in-memory budget. */
    private List<Passage> sqlNearest(String userId, float[] q, int m, Set<TargetKind> kinds) {
        return call("search passages", () -> dsl.resultQuery("SELECT embedding_id, target_kind, notion_page_id,"
                        + " passage, (SELECT sum(a::double precision * b) FROM unnest(embedding, ?::real[]) AS v(a, b))"
                        + " AS similarity FROM " + table() + " WHERE user_id = ? AND model = ? AND dimensions = ?"
                        + " AND target_kind = ANY(?) ORDER BY similarity DESC LIMIT ?",
                new EmbeddingColumn(false, "real[]").literal(q), userId, modelId(), q.length, names(kinds), m)
                .fetch(r -> passage(r)));
    }

    private static Passage passage(org.jooq.Record r) {
        return new Passage(r.get(0, Long.class), TargetKind.valueOf(r.get(1, String.class)), r.get(2, UUID.class),
                r.get(3, String.class), r.get(4, Double.class));
    }

    /** The user's in-memory index, current with the stored passages, or null if it would not fit. */
    private VectorIndex index(String userId) {
        String key = userId + '\u0000' + modelId();
        long version = store.version(userId);
        VectorIndex cached;
        Object lock;
        synchronized (this) {
            cached = indexes.get(key);
            if (cached != null && cached.version == version) {
                return cached;
            }
            lock = loading[Math.floorMod(key.hashCode(), loading.length)];
        }
        synchronized (lock) {
            synchronized (this) {
                cached = indexes.get(key);
                if (cached != null && cached.version >= version) {
                    return cached;
                }
            }
            VectorIndex fresh = load(userId, version, cached);
            synchronized (this) {
                VectorIndex old = indexes.remove(key);
                if (old != null) {
                    indexBytes -= old.bytes();
                }
                if (fresh == null) {
                    return null;
                }
                indexes.put(key, fresh);
                indexBytes += fresh.bytes();
                var it = indexes.entrySet().iterator();
                while (indexBytes > maxIndexBytes && it.hasNext()) {
                    var e = it.next();
                    if (e.getValue() != fresh) {
                        indexBytes -= e.getValue().bytes();
                        it.remove();
                    }
                }
                return fresh;
            }
        }
    }

    /**
     * The user's index at {@code version}: {@code cached} with the passages added since it was
     * loaded, when it has one and few of its passages were removed meanwhile (a removed passage
     * stays in the index as a dead candidate that the read of stored floats drops); else loaded
     * in full. Null if the user's passages would not fit in the budget.
     */
    private VectorIndex load(String userId, long version, VectorIndex cached) {
        int d = embedder.dimensions();
        return call("load the passages of user " + userId, () -> dsl.transactionResult(tx -> {
            long n = tx.dsl().resultQuery("SELECT count(*) FROM {0} WHERE user_id = {1} AND model = {2}",
                    DSL.name(schema, "notion_sync_embeddings"), DSL.val(userId), DSL.val(modelId()))
                    .fetchOne(0, Long.class);
            if (n * (d + d / 8 + 21) > maxIndexBytes) {
                return null;
            }
            VectorIndex.Builder b = cached != null ? cached.toBuilder(version) : new VectorIndex.Builder(version, d);
            long after = cached != null ? cached.maxId() : -1;
            tx.dsl().connection(c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT embedding_id, target_kind, embedding::text FROM "
                        + table() + " WHERE user_id = ? AND model = ? AND dimensions = ? AND embedding_id > ?")) {
                    ps.setFetchSize(2_000);
                    ps.setString(1, userId);
                    ps.setString(2, modelId());
                    ps.setInt(3, d);
                    ps.setLong(4, after);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            b.add(rs.getLong(1), TargetKind.valueOf(rs.getString(2)).ordinal(),
                                    EmbeddingColumn.parse(rs.getString(3), d));
                        }
                    }
                }
            });
            VectorIndex index = b.build();
            // Removed passages linger as dead entries: past a tenth of the index, load it afresh. Fewer
            // entries than stored passages means a passage committed out of id order was missed: afresh too.
            boolean stale = cached != null && (index.size - n > index.size / 10 || index.size < n);
            return stale ? load(userId, version, null) : index;
        }));
    }

    // ------------------------------------------------------------------ hits

    /** The pages of the passages as search hits, in order; pages deleted meanwhile are left out. */
    private List<SearchHit> hits(String userId, Collection<Passage> passages, int k) {
        Map<TargetKind, List<UUID>> byKind = new EnumMap<>(TargetKind.class);
        for (Passage p : passages) {
            byKind.computeIfAbsent(p.kind, x -> new ArrayList<>()).add(p.page);
        }
        Map<String, org.jooq.Record> pages = new HashMap<>();
        byKind.forEach((kind, ids) -> call("read pages", () -> dsl.resultQuery("SELECT notion_page_id, {0},"
                        + " notion_database_id, url, notion_last_edited_time FROM {1} WHERE user_id = {2}"
                        + " AND notion_page_id = ANY({3}) AND deleted_at IS NULL", DSL.name(kind.titleField()),
                DSL.name(schema, kind.table()), DSL.val(userId), DSL.val(ids.toArray(UUID[]::new))).fetch())
                .forEach(r -> pages.put(kind + "/" + r.get(0, UUID.class), r)));
        List<SearchHit> out = new ArrayList<>();
        for (Passage p : passages) {
            org.jooq.Record r = pages.get(p.kind + "/" + p.page);
            if (r == null) {
                continue;
            }
            OffsetDateTime edited = r.get(4, OffsetDateTime.class);
            UUID db = r.get(2, UUID.class);
            out.add(new SearchHit(label(p.kind), NotionId.parse(p.page.toString()),
                    db == null ? null : NotionId.parse(db.toString()), r.get(1, String.class), snippet(p.text),
                    p.similarity, r.get(3, String.class), edited == null ? null : edited.toInstant()));
            if (out.size() == k) {
                break;
            }
        }
        return out;
    }

    /** The passage without the title line every passage starts with. */
    private static String snippet(String passage) {
        int nl = passage.indexOf('\n');
        return nl < 0 ? passage : passage.substring(nl + 1);
    }

    /** The kind as the keyword search names it. */
    static String label(TargetKind kind) {
        return switch (kind) {
            case CHARACTERS -> "character";
            case WORLDS -> "world";
            case STORIES -> "story";
            case CHAT_SESSIONS -> "chat_session";
            case PAGES -> "page";
        };
    }

    // ------------------------------------------------------------------ helpers

    private float[] embedQuery(String q) {
        List<float[]> v = embedder.embed(List.of(q));
        if (v == null || v.size() != 1 || v.get(0).length != embedder.dimensions()) {
            throw new IllegalStateException("The embedder " + modelId() + " returned no vector of "
                    + embedder.dimensions() + " dimensions for the query");
        }
        return unit(v.get(0));
    }

    private static float[] unit(float[] v) {
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalArgumentException("A query vector must be finite and not zero");
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /** The query text, cut and cleaned, after checking the user and k. */
    private static String query(String userId, String text, int k) {
        SyncConnection.requireValidUserId(userId);
        requireK(k);
        if (text == null) {
            return "";
        }
        String q = text.replace('\u0000', ' ').strip();
        return q.length() > MAX_QUERY_CHARS ? q.substring(0, MAX_QUERY_CHARS) : q;
    }

    private static void requireK(int k) {
        if (k < 1 || k > NotionSyncQueries.MAX_RESULTS) {
            throw new IllegalArgumentException("k must be between 1 and " + NotionSyncQueries.MAX_RESULTS + ", got " + k);
        }
    }

    private static String[] names(Set<TargetKind> kinds) {
        return kinds.stream().map(Enum::name).toArray(String[]::new);
    }

    private static Long[] boxed(long[] ids) {
        return Arrays.stream(ids).boxed().toArray(Long[]::new);
    }

    private String table() {
        return dsl.render(DSL.name(schema, "notion_sync_embeddings"));
    }

    @Override
    public String toString() {
        return "SemanticSearch[" + schema + ", " + modelId() + "]";
    }

    /** Builds a {@link SemanticSearch}. */
    public static final class Builder {

        /** The heap the in-memory indexes may take together: 256 MB, about 590,000 passages of 384 dimensions. */
        public static final long DEFAULT_MAX_INDEX_BYTES = 256L << 20;

        private final DataSource dataSource;
        private final Embedder embedder;
        private String schema = NotionSyncMigrations.DEFAULT_SCHEMA;
        private long maxIndexBytes = DEFAULT_MAX_INDEX_BYTES;
        private JooqEmbeddingStore store;

        private Builder(DataSource dataSource, Embedder embedder) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.embedder = Objects.requireNonNull(embedder, "embedder");
        }

        /** The schema notion-sync was migrated into; default {@code public}. */
        public Builder schema(String schema) {
            this.schema = SchemaName.require(schema);
            return this;
        }

        /** The heap the in-memory indexes may take together (portable path), at least 1 MB; default 256 MB. */
        public Builder maxIndexBytes(long bytes) {
            if (bytes < (1L << 20)) {
                throw new IllegalArgumentException("maxIndexBytes must be at least 1 MB, got " + bytes);
            }
            this.maxIndexBytes = bytes;
            return this;
        }

        /** Shares a store (and its reading of the column type) with the worker. */
        Builder store(JooqEmbeddingStore store) {
            this.store = store;
            return this;
        }

        /** Builds the search. */
        public SemanticSearch build() {
            return new SemanticSearch(this);
        }
    }
}
