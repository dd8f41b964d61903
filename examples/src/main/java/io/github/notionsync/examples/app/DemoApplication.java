package io.github.notionsync.examples.app;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.examples.DemoPostgres;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import java.io.PrintStream;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.annotation.Import;

/**
 * The notion-sync demo: a Spring Boot application with the notion-sync starter that, with no
 * configuration, starts the Notion emulator's demo writing workspace and a PostgreSQL (the one on
 * localhost:5432, else an embedded one kept under {@code ~/.notion-sync}), syncs it with progress
 * on the console, and serves the seed's REST endpoints on port 3000 in LOCAL security mode. With
 * {@code NOTION_TOKEN} and {@code NOTION_DATABASES} it syncs a real workspace instead, behind HTTP
 * Basic authentication (see {@link DemoSettings}).
 *
 * <pre>
 * scripts/demo
 * </pre>
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(DemoConfiguration.class)
public class DemoApplication {

    /** When the demo workspace's pages were written, in its emulated history. */
    static final Instant DEMO_CLOCK_START = Instant.parse("2026-01-05T09:00:00Z");

    /** Default port, as in the seed's curl commands. */
    public static final int DEFAULT_PORT = 3000;

    /** Starts the demo; a setup problem is printed as one message, without a stack trace. */
    public static void main(String[] args) {
        try {
            start(System.getenv(), System.out, args);
        } catch (DemoSetupException e) {
            System.err.println();
            System.err.println("notion-sync demo cannot start: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Starts the demo with the given environment variables, writing its console output to
     * {@code console}. Spring's own sources (system properties, the real environment, {@code args})
     * still override the defaults set here, e.g. {@code --server.port=8080}.
     *
     * @throws DemoSetupException when the environment is wrong or no PostgreSQL can be found
     */
    public static ConfigurableApplicationContext start(Map<String, String> env, PrintStream console, String... args) {
        DemoSettings settings = DemoSettings.fromEnvironment(env);
        Map<String, Object> defaults = new LinkedHashMap<>();
        defaults.put("server.port", DEFAULT_PORT);
        defaults.put("spring.application.name", "notion-sync-demo");
        defaults.put("spring.main.banner-mode", "off");
        defaults.put("spring.flyway.enabled", "false"); // the demo has no migrations of its own
        defaults.put("management.endpoints.web.exposure.include", "health");
        defaults.put("management.endpoint.health.show-details", "when-authorized");
        // The console shows progress; keep the log to what matters.
        defaults.put("logging.level.org.jooq.Constants", "warn");
        defaults.put("logging.level.io.github.notionsync.internal.sync", "warn");

        String database;
        if (settings.jdbcUrl() != null || System.getProperty("spring.datasource.url") != null
                || Arrays.stream(args).anyMatch(a -> a.startsWith("--spring.datasource.url="))) {
            database = "the configured database";
        } else {
            DemoPostgres pg;
            try {
                pg = DemoPostgres.resolve();
            } catch (IllegalStateException e) {
                throw new DemoSetupException(e.getMessage(), e);
            }
            defaults.put("spring.datasource.url", pg.jdbcUrl());
            defaults.put("spring.datasource.username", pg.user());
            database = pg.description();
        }

        NotionEmulator emulator = null;
        DemoWorkspace demo = null;
        if (settings.emulated()) {
            // The same workspace at every start, down to its timestamps, so that a mirror kept from
            // an earlier session finds its pages unchanged; edits made while the demo runs carry
            // the real time.
            emulator = NotionEmulator.builder().clockStart(DEMO_CLOCK_START).build().start();
            demo = emulator.workspace().loadDemo();
            defaults.putAll(demoConnection(demo, settings.userId()));
            defaults.put("notion.sync.base-url", emulator.baseUrl().toString());
            defaults.put("notion.sync.security.mode", "LOCAL");
            // LOCAL mode lets every request act as the demo user: serve this machine only.
            defaults.put("server.address", "127.0.0.1");
            defaults.put("notion.sync.security.local-user-id", settings.userId());
            defaults.put(DemoConfiguration.EMULATED, "true");
        } else {
            defaults.putAll(settings.connectionProperties());
            defaults.put("notion.sync.security.mode", "AUTHENTICATED");
        }

        String password = settings.password() != null ? settings.password() : UUID.randomUUID().toString();
        DemoInfo info = new DemoInfo(settings, database, password, settings.password() == null);
        SpringApplication app = new SpringApplication(DemoApplication.class);
        app.setDefaultProperties(defaults);
        NotionEmulator notion = emulator;
        DemoWorkspace workspace = demo;
        app.addInitializers(ctx -> {
            ctx.getBeanFactory().registerSingleton("demoConsole", new DemoConsole(console));
            ctx.getBeanFactory().registerSingleton("demoInfo", info);
            if (notion != null) {
                ctx.getBeanFactory().registerSingleton("demoNotionEmulator", notion);
                ctx.getBeanFactory().registerSingleton("demoWorkspace", workspace);
            }
        });
        if (notion != null) {
            app.addListeners(event -> {
                if (event instanceof ContextClosedEvent) {
                    notion.close();
                }
            });
        }
        try {
            return app.run(args);
        } catch (RuntimeException e) {
            if (notion != null) {
                notion.close();
            }
            throw e;
        }
    }

    /** The {@code notion.sync.connections[0]} properties for the demo workspace's four databases. */
    static Map<String, Object> demoConnection(DemoWorkspace demo, String userId) {
        Map<String, Object> p = new LinkedHashMap<>();
        String c = "notion.sync.connections[0].";
        p.put(c + "user-id", userId);
        p.put(c + "token", demo.token());
        List<DatabaseConfig> databases = demo.databaseConfigs();
        for (int i = 0; i < databases.size(); i++) {
            DatabaseConfig db = databases.get(i);
            String d = c + "databases[" + i + "].";
            p.put(d + "name", db.name());
            p.put(d + "id", db.id().value());
            p.put(d + "kind", db.kind().name());
            db.mapping().overrides().forEach((field, property) -> p.put(d + "properties." + field, property));
        }
        return p;
    }
}
