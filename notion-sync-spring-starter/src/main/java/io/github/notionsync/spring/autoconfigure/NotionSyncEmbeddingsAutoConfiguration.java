package io.github.notionsync.spring.autoconfigure;

import io.github.notionsync.EmbeddingWorker;
import io.github.notionsync.jooq.NotionSyncPostgres;
import io.github.notionsync.jooq.SemanticSearch;
import io.github.notionsync.spi.Embedder;
import io.github.notionsync.spring.NotionSyncConfigurationException;
import io.github.notionsync.spring.NotionSyncProperties;
import io.github.notionsync.spring.internal.EmbeddingMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Semantic search, when {@code notion.sync.embeddings.enabled} is not false and an
 * {@link Embedder} bean exists (the application's, or {@link NotionSyncEmbedderAutoConfiguration}'s
 * default with notion-sync-embeddings on the classpath): the {@link EmbeddingWorker} the
 * scheduler runs in the background (pages synced before are embedded too), the
 * {@link SemanticSearch} behind {@code GET /api/notion/search?mode=semantic|hybrid}, and the gauge
 * {@code notion.sync.embeddings.backlog} when Micrometer is present.
 */
@AutoConfiguration(after = {NotionSyncAutoConfiguration.class, NotionSyncEmbedderAutoConfiguration.class}, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnBean(NotionSyncPostgres.class)
@ConditionalOnProperty(prefix = "notion.sync.embeddings", name = "enabled", matchIfMissing = true)
public class NotionSyncEmbeddingsAutoConfiguration {

    /** What uses the model. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnBean(Embedder.class)
    static class Search {

        @Bean
        @ConditionalOnMissingBean
        EmbeddingWorker notionSyncEmbeddingWorker(NotionSyncPostgres postgres, Embedder embedder,
                NotionSyncProperties properties) {
            try {
                return EmbeddingWorker.builder().embedder(embedder).store(postgres.embeddingStore())
                        .pagesPerRound(properties.getEmbeddings().getPagesPerRound()).build();
            } catch (IllegalArgumentException e) {
                throw new NotionSyncConfigurationException("notion.sync.embeddings: " + e.getMessage());
            }
        }

        @Bean
        @ConditionalOnMissingBean
        SemanticSearch notionSyncSemanticSearch(NotionSyncPostgres postgres, Embedder embedder,
                NotionSyncProperties properties) {
            try {
                SemanticSearch search = postgres.semanticSearch(embedder)
                        .maxIndexBytes(properties.getEmbeddings().getMaxIndexMemory().toBytes()).build();
                search.pgvector(); // reads the column's type now, and logs which search path is in use
                return search;
            } catch (IllegalArgumentException e) {
                throw new NotionSyncConfigurationException("notion.sync.embeddings.max-index-memory: "
                        + e.getMessage());
            }
        }
    }

    /** The backlog gauge. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    @ConditionalOnBean({MeterRegistry.class, Embedder.class})
    static class Metrics {

        @Bean
        @ConditionalOnMissingBean
        EmbeddingMetrics notionSyncEmbeddingMetrics(EmbeddingWorker worker) {
            return new EmbeddingMetrics(worker, Duration.ofSeconds(5));
        }
    }
}
