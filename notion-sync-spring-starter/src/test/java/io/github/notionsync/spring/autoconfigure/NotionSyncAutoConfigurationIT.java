package io.github.notionsync.spring.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

class NotionSyncAutoConfigurationIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private ApplicationContextRunner runner() {
        return runner(postgres.database());
    }

    /** The DataSource and notion-sync auto-configurations on a test database. */
    static ApplicationContextRunner runner(TestDatabase db) {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
                        NotionSyncAutoConfiguration.class, NotionSyncMetricsAutoConfiguration.class,
                        NotionSyncHealthAutoConfiguration.class))
                .withPropertyValues("spring.datasource.url=" + db.jdbcUrl(),
                        "spring.datasource.username=" + db.user());
    }

    @Test
    void migratesTheConfiguredSchemaOnTheApplicationsDataSource() {
        runner().withPropertyValues("notion.sync.schema=notion").run(context -> {
            assertThat(context).hasNotFailed()
                    .hasSingleBean(NotionSyncAutoConfiguration.NotionSyncSchemaInitializer.class);
            assertThat(tableCount(context.getBean(DataSource.class), "notion")).isGreaterThanOrEqualTo(8);
        });
    }

    @Test
    void theSchedulerBacklogGaugesExistAndMove() {
        runner().withConfiguration(org.springframework.boot.autoconfigure.AutoConfigurations.of(
                        org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration.class,
                        org.springframework.boot.actuate.autoconfigure.metrics.export.simple
                                .SimpleMetricsExportAutoConfiguration.class,
                        org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration
                                .class))
                .withPropertyValues("notion.sync.schema=gauges", "notion.sync.scheduler.enabled=false")
                .run(context -> {
                    var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                    var due = registry.find("notion.sync.scheduler.due").gauge();
                    var lag = registry.find("notion.sync.scheduler.lag").gauge();
                    assertThat(due).isNotNull();
                    assertThat(lag).isNotNull();
                    // No instance runs work here, so a queued request stays due.
                    try (var c = context.getBean(DataSource.class).getConnection(); var st = c.createStatement()) {
                        st.execute("SELECT gauges.sync_notion_database('user-id', NULL)");
                        st.execute("UPDATE gauges.notion_sync_scheduled_tasks SET execution_time = now() - interval '90 s'");
                    }
                    assertThat(due.value()).isEqualTo(1.0);
                    assertThat(lag.value()).isBetween(89.0, 150.0);
                });
    }

    private static final String[] UNREACHABLE_CONNECTION = {
        "notion.sync.connections[0].user-id=user-id", "notion.sync.connections[0].token=ntn_test_token",
        "notion.sync.connections[0].databases[0].id=393abc1eedcd80f3813be205934558c6",
        "notion.sync.connections[0].databases[0].kind=characters",
        "notion.sync.base-url=http://127.0.0.1:9", "notion.sync.retry.max-attempts=1",
        "notion.sync.schedule.sync.enabled=false"};

    private static AutoConfigurations metrics() {
        return AutoConfigurations.of(
                org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration.class,
                org.springframework.boot.actuate.autoconfigure.metrics.export.simple
                        .SimpleMetricsExportAutoConfiguration.class,
                org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration.class);
    }

    @Test
    void runMetricsAreRegisteredAndMoveWithEachRun() {
        runner().withConfiguration(metrics()).withPropertyValues("notion.sync.schema=run_metrics")
                .withPropertyValues(UNREACHABLE_CONNECTION)
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(io.github.notionsync.spring.internal
                            .NotionSyncMetrics.class);
                    var registry = context.getBean(io.micrometer.core.instrument.MeterRegistry.class);
                    context.getBean(io.github.notionsync.NotionSync.class).syncAll();
                    var runs = registry.find("notion.sync.runs").tag("outcome", "FAILED").counter();
                    assertThat(runs).isNotNull();
                    assertThat(runs.count()).isEqualTo(1.0);
                    context.getBean(io.github.notionsync.NotionSync.class).syncAll();
                    assertThat(runs.count()).isEqualTo(2.0);
                    assertThat(registry.find("notion.sync.duration").timer().count()).isEqualTo(2);
                });
    }

    @Test
    void metricsAndHealthBackOffForTheApplicationsOwnBeans() {
        runner().withConfiguration(metrics()).withPropertyValues("notion.sync.schema=own_beans")
                .withUserConfiguration(OwnMetrics.class)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBean(io.github.notionsync.spring.internal.NotionSyncMetrics.class))
                            .isSameAs(context.getBean(OwnMetrics.class).metrics);
                    assertThat(context.getBean("notionSyncHealthIndicator")).isSameAs(context.getBean(OwnMetrics.class)
                            .health);
                });
        runner().withPropertyValues("notion.sync.schema=health_off", "management.health.notionsync.enabled=false")
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(io.github.notionsync.spring.internal.NotionSyncHealthIndicator.class));
    }

    @Test
    void theStarterWorksWithoutMicrometerOrActuator() {
        runner().withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader("io.micrometer"))
                .withPropertyValues("notion.sync.schema=no_micrometer")
                .run(context -> assertThat(context).hasNotFailed()
                        .hasSingleBean(io.github.notionsync.NotionSync.class)
                        .doesNotHaveBean(io.github.notionsync.spring.internal.NotionSyncMetrics.class));
        runner().withClassLoader(new org.springframework.boot.test.context.FilteredClassLoader(
                        "org.springframework.boot.actuate"))
                .withPropertyValues("notion.sync.schema=no_actuator")
                .run(context -> assertThat(context).hasNotFailed()
                        .hasSingleBean(io.github.notionsync.NotionSync.class)
                        .doesNotHaveBean(io.github.notionsync.spring.internal.NotionSyncHealthIndicator.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnMetrics {
        final io.github.notionsync.spring.internal.NotionSyncMetrics metrics =
                new io.github.notionsync.spring.internal.NotionSyncMetrics(
                        new io.micrometer.core.instrument.simple.SimpleMeterRegistry());
        final org.springframework.boot.actuate.health.HealthIndicator health =
                () -> org.springframework.boot.actuate.health.Health.up().build();

        @org.springframework.context.annotation.Bean
        io.github.notionsync.spring.internal.NotionSyncMetrics ownMetrics() {
            return metrics;
        }

        @org.springframework.context.annotation.Bean
        org.springframework.boot.actuate.health.HealthIndicator notionSyncHealthIndicator() {
            return health;
        }
    }

    @Test
    void writingBackIsOnByDefaultAndCanBeSwitchedOff() {
        runner().withPropertyValues("notion.sync.schema=writes_on", "notion.sync.scheduler.enabled=false")
                .run(context -> {
                    // (the write endpoints live with the other endpoints, in web applications only)
                    assertThat(context).hasNotFailed()
                            .hasSingleBean(io.github.notionsync.jooq.JooqOutboxRepository.class);
                    assertThat(context.getBean(io.github.notionsync.NotionSync.class).writes()).isNotNull();
                });
        runner().withPropertyValues("notion.sync.schema=writes_off", "notion.sync.scheduler.enabled=false",
                        "notion.sync.writes.enabled=false")
                .run(context -> {
                    assertThat(context).hasNotFailed()
                            .doesNotHaveBean(io.github.notionsync.jooq.JooqOutboxRepository.class);
                    org.assertj.core.api.Assertions.assertThatThrownBy(() -> context.getBean(
                            io.github.notionsync.NotionSync.class).writes()).isInstanceOf(IllegalStateException.class);
                });
    }

    @Test
    void migrationsCanBeSwitchedOff() {
        runner().withPropertyValues("notion.sync.schema=switched_off", "notion.sync.migrations.enabled=false",
                        "notion.sync.scheduler.enabled=false")
                .run(context -> {
                    assertThat(context).doesNotHaveBean(NotionSyncAutoConfiguration.NotionSyncSchemaInitializer.class);
                    assertThat(tableCount(context.getBean(DataSource.class), "switched_off")).isZero();
                });
    }

    @Test
    void backsOffWithoutADataSource() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(NotionSyncAutoConfiguration.class))
                .run(context -> assertThat(context).hasNotFailed()
                        .doesNotHaveBean(NotionSyncAutoConfiguration.NotionSyncSchemaInitializer.class));
    }

    @Test
    void badSchemaNameFailsStartUpWithAReadableMessage() {
        runner().withPropertyValues("notion.sync.schema=Robert'); DROP TABLE students;--")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .rootCause().hasMessageContaining("Schema name must be a lower-case SQL identifier"));
    }

    @Test
    void backsOffWhenTheApplicationDefinesItsOwnInitializer() {
        runner().withUserConfiguration(OwnInitializer.class).withPropertyValues("notion.sync.scheduler.enabled=false")
                .run(context ->
                assertThat(context.getBean(NotionSyncAutoConfiguration.NotionSyncSchemaInitializer.class))
                        .isSameAs(context.getBean(OwnInitializer.class).initializer));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnInitializer {
        final NotionSyncAutoConfiguration.NotionSyncSchemaInitializer initializer =
                new NotionSyncAutoConfiguration.NotionSyncSchemaInitializer(
                        io.github.notionsync.jooq.NotionSyncMigrations.create(postgres.database().dataSource())
                                .schema("own"));

        @Bean
        NotionSyncAutoConfiguration.NotionSyncSchemaInitializer ownInitializer() {
            return initializer;
        }
    }

    private static int tableCount(DataSource dataSource, String schema) throws Exception {
        try (Connection c = dataSource.getConnection();
             var ps = c.prepareStatement("SELECT count(*) FROM pg_tables WHERE schemaname = ?")) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
