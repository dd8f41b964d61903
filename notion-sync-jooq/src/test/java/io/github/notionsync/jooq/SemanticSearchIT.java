package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.notionsync.EmbeddingWorker;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.embeddings.MiniLmEmbedder;
import io.github.notionsync.spi.Embedder;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.testkit.contract.TestRecords;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Semantic search on this machine's PostgreSQL (the portable path when pgvector is missing): the
 * demo workspace synced from the emulator over HTTP, embedded in the background by the
 * scheduler's worker with the real in-JVM model, and searched.
 */
class SemanticSearchIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    static DataSource ds;
    static NotionSyncPostgres pg;
    static final Embedder MODEL = MiniLmEmbedder.shared();

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        pg = NotionSyncPostgres.create(ds, "semantic");
        pg.migrate();
    }

    @Test
    void syncsNeverWaitForTheModelAndTheBacklogDrainsInTheBackground() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Embedder slow = new Embedder() {
            public String modelId() {
                return MODEL.modelId();
            }

            public int dimensions() {
                return MODEL.dimensions();
            }

            public List<float[]> embed(List<String> texts) {
                calls.incrementAndGet();
                try {
                    release.await(120, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return MODEL.embed(texts);
            }
        };
        EmbeddingWorker worker = EmbeddingWorker.builder().embedder(slow).store(pg.embeddingStore()).build();
        SemanticSearch search = pg.semanticSearch(MODEL).build();
        try (NotionEmulator notion = NotionEmulator.builder().build().start()) {
            DemoWorkspace demo = notion.workspace().loadDemo();
            try (NotionSync sync = engine(notion, demo, "slow-user");
                 NotionSyncScheduler scheduler = pg.scheduler(sync).syncConnections(false)
                         .embeddings(worker, Duration.ofMillis(100)).pollingInterval(Duration.ofMillis(100)).build()) {
                scheduler.start();
                SyncReport first = sync.syncAll("slow-user");
                assertThat(first.outcome()).isEqualTo(SyncOutcome.SUCCESS);
                await().atMost(Duration.ofSeconds(20)).until(() -> calls.get() > 0);
                // the model is stuck on the first page: another sync still runs to its end
                EmulatedPage galadriel = demo.characters().addPage(io.github.notionsync.testkit.emulator.PropertyValues
                        .builder().title("Galadriel").text("Bio", "Lady of the golden wood of Lothlorien.").build());
                // bounded: a sync that waited for the model would still be waiting
                SyncReport second = java.util.concurrent.CompletableFuture.supplyAsync(() -> sync.syncAll("slow-user"))
                        .get(30, TimeUnit.SECONDS);
                assertThat(second.outcome()).isEqualTo(SyncOutcome.SUCCESS);
                assertThat(second.inserted()).isEqualTo(1);
                assertThat(release.getCount()).as("the model is still blocked").isEqualTo(1);
                assertThat(worker.backlog()).isGreaterThan(15);

                release.countDown();
                await().atMost(Duration.ofSeconds(90)).until(() -> worker.backlog() == 0);
                assertThat(search.semanticSearch("slow-user", "the lady of the golden forest", 3, Set.of()))
                        .extracting(h -> h.pageId().value()).contains(NotionId.parse(galadriel.id()).value());
            } finally {
                release.countDown();
            }
        }
    }

    @Test
    void theDemoIsFoundByMeaningAndADeletedPageLeavesTheResults() throws Exception {
        EmbeddingWorker worker = EmbeddingWorker.builder().embedder(MODEL).store(pg.embeddingStore()).build();
        SemanticSearch search = pg.semanticSearch(MODEL).build();
        assertThat(search.pgvector()).isEqualTo(pgvectorAvailable());
        try (NotionEmulator notion = NotionEmulator.builder().build().start()) {
            DemoWorkspace demo = notion.workspace().loadDemo();
            try (NotionSync sync = engine(notion, demo, "demo-user")) {
                sync.syncAll("demo-user");
                worker.drain(Duration.ofMinutes(2));
                assertThat(worker.backlog()).isZero();

                List<SearchHit> hits = search.semanticSearch("demo-user", "who rules the courts of the ebbing sea?", 3,
                        Set.of(TargetKind.CHARACTERS));
                assertThat(hits).isNotEmpty().allSatisfy(h -> assertThat(h.kind()).isEqualTo("character"));
                assertThat(hits.get(0).title()).isEqualTo("Morwen the Ebb Queen");
                assertThat(hits.get(0).snippet()).contains("low-tide courts");
                assertThat(hits.get(0).rank()).isBetween(0.0, 1.0);

                String fae = "a seaside town where fairies hold markets at night";
                assertThat(search.semanticSearch("demo-user", fae, 1, Set.of()))
                        .extracting(SearchHit::title).containsExactly("Ravenhollow");
                assertThat(search.hybridSearch("demo-user", fae, 3, Set.of()))
                        .extracting(SearchHit::title).first().isEqualTo("Ravenhollow");

                // the page is trashed in Notion and a full pass notices
                notion.workspace().page(ravenhollow(demo)).orElseThrow().trash();
                sync.syncAll("demo-user", true, io.github.notionsync.WhenBusy.WAIT);
                assertThat(search.semanticSearch("demo-user", fae, 5, Set.of()))
                        .as("gone from results at once").extracting(SearchHit::title).doesNotContain("Ravenhollow");
                assertThat(worker.backlog()).isEqualTo(1);
                assertThat(worker.runOnce().pagesRemoved()).isEqualTo(1);
                assertThat(count("SELECT count(*) FROM semantic.notion_sync_embeddings e JOIN semantic.notion_worlds_sync w"
                        + " ON w.user_id = e.user_id AND w.notion_page_id = e.notion_page_id WHERE w.name = 'Ravenhollow'"
                        + " AND e.user_id = 'demo-user'"))
                        .isZero();
                assertThat(worker.backlog()).isZero();

                // a client bringing its own vector, through the SQL function
                float[] q = MODEL.embed(List.of("who rules the courts of the ebbing sea?")).get(0);
                try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                        "SELECT kind, passage, similarity FROM semantic.semantic_search_notion_passages(?, ?::real[], 3)")) {
                    ps.setString(1, "demo-user");
                    ps.setString(2, new EmbeddingColumn(false, "real[]").literal(q));
                    try (ResultSet rs = ps.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getString(1)).isEqualTo("character");
                        assertThat(rs.getString(2)).startsWith("Morwen the Ebb Queen");
                        assertThat(rs.getDouble(3)).isBetween(0.2, 1.0);
                    }
                }
            }
        }
    }

    @Test
    void anEditedParagraphReEmbedsOnlyItsPassageAndAModelChangeReEmbedsAll() throws Exception {
        NotionSyncPostgres pg = migrated("semantic_edit");
        AtomicInteger embedded = new AtomicInteger();
        Embedder counting = counting(MODEL, MODEL.modelId(), embedded);
        EmbeddingWorker worker = EmbeddingWorker.builder().embedder(counting).store(pg.embeddingStore()).build();
        NotionId id = TestRecords.randomId();
        String before = section("Harbour", "ships") + section("Market", "spices") + section("Citadel", "guards");
        write(pg, "edit-user", id, before, "h1");
        EmbeddingWorker.Round first = worker.runOnce();
        assertThat(first.pagesEmbedded()).isEqualTo(1);
        int passages = first.passagesEmbedded();
        assertThat(passages).isGreaterThanOrEqualTo(3);
        assertThat(embedded.get()).isEqualTo(passages);
        List<String> hashesBefore = hashes(pg, "edit-user");

        String after = section("Harbour", "ships") + section("Market", "silk") + section("Citadel", "guards");
        write(pg, "edit-user", id, after, "h2");
        embedded.set(0);
        EmbeddingWorker.Round second = worker.runOnce();
        assertThat(second.passagesEmbedded()).isEqualTo(1);
        assertThat(second.passagesReused()).isEqualTo(passages - 1);
        assertThat(embedded.get()).isEqualTo(1);
        List<String> hashesAfter = hashes(pg, "edit-user");
        assertThat(hashesAfter).hasSize(hashesBefore.size());
        int changed = 0;
        for (int i = 0; i < hashesAfter.size(); i++) {
            changed += hashesAfter.get(i).equals(hashesBefore.get(i)) ? 0 : 1;
        }
        assertThat(changed).isEqualTo(1);
        assertThat(worker.runOnce().didWork()).isFalse();

        // another model: every page is out of date and re-embedded in the background
        EmbeddingWorker other = EmbeddingWorker.builder().embedder(counting(MODEL, "other-model", embedded))
                .store(pg.embeddingStore()).build();
        assertThat(other.backlog()).isGreaterThanOrEqualTo(1);
        other.drain(Duration.ofMinutes(1));
        assertThat(other.backlog()).isZero();
        assertThat(count("SELECT count(*) FROM semantic_edit.notion_sync_embeddings WHERE user_id = 'edit-user'"
                + " AND model <> 'other-model'")).isZero();
    }

    @Test
    void aPageTheModelFailsOnIsSkippedAndTheOthersAreEmbedded() throws Exception {
        Embedder picky = new Embedder() {
            public String modelId() {
                return "picky-model";
            }

            public int dimensions() {
                return MODEL.dimensions();
            }

            public List<float[]> embed(List<String> texts) {
                if (texts.stream().anyMatch(t -> t.contains("poison"))) {
                    throw new IllegalStateException("the model refused");
                }
                return MODEL.embed(texts);
            }
        };
        NotionSyncPostgres pg = migrated("semantic_picky");
        EmbeddingWorker worker = EmbeddingWorker.builder().embedder(picky).store(pg.embeddingStore()).build();
        write(pg, "picky-user", TestRecords.randomId(), "A poison page.", "p1");
        write(pg, "picky-user", TestRecords.randomId(), "A healthy page about gardens.", "p2");
        EmbeddingWorker.Round r = worker.drain(Duration.ofSeconds(30));
        assertThat(r.pagesFailed()).isEqualTo(1);
        assertThat(r.pagesEmbedded()).isGreaterThanOrEqualTo(1);
        assertThat(count("SELECT count(*) FROM semantic_picky.notion_sync_embedded_pages WHERE user_id = 'picky-user'"
                + " AND error = 'the model refused'")).isEqualTo(1);
        assertThat(count("SELECT count(*) FROM semantic_picky.notion_sync_embeddings WHERE user_id = 'picky-user'"))
                .isEqualTo(1);
    }

    @Test
    void userANeverSeesUserBsPassagesThroughTheApiOrSql() throws Exception {
        EmbeddingWorker worker = EmbeddingWorker.builder().embedder(MODEL).store(pg.embeddingStore()).build();
        write(pg, "user-a", TestRecords.randomId(), "The orchard grows pears and apples in autumn.", "a1");
        write(pg, "user-b", TestRecords.randomId(), "The secret vault holds the crown jewels of the realm.", "b1");
        worker.drain(Duration.ofMinutes(1));
        SemanticSearch search = pg.semanticSearch(MODEL).build();
        assertThat(search.semanticSearch("user-a", "where are the crown jewels kept?", 10, Set.of()))
                .isNotEmpty().allSatisfy(h -> assertThat(h.snippet()).doesNotContain("vault"));
        assertThat(search.hybridSearch("user-a", "crown jewels vault", 10, Set.of()))
                .allSatisfy(h -> assertThat(h.snippet()).doesNotContain("vault"));
        assertThat(search.semanticSearch("user-b", "where are the crown jewels kept?", 1, Set.of()))
                .extracting(SearchHit::snippet).allSatisfy(s -> assertThat(s).contains("vault"));
        // a page added later joins the loaded index; one deleted leaves the results
        NotionId pond = TestRecords.randomId();
        write(pg, "user-a", pond, "Ducks and herons live by the pond behind the mill.", "a2");
        worker.drain(Duration.ofMinutes(1));
        assertThat(search.semanticSearch("user-a", "water birds", 1, Set.of()))
                .extracting(SearchHit::snippet).allSatisfy(s -> assertThat(s).contains("herons"));
        pg.repository().markDeleted("user-a", TargetKind.PAGES, List.of(pond), "gone", java.time.Instant.now());
        worker.drain(Duration.ofMinutes(1));
        assertThat(search.semanticSearch("user-a", "water birds", 5, Set.of()))
                .allSatisfy(h -> assertThat(h.snippet()).doesNotContain("herons"));
        assertThatThrownBy(() -> search.semanticSearch("", "x", 1, Set.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> search.semanticSearch("user-a", "x", 0, Set.of()))
                .isInstanceOf(IllegalArgumentException.class);

        String role = "nst_sem_" + Long.toHexString(Double.doubleToLongBits(Math.random())).substring(0, 10);
        try (Connection owner = ds.getConnection(); Statement s = owner.createStatement()) {
            s.execute("CREATE ROLE " + role + " LOGIN");
            s.execute("GRANT USAGE ON SCHEMA semantic TO " + role);
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA semantic TO " + role);
            s.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA semantic TO " + role);
        }
        Properties p = new Properties();
        p.setProperty("user", role);
        float[] q = MODEL.embed(List.of("crown jewels")).get(0);
        String literal = new EmbeddingColumn(false, "real[]").literal(q);
        try (Connection app = DriverManager.getConnection(postgres.database().jdbcUrl(), p);
             Statement s = app.createStatement()) {
            s.execute("SELECT set_config('notion_sync.user_id', 'user-a', false)");
            assertThat(scalar(s, "SELECT count(DISTINCT user_id) FROM semantic.notion_sync_embeddings")).isEqualTo(1);
            assertThat(scalar(s, "SELECT count(*) FROM semantic.notion_sync_embeddings WHERE user_id = 'user-b'")).isZero();
            assertThat(scalar(s, "SELECT count(*) FROM semantic.semantic_search_notion_passages('user-b', '"
                    + literal + "'::real[], 10)")).isZero();
            assertThat(scalar(s, "SELECT count(*) FROM semantic.semantic_search_notion_passages('user-a', '"
                    + literal + "'::real[], 10)")).isEqualTo(1);
        } finally {
            try (Connection owner = ds.getConnection(); Statement s = owner.createStatement()) {
                s.execute("DROP OWNED BY " + role);
                s.execute("DROP ROLE " + role);
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    static NotionSync engine(NotionEmulator notion, DemoWorkspace demo, String user) {
        return NotionSync.builder().repository(pg.repository()).clock(notion.clock().asClock())
                .connection(new SyncConnection(user, HttpNotionClient.builder().token(demo.token())
                        .baseUrl(notion.baseUrl()).noRateLimit().build(), demo.databaseConfigs()))
                .build();
    }

    private static String ravenhollow(DemoWorkspace demo) throws Exception {
        try (Statement s = ds.getConnection().createStatement();
             ResultSet rs = s.executeQuery("SELECT notion_page_id FROM semantic.notion_worlds_sync"
                     + " WHERE user_id = 'demo-user' AND name = 'Ravenhollow'")) {
            rs.next();
            return rs.getString(1);
        }
    }

    /** A section of about 120 words: its own passage. */
    private static String section(String heading, String topic) {
        StringBuilder sb = new StringBuilder("## ").append(heading).append("\n\n");
        for (int i = 0; i < 20; i++) {
            sb.append("The ").append(heading.toLowerCase()).append(" trades ").append(topic).append(" every day. ");
        }
        return sb.append("\n\n").toString();
    }

    private static NotionSyncPostgres migrated(String schema) {
        NotionSyncPostgres p = NotionSyncPostgres.create(ds, schema);
        p.migrate();
        return p;
    }

    private static void write(NotionSyncPostgres pg, String user, NotionId id, String markdown, String hash) {
        pg.repository().writeBatch(user, TargetKind.PAGES, List.of(new PageWrite(
                TestRecords.record(id, null, TargetKind.PAGES, "Port city notes", markdown), hash)), null);
    }

    private static List<String> hashes(NotionSyncPostgres pg, String user) throws Exception {
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "SELECT passage_hash FROM " + pg.schema() + ".notion_sync_embeddings WHERE user_id = ? ORDER BY passage_no")) {
            ps.setString(1, user);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static Embedder counting(Embedder model, String id, AtomicInteger counter) {
        return new Embedder() {
            public String modelId() {
                return id;
            }

            public int dimensions() {
                return model.dimensions();
            }

            public List<float[]> embed(List<String> texts) {
                counter.addAndGet(texts.size());
                return model.embed(texts);
            }
        };
    }

    static boolean pgvectorAvailable() throws Exception {
        return count("SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'") > 0;
    }

    private static long count(String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            return scalar(s, sql);
        }
    }

    private static long scalar(Statement s, String sql) throws Exception {
        try (ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
