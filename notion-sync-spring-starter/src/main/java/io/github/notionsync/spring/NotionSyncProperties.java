package io.github.notionsync.spring;

import io.github.notionsync.jooq.NotionSyncMigrations;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of notion-sync in a Spring Boot application, under {@code notion.sync.*}.
 */
@ConfigurationProperties(prefix = "notion.sync")
public class NotionSyncProperties {

    /**
     * Database schema that holds notion-sync's tables. The default, "public", lets the seed's SQL
     * name the tables without a schema.
     */
    private String schema = NotionSyncMigrations.DEFAULT_SCHEMA;

    private final Migrations migrations = new Migrations();

    public String getSchema() {
        return schema;
    }

    public void setSchema(String schema) {
        this.schema = schema;
    }

    public Migrations getMigrations() {
        return migrations;
    }

    /** Schema migrations of notion-sync's own tables. */
    public static class Migrations {

        /**
         * Whether to create and upgrade notion-sync's tables at start-up, with their own Flyway
         * history table beside the application's.
         */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }
}
