package io.github.notionsync.spring.it;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.spring.NotionSyncCustomizer;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * What the starter's application tests share, as a JUnit extension on a static field: the
 * Notion emulator with the demo workspace over real HTTP, a fresh PostgreSQL database for the
 * test class, the properties that point an application at both, and a few SQL reads. After the
 * class it stops the application's schedule and listeners, drops the database and stops the
 * emulator, in that order.
 */
final class DemoNotion implements BeforeAllCallback, AfterAllCallback {

    /** The user the demo connection of {@link #registerPropertiesConnection} belongs to. */
    static final String USER = DemoWorkspace.OWNER_USER_ID;

    final NotionEmulator notion;
    final DemoWorkspace demo;
    private final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();
    private volatile ConfigurableApplicationContext application;

    private static final Map<URI, DemoNotion> RUNNING = new ConcurrentHashMap<>();

    private DemoNotion() {
        this.notion = NotionEmulator.builder().build().start();
        this.demo = notion.workspace().loadDemo();
        RUNNING.put(notion.baseUrl(), this);
    }

    /** Starts an emulator with the demo workspace. */
    static DemoNotion start() {
        return new DemoNotion();
    }

    /** The application's database, the emulator's URL, no client-side rate limit, and quick retries. */
    void registerBase(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres.database().jdbcUrl());
        registry.add("spring.datasource.username", () -> postgres.database().user());
        registry.add("notion.sync.base-url", notion::baseUrl);
        registry.add("notion.sync.rate-limit.enabled", () -> "false");
        registry.add("notion.sync.retry.base-delay", () -> "10ms");
        registry.add("notion.sync.retry.max-delay", () -> "1s");
    }

    /** {@link #registerBase} plus one connection in properties: {@link #USER}'s four demo databases. */
    void registerPropertiesConnection(DynamicPropertyRegistry registry) {
        registerBase(registry);
        String c = "notion.sync.connections[0].";
        registry.add(c + "user-id", () -> USER);
        registry.add(c + "token", demo::token);
        List<DatabaseConfig> databases = demo.databaseConfigs();
        for (int i = 0; i < databases.size(); i++) {
            String d = c + "databases[" + i + "].";
            DatabaseConfig db = databases.get(i);
            registry.add(d + "id", () -> db.id().value());
            registry.add(d + "name", db::name);
            registry.add(d + "kind", () -> db.kind().name());
            db.mapping().overrides().forEach((field, property) -> registry.add(d + "properties." + field,
                    () -> property));
        }
    }

    /** The test class's database, outside any application context. */
    DataSource dataSource() {
        return postgres.database().dataSource();
    }

    /** Lets the engine share the emulator's clock, so edits made by a test are ordered with its runs. */
    NotionSyncCustomizer clock() {
        return b -> b.clock(notion.clock().asClock());
    }

    /** Edits a page a minute after everything so far: the next incremental sync sees it. */
    EmulatedPage editLater(String pageId, String property, Object value) {
        notion.clock().advance(Duration.ofMinutes(1));
        return notion.workspace().page(pageId).orElseThrow().update(Map.of(property, value));
    }

    /** Makes {@link #afterAll} stop the application's lifecycle beans before the database is dropped. */
    void stopsWith(ConfigurableApplicationContext application) {
        this.application = application;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        postgres.beforeAll(context);
    }

    /**
     * Stops the application's schedule, request listener and web server (the test framework
     * closes the context later), then drops the database and stops the emulator.
     */
    @Override
    public void afterAll(ExtensionContext context) {
        try {
            if (application != null && application.isRunning()) {
                application.stop();
            }
        } finally {
            try {
                postgres.afterAll(context);
            } finally {
                RUNNING.remove(notion.baseUrl());
                notion.close();
            }
        }
    }

    /**
     * The application of the starter's tests: auto-configuration only, with the engine on the
     * clock of the emulator that {@code notion.sync.base-url} names, and stopped with it.
     */
    @Configuration(proxyBeanMethods = false)
    @EnableAutoConfiguration
    static class App {

        @Bean
        NotionSyncCustomizer emulatorClock(@Value("${notion.sync.base-url}") URI baseUrl,
                ConfigurableApplicationContext application) {
            DemoNotion demo = RUNNING.get(baseUrl);
            if (demo == null) {
                throw new IllegalStateException("No DemoNotion runs at " + baseUrl);
            }
            demo.stopsWith(application);
            return demo.clock();
        }
    }

    /** The rows of one SQL query as strings, column by column. */
    static List<List<String>> rows(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                ps.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                List<List<String>> out = new ArrayList<>();
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
                return out;
            }
        }
    }

    /** The one value of a one-row, one-column query. */
    static String value(DataSource dataSource, String sql, Object... parameters) throws SQLException {
        List<List<String>> rows = rows(dataSource, sql, parameters);
        if (rows.size() != 1) {
            throw new AssertionError("Expected one row from " + sql + ", got " + rows.size());
        }
        return rows.get(0).get(0);
    }

    /**
     * A request queued in SQL once it is served (done or failed), within 30 s: its status, then
     * {@code columns} of {@code notion_sync_requests}.
     */
    static List<String> awaitServed(DataSource dataSource, String requestId, String columns) {
        String sql = "SELECT status, " + columns + " FROM notion_sync_requests WHERE request_id = ?::bigint";
        return Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> rows(dataSource, sql, requestId).get(0),
                row -> row.get(0).equals("done") || row.get(0).equals("failed"));
    }

    /** Live (not deleted) rows of a user in a mirror table. */
    static int live(DataSource dataSource, String table, String user) throws SQLException {
        return Integer.parseInt(value(dataSource, "SELECT count(*) FROM " + table
                + " WHERE user_id = ? AND deleted_at IS NULL", user));
    }
}
