package io.github.notionsync.jooq.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.jooq.NotionSyncQueries;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/**
 * Read latency with 10^6 rows across the five tables and 50 users: {@code search_notion_content}
 * and {@code get_notion_character} through {@link NotionSyncQueries}, each beside a baseline of
 * the same function called with a plain JDBC PreparedStatement in the same run (what any SQL
 * client pays).
 *
 * <pre>
 * scripts/bench notion-sync-jooq io.github.notionsync.jooq.bench.QueryBenchmark [rows] [jdbc-url user]
 * </pre>
 * With a JDBC URL it reuses a database an earlier run filled (migrated and loaded, see
 * {@link BenchData#fill}); otherwise it creates, fills and drops one (about 10 minutes for 10^6
 * rows on 2 cores).
 */
public final class QueryBenchmark {

    private static final String[] SEARCHES = {"magic system", "ranger north", "dragon", "\"silver tower\"",
        "storm -sea", "ancient kingdom", "memory spell", "harbour"};
    private static final String[] NAMES = {"Aragorn", "aragorn", "Aragon", "ARAGORN", "Gandalf", "Legolas"};
    private static final int RUNS = 1_000;

    private QueryBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        if (args.length > 2) {
            try (HikariDataSource ds = BenchData.pool(args[1], args[2])) {
                NotionSyncMigrations.create(ds).migrate();
                if (count(ds) < rows) {
                    BenchData.fill(ds, rows);
                }
                measure(ds);
            }
            return;
        }
        try (TestDatabase db = PostgresServers.shared().createDatabase("nst_query_bench");
             HikariDataSource ds = BenchData.pool(db.jdbcUrl(), db.user())) {
            NotionSyncMigrations.create(ds).migrate();
            BenchData.fill(ds, rows);
            measure(ds);
        }
    }

    private static long count(HikariDataSource ds) throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT (SELECT count(*) FROM notion_characters_sync) + (SELECT count(*) FROM notion_worlds_sync)"
                        + " + (SELECT count(*) FROM notion_stories_sync) + (SELECT count(*) FROM notion_chat_sessions_sync)"
                        + " + (SELECT count(*) FROM notion_pages_sync)"); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static void measure(HikariDataSource ds) throws Exception {
        NotionSyncQueries queries = NotionSyncQueries.create(ds);
        long rows = count(ds);
        long[] search = new long[RUNS];
        long[] searchJdbc = new long[RUNS];
        long[] lookup = new long[RUNS];
        long[] lookupJdbc = new long[RUNS];
        for (int round = 0; round < 2; round++) { // round 0 warms up plans, caches and the JIT
            int hits = 0;
            for (int i = 0; i < RUNS; i++) {
                String user = "user-" + (i % 50);
                String q = SEARCHES[i % SEARCHES.length];
                String name = NAMES[i % NAMES.length];
                long t = System.nanoTime();
                hits += queries.search(user, q, 20).size();
                search[i] = System.nanoTime() - t;
                t = System.nanoTime();
                hits += jdbc(ds, "SELECT * FROM search_notion_content(?, ?, ?)", user, q, 20);
                searchJdbc[i] = System.nanoTime() - t;
                t = System.nanoTime();
                hits += queries.findCharacter(user, name).size();
                lookup[i] = System.nanoTime() - t;
                t = System.nanoTime();
                hits += jdbc(ds, "SELECT * FROM get_notion_character(?, ?)", user, name, null);
                lookupJdbc[i] = System.nanoTime() - t;
            }
            if (round == 1) {
                System.out.printf("%,d rows, %,d calls each, %,d results in all%n", rows, RUNS, hits);
                report("search_notion_content", search, searchJdbc);
                report("get_notion_character", lookup, lookupJdbc);
            }
        }
    }

    private static void report(String what, long[] api, long[] baseline) {
        System.out.printf("%-22s NotionSyncQueries p50 %.2f ms, p95 %.2f ms, p99 %.2f ms; plain JDBC p50 %.2f ms,"
                + " p95 %.2f ms; ratio p95 %.2f%n", what, BenchData.percentile(api, 50), BenchData.percentile(api, 95),
                BenchData.percentile(api, 99), BenchData.percentile(baseline, 50), BenchData.percentile(baseline, 95),
                BenchData.percentile(api, 95) / BenchData.percentile(baseline, 95));
    }

    private static int jdbc(HikariDataSource ds, String sql, String user, String text, Integer limit)
            throws Exception {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, user);
            ps.setString(2, text);
            if (limit != null) {
                ps.setInt(3, limit);
            }
            int n = 0;
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    n++;
                }
            }
            return n;
        }
    }
}
