package io.github.notionsync.spring.autoconfigure;

import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.spring.NotionSyncProperties;
import javax.sql.DataSource;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of notion-sync: its PostgreSQL schema on the application's
 * {@link DataSource}. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = DataSourceAutoConfiguration.class)
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(NotionSyncProperties.class)
public final class NotionSyncAutoConfiguration {

    /** Bean that brings notion-sync's tables up to date when the context starts. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "notion.sync.migrations", name = "enabled", matchIfMissing = true)
    NotionSyncSchemaInitializer notionSyncSchemaInitializer(DataSource dataSource, NotionSyncProperties properties) {
        return new NotionSyncSchemaInitializer(
                NotionSyncMigrations.create(dataSource).schema(properties.getSchema()));
    }

    /** Runs notion-sync's migrations once, when the bean is initialised. */
    public static final class NotionSyncSchemaInitializer implements InitializingBean {

        private final NotionSyncMigrations migrations;

        NotionSyncSchemaInitializer(NotionSyncMigrations migrations) {
            this.migrations = migrations;
        }

        @Override
        public void afterPropertiesSet() {
            migrations.migrate();
        }

        /** The migrations this initialiser runs. */
        public NotionSyncMigrations migrations() {
            return migrations;
        }
    }
}
