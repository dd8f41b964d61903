package io.github.notionsync.jooq.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.TargetKind;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.jooq.NotionSyncQueries;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * PostgreSQL storage benchmark, each figure beside a baseline measured in the same run:
 * <ol>
 *   <li>upserting 100,000 records through {@link JooqSyncRepository} (batches of 100, as the
 *       engine writes) against a row-by-row {@code INSERT … ON CONFLICT} baseline;</li>
 *   <li>re-writing the same 100,000 unchanged records: row versions created (must be 0);</li>
 *   <li>{@code search_notion_content} and {@code get_notion_character} latency (p50, p95) with
 *       10^6 rows across the five tables.</li>
 * </ol>
 * Run: {@code scripts/bench notion-sync-jooq io.github.notionsync.jooq.bench.StorageBenchmark [rows]}
 */
public final class StorageBenchmark {

    private StorageBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int millionRows = args.length > 1 ? Integer.parseInt(args[1]) : 1_000_000;
        try (TestDatabase db = PostgresServers.shared().createDatabase("nst_bench")) {
            // A pooled DataSource, as every application has: opening a connection per batch would
            // measure connection set-up, not storage.
            com.zaxxer.hikari.HikariConfig hc = new com.zaxxer.hikari.HikariConfig();
            hc.setJdbcUrl(db.jdbcUrl());
            hc.setUsername(db.user());
            hc.setMaximumPoolSize(4);
            com.zaxxer.hikari.HikariDataSource ds = new com.zaxxer.hikari.HikariDataSource(hc);
            NotionSyncMigrations.create(ds).migrate();
            JooqSyncRepository repo = JooqSyncRepository.create(ds);

            List<PageWrite> writes = new ArrayList<>(records);
            NotionId database = NotionId.parse(UUID.randomUUID().toString());
            for (int i = 0; i < records; i++) {
                writes.add(new PageWrite(record(i, database), "hash-" + i));
            }

            // Baseline: one INSERT ... ON CONFLICT per row, autocommit, into the pages table.
            int baselineRows = Math.max(1, records / 10);
            long t0 = System.nanoTime();
            rowByRow(ds, writes.subList(0, baselineRows));
            double baselineRate = baselineRows / ((System.nanoTime() - t0) / 1e9);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("TRUNCATE notion_characters_sync");
            }

            t0 = System.nanoTime();
            for (int i = 0; i < records; i += 100) {
                repo.writeBatch("bench-user", TargetKind.CHARACTERS, writes.subList(i, Math.min(records, i + 100)),
                        null);
            }
            double batchedRate = records / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("upsert %,d records: %,.0f records/s batched; baseline row-by-row (%,d rows) %,.0f"
                    + " records/s; ratio %.1fx%n", records, batchedRate, baselineRows, baselineRate,
                    batchedRate / baselineRate);

            long xid;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT txid_current()")) {
                rs.next();
                xid = rs.getLong(1);
            }
            t0 = System.nanoTime();
            int written = 0;
            for (int i = 0; i < records; i += 100) {
                written += repo.writeBatch("bench-user", TargetKind.CHARACTERS,
                        writes.subList(i, Math.min(records, i + 100)), null);
            }
            double resyncRate = records / ((System.nanoTime() - t0) / 1e9);
            try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT count(*) FROM notion_characters_sync"
                         + " WHERE xmin::text::bigint > " + (xid & 0xFFFFFFFFL))) {
                rs.next();
                System.out.printf("re-sync of %,d unchanged records: %d written, %d new row versions, %,.0f"
                        + " records/s%n", records, written, rs.getLong(1), resyncRate);
            }

            fill(ds, millionRows);
            NotionSyncQueries queries = NotionSyncQueries.create(ds);
            String[] searches = {"magic system", "ranger north", "dragon", "\"silver tower\"", "storm -sea",
                "ancient kingdom", "memory spell", "harbour"};
            String[] names = {"Aragorn", "aragorn", "Aragon", "ARAGORN", "Gandalf", "Legolas"};
            for (int i = 0; i < 20; i++) { // warm-up
                queries.search("user-1", searches[i % searches.length], 20);
                queries.findCharacter("user-1", names[i % names.length]);
            }
            long[] search = new long[200];
            long[] lookup = new long[200];
            for (int i = 0; i < 200; i++) {
                long s0 = System.nanoTime();
                queries.search("user-" + (i % 50), searches[i % searches.length], 20);
                search[i] = System.nanoTime() - s0;
                s0 = System.nanoTime();
                queries.findCharacter("user-" + (i % 50), names[i % names.length]);
                lookup[i] = System.nanoTime() - s0;
            }
            System.out.printf("%,d rows: search_notion_content p50 %.1f ms, p95 %.1f ms;"
                    + " get_notion_character p50 %.2f ms, p95 %.2f ms%n", millionRows,
                    pct(search, 50), pct(search, 95), pct(lookup, 50), pct(lookup, 95));
            ds.close();
        }
    }

    private static double pct(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e6;
    }

    private static void rowByRow(DataSource ds, List<PageWrite> writes) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO notion_characters_sync (user_id, notion_page_id, notion_database_id, name, description,"
                        + " role, tags, properties, raw, content, content_markdown, word_count, content_hash, url,"
                        + " notion_created_time, notion_last_edited_time, synced_at)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, now())"
                        + " ON CONFLICT (user_id, notion_page_id) DO UPDATE SET name = excluded.name,"
                        + " content = excluded.content, content_hash = excluded.content_hash"
                        + " WHERE notion_characters_sync.content_hash <> excluded.content_hash")) {
            for (PageWrite w : writes) {
                PageRecord r = w.record();
                ps.setString(1, "bench-user");
                ps.setObject(2, UUID.fromString(r.pageId().value()));
                ps.setObject(3, UUID.fromString(r.databaseId().value()));
                ps.setString(4, r.title());
                ps.setString(5, (String) r.fields().get("description"));
                ps.setString(6, (String) r.fields().get("role"));
                ps.setArray(7, c.createArrayOf("text", ((List<?>) r.fields().get("tags")).toArray()));
                ps.setString(8, mapper.writeValueAsString(r.properties()));
                ps.setString(9, mapper.writeValueAsString(r.raw()));
                ps.setString(10, r.contentText());
                ps.setString(11, r.contentMarkdown());
                ps.setInt(12, r.wordCount());
                ps.setString(13, w.contentHash());
                ps.setString(14, r.url());
                ps.setObject(15, java.sql.Timestamp.from(r.createdTime()));
                ps.setObject(16, java.sql.Timestamp.from(r.lastEditedTime()));
                ps.executeUpdate();
            }
        }
    }

    /** 10^6 rows spread over the five tables and 50 users, with generated prose. */
    private static void fill(DataSource ds, int rows) throws Exception {
        // A 3,000-word vocabulary (25 real words, the rest synthetic), so a word occurs in about 2 %
        // of the documents, as in real prose, rather than in all of them.
        String words = "(ARRAY['magic','system','ranger','north','dragon','silver','tower','storm','sea','ancient',"
                + "'kingdom','memory','spell','harbour','forest','river','sword','crown','shadow','light','winter',"
                + "'journey','secret','library','oath'] || ARRAY(SELECT 'w' || n FROM generate_series(26, 3000) n))";
        String prose = "(SELECT string_agg(v.words[1 + ((g * 7919 + w * 104729) % 3000)], ' ')"
                + " FROM generate_series(1, 60) w)";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            int per = rows / 5;
            s.execute("CREATE TEMP TABLE v AS SELECT " + words + " AS words");
            prose = prose.replace("FROM generate_series(1, 60) w)", "FROM generate_series(1, 60) w, v)");
            s.execute("INSERT INTO notion_characters_sync (user_id, notion_page_id, name, description, content,"
                    + " content_hash) SELECT 'user-' || (g % 50), gen_random_uuid(),"
                    + " initcap(v.words[1 + (g * 31 % 3000)]) || ' ' || initcap(v.words[1 + (g * 17 % 2999)]) || ' ' || g,"
                    + " 'A character', " + prose + ", 'h' FROM generate_series(1, " + per + ") g, v");
            s.execute("INSERT INTO notion_characters_sync (user_id, notion_page_id, name, content, content_hash)"
                    + " SELECT 'user-' || g, gen_random_uuid(), 'Aragorn', 'Ranger of the north', 'h'"
                    + " FROM generate_series(0, 49) g");
            for (String table : new String[] {"notion_worlds_sync", "notion_stories_sync", "notion_chat_sessions_sync",
                "notion_pages_sync"}) {
                String title = table.equals("notion_worlds_sync") ? "name" : "title";
                s.execute("INSERT INTO " + table + " (user_id, notion_page_id, " + title + ", content, content_hash)"
                        + " SELECT 'user-' || (g % 50), gen_random_uuid(), 'Page ' || g, " + prose + ", 'h'"
                        + " FROM generate_series(1, " + per + ") g, v");
            }
            s.execute("ANALYZE");
        }
    }

    private static PageRecord record(int i, NotionId database) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode properties = f.objectNode();
        String name = "Character " + i;
        properties.putObject("Name").put("id", "title").put("type", "title").put("value", name).put("text", name);
        properties.putObject("Role").put("id", "r").put("type", "select").put("value", "Ranger").put("text", "Ranger");
        properties.putObject("Age").put("id", "a").put("type", "number").put("value", 87).put("text", "87");
        ObjectNode raw = f.objectNode().put("object", "page").put("id", UUID.nameUUIDFromBytes(("p" + i).getBytes())
                .toString());
        raw.set("properties", properties);
        Map<String, Object> fields = new LinkedHashMap<>();
        fields.put("description", "Heir of Isildur number " + i);
        fields.put("role", "Ranger");
        fields.put("tags", List.of("dunedain", "king"));
        String content = ("Chapter " + i + ": the ranger walked north through the silver forest. ").repeat(20);
        NotionId id = NotionId.parse(UUID.nameUUIDFromBytes(("p" + i).getBytes()).toString());
        return new PageRecord(id, database, null, TargetKind.CHARACTERS, name, fields, properties, "Name: " + name,
                content, content, 220, Instant.parse("2026-01-01T00:00:00Z"), Instant.parse("2026-06-01T00:00:00Z"),
                "https://www.notion.so/" + id.compact(), false, raw, List.of());
    }
}
