package io.github.notionsync.spring.autoconfigure;

import io.github.notionsync.NotionSync;
import io.github.notionsync.spring.internal.NotionSyncHealthIndicator;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * The {@code notionSync} health indicator, when Actuator is present and
 * {@code management.health.notionsync.enabled} is not false: DOWN only when every database that
 * ran keeps failing.
 */
@AutoConfiguration(after = NotionSyncAutoConfiguration.class,
        afterName = "org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration")
@ConditionalOnClass(HealthIndicator.class)
@ConditionalOnBean(NotionSync.class)
public class NotionSyncHealthAutoConfiguration {

    // On the method, not the class: a class condition naming an Actuator class would fail to load
    // before @ConditionalOnClass could say that Actuator is absent.
    @Bean
    @ConditionalOnEnabledHealthIndicator("notionsync")
    @ConditionalOnMissingBean(name = "notionSyncHealthIndicator")
    NotionSyncHealthIndicator notionSyncHealthIndicator(NotionSync sync) {
        return new NotionSyncHealthIndicator(sync);
    }
}
