package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.notionsync.EmbeddingWorker;
import io.github.notionsync.TargetKind;
import io.github.notionsync.embeddings.MiniLmEmbedder;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.testkit.contract.TestRecords;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pgvector path: where the PostgreSQL offers the vector extension the migration makes a
 * vector column with an HNSW index, and search goes through it. Skipped (reported as such) where
 * the extension is not available, as on a PostgreSQL without the pgvector package.
 */
class PgvectorSemanticSearchIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    @Test
    void theMigrationPicksPgvectorAndSearchUsesTheHnswIndex() throws Exception {
        DataSource ds = postgres.database().dataSource();
        assumeTrue(scalar(ds, "SELECT count(*) FROM pg_available_extensions WHERE name = 'vector'") > 0,
                "the vector extension (pgvector) is not available on this PostgreSQL");
        NotionSyncPostgres pg = NotionSyncPostgres.create(ds, "semantic_pgvector");
        pg.migrate();
        assumeTrue(scalar(ds, "SELECT count(*) FROM pg_extension WHERE extname = 'vector'") > 0,
                "the vector extension is available but this role may not create it");
        assertThat(scalar(ds, "SELECT count(*) FROM pg_indexes WHERE schemaname = 'semantic_pgvector'"
                + " AND indexname = 'notion_sync_embeddings_hnsw_384_idx'")).isEqualTo(1);

        MiniLmEmbedder model = MiniLmEmbedder.shared();
        pg.repository().writeBatch("vec-user", TargetKind.PAGES, List.of(
                new PageWrite(TestRecords.record(TestRecords.randomId(), null, TargetKind.PAGES, "Orchard",
                        "The orchard grows pears and apples in autumn."), "o1"),
                new PageWrite(TestRecords.record(TestRecords.randomId(), null, TargetKind.PAGES, "Vault",
                        "The secret vault holds the crown jewels of the realm."), "v1")), null);
        EmbeddingWorker.builder().embedder(model).store(pg.embeddingStore()).build().drain(Duration.ofMinutes(1));
        SemanticSearch search = pg.semanticSearch(model).build();
        assertThat(search.pgvector()).isTrue();
        assertThat(search.semanticSearch("vec-user", "where are the crown jewels kept?", 1, Set.of()))
                .extracting(SearchHit::title).containsExactly("Vault");
        assertThat(search.semanticSearch("other-user", "where are the crown jewels kept?", 5, Set.of())).isEmpty();
        assertThat(search.indexStats().users()).as("no in-memory index with pgvector").isZero();
    }

    private static long scalar(DataSource ds, String sql) throws Exception {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
