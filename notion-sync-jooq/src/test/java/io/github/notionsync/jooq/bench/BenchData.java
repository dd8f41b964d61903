package io.github.notionsync.jooq.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** Data and plumbing the storage benchmarks share. */
final class BenchData {

    private BenchData() {
    }

    /**
     * A pooled DataSource, as every application has: opening a connection per call would measure
     * connection set-up, not storage.
     */
    static HikariDataSource pool(String jdbcUrl, String user) {
        HikariConfig hc = new HikariConfig();
        hc.setJdbcUrl(jdbcUrl);
        hc.setUsername(user);
        hc.setMaximumPoolSize(4);
        return new HikariDataSource(hc);
    }

    /**
     * Adds {@code rows} rows spread over the five tables and 50 users, with generated prose, plus
     * an "Aragorn" per user. The GIN indexes are dropped during the load and built again after it
     * (a bulk build is far faster than 10^6 single inserts); the tables end up as the migrations
     * define them.
     */
    static void fill(DataSource ds, int rows) throws Exception {
        // A 3,000-word vocabulary (25 real words, the rest synthetic), so a word occurs in about 2 %
        // of the documents, as in real prose, rather than in all of them.
        String words = "(ARRAY['magic','system','ranger','north','dragon','silver','tower','storm','sea','ancient',"
                + "'kingdom','memory','spell','harbour','forest','river','sword','crown','shadow','light','winter',"
                + "'journey','secret','library','oath'] || ARRAY(SELECT 'w' || n FROM generate_series(26, 3000) n))";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("SET maintenance_work_mem = '256MB'");
            List<String> names = new ArrayList<>();
            List<String> gin = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT indexname, indexdef FROM pg_indexes"
                    + " WHERE schemaname = current_schema() AND indexdef LIKE '%USING gin%'")) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                    gin.add(rs.getString(2));
                }
            }
            for (String name : names) {
                s.execute("DROP INDEX \"" + name + "\"");
            }
            int per = rows / 5;
            // Row g gets the 60 words at 1 + ((g * 7919 + w * 104729) mod 3000), w = 1..60: 3,000
            // distinct documents, made once (indexing a large array per row would dominate the load).
            s.execute("CREATE TEMP TABLE v AS SELECT " + words + " AS words");
            s.execute("CREATE TEMP TABLE docs AS SELECT d, (SELECT string_agg(v.words[1 + ((d * 7919 + w * 104729)"
                    + " % 3000)], ' ') FROM generate_series(1, 60) w) AS body FROM generate_series(0, 2999) d, v");
            s.execute("CREATE UNIQUE INDEX ON docs (d)");
            s.execute("CREATE TEMP TABLE vocabulary AS SELECT i, initcap(v.words[i]) AS word"
                    + " FROM v, generate_series(1, 3000) i");
            s.execute("CREATE UNIQUE INDEX ON vocabulary (i)");
            s.execute("ANALYZE docs, vocabulary");
            String prose = "(SELECT body FROM docs WHERE d = g % 3000)";
            s.execute("INSERT INTO notion_characters_sync (user_id, notion_page_id, name, description, content,"
                    + " content_hash) SELECT 'user-' || (g % 50), gen_random_uuid(),"
                    + " (SELECT word FROM vocabulary WHERE i = 1 + (g * 31 % 3000)) || ' '"
                    + " || (SELECT word FROM vocabulary WHERE i = 1 + (g * 17 % 2999)) || ' ' || g,"
                    + " 'A character', " + prose + ", 'h' FROM generate_series(1, " + per + ") g");
            s.execute("INSERT INTO notion_characters_sync (user_id, notion_page_id, name, content, content_hash)"
                    + " SELECT 'user-' || g, gen_random_uuid(), 'Aragorn', 'Ranger of the north', 'h'"
                    + " FROM generate_series(0, 49) g");
            for (String table : new String[] {"notion_worlds_sync", "notion_stories_sync", "notion_chat_sessions_sync",
                "notion_pages_sync"}) {
                String title = table.equals("notion_worlds_sync") ? "name" : "title";
                s.execute("INSERT INTO " + table + " (user_id, notion_page_id, " + title + ", content, content_hash)"
                        + " SELECT 'user-' || (g % 50), gen_random_uuid(), 'Page ' || g, " + prose + ", 'h'"
                        + " FROM generate_series(1, " + per + ") g");
            }
            for (String def : gin) {
                s.execute(def);
            }
            s.execute("VACUUM ANALYZE");
        }
    }

    /** The p-th percentile of durations in nanoseconds, in milliseconds. */
    static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        java.util.Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }
}
