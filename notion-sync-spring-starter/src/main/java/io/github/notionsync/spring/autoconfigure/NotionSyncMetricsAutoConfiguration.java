package io.github.notionsync.spring.autoconfigure;

import io.github.notionsync.NotionSync;
import io.github.notionsync.jooq.NotionSyncScheduler;
import io.github.notionsync.spring.internal.NotionSyncMetrics;
import io.github.notionsync.spring.internal.SchedulerMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Micrometer metrics of notion-sync, once Micrometer's registry exists (this runs after Spring
 * Boot's metrics auto-configuration): {@code notion.sync.runs}, {@code notion.sync.pages},
 * {@code notion.sync.requests}, {@code notion.sync.retries}, {@code notion.sync.duration} per run,
 * and the gauges {@code notion.sync.scheduler.due} and {@code notion.sync.scheduler.lag}. Each
 * bean backs off when the application defines its own.
 */
@AutoConfiguration(after = NotionSyncAutoConfiguration.class, afterName = {
    "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
    "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"})
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean({MeterRegistry.class, NotionSync.class})
public class NotionSyncMetricsAutoConfiguration {

    /** Counts and times every database run (a {@link io.github.notionsync.SyncListener} of the engine). */
    @Bean
    @ConditionalOnMissingBean
    NotionSyncMetrics notionSyncMetrics(MeterRegistry registry) {
        return new NotionSyncMetrics(registry);
    }

    /** The backlog gauges, bound to every registry by Spring Boot. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnBean(NotionSyncScheduler.class)
    SchedulerMetrics notionSyncSchedulerMetrics(NotionSyncScheduler scheduler) {
        return new SchedulerMetrics(scheduler, Duration.ofSeconds(5));
    }
}
