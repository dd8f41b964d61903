package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.notionsync.ChangeStatus;
import io.github.notionsync.ConflictPolicy;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.InvalidChangeException;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSync;
import io.github.notionsync.OutboxChange;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncReport;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.NotionPage;
import io.github.notionsync.client.RateLimit;
import io.github.notionsync.client.RetryPolicy;
import io.github.notionsync.testkit.emulator.Capability;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.Fault;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Writing back to Notion end to end: changes enqueued through the Java API (and so through the SQL
 * functions), pushed over HTTP to the emulator, the mirror read back, and a fresh pull.
 */
class WriteBackIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final String USER = DemoWorkspace.OWNER_USER_ID;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private NotionEmulator notion;
    private DemoWorkspace demo;
    private NotionSyncPostgres pg;
    private NotionSync engine;
    private HttpNotionClient client;
    private String aragorn;
    private int attempts = NotionSync.Builder.DEFAULT_MAX_WRITE_ATTEMPTS;

    @BeforeAll
    static void migrate() {
        NotionSyncPostgres.create(postgres.database().dataSource(), "wb").migrate();
    }

    @BeforeEach
    void start() throws Exception {
        notion = NotionEmulator.builder().build().start();
        demo = notion.workspace().loadDemo();
        DataSource ds = postgres.database().dataSource();
        // Every test starts from empty tables (migrated once for the class).
        try (Connection c = ds.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT string_agg(format('wb.%I', tablename), ', ') FROM pg_tables"
                        + " WHERE schemaname = 'wb' AND tablename <> '" + NotionSyncMigrations.HISTORY_TABLE + "'")) {
            rs.next();
            try (Statement t = c.createStatement()) {
                t.execute("TRUNCATE " + rs.getString(1) + " RESTART IDENTITY");
            }
        }
        pg = NotionSyncPostgres.create(ds, "wb");
        engine = engine(demo.token(), UnaryOperator.identity());
        SyncReport first = engine.syncDatabase(USER, "Characters", true);
        assertThat(first.databases()).allSatisfy(d -> assertThat(d.errorMessage()).isNull());
        aragorn = single("SELECT notion_page_id FROM wb.notion_characters_sync WHERE name = 'Aragorn'");
    }

    @AfterEach
    void stop() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        notion.close();
    }

    private NotionSync engine(String token, UnaryOperator<DatabaseConfig> characters) {
        client = HttpNotionClient.builder().token(token).baseUrl(notion.baseUrl())
                .apiVersion(NotionApiVersion.V2025_09_03).rateLimit(new RateLimit(200, 50))
                .retryPolicy(new RetryPolicy(3, Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofSeconds(10)))
                .build();
        List<DatabaseConfig> dbs = new ArrayList<>(demo.databaseConfigs());
        dbs.set(0, characters.apply(dbs.get(0)));
        NotionSync e = NotionSync.builder().repository(pg.repository()).outbox(pg.outbox()).maxWriteAttempts(attempts)
                .connection(new SyncConnection(USER, "demo", client, dbs)).clock(notion.clock().asClock()).build();
        closing.add(e);
        return e;
    }

    private OutboxChange pushed(long id) {
        engine.writes().push(USER);
        return engine.writes().change(USER, id).orElseThrow();
    }

    private NotionPage notionPage(String id) {
        return client.retrievePage(NotionId.parse(id));
    }

    @Test
    void anUpdateByFieldAndByNameReachesNotionTheMirrorAtOnceAndAFreshPullSeesExactlyThat() throws Exception {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("role", "Mentor");                       // typed field -> "Role" (select)
        values.put("description", "Crowned King Elessar");  // typed field -> "Bio" (rich text) by the mapping
        values.put("Traits", List.of("Brave", "Wise"));     // multi-select by name
        values.put("Age", 88);
        long id = engine.writes().updatePage(USER, aragorn, values);
        assertThat(engine.writes().change(USER, id).orElseThrow().status()).isEqualTo(ChangeStatus.PENDING);

        OutboxChange done = pushed(id);
        assertThat(done.status()).as(String.valueOf(done.lastError())).isEqualTo(ChangeStatus.APPLIED);
        NotionPage page = notionPage(aragorn);
        assertThat(page.properties().path("Role").path("select").path("name").asText()).isEqualTo("Mentor");
        assertThat(page.properties().path("Bio").path("rich_text").get(0).path("plain_text").asText())
                .isEqualTo("Crowned King Elessar");
        assertThat(page.properties().path("Age").path("number").asInt()).isEqualTo(88);
        assertThat(done.appliedLastEditedTime()).isEqualTo(page.lastEditedTime());
        // The mirror has it at once, and the change feed logged it like any mirror change.
        assertThat(single("SELECT role || '|' || description || '|' || array_to_string(tags, ',')"
                + " FROM wb.notion_characters_sync WHERE notion_page_id = '" + aragorn + "'"))
                .isEqualTo("Mentor|Crowned King Elessar|Brave,Wise");
        assertThat(single("SELECT count(*) FROM wb.notion_sync_changes WHERE event_type = 'page_updated'"
                + " AND notion_page_id = '" + aragorn + "'")).isEqualTo("1");
        // Content was kept, not wiped by the property write.
        assertThat(single("SELECT length(content_markdown) > 0 FROM wb.notion_characters_sync"
                + " WHERE notion_page_id = '" + aragorn + "'")).isEqualTo("t");

        // The next pull does not see our own write as a change.
        SyncReport again = engine.syncDatabase(USER, "Characters", true);
        assertThat(again.databases()).allSatisfy(d -> assertThat(d.updated()).isZero());
        // A fresh mirror of another user pulls exactly that.
        NotionSync fresh = NotionSync.builder().repository(pg.repository())
                .connection(new SyncConnection("fresh", "demo", client, demo.databaseConfigs())).build();
        closing.add(fresh);
        fresh.syncDatabase("fresh", "Characters", true);
        assertThat(single("SELECT role || '|' || description || '|' || array_to_string(tags, ',')"
                + " FROM wb.notion_characters_sync WHERE user_id = 'fresh' AND name = 'Aragorn'"))
                .isEqualTo("Mentor|Crowned King Elessar|Brave,Wise");
    }

    @Test
    void aCreatedPageWithMarkdownContentIsInNotionAndInTheMirrorOnce() throws Exception {
        String markdown = "# Gimli\n\nSon of **Glóin**, of the *Lonely Mountain*.\n\n- axe\n- helm\n\n"
                + "1. Moria\n2. Helm's Deep\n\n- [ ] reconcile with Legolas\n\n> Certainty of death.\n\n"
                + "```\nbaruk khazad\n```\n\n---\n\nSee [the wiki](https://example.org/gimli) and `code`.";
        long id = engine.writes().createPage(USER, "Characters",
                Map.of("name", "Gimli", "role", "Companion", "Traits", List.of("Stubborn", "Loyal"), "Age", 139),
                markdown);
        OutboxChange c = pushed(id);
        assertThat(c.status()).as(String.valueOf(c.lastError())).isEqualTo(ChangeStatus.APPLIED);
        assertThat(c.pageId()).isNotNull();
        NotionPage page = notionPage(c.pageId().value());
        assertThat(page.databaseId()).isEqualTo(NotionId.parse(demo.characters().id()));
        assertThat(page.properties().path("Role").path("select").path("name").asText()).isEqualTo("Companion");
        assertThat(single("SELECT count(*) FROM wb.notion_characters_sync WHERE name = 'Gimli'")).isEqualTo("1");
        String mirrored = single("SELECT content_markdown FROM wb.notion_characters_sync WHERE name = 'Gimli'");
        assertThat(mirrored).contains("# Gimli").contains("**Glóin**").contains("- axe").contains("1. Moria")
                .contains("- [ ] reconcile with Legolas").contains("> Certainty of death.").contains("baruk khazad")
                .contains("---").contains("[the wiki](https://example.org/gimli)");
        // A fresh pull finds the page as written: nothing to update.
        SyncReport again = engine.syncDatabase(USER, "Characters", true);
        assertThat(again.databases()).allSatisfy(d -> assertThat(d.updated()).isZero());
        assertThat(single("SELECT count(*) FROM wb.notion_characters_sync WHERE name = 'Gimli'")).isEqualTo("1");
    }

    @Test
    void aCreateWhoseReplyIsLostIsAdoptedNotRepeated() throws Exception {
        notion.faults().next("POST", "/v1/pages", Fault.replyLost());
        long id = engine.writes().createPage(USER, "Characters", Map.of("name", "Legolas", "role", "Companion"),
                "Prince of the Woodland Realm.");
        OutboxChange lost = pushed(id);
        assertThat(lost.status()).as("the outcome is unknown").isEqualTo(ChangeStatus.APPLYING);
        assertThat(lost.lastError()).contains("may or may not have been applied");
        notion.clock().advance(Duration.ofSeconds(2));
        OutboxChange adopted = pushed(id);
        assertThat(adopted.status()).as(String.valueOf(adopted.lastError())).isEqualTo(ChangeStatus.APPLIED);
        assertThat(notion.requestCount("POST", "/v1/pages")).as("created once").isEqualTo(1);
        long inNotion = demo.characters().dataSource().pages().stream().filter(p -> p.title().equals("Legolas")).count();
        assertThat(inNotion).isEqualTo(1);
        assertThat(adopted.pageId().value()).isEqualTo(
                demo.characters().dataSource().pages().stream().filter(p -> p.title().equals("Legolas")).findFirst()
                        .orElseThrow().id());
        assertThat(single("SELECT content FROM wb.notion_characters_sync WHERE name = 'Legolas'"))
                .contains("Prince of the Woodland Realm.");
    }

    @Test
    void anAppendWhoseReplyIsLostIsNotAppendedTwiceAndReplaceSwapsTheContent() throws Exception {
        notion.faults().next("PATCH", "/v1/blocks/{id}/children", Fault.replyLost(502));
        long id = engine.writes().appendContent(USER, aragorn, "## Later years\n\nHe ruled for 122 years.");
        assertThat(pushed(id).status()).isEqualTo(ChangeStatus.APPLYING);
        notion.clock().advance(Duration.ofSeconds(2));
        OutboxChange appended = pushed(id);
        assertThat(appended.status()).as(String.valueOf(appended.lastError())).isEqualTo(ChangeStatus.APPLIED);
        String content = single("SELECT content_markdown FROM wb.notion_characters_sync WHERE notion_page_id = '"
                + aragorn + "'");
        assertThat(content).contains("## Later years");
        assertThat(content.indexOf("He ruled for 122 years.")).isEqualTo(content.lastIndexOf("He ruled for 122 years."));

        notion.clock().advance(Duration.ofMinutes(1));
        OutboxChange replaced = pushed(engine.writes().replaceContent(USER, aragorn, "Only this now."));
        assertThat(replaced.status()).as(String.valueOf(replaced.lastError())).isEqualTo(ChangeStatus.APPLIED);
        assertThat(single("SELECT content_markdown FROM wb.notion_characters_sync WHERE notion_page_id = '" + aragorn
                + "'")).isEqualTo("Only this now.");
        try (var children = client.blockChildren(NotionId.parse(aragorn))) {
            assertThat(children.count()).as("the old blocks are in the trash").isEqualTo(1);
        }
    }

    @Test
    void badInputIsRefusedWhenEnqueuedNamingThePropertyAndNothingIsQueued() throws Exception {
        record Bad(Map<String, ?> values, String property, String message) {
        }
        List<Bad> bad = List.of(
                new Bad(Map.of("Nickname", "Strider"), "Nickname", "is not a property of database \"Characters\""),
                new Bad(Map.of("Age", "old"), "Age", "expects a number"),
                new Bad(Map.of("role", 3), "Role", "expects an option name"),
                new Bad(Map.of("Created", "2026-01-01"), "Created", "which Notion computes"),
                new Bad(Map.of("ID", "CHR-9"), "ID", "unique_id"),
                new Bad(Map.of("Status", "Crowned"), "Status", "has no option \"Crowned\""),
                new Bad(Map.of("Traits", List.of("a,b")), "Traits", "without commas"),
                new Bad(Map.of("description", "x".repeat(200_001)), "Bio", "at most 200000"),
                new Bad(Map.of("World", List.of("not-an-id")), "World", "expects Notion page ids"),
                new Bad(Map.of("Role", "Mentor", "role", "Antagonist"), "Role", "given twice"));
        for (Bad b : bad) {
            assertThatThrownBy(() -> engine.writes().updatePage(USER, aragorn, b.values()))
                    .as(b.property()).isInstanceOfSatisfying(InvalidChangeException.class, e -> {
                        assertThat(e.property()).isEqualTo(b.property());
                        assertThat(e.getMessage()).contains(b.message());
                    });
        }
        assertThatThrownBy(() -> engine.writes().updatePage(USER, "b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0b0", Map.of("Age", 1)))
                .isInstanceOfSatisfying(InvalidChangeException.class, e -> assertThat(e.targetNotFound()).isTrue());
        assertThatThrownBy(() -> engine.writes().createPage(USER, "Spells", Map.of(), null))
                .isInstanceOfSatisfying(InvalidChangeException.class, e -> assertThat(e.targetNotFound()).isTrue());
        assertThatThrownBy(() -> engine.writes().appendContent(USER, aragorn, " "))
                .isInstanceOf(InvalidChangeException.class).hasMessageContaining("must not be empty");
        assertThatThrownBy(() -> engine.writes().updatePage("someone-else", aragorn, Map.of("Age", 1)))
                .isInstanceOfSatisfying(InvalidChangeException.class, e -> assertThat(e.targetNotFound()).isTrue());
        assertThat(single("SELECT count(*) FROM wb.notion_sync_outbox")).isEqualTo("0");
        assertThat(notion.totalRequests()).as("nothing was sent").isPositive();
    }

    @Test
    void trashAndRestoreRoundTrip() throws Exception {
        OutboxChange trashed = pushed(engine.writes().trashPage(USER, aragorn));
        assertThat(trashed.status()).as(String.valueOf(trashed.lastError())).isEqualTo(ChangeStatus.APPLIED);
        assertThat(notionPage(aragorn).inTrash()).isTrue();
        assertThat(single("SELECT deleted_reason FROM wb.notion_characters_sync WHERE notion_page_id = '" + aragorn
                + "'")).isEqualTo("trashed");
        assertThatThrownBy(() -> engine.writes().updatePage(USER, aragorn, Map.of("Age", 1)))
                .hasMessageContaining("restore it first");

        notion.clock().advance(Duration.ofMinutes(1));
        OutboxChange restored = pushed(engine.writes().restorePage(USER, aragorn));
        assertThat(restored.status()).as(String.valueOf(restored.lastError())).isEqualTo(ChangeStatus.APPLIED);
        assertThat(notionPage(aragorn).inTrash()).isFalse();
        assertThat(single("SELECT deleted_at IS NULL FROM wb.notion_characters_sync WHERE notion_page_id = '"
                + aragorn + "'")).isEqualTo("t");
    }

    @Test
    void aNotionEditAfterTheBaseFailsTheChangeAndLeavesNotionUntouched() throws Exception {
        long id = engine.writes().updatePage(USER, aragorn, Map.of("role", "Mentor"));
        notion.clock().advance(Duration.ofMinutes(2));
        notion.workspace().page(aragorn).orElseThrow().update(Map.of("Role", "Antagonist"));

        OutboxChange c = pushed(id);
        assertThat(c.status()).isEqualTo(ChangeStatus.CONFLICT);
        assertThat(c.resolution()).isNull();
        assertThat(c.conflictNotion().path("values").path("Role").asText()).isEqualTo("Antagonist");
        assertThat(c.properties().path("Role").path("select").path("name").asText()).isEqualTo("Mentor");
        assertThat(c.lastError()).contains("FAIL");
        assertThat(notionPage(aragorn).properties().path("Role").path("select").path("name").asText())
                .isEqualTo("Antagonist");
    }

    @Test
    void aNotionEditInTheSameMinuteIsCaughtByItsValues() throws Exception {
        long id = engine.writes().updatePage(USER, aragorn, Map.of("role", "Mentor"));
        // Notion's edit comes in the minute the change is based on: last_edited_time does not move.
        notion.clock().set(engine.writes().change(USER, id).orElseThrow().baseLastEditedTime().plusSeconds(30));
        notion.workspace().page(aragorn).orElseThrow().update(Map.of("Role", "Companion"));
        assertThat(notionPage(aragorn).lastEditedTime()).isEqualTo(
                engine.writes().change(USER, id).orElseThrow().baseLastEditedTime());

        OutboxChange c = pushed(id);
        assertThat(c.status()).isEqualTo(ChangeStatus.CONFLICT);
        assertThat(c.lastError()).contains("in the minute");
        assertThat(notionPage(aragorn).properties().path("Role").path("select").path("name").asText())
                .isEqualTo("Companion");
    }

    @Test
    void changesQueuedOneAfterTheOtherAreNotConflictsWithEachOther() throws Exception {
        // Both are based on the mirror before either is applied, in the same minute.
        long first = engine.writes().updatePage(USER, aragorn, Map.of("role", "Mentor", "Age", 88));
        long second = engine.writes().updatePage(USER, aragorn, Map.of("role", "Antagonist"));
        engine.writes().push(USER);
        assertThat(engine.writes().change(USER, first).orElseThrow().status()).isEqualTo(ChangeStatus.APPLIED);
        OutboxChange c = engine.writes().change(USER, second).orElseThrow();
        assertThat(c.status()).as(String.valueOf(c.lastError())).isEqualTo(ChangeStatus.APPLIED);
        assertThat(notionPage(aragorn).properties().path("Role").path("select").path("name").asText())
                .isEqualTo("Antagonist");

        // A Notion edit after our write, in the same minute, is still caught for a change based
        // on a version before our write.
        java.time.Instant before = c.baseLastEditedTime();
        assertThat(pushed(engine.writes().updatePage(USER, aragorn, Map.of("role", "Mentor"))).status())
                .isEqualTo(ChangeStatus.APPLIED);
        notion.workspace().page(aragorn).orElseThrow().update(Map.of("Role", "Protagonist"));
        OutboxChange late = pushed(engine.writes().updatePage(USER, aragorn, Map.of("role", "Companion"), before));
        assertThat(late.status()).isEqualTo(ChangeStatus.CONFLICT);
        assertThat(late.conflictNotion().path("values").path("Role").asText()).isEqualTo("Protagonist");
    }

    @Test
    void underNotionWinsTheMirrorTakesNotionsVersion() throws Exception {
        engine = engine(demo.token(), db -> db.withConflictPolicy(ConflictPolicy.NOTION_WINS));
        long id = engine.writes().updatePage(USER, aragorn, Map.of("role", "Mentor"));
        notion.clock().advance(Duration.ofMinutes(2));
        notion.workspace().page(aragorn).orElseThrow().update(Map.of("Role", "Antagonist"));

        OutboxChange c = pushed(id);
        assertThat(c.status()).isEqualTo(ChangeStatus.CONFLICT);
        assertThat(c.resolution()).isEqualTo("notion_wins");
        assertThat(notionPage(aragorn).properties().path("Role").path("select").path("name").asText())
                .isEqualTo("Antagonist");
        assertThat(single("SELECT role FROM wb.notion_characters_sync WHERE notion_page_id = '" + aragorn + "'"))
                .isEqualTo("Antagonist");
    }

    @Test
    void underLocalWinsTheChangeIsWrittenAndTheOverwrittenVersionKept() throws Exception {
        engine = engine(demo.token(), db -> db.withConflictPolicy(ConflictPolicy.LOCAL_WINS));
        long id = engine.writes().updatePage(USER, aragorn, Map.of("role", "Mentor"));
        notion.clock().advance(Duration.ofMinutes(2));
        notion.workspace().page(aragorn).orElseThrow().update(Map.of("Role", "Antagonist"));

        OutboxChange c = pushed(id);
        assertThat(c.status()).isEqualTo(ChangeStatus.APPLIED);
        assertThat(c.resolution()).isEqualTo("local_wins");
        assertThat(c.conflictNotion().path("values").path("Role").asText()).isEqualTo("Antagonist");
        assertThat(notionPage(aragorn).properties().path("Role").path("select").path("name").asText())
                .isEqualTo("Mentor");
    }

    @Test
    void rateLimitsAndServerErrorsDuringWritesAreRetriedWithinBounds() throws Exception {
        // 429 and 503 on the PATCH: the client's own retries get it through.
        notion.faults().next("PATCH", "/v1/pages/{id}", Fault.rateLimited(1), Fault.status(503));
        OutboxChange first = pushed(engine.writes().updatePage(USER, aragorn, Map.of("Age", 90)));
        assertThat(first.status()).as(String.valueOf(first.lastError())).isEqualTo(ChangeStatus.APPLIED);
        assertThat(first.attempts()).isEqualTo(1);

        // Past the client's retries, the change waits with back-off and is applied on a later push.
        notion.clock().advance(Duration.ofMinutes(1));
        notion.faults().next("PATCH", "/v1/pages/{id}", 3, Fault.status(502));
        long id = engine.writes().updatePage(USER, aragorn, Map.of("Age", 91));
        OutboxChange waiting = pushed(id);
        assertThat(waiting.status()).isEqualTo(ChangeStatus.PENDING);
        assertThat(waiting.lastError()).contains("502");
        assertThat(pushed(id).attempts()).as("not due before its back-off").isEqualTo(1);
        notion.clock().advance(Duration.ofSeconds(2));
        OutboxChange later = pushed(id);
        assertThat(later.status()).as(String.valueOf(later.lastError())).isEqualTo(ChangeStatus.APPLIED);
        assertThat(later.attempts()).isEqualTo(2);
        assertThat(notionPage(aragorn).properties().path("Age").path("number").asInt()).isEqualTo(91);

        // And never forever: a page that keeps failing gives up after the bounded attempts.
        attempts = 3;
        engine = engine(demo.token(), UnaryOperator.identity());
        notion.faults().next("PATCH", "/v1/pages/{id}", 100, Fault.status(500));
        long doomed = engine.writes().updatePage(USER, aragorn, Map.of("Age", 92));
        for (int i = 0; i < attempts; i++) {
            assertThat(pushed(doomed).status()).isEqualTo(i + 1 < attempts ? ChangeStatus.PENDING : ChangeStatus.FAILED);
            notion.clock().advance(Duration.ofMinutes(6));
        }
        OutboxChange gaveUp = engine.writes().change(USER, doomed).orElseThrow();
        assertThat(gaveUp.status()).isEqualTo(ChangeStatus.FAILED);
        assertThat(gaveUp.lastError()).startsWith("Gave up after 3 attempts");
        notion.faults().clear();
    }

    @Test
    void aMissingCapabilityFailsTheChangeNamingIt() throws Exception {
        String readOnly = notion.workspace().createToken("read only", EnumSet.of(Capability.READ_CONTENT));
        engine = engine(readOnly, UnaryOperator.identity());
        OutboxChange c = pushed(engine.writes().updatePage(USER, aragorn, Map.of("Age", 5)));
        assertThat(c.status()).isEqualTo(ChangeStatus.FAILED);
        assertThat(c.lastError()).contains("\"update content\" capability");
        assertThat(c.attempts()).isEqualTo(1);
    }

    @Test
    void aChangeEnqueuedFromSqlIsPushedWithinSecondsByTheScheduler() throws Exception {
        NotionSyncScheduler scheduler = pg.scheduler(engine).syncConnections(false)
                .pollingInterval(Duration.ofSeconds(30)).build();
        closing.add(0, scheduler);
        scheduler.start();
        long id;
        try (Connection c = postgres.database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT wb.notion_update_page('user-id', '" + aragorn
                        + "', '{\"Role\": \"Mentor\", \"Traits\": [\"Wise\"]}')")) {
            rs.next();
            id = rs.getLong(1);
        }
        // Well before the 30 s polling interval: the insert's notification wakes the scheduler.
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                engine.writes().change(USER, id).orElseThrow().status() == ChangeStatus.APPLIED);
        assertThat(notionPage(aragorn).properties().path("Role").path("select").path("name").asText())
                .isEqualTo("Mentor");
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() ->
                "0".equals(single("SELECT count(*) FROM wb.notion_sync_scheduled_tasks WHERE task_name = '"
                        + NotionSyncScheduler.WRITE_TASK + "'")));
    }

    @Test
    void rowLevelSecurityKeepsAUsersChangesToThatUser() throws Exception {
        String role = "nsw_" + Long.toHexString(System.nanoTime());
        // Another user mirrors the same page; its change is made as the owner.
        exec("INSERT INTO wb.notion_characters_sync (user_id, notion_page_id, notion_database_id, name, content_hash,"
                + " notion_last_edited_time, properties) SELECT 'other', notion_page_id, notion_database_id, name,"
                + " content_hash, notion_last_edited_time, properties FROM wb.notion_characters_sync WHERE user_id ="
                + " 'user-id'",
                "INSERT INTO wb.notion_sync_schemas (user_id, notion_database_id, database_name, target_kind, fields,"
                + " properties) SELECT 'other', notion_database_id, database_name, target_kind, fields, properties"
                + " FROM wb.notion_sync_schemas WHERE user_id = 'user-id'",
                "SELECT wb.notion_update_page('other', '" + aragorn + "', '{\"Age\": 1}')",
                "CREATE ROLE " + role + " LOGIN",
                "GRANT USAGE ON SCHEMA wb TO " + role,
                "GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA wb TO " + role,
                "INSERT INTO wb.notion_sync_role_users (role_name, user_id) VALUES ('" + role + "', 'user-id')");
        java.util.Properties p = new java.util.Properties();
        p.setProperty("user", role);
        try (Connection c = java.sql.DriverManager.getConnection(postgres.database().jdbcUrl(), p);
                Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT wb.notion_update_page('user-id', '" + aragorn
                    + "', '{\"Age\": 2}')")) {
                assertThat(rs.next()).isTrue();
            }
            assertThatThrownBy(() -> s.executeQuery("SELECT wb.notion_update_page('other', '" + aragorn
                    + "', '{\"Age\": 3}')")).hasMessageContaining("user other has no mirrored page");
            try (ResultSet rs = s.executeQuery("SELECT string_agg(DISTINCT user_id, ',') FROM wb.notion_sync_outbox")) {
                rs.next();
                assertThat(rs.getString(1)).as("the other user's change is not visible").isEqualTo("user-id");
            }
            assertThat(s.executeUpdate("UPDATE wb.notion_sync_outbox SET status = 'failed' WHERE user_id = 'other'"))
                    .isZero();
        } finally {
            exec("DROP OWNED BY " + role, "DROP ROLE " + role);
        }
        assertThat(single("SELECT count(*) FROM wb.notion_sync_outbox WHERE user_id = 'other' AND status = 'pending'"))
                .isEqualTo("1");
    }

    private void exec(String... statements) throws Exception {
        try (Connection c = postgres.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        }
    }

    private String single(String sql) throws Exception {
        try (Connection c = postgres.database().dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            assertThat(rs.next()).as(sql).isTrue();
            return rs.getString(1);
        }
    }

}
