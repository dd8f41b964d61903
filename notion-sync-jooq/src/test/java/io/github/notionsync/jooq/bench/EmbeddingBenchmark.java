package io.github.notionsync.jooq.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.github.notionsync.EmbeddingWorker;
import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import io.github.notionsync.embeddings.MiniLmEmbedder;
import io.github.notionsync.internal.embed.Passages;
import io.github.notionsync.jooq.NotionSyncPostgres;
import io.github.notionsync.jooq.SearchHit;
import io.github.notionsync.jooq.SemanticSearch;
import io.github.notionsync.spi.Embedder;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.testkit.contract.TestRecords;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import org.postgresql.PGConnection;

/**
 * Semantic search figures, each beside a baseline measured in the same run:
 * <ol>
 *   <li>passages embedded per second on one thread by the in-JVM model (batches of 16), beside
 *       batches of 1;</li>
 *   <li>the background backfill of {@code pages} demo-like pages (worker rounds: read, split,
 *       embed, store), beside the same backfill with an embedder that costs nothing (what the
 *       storage side takes);</li>
 *   <li>semantic search p50/p95 over {@code passages} passages of one user on the portable path
 *       (in-JVM int8 index, re-scored with stored floats), its heap and load time and its
 *       recall@10 against an exact float scan, beside exact search in SQL
 *       ({@code semantic_search_notion_passages}). These vectors are synthetic (384 dimensions,
 *       clustered around 2,000 random centres): embedding 10^5 passages with the model takes too
 *       long on two shared cores.</li>
 * </ol>
 * <pre>
 * scripts/bench-embeddings [pages=10000] [passages=100000]
 * </pre>
 * {@code pages=0} leaves the backfill out (it takes about six minutes for 10^4 pages here).
 */
public final class EmbeddingBenchmark {

    private static final String USER = "bench-user";

    private EmbeddingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int pages = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int passages = args.length > 1 ? Integer.parseInt(args[1]) : 100_000;
        List<String> report = new ArrayList<>();
        MiniLmEmbedder model = MiniLmEmbedder.create(); // embeds on the calling thread only
        throughput(model, report);
        try (TestDatabase db = PostgresServers.shared().createDatabase("nst_embed_bench");
             HikariDataSource ds = BenchData.pool(db.jdbcUrl(), db.user())) {
            NotionSyncPostgres pg = NotionSyncPostgres.create(ds);
            pg.migrate();
            if (pages > 0) {
                backfill(pg, model, pages, report);
            }
            search(pg, ds, passages, report);
        }
        System.out.println();
        report.forEach(System.out::println);
    }

    // ------------------------------------------------------------------ 1. model throughput

    private static void throughput(Embedder model, List<String> report) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            for (Passages.Passage p : Passages.split("Page " + i, java.util.Map.of(), page(i))) {
                texts.add(p.text());
            }
        }
        List<String> sample = texts.subList(0, Math.min(256, texts.size()));
        model.embed(sample.subList(0, 32)); // warm up
        long t0 = System.nanoTime();
        for (int i = 0; i < sample.size(); i += 16) {
            model.embed(sample.subList(i, Math.min(sample.size(), i + 16)));
        }
        double batched = sample.size() / ((System.nanoTime() - t0) / 1e9);
        List<String> few = sample.subList(0, 64);
        t0 = System.nanoTime();
        for (String t : few) {
            model.embed(List.of(t));
        }
        double single = few.size() / ((System.nanoTime() - t0) / 1e9);
        double words = sample.stream().mapToInt(t -> t.split("\\s+").length).average().orElse(0);
        report.add(String.format(Locale.ROOT, "model %s, one thread: %.1f passages/s in batches of 16"
                + " (baseline batches of 1: %.1f passages/s, ratio %.2f); passages average %.0f words",
                model.modelId(), batched, single, batched / single, words));
    }

    /** A demo-like page: a few paragraphs under two headings, 120 to 400 words. */
    private static String page(int i) {
        Random r = new Random(i);
        String[] words = {"the", "tide", "magic", "ranger", "north", "crown", "harbour", "storm", "sea", "ancient",
            "kingdom", "memory", "spell", "forest", "river", "sword", "shadow", "light", "winter", "journey",
            "secret", "library", "oath", "mage", "council", "market", "night", "city", "flood", "queen", "king"};
        StringBuilder sb = new StringBuilder();
        int sections = 1 + r.nextInt(2);
        for (int s = 0; s < sections; s++) {
            sb.append("## Part ").append(s + 1).append("\n\n");
            int paragraphs = 1 + r.nextInt(3);
            for (int p = 0; p < paragraphs; p++) {
                int n = 40 + r.nextInt(80);
                for (int w = 0; w < n; w++) {
                    sb.append(words[r.nextInt(words.length)]).append(w % 12 == 11 ? ". " : " ");
                }
                sb.append("\n\n");
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ 2. backfill

    private static void backfill(NotionSyncPostgres pg, Embedder model, int pages, List<String> report) {
        Embedder free = new Embedder() {
            public String modelId() {
                return "free-baseline";
            }

            public int dimensions() {
                return model.dimensions();
            }

            public List<float[]> embed(List<String> texts) {
                List<float[]> out = new ArrayList<>();
                for (String t : texts) {
                    float[] v = new float[dimensions()];
                    Random r = new Random(t.hashCode());
                    for (int i = 0; i < v.length; i++) {
                        v[i] = (float) r.nextGaussian();
                    }
                    out.add(v);
                }
                return out;
            }
        };
        List<PageWrite> batch = new ArrayList<>();
        for (int i = 0; i < pages; i++) {
            batch.add(new PageWrite(TestRecords.record(TestRecords.randomId(), null, TargetKind.PAGES, "Page " + i,
                    page(i)), "h" + i));
            if (batch.size() == 500) {
                pg.repository().writeBatch("backfill-user", TargetKind.PAGES, batch, null);
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            pg.repository().writeBatch("backfill-user", TargetKind.PAGES, batch, null);
        }
        long t0 = System.nanoTime();
        EmbeddingWorker.Round base = EmbeddingWorker.builder().embedder(free).store(pg.embeddingStore()).build()
                .drain(Duration.ofHours(1));
        double baseSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        EmbeddingWorker.Round real = EmbeddingWorker.builder().embedder(model).store(pg.embeddingStore()).build()
                .drain(Duration.ofHours(2));
        double seconds = (System.nanoTime() - t0) / 1e9;
        report.add(String.format(Locale.ROOT, "backfill of %d demo-like pages (%d passages) with %s on one thread:"
                + " %.1f s, %.1f pages/s (baseline, an embedder that costs nothing: %.1f s, so the model takes"
                + " %.0f %% of it)", real.pagesEmbedded(), real.passagesEmbedded(), model.modelId(), seconds,
                real.pagesEmbedded() / seconds, baseSeconds, 100 * (1 - baseSeconds / seconds)));
        if (base.pagesEmbedded() != pages || real.pagesEmbedded() != pages) {
            report.add("  (pages embedded: baseline " + base.pagesEmbedded() + ", model " + real.pagesEmbedded() + ")");
        }
    }

    // ------------------------------------------------------------------ 3. search

    private static void search(NotionSyncPostgres pg, HikariDataSource ds, int passages, List<String> report)
            throws Exception {
        int d = MiniLmEmbedder.DIMENSIONS;
        Random r = new Random(42);
        float[][] centres = new float[2_000][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = unit(gaussian(r, d, 1));
        }
        float[][] vectors = new float[passages][];
        int pagesCount = (passages + 4) / 5;
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notion_pages_sync (user_id, notion_page_id, title, content_hash, url)"
                    + " SELECT '" + USER + "', md5(i::text)::uuid, 'Page ' || i, 'h', 'https://www.notion.so/p' || i"
                    + " FROM generate_series(0, " + (pagesCount - 1) + ") i");
            StringBuilder copy = new StringBuilder();
            long t0 = System.nanoTime();
            for (int i = 0; i < passages; i++) {
                float[] noise = gaussian(r, d, 0.6f);
                float[] centre = centres[r.nextInt(centres.length)];
                float[] v = new float[d];
                for (int j = 0; j < d; j++) {
                    v[j] = centre[j] + noise[j] / (float) Math.sqrt(d);
                }
                vectors[i] = unit(v);
                copy.append(USER).append("\tPAGES\t").append(uuid(i / 5)).append('\t').append(i % 5).append("\th")
                        .append(i).append("\tPassage ").append(i).append(" of page ").append(i / 5)
                        .append("\tbench-model\t").append(d).append("\t{");
                for (int j = 0; j < d; j++) {
                    copy.append(j == 0 ? "" : ",").append(vectors[i][j]);
                }
                copy.append("}\n");
                if (copy.length() > 8_000_000 || i == passages - 1) {
                    c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY notion_sync_embeddings (user_id,"
                            + " target_kind, notion_page_id, passage_no, passage_hash, passage, model, dimensions,"
                            + " embedding) FROM STDIN", new StringReader(copy.toString()));
                    copy.setLength(0);
                }
            }
            s.execute("INSERT INTO notion_sync_embedding_versions (user_id, version) VALUES ('" + USER + "', 1)");
            s.execute("VACUUM ANALYZE notion_sync_embeddings");
            report.add(String.format(Locale.ROOT, "loaded %d synthetic passages of one user in %.1f s", passages,
                    (System.nanoTime() - t0) / 1e9));
        }
        Embedder fixed = new Embedder() {
            public String modelId() {
                return "bench-model";
            }

            public int dimensions() {
                return d;
            }

            public List<float[]> embed(List<String> texts) {
                throw new UnsupportedOperationException("the benchmark brings its own query vectors");
            }
        };
        SemanticSearch search = pg.semanticSearch(fixed).maxIndexBytes(1L << 30).build();
        float[][] queries = new float[600][];
        for (int i = 0; i < queries.length; i++) {
            float[] centre = centres[r.nextInt(centres.length)];
            float[] noise = gaussian(r, d, 0.6f);
            float[] q = new float[d];
            for (int j = 0; j < d; j++) {
                q[j] = centre[j] + noise[j] / (float) Math.sqrt(d);
            }
            queries[i] = unit(q);
        }
        Runtime rt = Runtime.getRuntime();
        System.gc();
        long heapBefore = rt.totalMemory() - rt.freeMemory();
        long t0 = System.nanoTime();
        search.nearest(USER, queries[0], 10, Set.of());
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        System.gc();
        long heapAfter = rt.totalMemory() - rt.freeMemory();
        SemanticSearch.IndexStats stats = search.indexStats();

        for (int i = 0; i < 100; i++) { // warm up the JIT
            search.nearest(USER, queries[i], 10, Set.of());
        }
        long[] times = new long[500];
        double recall = 0;
        for (int i = 0; i < times.length; i++) {
            float[] q = queries[100 + i];
            long t = System.nanoTime();
            List<SearchHit> hits = search.nearest(USER, q, 10, Set.of());
            times[i] = System.nanoTime() - t;
            if (i < 50) {
                recall += recallAt10(hits, exactPages(vectors, q, 10));
            }
        }
        recall /= 50;

        long[] sql = new long[10];
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT notion_page_id FROM semantic_search_notion_passages(?, ?::real[], 10)")) {
            for (int i = 0; i < sql.length; i++) {
                ps.setString(1, USER);
                ps.setString(2, literal(queries[i]));
                long t = System.nanoTime();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rs.getString(1);
                    }
                }
                sql[i] = System.nanoTime() - t;
            }
        }
        // one page of three passages embedded meanwhile: the next search adds them to the index
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            for (int i = 0; i < 3; i++) {
                s.execute("INSERT INTO notion_sync_embeddings (user_id, target_kind, notion_page_id, passage_no,"
                        + " passage_hash, passage, model, dimensions, embedding) VALUES ('" + USER + "', 'PAGES', '"
                        + uuid(0) + "', " + (10 + i) + ", 'n" + i + "', 'new', 'bench-model', " + d + ", '"
                        + literal(queries[i]) + "')");
            }
            s.execute("UPDATE notion_sync_embedding_versions SET version = version + 1 WHERE user_id = '" + USER + "'");
        }
        t0 = System.nanoTime();
        search.nearest(USER, queries[0], 10, Set.of());
        double refreshMs = (System.nanoTime() - t0) / 1e6;
        double p50 = BenchData.percentile(times, 50);
        double p95 = BenchData.percentile(times, 95);
        double sqlP50 = BenchData.percentile(sql, 50);
        report.add(String.format(Locale.ROOT, "semantic search over %d passages of one user (portable path, %d"
                + " dimensions, top 10 pages): p50 %.1f ms, p95 %.1f ms; recall@10 against an exact float scan %.3f;"
                + " baseline exact search in SQL p50 %.0f ms (%.0fx slower)", passages, d, p50, p95, recall, sqlP50,
                sqlP50 / p50));
        report.add(String.format(Locale.ROOT, "  in-memory index: %.1f MB by its own count (%d passages), heap"
                + " measured +%.1f MB; first search (loads the index from PostgreSQL) %.1f s; first search after"
                + " a page of 3 passages was embedded (adds them to the index) %.0f ms",
                stats.bytes() / 1e6, stats.passages(), (heapAfter - heapBefore) / 1e6, loadSeconds, refreshMs));
    }

    private static Set<String> exactPages(float[][] vectors, float[] q, int k) {
        Integer[] order = new Integer[vectors.length];
        double[] score = new double[vectors.length];
        for (int i = 0; i < vectors.length; i++) {
            order[i] = i;
            double s = 0;
            for (int j = 0; j < q.length; j++) {
                s += vectors[i][j] * q[j];
            }
            score[i] = s;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        Set<String> pages = new HashSet<>();
        for (int i = 0; i < order.length && pages.size() < k; i++) {
            pages.add(NotionId.parse(uuid(order[i] / 5)).value());
        }
        return pages;
    }

    private static double recallAt10(List<SearchHit> hits, Set<String> exact) {
        long found = hits.stream().filter(h -> exact.contains(h.pageId().value())).count();
        return (double) found / exact.size();
    }

    private static String uuid(int page) {
        String md5;
        try {
            md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5")
                    .digest(Integer.toString(page).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        return md5.substring(0, 8) + "-" + md5.substring(8, 12) + "-" + md5.substring(12, 16) + "-"
                + md5.substring(16, 20) + "-" + md5.substring(20);
    }

    private static String literal(float[] v) {
        StringBuilder sb = new StringBuilder("{");
        for (int j = 0; j < v.length; j++) {
            sb.append(j == 0 ? "" : ",").append(v[j]);
        }
        return sb.append('}').toString();
    }

    private static float[] gaussian(Random r, int d, float sigma) {
        float[] v = new float[d];
        for (int i = 0; i < d; i++) {
            v[i] = (float) r.nextGaussian() * sigma;
        }
        return v;
    }

    private static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        float inv = (float) (1 / Math.sqrt(s));
        for (int i = 0; i < v.length; i++) {
            v[i] *= inv;
        }
        return v;
    }
}
