package io.github.notionsync.jooq;

import java.util.Map;
import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Creates and upgrades notion-sync's PostgreSQL schema with Flyway.
 *
 * <p>The migrations keep their own history table, {@value #HISTORY_TABLE}, so they never mix with
 * the host application's own Flyway migrations, even in the same schema. The default schema is
 * {@code public}, so that the seed's SQL ({@code SELECT * FROM notion_characters_sync …}) works
 * without qualifying names.
 *
 * <pre>{@code
 * NotionSyncMigrations.create(dataSource).schema("notion").migrate();
 * }</pre>
 */
public final class NotionSyncMigrations {

    /** The schema used when none is set. */
    public static final String DEFAULT_SCHEMA = "public";
    /** Flyway's history table for notion-sync's own migrations. */
    public static final String HISTORY_TABLE = "notion_sync_schema_history";

    static final String LOCATION = "classpath:io/github/notionsync/jooq/migration";

    private final DataSource dataSource;
    private String schema = DEFAULT_SCHEMA;

    private NotionSyncMigrations(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** Migrations for the database behind {@code dataSource}. */
    public static NotionSyncMigrations create(DataSource dataSource) {
        return new NotionSyncMigrations(dataSource);
    }

    /**
     * The schema to create the tables in; created if missing.
     *
     * @param schema a lower-case SQL identifier
     * @throws IllegalArgumentException if it is not one
     */
    public NotionSyncMigrations schema(String schema) {
        this.schema = SchemaName.require(schema);
        return this;
    }

    /** Applies every pending migration and returns how many ran. */
    public int migrate() {
        MigrateResult result = flyway().migrate();
        return result.migrationsExecuted;
    }

    /** Applies the migrations up to and including {@code version}, as an older release did (for upgrade tests). */
    int migrateTo(String version) {
        return Flyway.configure(NotionSyncMigrations.class.getClassLoader()).configuration(flyway().getConfiguration())
                .target(version).load().migrate().migrationsExecuted;
    }

    /** The schema version after the last applied migration, or {@code null} if none ran yet. */
    public String currentVersion() {
        var current = flyway().info().current();
        return current == null ? null : current.getVersion().getVersion();
    }

    private Flyway flyway() {
        return Flyway.configure(NotionSyncMigrations.class.getClassLoader())
                .dataSource(dataSource)
                .schemas(schema)
                .defaultSchema(schema)
                .createSchemas(true)
                .table(HISTORY_TABLE)
                .locations(LOCATION)
                .placeholders(Map.of("schema", schema))
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load();
    }
}
