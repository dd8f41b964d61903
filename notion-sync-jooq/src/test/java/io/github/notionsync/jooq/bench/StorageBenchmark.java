package io.github.notionsync.jooq.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.TargetKind;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.testkit.postgres.PostgresServers;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * PostgreSQL storage benchmark, each figure beside a baseline measured in the same run:
 * <ol>
 *   <li>upserting 100,000 records through {@link JooqSyncRepository} (batches of 100, as the
 *       engine writes) against a row-by-row {@code INSERT … ON CONFLICT} baseline, by one writer
 *       and by two at once, and against what one {@code INSERT … SELECT} inside PostgreSQL
 *       achieves (the server's own floor);</li>
 *   <li>re-writing the same 100,000 unchanged records: row versions created (must be 0);</li>
 *   <li>{@code search_notion_content} and {@code get_notion_character} latency with 10^6 rows
 *       across the five tables ({@link QueryBenchmark}).</li>
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
            com.zaxxer.hikari.HikariDataSource ds = BenchData.pool(db.jdbcUrl(), db.user());
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

            serverFloor(ds, records, batchedRate);
            parallelWriters(repo, writes);

            BenchData.fill(ds, millionRows);
            QueryBenchmark.measure(ds);
            ds.close();
        }
    }

    /**
     * The engine syncs connections in parallel: the same records written by two threads at once,
     * as two users, each in batches of 100 (aggregate records/s).
     */
    private static void parallelWriters(JooqSyncRepository repo, List<PageWrite> writes) throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            int half = writes.size() / 2;
            long t0 = System.nanoTime();
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String user = "parallel-user-" + w;
                List<PageWrite> mine = writes.subList(w * half, (w + 1) * half);
                done.add(pool.submit(() -> {
                    for (int i = 0; i < mine.size(); i += 100) {
                        repo.writeBatch(user, TargetKind.CHARACTERS, mine.subList(i, Math.min(mine.size(), i + 100)),
                                null);
                    }
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
            System.out.printf("upsert %,d records by 2 writers at once: %,.0f records/s in all%n", 2 * half,
                    2 * half / ((System.nanoTime() - t0) / 1e9));
        } finally {
            pool.shutdown();
        }
    }

    /**
     * What PostgreSQL itself can insert into the table, with no client at all: the same number of
     * rows of the same shape generated by one INSERT ... SELECT, and the share of that time spent
     * computing the search vector's to_tsvector over the content.
     */
    private static void serverFloor(DataSource ds, int records, double batchedRate) throws Exception {
        String rows = " FROM generate_series(1, " + records + ") g";
        String content = "repeat('Chapter ' || g || ': the ranger walked north through the silver forest. ', 20)";
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            long t0 = System.nanoTime();
            s.execute("INSERT INTO notion_characters_sync (user_id, notion_page_id, notion_database_id, name,"
                    + " description, role, tags, properties, raw, content, content_markdown, word_count, content_hash,"
                    + " url, notion_created_time, notion_last_edited_time) SELECT 'floor-user', gen_random_uuid(),"
                    + " gen_random_uuid(), 'Character ' || g, 'Heir of Isildur number ' || g, 'Ranger',"
                    + " ARRAY['dunedain', 'king'], jsonb_build_object('Name', jsonb_build_object('id', 'title', 'type',"
                    + " 'title', 'value', 'Character ' || g, 'text', 'Character ' || g), 'Role', jsonb_build_object("
                    + "'id', 'r', 'type', 'select', 'value', 'Ranger', 'text', 'Ranger'), 'Age', jsonb_build_object("
                    + "'id', 'a', 'type', 'number', 'value', 87, 'text', '87')), jsonb_build_object('object', 'page',"
                    + " 'id', gen_random_uuid()), " + content + ", " + content + ", 220, 'hash-' || g,"
                    + " 'https://www.notion.so/x', now(), now()" + rows);
            double floor = records / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            s.execute("SELECT sum(length(to_tsvector('english', " + content + ")))" + rows);
            double ftsSeconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("server floor (one INSERT ... SELECT of %,d rows inside PostgreSQL): %,.0f records/s;"
                    + " batched upsert reaches %.0f %% of it; to_tsvector of the content alone takes %.0f %% of"
                    + " the floor's time%n", records, floor, 100 * batchedRate / floor,
                    100 * ftsSeconds / (records / floor));
            s.execute("DELETE FROM notion_characters_sync WHERE user_id = 'floor-user'");
        }
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
