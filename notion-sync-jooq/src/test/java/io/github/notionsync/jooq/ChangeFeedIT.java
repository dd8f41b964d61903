package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncOutcome;
import io.github.notionsync.SyncReport;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.EmulatedPage;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Every committed change of the mirror and every run's start and end reaches a plain JDBC
 * {@code LISTEN} exactly once, after commit, and lands in the change log; a rolled-back batch
 * announces nothing.
 */
class ChangeFeedIT {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource ds;
    private NotionEmulator notion;
    private HttpNotionClient client;
    private Connection listener;
    private final List<JsonNode> heard = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).migrate();
    }

    @BeforeEach
    void start() throws Exception {
        notion = NotionEmulator.builder().build().start();
        client = HttpNotionClient.builder().token(notion.workspace().createToken("feed")).baseUrl(notion.baseUrl())
                .noRateLimit().build();
        listener = ds.getConnection();
        listener.setAutoCommit(true);
        try (Statement s = listener.createStatement()) {
            s.execute("LISTEN " + ChangeFeed.CHANNEL);
        }
    }

    @AfterEach
    void stop() throws Exception {
        listener.close();
        client.close();
        notion.close();
    }

    private NotionSync engine(String user, DatabaseConfig db) {
        return NotionSync.builder().repository(JooqSyncRepository.create(ds)).fetchContent(false)
                .connection(SyncConnection.of(user, client, db)).build();
    }

    /** Everything heard after the end of the next run of {@code user}. */
    private List<JsonNode> untilRunFinished(String user) {
        List<JsonNode> got = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            PGNotification[] notes = listener.unwrap(PGConnection.class).getNotifications(200);
            if (notes != null) {
                for (PGNotification n : notes) {
                    assertThat(n.getName()).isEqualTo(ChangeFeed.CHANNEL);
                    assertThat(n.getParameter().getBytes(java.nio.charset.StandardCharsets.UTF_8).length)
                            .isLessThan(8000);
                    JsonNode json = MAPPER.readTree(n.getParameter());
                    if (user.equals(json.path("user_id").asText())) {
                        got.add(json);
                    }
                }
            }
            return !got.isEmpty() && got.get(got.size() - 1).path("type").asText().equals("run_finished");
        });
        heard.addAll(got);
        return got;
    }

    private static List<String> events(List<JsonNode> notes) {
        return notes.stream().map(n -> n.path("type").asText() + " " + n.path("title").asText()).toList();
    }

    @Test
    void eachChangeIsAnnouncedOnceAfterCommitAndLogged() throws Exception {
        String user = "feed-user";
        EmulatedDatabase notes = notion.workspace().createDatabase("Notes", Schema.builder().build());
        EmulatedPage alpha = notes.addPage(Map.of("Name", "Alpha"));
        EmulatedPage beta = notes.addPage(Map.of("Name", "Beta"));
        try (NotionSync sync = engine(user, DatabaseConfig.of("Notes", notes.id(), TargetKind.PAGES))) {
            assertThat(sync.syncAll(true).outcome()).isEqualTo(SyncOutcome.SUCCESS);
            List<JsonNode> first = untilRunFinished(user);
            assertThat(events(first)).containsExactlyInAnyOrder("run_started Notes", "page_inserted Alpha",
                    "page_inserted Beta", "run_progress Notes", "run_finished Notes");
            JsonNode progress = first.stream().filter(n -> n.path("type").asText().equals("run_progress"))
                    .findFirst().orElseThrow();
            assertThat(progress.path("pages_seen").asInt()).isEqualTo(2);
            assertThat(progress.path("inserted").asInt()).isEqualTo(2);
            assertThat(progress.has("outcome")).as("a running run has no outcome yet").isFalse();
            assertThat(progress.path("id").asLong()).as("after the batch's page events")
                    .isGreaterThan(first.stream().filter(n -> n.path("type").asText().startsWith("page_"))
                            .mapToLong(n -> n.path("id").asLong()).max().orElseThrow());
            JsonNode inserted = first.stream().filter(n -> n.path("title").asText().equals("Alpha")).findFirst()
                    .orElseThrow();
            assertThat(inserted.path("page_id").asText()).isEqualTo(alpha.id());
            assertThat(inserted.path("database_id").asText()).isEqualTo(notes.id());
            assertThat(inserted.path("kind").asText()).isEqualTo("PAGES");
            assertThat(inserted.has("at")).isTrue();
            JsonNode finished = first.get(first.size() - 1);
            assertThat(finished.path("outcome").asText()).isEqualTo("SUCCESS");
            assertThat(finished.path("inserted").asInt()).isEqualTo(2);
            assertThat(finished.path("run_id").asText()).isEqualTo(first.get(0).path("run_id").asText());

            // Nothing changed: a run and its progress over the unchanged pages, no page events.
            sync.syncAll(true);
            List<JsonNode> unchanged = untilRunFinished(user);
            assertThat(events(unchanged)).containsExactly("run_started Notes", "run_progress Notes",
                    "run_finished Notes");
            assertThat(unchanged.get(1).path("unchanged").asInt()).isEqualTo(2);

            notion.clock().advance(Duration.ofMinutes(5));
            alpha.update(Map.of("Name", "Alpha prime"));
            beta.trash();
            sync.syncAll(true);
            assertThat(events(untilRunFinished(user))).containsExactlyInAnyOrder("run_started Notes",
                    "page_updated Alpha prime", "run_progress Notes", "page_deleted Beta", "run_finished Notes");

            beta.restore();
            sync.syncAll(true);
            assertThat(events(untilRunFinished(user))).containsExactlyInAnyOrder("run_started Notes",
                    "page_restored Beta", "run_progress Notes", "run_finished Notes");

            // A batch PostgreSQL refuses is rolled back: its pages are announced only when the engine
            // writes them again one by one, and the refused page never.
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("ALTER TABLE notion_pages_sync ADD CONSTRAINT feed_poison CHECK (title <> 'poison')");
            }
            notes.addPage(Map.of("Name", "Gamma"));
            notes.addPage(Map.of("Name", "poison"));
            notes.addPage(Map.of("Name", "Delta"));
            try {
                SyncReport report = sync.syncAll(true);
                assertThat(report.failed()).isEqualTo(1);
                assertThat(report.inserted()).isEqualTo(2);
            } finally {
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    s.execute("ALTER TABLE notion_pages_sync DROP CONSTRAINT feed_poison");
                }
            }
            assertThat(events(untilRunFinished(user))).containsExactlyInAnyOrder("run_started Notes",
                    "page_inserted Gamma", "page_inserted Delta", "run_progress Notes", "run_finished Notes");
        }

        // The log holds the same changes, with the ids the notifications carried.
        List<Long> logged = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT change_id FROM notion_sync_changes WHERE user_id = 'feed-user' ORDER BY change_id")) {
            while (rs.next()) {
                logged.add(rs.getLong(1));
            }
        }
        assertThat(heard.stream().map(n -> n.path("id").asLong()).sorted().toList()).isEqualTo(logged);

        // The Java feed reads them back for resuming and prunes them after the retention.
        ChangeFeed feed = ChangeFeed.builder(ds).build();
        assertThat(feed.changesAfter(user, logged.get(logged.size() - 3), 100)).extracting(ChangeFeed.Change::id)
                .containsExactlyElementsOf(logged.subList(logged.size() - 2, logged.size()));
        assertThat(feed.changesAfter("someone-else", 0, 100)).isEmpty();
        assertThat(feed.deleteOlderThan(Duration.ofHours(1))).isZero();
        assertThat(feed.deleteOlderThan(Duration.ZERO)).isGreaterThanOrEqualTo(logged.size());
    }

    @Test
    void theJavaFeedCallsItsListenersWithCommittedChangesOnly() throws Exception {
        String user = "java-feed-user";
        List<ChangeFeed.Change> got = new CopyOnWriteArrayList<>();
        try (ChangeFeed feed = ChangeFeed.builder(ds).build()) {
            feed.addListener(c -> {
                if (c.userId().equals(user)) {
                    got.add(c);
                }
            });
            feed.start();
            await().atMost(Duration.ofSeconds(10)).until(feed::isListening);
            EmulatedDatabase chars = notion.workspace().createDatabase("Characters", Schema.builder().build());
            chars.addPage(Map.of("Name", "Aragorn"));
            try (NotionSync sync = engine(user, DatabaseConfig.of("Characters", chars.id(), TargetKind.CHARACTERS))) {
                sync.syncAll(true);
            }
            await().atMost(Duration.ofSeconds(30)).until(() -> got.size() >= 3
                    && got.get(got.size() - 1).type().equals(ChangeFeed.Change.RUN_FINISHED));
            assertThat(got).extracting(ChangeFeed.Change::type).containsExactly(ChangeFeed.Change.RUN_STARTED,
                    ChangeFeed.Change.PAGE_INSERTED, ChangeFeed.Change.RUN_PROGRESS, ChangeFeed.Change.RUN_FINISHED);
            assertThat(got.get(1).title()).isEqualTo("Aragorn");
            assertThat(got.get(1).kind()).isEqualTo("CHARACTERS");
            assertThat(got.get(1).at()).isNotNull();
        }
    }

    @Test
    void theJavaFeedCatchesUpFromTheLogAfterItsConnectionWasLost() throws Exception {
        String user = "reconnect-user";
        List<ChangeFeed.Change> got = new CopyOnWriteArrayList<>();
        Outage outage = new Outage(ds);
        EmulatedDatabase notes = notion.workspace().createDatabase("Outage", Schema.builder().build());
        EmulatedPage first = notes.addPage(Map.of("Name", "Before"));
        try (ChangeFeed feed = ChangeFeed.builder(outage).build();
                NotionSync sync = engine(user, DatabaseConfig.of("Outage", notes.id(), TargetKind.PAGES))) {
            feed.addListener(c -> {
                if (c.userId().equals(user)) {
                    got.add(c);
                }
            });
            feed.start();
            await().atMost(Duration.ofSeconds(10)).until(feed::isListening);
            sync.syncAll(true);
            await().atMost(Duration.ofSeconds(30)).until(() -> runsFinished(got) == 1);

            // The listening connection dies and cannot come back for a while; meanwhile a sync commits.
            outage.down = true;
            try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database()"
                        + " AND application_name = '" + ChangeFeed.APPLICATION_NAME + "'");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> !feed.isListening());
            notion.clock().advance(Duration.ofMinutes(5));
            first.update(Map.of("Name", "During"));
            notes.addPage(Map.of("Name", "Added during"));
            sync.syncAll(false);
            assertThat(runsFinished(got)).as("nothing can be heard while down").isEqualTo(1);

            outage.down = false;
            await().atMost(Duration.ofSeconds(30)).until(() -> runsFinished(got) == 2);
            notes.addPage(Map.of("Name", "After"));
            sync.syncAll(false);
            await().atMost(Duration.ofSeconds(30)).until(() -> runsFinished(got) == 3);
        }
        assertThat(got).extracting(c -> c.type() + " " + c.title()).containsExactlyInAnyOrder(
                "run_started Outage", "page_inserted Before", "run_progress Outage", "run_finished Outage",
                "run_started Outage", "page_inserted Added during", "page_updated During", "run_progress Outage",
                "run_finished Outage",
                "run_started Outage", "page_inserted After", "run_progress Outage", "run_finished Outage");
        List<Long> logged = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT change_id FROM notion_sync_changes WHERE user_id = '" + user + "' ORDER BY change_id")) {
            while (rs.next()) {
                logged.add(rs.getLong(1));
            }
        }
        assertThat(got).extracting(ChangeFeed.Change::id).as("each logged change once, in order")
                .containsExactlyElementsOf(logged);
    }

    private static long runsFinished(List<ChangeFeed.Change> changes) {
        return changes.stream().filter(c -> c.type().equals(ChangeFeed.Change.RUN_FINISHED)).count();
    }

    /** A data source whose new connections fail while {@link #down}, as during a restart of PostgreSQL. */
    private static final class Outage implements DataSource {
        private final DataSource target;
        volatile boolean down;

        Outage(DataSource target) {
            this.target = target;
        }

        @Override
        public Connection getConnection() throws java.sql.SQLException {
            if (down) {
                throw new java.sql.SQLTransientConnectionException("the database is restarting");
            }
            return target.getConnection();
        }

        @Override
        public Connection getConnection(String user, String password) throws java.sql.SQLException {
            return getConnection();
        }

        @Override
        public java.io.PrintWriter getLogWriter() throws java.sql.SQLException {
            return target.getLogWriter();
        }

        @Override
        public void setLogWriter(java.io.PrintWriter out) throws java.sql.SQLException {
            target.setLogWriter(out);
        }

        @Override
        public void setLoginTimeout(int seconds) throws java.sql.SQLException {
            target.setLoginTimeout(seconds);
        }

        @Override
        public int getLoginTimeout() throws java.sql.SQLException {
            return target.getLoginTimeout();
        }

        @Override
        public java.util.logging.Logger getParentLogger() throws java.sql.SQLFeatureNotSupportedException {
            return target.getParentLogger();
        }

        @Override
        public <T> T unwrap(Class<T> type) throws java.sql.SQLException {
            return target.unwrap(type);
        }

        @Override
        public boolean isWrapperFor(Class<?> type) throws java.sql.SQLException {
            return target.isWrapperFor(type);
        }
    }

    @Test
    void longTitlesAreCutSoNotificationsStaySmall() throws Exception {
        String user = "long-title-user";
        EmulatedDatabase notes = notion.workspace().createDatabase("Long", Schema.builder().build());
        notes.addPage(Map.of("Name", "é".repeat(20_000)));
        try (NotionSync sync = engine(user, DatabaseConfig.of("Long", notes.id(), TargetKind.PAGES))) {
            sync.syncAll(true);
        }
        JsonNode page = untilRunFinished(user).stream().filter(n -> n.path("type").asText().equals("page_inserted"))
                .findFirst().orElseThrow();
        assertThat(page.path("title").asText()).isEqualTo("é".repeat(200));
    }
}
