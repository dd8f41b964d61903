package io.github.notionsync.jooq;

import io.github.notionsync.NotionSync;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * notion-sync on one PostgreSQL database and schema: the one place the data source and the schema
 * are given, handing out every piece built on them.
 *
 * <pre>{@code
 * NotionSyncPostgres postgres = NotionSyncPostgres.create(dataSource, "notion_sync");
 * postgres.migrate();
 * PostgresSyncLocks locks = postgres.locks();
 * NotionSync engine = NotionSync.builder().repository(postgres.repository()).locks(locks)
 *         .connections(postgres.connections(TokenEncryptionKeys.of(key)).build()).build();
 * NotionSyncScheduler scheduler = postgres.scheduler(engine).seedMaintenance(postgres.maintenance()).build();
 * }</pre>
 *
 * The pieces are light and thread-safe; {@link #repository()}, {@link #queries()},
 * {@link #maintenance()} and {@link #outbox()} return one instance each, the others a new one per call (locks and
 * schedulers are per engine, connection sources carry their keys).
 */
public final class NotionSyncPostgres {

    private final DataSource dataSource;
    private final String schema;
    private final JooqSyncRepository repository;
    private final NotionSyncQueries queries;
    private final NotionSyncMaintenance maintenance;
    private final JooqEmbeddingStore embeddingStore;
    private final JooqOutboxRepository outbox;

    private NotionSyncPostgres(DataSource dataSource, String schema) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.schema = SchemaName.require(schema);
        this.repository = JooqSyncRepository.create(dataSource, schema);
        this.queries = NotionSyncQueries.create(dataSource, schema);
        this.maintenance = NotionSyncMaintenance.create(dataSource, schema);
        this.embeddingStore = JooqEmbeddingStore.create(dataSource, schema);
        this.outbox = JooqOutboxRepository.create(dataSource, schema);
    }

    /** notion-sync in the {@value NotionSyncMigrations#DEFAULT_SCHEMA} schema. */
    public static NotionSyncPostgres create(DataSource dataSource) {
        return new NotionSyncPostgres(dataSource, NotionSyncMigrations.DEFAULT_SCHEMA);
    }

    /**
     * notion-sync in {@code schema}.
     *
     * @throws IllegalArgumentException if the schema is not a lower-case SQL identifier
     */
    public static NotionSyncPostgres create(DataSource dataSource, String schema) {
        return new NotionSyncPostgres(dataSource, schema);
    }

    /** The data source everything uses. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** The schema of notion-sync's tables. */
    public String schema() {
        return schema;
    }

    /** The migrations of the schema. */
    public NotionSyncMigrations migrations() {
        return NotionSyncMigrations.create(dataSource).schema(schema);
    }

    /** Applies pending migrations; returns how many ran. */
    public int migrate() {
        return migrations().migrate();
    }

    /** The storage the engine writes to. */
    public JooqSyncRepository repository() {
        return repository;
    }

    /** The outbox of changes written back to Notion (give it to the engine's builder). */
    public JooqOutboxRepository outbox() {
        return outbox;
    }

    /** Search and lookups, as the SQL functions. */
    public NotionSyncQueries queries() {
        return queries;
    }

    /** The seed's maintenance jobs. */
    public NotionSyncMaintenance maintenance() {
        return maintenance;
    }

    /** Locks shared by every instance on this database, with the default lease; close them with the engine. */
    public PostgresSyncLocks locks() {
        return PostgresSyncLocks.create(dataSource, schema);
    }

    /** Locks shared by every instance on this database, with the given lease. */
    public PostgresSyncLocks locks(Duration lease) {
        return PostgresSyncLocks.create(dataSource, schema, lease);
    }

    /** A builder of the {@code notion_sync_connections} source, tokens under {@code keys}. */
    public NotionSyncConnections.Builder connections(TokenEncryptionKeys keys) {
        return NotionSyncConnections.builder(dataSource, keys).schema(schema);
    }

    /** A builder of the scheduler that runs {@code engine}'s work on this database. */
    public NotionSyncScheduler.Builder scheduler(NotionSync engine) {
        return NotionSyncScheduler.builder(dataSource, engine).schema(schema);
    }

    /** The store of passages and their vectors, for an {@link io.github.notionsync.EmbeddingWorker}. */
    public JooqEmbeddingStore embeddingStore() {
        return embeddingStore;
    }

    /** A builder of semantic and hybrid search over the passages embedded by {@code embedder}'s model. */
    public SemanticSearch.Builder semanticSearch(io.github.notionsync.spi.Embedder embedder) {
        return SemanticSearch.builder(dataSource, embedder).schema(schema).store(embeddingStore);
    }

    /** A builder of the change feed of this schema (start it, close it on shutdown). */
    public ChangeFeed.Builder changeFeed() {
        return ChangeFeed.builder(dataSource).schema(schema);
    }

    @Override
    public String toString() {
        return "NotionSyncPostgres[" + schema + "]";
    }
}
