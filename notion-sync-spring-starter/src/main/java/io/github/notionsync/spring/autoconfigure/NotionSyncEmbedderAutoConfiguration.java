package io.github.notionsync.spring.autoconfigure;

import io.github.notionsync.embeddings.MiniLmEmbedder;
import io.github.notionsync.spi.Embedder;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The default {@link Embedder} when notion-sync-embeddings is on the classpath: all-MiniLM-L6-v2,
 * run in the JVM, one instance per JVM. Backs off when the application defines an
 * {@code Embedder}, and with {@code notion.sync.embeddings.enabled=false}.
 */
@AutoConfiguration
@ConditionalOnClass(name = "io.github.notionsync.embeddings.MiniLmEmbedder")
@ConditionalOnProperty(prefix = "notion.sync.embeddings", name = "enabled", matchIfMissing = true)
public class NotionSyncEmbedderAutoConfiguration {

    /** The model; loaded on first use. */
    @Bean
    @ConditionalOnMissingBean(Embedder.class)
    Embedder notionSyncEmbedder() {
        return MiniLmEmbedder.shared();
    }
}
