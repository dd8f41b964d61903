package io.github.notionsync.spring.autoconfigure;

import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncListener;
import io.github.notionsync.jooq.JooqOutboxRepository;
import io.github.notionsync.jooq.JooqSyncRepository;
import io.github.notionsync.jooq.NotionSyncMaintenance;
import io.github.notionsync.jooq.NotionSyncMigrations;
import io.github.notionsync.jooq.NotionSyncPostgres;
import io.github.notionsync.jooq.NotionSyncConnections;
import io.github.notionsync.jooq.NotionSyncQueries;
import io.github.notionsync.jooq.NotionSyncScheduler;
import io.github.notionsync.jooq.PostgresSyncLocks;
import io.github.notionsync.jooq.TokenEncryptionKeys;
import io.github.notionsync.spi.OutboxRepository;
import io.github.notionsync.spi.SyncLockProvider;
import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.spring.ConnectionProvider;
import io.github.notionsync.spring.CurrentUserResolver;
import io.github.notionsync.spring.NotionSyncConfigurationException;
import io.github.notionsync.spring.NotionSyncCustomizer;
import io.github.notionsync.spring.NotionSyncProperties;
import io.github.notionsync.spring.PropertiesConnectionProvider;
import io.github.notionsync.spring.internal.NotionClientSettings;
import io.github.notionsync.spring.internal.JsonErrorReportValve;
import io.github.notionsync.jooq.ChangeFeed;
import io.github.notionsync.spring.internal.ChangeFeedLifecycle;
import io.github.notionsync.spring.internal.ChangeStreams;
import io.github.notionsync.spring.internal.NotionSyncController;
import io.github.notionsync.spring.internal.NotionWritesController;
import io.github.notionsync.spring.internal.NotionSyncEventsController;
import io.github.notionsync.spring.internal.NotionSyncRequestFilter;
import io.github.notionsync.spring.internal.NotionSyncDashboard;
import io.github.notionsync.spring.internal.NotionWebhooks;
import io.github.notionsync.spring.internal.WebhookDispatcher;
import io.github.notionsync.spring.internal.NotionSyncHealthIndicator;
import io.github.notionsync.spring.internal.NotionSyncMetrics;
import io.github.notionsync.spring.internal.StaleReads;
import io.github.notionsync.spring.internal.SchedulerLifecycle;
import io.github.notionsync.spring.internal.SyncRequests;
import io.github.notionsync.spring.internal.TableConnectionProvider;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.flyway.FlywayAutoConfiguration;
import org.springframework.boot.autoconfigure.flyway.FlywayMigrationInitializer;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of notion-sync on the application's {@link DataSource}: its schema, the
 * jOOQ repository, the engine built from {@code notion.sync.*}, the seed's scheduled jobs, the
 * SQL-queued sync requests, the REST endpoints, and health and metrics when Actuator and
 * Micrometer are present. Every bean backs off when the application defines its own.
 */
@AutoConfiguration(after = {DataSourceAutoConfiguration.class, FlywayAutoConfiguration.class})
@ConditionalOnBean(DataSource.class)
@EnableConfigurationProperties(NotionSyncProperties.class)
public final class NotionSyncAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(NotionSyncAutoConfiguration.class);

    /** notion-sync on the application's data source and the configured schema: every piece comes from it. */
    @Bean
    @ConditionalOnMissingBean
    NotionSyncPostgres notionSyncPostgres(DataSource dataSource, NotionSyncProperties properties) {
        return NotionSyncPostgres.create(dataSource, properties.getSchema());
    }

    /** Bean that brings notion-sync's tables up to date when the context starts. */
    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "notion.sync.migrations", name = "enabled", matchIfMissing = true)
    NotionSyncSchemaInitializer notionSyncSchemaInitializer(NotionSyncPostgres postgres,
            ObjectProvider<FlywayMigrationInitializer> applicationMigrations) {
        // The application's own Flyway migrations run first: on an empty schema Boot's Flyway
        // would otherwise find notion-sync's tables and refuse to start without a baseline.
        applicationMigrations.orderedStream().forEach(m -> log.debug("Application migrations ran first"));
        return new NotionSyncSchemaInitializer(postgres.migrations());
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

    /** The engine and what it runs on; off with {@code notion.sync.enabled=false}. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnProperty(prefix = "notion.sync", name = "enabled", matchIfMissing = true)
    static class Engine {

        @Bean
        @ConditionalOnMissingBean(SyncRepository.class)
        JooqSyncRepository notionSyncRepository(NotionSyncPostgres postgres,
                ObjectProvider<NotionSyncSchemaInitializer> schema) {
            schema.ifAvailable(migrated -> log.debug("notion-sync schema {} is migrated", postgres.schema()));
            return postgres.repository();
        }

        /** The outbox of changes written back to Notion; off with {@code notion.sync.writes.enabled=false}. */
        @Bean
        @ConditionalOnMissingBean(OutboxRepository.class)
        @ConditionalOnProperty(prefix = "notion.sync.writes", name = "enabled", matchIfMissing = true)
        JooqOutboxRepository notionSyncOutbox(NotionSyncPostgres postgres) {
            return postgres.outbox();
        }

        /** The change feed: listens for committed changes of every instance and prunes the change log. */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.events", name = "enabled", matchIfMissing = true)
        ChangeFeed notionSyncChangeFeed(NotionSyncPostgres postgres, NotionSyncProperties p,
                ObjectProvider<NotionSyncSchemaInitializer> schema) {
            schema.ifAvailable(migrated -> log.debug("notion-sync schema {} is migrated", postgres.schema()));
            try {
                return postgres.changeFeed().retention(p.getEvents().getRetention()).build();
            } catch (IllegalArgumentException e) {
                throw new NotionSyncConfigurationException("notion.sync.events.retention: " + e.getMessage());
            }
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.events", name = "enabled", matchIfMissing = true)
        ChangeFeedLifecycle notionSyncChangeFeedLifecycle(ChangeFeed feed, ObjectProvider<ChangeStreams> streams) {
            return new ChangeFeedLifecycle(feed, streams);
        }

        @Bean
        @ConditionalOnMissingBean
        NotionSyncQueries notionSyncQueries(NotionSyncPostgres postgres) {
            return postgres.queries();
        }

        @Bean
        @ConditionalOnMissingBean
        NotionSyncMaintenance notionSyncMaintenance(NotionSyncPostgres postgres) {
            return postgres.maintenance();
        }

        /**
         * The connections table, with connection-source TABLE: also the bean an application uses
         * to add and remove its users' connections.
         */
        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync", name = "connection-source", havingValue = "table")
        NotionSyncConnections notionSyncConnections(NotionSyncPostgres postgres, NotionSyncProperties p,
                ObjectProvider<NotionSyncSchemaInitializer> schema) {
            schema.ifAvailable(migrated -> log.debug("notion-sync schema {} is migrated", p.getSchema()));
            return postgres.connections(tokenEncryptionKeys(p))
                    .clientSettings(new NotionClientSettings(p))
                    .defaultApiVersion(NotionClientSettings.apiVersion(p.getApiVersion(), "notion.sync.api-version"))
                    .build();
        }

        @Bean
        @ConditionalOnMissingBean
        ConnectionProvider notionSyncConnectionProvider(NotionSyncProperties p,
                ObjectProvider<NotionSyncConnections> table) {
            if (p.getConnectionSource() != NotionSyncProperties.ConnectionSourceType.TABLE) {
                return new PropertiesConnectionProvider(p);
            }
            if (!p.getConnections().isEmpty()) {
                throw new NotionSyncConfigurationException("notion.sync.connections is set, but"
                        + " notion.sync.connection-source is TABLE, which reads connections from the"
                        + " notion_sync_connections table only: remove notion.sync.connections, or set"
                        + " notion.sync.connection-source=properties");
            }
            log.info("notion-sync reads its connections from the notion_sync_connections table");
            return new TableConnectionProvider(table.getObject());
        }

        /** The keys of the connections table, each checked with a message naming its property. */
        private static TokenEncryptionKeys tokenEncryptionKeys(NotionSyncProperties p) {
            if (p.getTokenEncryptionKey() == null || p.getTokenEncryptionKey().isBlank()) {
                throw new NotionSyncConfigurationException("notion.sync.token-encryption-key is missing:"
                        + " notion.sync.connection-source is TABLE, whose Notion tokens are stored encrypted with"
                        + " this key. Set it to 32 random bytes in base64 (e.g. from `openssl rand -base64 32`),"
                        + " from a secret store or the environment (NOTION_SYNC_TOKEN_ENCRYPTION_KEY), never"
                        + " from the database");
            }
            check(p.getTokenEncryptionKey(), "notion.sync.token-encryption-key");
            List<String> previous = p.getPreviousTokenEncryptionKeys();
            for (int i = 0; i < previous.size(); i++) {
                check(previous.get(i), "notion.sync.previous-token-encryption-keys[" + i + "]");
            }
            return TokenEncryptionKeys.of(p.getTokenEncryptionKey(), previous);
        }

        private static void check(String key, String property) {
            try {
                TokenEncryptionKeys.of(key);
            } catch (IllegalArgumentException e) {
                // The check reads each key as a current key; for a previous one, the property says which.
                String message = property.startsWith("notion.sync.previous-")
                        ? e.getMessage().replaceFirst("^The current token encryption key", "The key") : e.getMessage();
                throw new NotionSyncConfigurationException(property + ": " + message);
            }
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean(SyncLockProvider.class)
        PostgresSyncLocks notionSyncLocks(NotionSyncPostgres postgres, NotionSyncProperties p) {
            try {
                return postgres.locks(p.getScheduler().getLockLease());
            } catch (IllegalArgumentException e) {
                throw new NotionSyncConfigurationException("notion.sync.scheduler.lock-lease: " + e.getMessage());
            }
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        NotionSync notionSync(SyncRepository repository, ConnectionProvider connections, NotionSyncProperties p,
                SyncLockProvider locks, ObjectProvider<NotionSyncCustomizer> customizers,
                ObjectProvider<SyncListener> listeners, ObjectProvider<OutboxRepository> outbox) {
            try {
                NotionSync.Builder b = NotionSync.builder()
                        .repository(repository)
                        .locks(locks)
                        .instanceName(instanceName())
                        .fullSyncInterval(p.getFullSyncInterval())
                        .batchSize(p.getBatchSize())
                        .parallelism(p.getParallelism())
                        .fetchContent(p.getContent().isEnabled())
                        .contentDepth(p.getContent().getDepth())
                        .maxBlocksPerPage(p.getContent().getMaxBlocks())
                        .maxWriteAttempts(p.getWrites().getMaxAttempts());
                outbox.ifAvailable(b::outbox);
                b.connections(connections);
                listeners.orderedStream().forEach(b::listener);
                customizers.orderedStream().forEach(c -> c.customize(b));
                return b.build();
            } catch (IllegalArgumentException e) {
                throw new NotionSyncConfigurationException("notion.sync: " + e.getMessage());
            }
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        NotionSyncScheduler notionSyncScheduler(NotionSyncPostgres postgres, NotionSync sync, NotionSyncProperties p,
                NotionSyncMaintenance maintenance, ObjectProvider<io.github.notionsync.EmbeddingWorker> embeddings) {
            NotionSyncProperties.Scheduler s = p.getScheduler();
            NotionSyncProperties.Schedule schedule = p.getSchedule();
            String at = "notion.sync.scheduler";
            try {
                NotionSyncScheduler.Builder b = postgres.scheduler(sync);
                at = "notion.sync.scheduler.threads";
                if (s.getThreads() != 0) {
                    b.threads(s.getThreads());
                }
                at = "notion.sync.scheduler.polling-interval";
                b.pollingInterval(s.getPollingInterval());
                at = "notion.sync.scheduler.heartbeat-interval";
                b.heartbeatInterval(s.getHeartbeatInterval());
                at = "notion.sync.scheduler.reconcile-interval";
                b.reconcileInterval(s.getReconcileInterval());
                at = "notion.sync.schedule.sync.interval";
                b.connectionInterval(schedule.getSync().getInterval());
                at = "notion.sync.schedule.sync.spread";
                if (schedule.getSync().getSpread() != null) {
                    b.spread(schedule.getSync().getSpread());
                }
                b.syncConnections(schedule.getSync().isEnabled());
                at = "notion.sync.schedule.cleanup-temporary-chats.cron";
                job(b, "cleanup-temporary-chats", schedule.getCleanupTemporaryChats(),
                        () -> maintenance.deleteTemporaryChats(schedule.getCleanupTemporaryChats().getRetention()));
                at = "notion.sync.schedule.aggregate-writing-stats.cron";
                job(b, "aggregate-writing-stats", schedule.getAggregateWritingStats(),
                        () -> maintenance.aggregateWritingStats(LocalDate.now(ZoneOffset.UTC).minusDays(1)));
                at = "notion.sync.schedule.refresh-indexes.cron";
                job(b, "refresh-notion-indexes", schedule.getRefreshIndexes(), maintenance::refreshIndexes);
                at = "notion.sync.schedule.cleanup-old-sync-records.cron";
                job(b, "cleanup-old-sync-records", schedule.getCleanupOldSyncRecords(),
                        () -> maintenance.deleteOldSyncRecords(schedule.getCleanupOldSyncRecords().getRetention()));
                at = "notion.sync.embeddings.interval";
                io.github.notionsync.EmbeddingWorker worker = embeddings.getIfAvailable();
                if (worker != null) {
                    b.embeddings(worker, p.getEmbeddings().getInterval());
                }
                return b.build();
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new NotionSyncConfigurationException(at + ": " + e.getMessage());
            }
        }

        private static void job(NotionSyncScheduler.Builder b, String name, NotionSyncProperties.Job job,
                Runnable action) {
            if (job.isEnabled()) {
                b.job(name, job.getCron(), action);
            } else {
                log.info("Scheduled job {} is switched off", name);
            }
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.scheduler", name = "enabled", matchIfMissing = true)
        SchedulerLifecycle notionSyncSchedulerLifecycle(NotionSyncScheduler scheduler) {
            return new SchedulerLifecycle(scheduler);
        }

        @Bean
        @ConditionalOnMissingBean
        SyncRequests notionSyncRequests(NotionSync sync, NotionSyncScheduler scheduler, NotionSyncProperties p) {
            return new SyncRequests(sync, scheduler, p.getScheduler().getRequestTimeout());
        }

        private static String instanceName() {
            String host;
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.net.UnknownHostException e) {
                host = "unknown-host";
            }
            return host + "/" + ProcessHandle.current().pid() + "/" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    /** The REST endpoints, in servlet web applications. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.bind.annotation.RestController")
    @ConditionalOnProperty(prefix = "notion.sync", name = "enabled", matchIfMissing = true)
    static class Web {

        @Bean
        @ConditionalOnMissingBean
        CurrentUserResolver notionSyncCurrentUserResolver(NotionSyncProperties properties) {
            NotionSyncProperties.Security security = properties.getSecurity();
            if (security.getMode() == NotionSyncProperties.Security.Mode.LOCAL) {
                log.warn("notion-sync security mode LOCAL: unauthenticated requests to /api/notion act as user '{}'."
                        + " Use this for demos on localhost only.", security.getLocalUserId());
                return request -> Optional.of(request.getUserPrincipal() != null
                        ? request.getUserPrincipal().getName() : security.getLocalUserId());
            }
            return request -> Optional.ofNullable(request.getUserPrincipal()).map(java.security.Principal::getName);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.webhooks", name = "enabled", havingValue = "true")
        WebhookDispatcher notionSyncWebhookDispatcher(SyncRequests requests, NotionSyncQueries queries,
                NotionSyncProperties properties) {
            if (properties.getWebhooks().getDebounce().isNegative()) {
                throw new NotionSyncConfigurationException("notion.sync.webhooks.debounce must not be negative");
            }
            return new WebhookDispatcher(requests, queries, properties.getWebhooks().getDebounce());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.webhooks", name = "enabled", havingValue = "true")
        NotionWebhooks notionSyncWebhooks(WebhookDispatcher dispatcher, NotionSyncProperties properties) {
            if (properties.getWebhooks().getVerificationToken() == null) {
                log.warn("notion.sync.webhooks.enabled is true but notion.sync.webhooks.verification-token is not"
                        + " set: {} stores Notion's handshake and refuses events until it is",
                        properties.getWebhooks().getPath());
            }
            java.time.Duration tolerance = properties.getWebhooks().getTolerance();
            if (tolerance == null || tolerance.isNegative() || tolerance.isZero()) {
                throw new NotionSyncConfigurationException("notion.sync.webhooks.tolerance must be positive, got "
                        + tolerance);
            }
            return new NotionWebhooks(dispatcher, properties.getWebhooks().getVerificationToken(),
                    maxWebhookBody(properties), tolerance);
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.dashboard", name = "enabled", matchIfMissing = true)
        NotionSyncDashboard notionSyncDashboard(SyncRequests requests, NotionSyncQueries queries,
                CurrentUserResolver users, ObjectProvider<io.github.notionsync.EmbeddingWorker> embeddings) {
            return new NotionSyncDashboard(requests, queries, users, embeddings.getIfAvailable());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.stale-reads", name = "max-age")
        StaleReads notionSyncStaleReads(SyncRequests requests, NotionSyncProperties properties) {
            NotionSyncProperties.StaleReads p = properties.getStaleReads();
            if (p.getMaxAge().isNegative() || p.getTimeout().isNegative()) {
                throw new NotionSyncConfigurationException("notion.sync.stale-reads.max-age and .timeout must not be"
                        + " negative");
            }
            return new StaleReads(requests, p.getMaxAge(), p.getTimeout());
        }

        /**
         * Body limits and JSON errors on notion-sync's paths, before any other filter of the
         * application.
         */
        @Bean
        @ConditionalOnMissingBean(name = "notionSyncRequestFilter")
        FilterRegistrationBean<NotionSyncRequestFilter> notionSyncRequestFilter(NotionSyncProperties properties) {
            NotionSyncProperties.Webhooks webhooks = properties.getWebhooks();
            NotionSyncProperties.Dashboard dashboard = properties.getDashboard();
            FilterRegistrationBean<NotionSyncRequestFilter> registration = new FilterRegistrationBean<>(
                    new NotionSyncRequestFilter(webhooks.isEnabled() ? webhooks.getPath() : null,
                            dashboard.isEnabled() ? dashboard.getPath() : null, maxRequestBody(properties),
                            maxWebhookBody(properties)));
            registration.setName("notionSyncRequestFilter");
            registration.setOrder(NotionSyncRequestFilter.ORDER);
            registration.addUrlPatterns("/*");
            return registration;
        }

        @Bean(destroyMethod = "close")
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.events", name = "enabled", matchIfMissing = true)
        ChangeStreams notionSyncChangeStreams(ChangeFeed feed, NotionSyncProperties properties) {
            NotionSyncProperties.Events e = properties.getEvents();
            if (e.getHeartbeat() == null || e.getHeartbeat().isNegative() || e.getHeartbeat().isZero()) {
                throw new NotionSyncConfigurationException("notion.sync.events.heartbeat must be positive, got "
                        + e.getHeartbeat());
            }
            if (e.getMaxDuration() == null || e.getMaxDuration().isNegative() || e.getMaxDuration().isZero()) {
                throw new NotionSyncConfigurationException("notion.sync.events.max-duration must be positive, got "
                        + e.getMaxDuration());
            }
            if (e.getMaxStreams() < 1 || e.getQueueSize() < 1) {
                throw new NotionSyncConfigurationException("notion.sync.events.max-streams and .queue-size must be"
                        + " at least 1");
            }
            return new ChangeStreams(feed, e.getHeartbeat(), e.getMaxStreams(), e.getQueueSize(),
                    e.getMaxDuration());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.events", name = "enabled", matchIfMissing = true)
        NotionSyncEventsController notionSyncEventsController(ChangeStreams streams, CurrentUserResolver users) {
            return new NotionSyncEventsController(streams, users);
        }

        @Bean
        @ConditionalOnMissingBean
        NotionSyncController notionSyncController(SyncRequests requests, NotionSyncQueries queries,
                CurrentUserResolver users, ObjectProvider<StaleReads> staleReads, NotionSyncProperties properties,
                ObjectProvider<io.github.notionsync.jooq.SemanticSearch> semantic,
                ObjectProvider<io.github.notionsync.EmbeddingWorker> embeddings) {
            return new NotionSyncController(requests, queries, users, staleReads.getIfAvailable(),
                    maxRequestBody(properties), semantic.getIfAvailable(), embeddings.getIfAvailable());
        }

        @Bean
        @ConditionalOnMissingBean
        @ConditionalOnProperty(prefix = "notion.sync.writes", name = "enabled", matchIfMissing = true)
        NotionWritesController notionWritesController(NotionSync sync, CurrentUserResolver users,
                NotionSyncProperties properties) {
            return new NotionWritesController(sync, users, maxRequestBody(properties));
        }

        private static long maxRequestBody(NotionSyncProperties properties) {
            return positive(properties.getLimits().getMaxRequestBody(), "notion.sync.limits.max-request-body");
        }

        private static long maxWebhookBody(NotionSyncProperties properties) {
            return positive(properties.getLimits().getMaxWebhookBody(), "notion.sync.limits.max-webhook-body");
        }

        private static long positive(org.springframework.util.unit.DataSize size, String property) {
            if (size == null || size.toBytes() < 1 || size.toBytes() > Integer.MAX_VALUE - 8) {
                throw new NotionSyncConfigurationException(property + " must be between 1 byte and 2 GB, got "
                        + size);
            }
            return size.toBytes();
        }
    }

    /**
     * JSON instead of Tomcat's HTML error page for requests to notion-sync's paths that Tomcat
     * refuses before any filter runs (malformed URLs).
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = {"org.apache.catalina.startup.Tomcat",
        "org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory"})
    @ConditionalOnProperty(prefix = "notion.sync", name = "enabled", matchIfMissing = true)
    static class TomcatErrors {

        @Bean
        @ConditionalOnMissingBean(name = "notionSyncTomcatErrors")
        JsonErrorReportValve.Installer notionSyncTomcatErrors(NotionSyncProperties properties) {
            List<String> paths = new java.util.ArrayList<>(List.of("/api/notion/"));
            if (properties.getWebhooks().isEnabled()) {
                paths.add(properties.getWebhooks().getPath());
            }
            return new JsonErrorReportValve.Installer(paths);
        }
    }
}
