package io.github.notionsync.examples.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import io.github.notionsync.testkit.postgres.TestDatabase;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The demo application as a user runs it: started with no configuration but a database, it syncs
 * the demo workspace at start-up with progress on the console and serves on port 3000, where the
 * seed's curl and psql commands work verbatim (run here through bash, curl and psql); edits to the
 * demo workspace show up on the next sync. With NOTION_TOKEN it syncs the named databases behind
 * HTTP Basic.
 */
class DemoApplicationIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    // The seed's commands (../shared/seed/notion-sync-system.md), copied character for character.
    private static final String SEED_CURL_ALL = """
            curl -X POST http://localhost:3000/api/notion/sync-to-postgres \\
              -H "Content-Type: application/json" \\
              -H "Cookie: your-auth-cookie" \\
              -d '{}'
            """;
    private static final String SEED_CURL_ONE = """
            curl -X POST http://localhost:3000/api/notion/sync-to-postgres \\
              -H "Content-Type: application/json" \\
              -d '{
                "database_id": "abc123",
                "database_name": "Characters"
              }'
            """;
    private static final String SEED_CURL_BARE = """
            curl -X POST http://localhost:3000/api/notion/sync-to-postgres
            """;
    private static final String SEED_QUERIES = """
            -- Get character by name
            SELECT * FROM get_notion_character('user-id', 'Aragorn');

            -- Search across all Notion content
            SELECT * FROM search_notion_content('user-id', 'magic system');

            -- Direct table queries
            SELECT * FROM notion_characters_sync WHERE user_id = 'user-id';
            SELECT * FROM notion_worlds_sync WHERE name ILIKE '%fantasy%';
            """;
    private static final String SEED_VERIFY = """
            SELECT COUNT(*) FROM notion_characters_sync;
            SELECT * FROM notion_characters_sync LIMIT 5;
            """;

    @Test
    void theSeedsCommandsWorkVerbatimAgainstTheDemoAndEditsShowUpOnTheNextSync() throws Exception {
        TestDatabase db = postgres.database();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        try (ConfigurableApplicationContext app = DemoApplication.start(
                Map.of(), new PrintStream(console, true, StandardCharsets.UTF_8),
                "--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                "--notion.sync.rate-limit.enabled=false")) {
            assertThat(app.getEnvironment().getProperty("local.server.port")).isEqualTo("3000");
            String out = console.toString(StandardCharsets.UTF_8);
            assertThat(out).contains("syncing 4 databases of user 'user-id' from the emulated demo workspace")
                    .contains("[1/4] Characters").contains("[4/4] Chat sessions")
                    .contains("First sync SUCCESS").contains("18 new")
                    .contains("notion-sync demo is serving on http://localhost:3000")
                    .contains("curl -X POST http://localhost:3000/api/notion/sync-to-postgres");

            JsonNode all = MAPPER.readTree(shell(SEED_CURL_ALL));
            assertThat(all.path("success").asBoolean()).isTrue();
            assertThat(all.path("databases")).hasSize(4);
            assertThat(all.path("inserted").asInt() + all.path("updated").asInt() + all.path("failed").asInt())
                    .isZero(); // nothing was edited since the first sync
            JsonNode one = MAPPER.readTree(shell(SEED_CURL_ONE));
            assertThat(one.path("success").asBoolean()).isTrue();
            assertThat(one.path("databases")).hasSize(1);
            assertThat(one.path("databases").get(0).path("database_name").asText()).isEqualTo("Characters");
            assertThat(MAPPER.readTree(shell(SEED_CURL_BARE)).path("success").asBoolean()).isTrue();

            String queries = psql(db, SEED_QUERIES);
            assertThat(queries).contains("Aragorn").contains("Brainstorm: Eldoria magic system")
                    .contains("Eldoria, a fantasy realm of tides").contains("(7 rows)");
            assertThat(psql(db, SEED_VERIFY)).contains("     7\n");

            // A writer edits the workspace: a new character, a changed one, a world moved to the trash.
            assertThat(send("POST", "/demo/notion/characters", "{\"title\": \"Galadriel\", \"text\": \"Lady of"
                    + " Lothlorien\"}").statusCode()).isEqualTo(201);
            assertThat(send("PATCH", "/demo/notion/characters/Aragorn", "{\"text\": \"Crowned King Elessar\"}")
                    .statusCode()).isEqualTo(200);
            assertThat(send("DELETE", "/demo/notion/worlds/Ravenhollow", null).statusCode()).isEqualTo(200);
            assertThat(send("DELETE", "/demo/notion/worlds/Ravenhollow", null).statusCode()).isEqualTo(404);
            assertThat(send("POST", "/demo/notion/dragons", "{\"title\": \"Smaug\"}").statusCode()).isEqualTo(404);
            assertThat(send("POST", "/demo/notion/characters", "{\"text\": \"no title\"}").statusCode())
                    .isEqualTo(400);
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:3000/demo/notion/worlds/Middle-earth"))
                    .header("Sec-Fetch-Site", "cross-site").DELETE().build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).as("a request another site's page makes a browser send").isEqualTo(403);

            JsonNode incremental = MAPPER.readTree(send("POST", "/api/notion/sync-to-postgres", "{}").body());
            assertThat(incremental.path("inserted").asInt()).isEqualTo(1);
            assertThat(console.toString(StandardCharsets.UTF_8)).as("later runs are not numbered as the first")
                    .doesNotContain("[5/").contains("  synced Characters ");
            assertThat(incremental.path("updated").asInt()).isEqualTo(1);
            assertThat(incremental.path("deleted").asInt()).isZero();
            JsonNode full = MAPPER.readTree(send("POST", "/api/notion/sync-to-postgres", "{\"full_pass\": true}")
                    .body());
            assertThat(full.path("deleted").asInt()).isEqualTo(1);
            assertThat(console.toString(StandardCharsets.UTF_8)).contains("marked deleted")
                    .contains("dashboard: http://localhost:3000/notion-sync");
            HttpResponse<String> dashboard = send("GET", "/notion-sync", null);
            assertThat(dashboard.statusCode()).isEqualTo(200);
            assertThat(dashboard.body()).contains("Chat sessions").contains("<td class=ok>SUCCESS");

            assertThat(psql(db, "SELECT description FROM get_notion_character('user-id', 'Aragorn');"))
                    .contains("Crowned King Elessar");
            assertThat(psql(db, "SELECT name FROM get_notion_character('user-id', 'galadriel');"))
                    .contains("Galadriel");
            try (Connection c = db.openConnection(); Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("SELECT deleted_at IS NOT NULL FROM notion_worlds_sync"
                            + " WHERE name = 'Ravenhollow'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }

            // Semantic search is on with the local model: every page is embedded in the background.
            assertThat(out).contains("/api/notion/search?mode=hybrid&q=how%20does%20magic%20cost%20work");
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofMinutes(2))
                    .pollInterval(java.time.Duration.ofSeconds(1)).until(() -> MAPPER.readTree(
                            send("GET", "/api/notion/sync/status", null).body()).path("embeddings").path("backlog")
                            .asLong(-1) == 0);
            JsonNode byMeaning = MAPPER.readTree(send("GET", "/api/notion/search?mode=semantic&limit=3"
                    + "&q=the%20lady%20of%20Lothlorien", null).body());
            assertThat(byMeaning.path("results").get(0).path("title").asText()).isEqualTo("Galadriel");
            JsonNode hybrid = MAPPER.readTree(send("GET", "/api/notion/search?mode=hybrid&limit=5"
                    + "&q=fairies%20selling%20at%20night%20markets", null).body());
            assertThat(hybrid.path("results").findValuesAsText("title")).isNotEmpty().doesNotContain("Ravenhollow");
            // Writing back as the demo prints it: Aragorn's role through SQL, then through REST.
            String printed = console.toString(StandardCharsets.UTF_8);
            List<String> writeBack = printed.substring(printed.indexOf("Write back to Notion")).lines().skip(1)
                    .limit(5).map(String::strip).toList();
            assertThat(writeBack.get(0)).contains("notion_update_page('user-id'");
            assertThat(shell(String.join("\n", writeBack.subList(0, 3)))).contains("\"status\":");
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    MAPPER.readTree(shell(writeBack.get(3))).path("status").asText().equals("applied"));
            JsonNode change = MAPPER.readTree(send("GET", "/api/notion/changes/1", null).body());
            assertThat(change.path("status").asText()).as(change.toString()).isEqualTo("applied");
            JsonNode inNotion = MAPPER.readTree(shell(writeBack.get(4)));
            assertThat(inNotion.path("properties").path("Role").asText()).isEqualTo("Protagonist");
            assertThat(psql(db, "SELECT role FROM get_notion_character('user-id', 'Aragorn');"))
                    .contains("Protagonist");
            assertThat(send("PATCH", "/api/notion/pages/" + inNotion.path("id").asText(),
                    "{\"properties\": {\"Age\": \"old\"}}").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void aRestartBringsTheKeptMirrorBackInLineWithTheFreshDemoWorkspace() throws Exception {
        try (TestDatabase db = postgres.database().server().createDatabase("demo_restart")) {
            String[] args = {"--server.port=0", "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.user(), "--notion.sync.rate-limit.enabled=false"};
            try (ConfigurableApplicationContext app = DemoApplication.start(Map.of(), quiet(), args)) {
                String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
                assertThat(send(base, "POST", "/demo/notion/characters", "{\"title\": \"Galadriel\"}").statusCode())
                        .isEqualTo(201);
                assertThat(send(base, "DELETE", "/demo/notion/worlds/Ravenhollow", null).statusCode()).isEqualTo(200);
                assertThat(send(base, "POST", "/api/notion/sync-to-postgres", "{\"full_pass\": true}").statusCode())
                        .isEqualTo(200);
            }
            assertThat(liveNames(db)).contains("Galadriel").doesNotContain("Ravenhollow");

            ByteArrayOutputStream console = new ByteArrayOutputStream();
            try (ConfigurableApplicationContext app = DemoApplication.start(Map.of(),
                    new PrintStream(console, true, StandardCharsets.UTF_8), args)) {
                assertThat(console.toString(StandardCharsets.UTF_8))
                        .contains("First sync SUCCESS").contains("0 new, 1 changed, 17 unchanged, 1 deleted");
            }
            assertThat(liveNames(db)).contains("Ravenhollow", "Aragorn").doesNotContain("Galadriel");
        }
    }

    private static List<String> liveNames(TestDatabase db) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection c = db.openConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT name FROM notion_characters_sync WHERE deleted_at IS NULL"
                     + " UNION ALL SELECT name FROM notion_worlds_sync WHERE deleted_at IS NULL")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void withANotionTokenItSyncsTheNamedDatabasesBehindHttpBasic() throws Exception {
        try (TestDatabase db = postgres.database().server().createDatabase("demo_real");
                NotionEmulator notion = NotionEmulator.builder().build().start()) {
            DemoWorkspace real = notion.workspace().loadDemo();
            ByteArrayOutputStream console = new ByteArrayOutputStream();
            Map<String, String> env = Map.of(
                    "NOTION_TOKEN", real.token(),
                    "NOTION_DATABASES", "characters:" + real.characters().id() + ",Places=worlds:"
                            + real.worlds().id().replace("-", ""),
                    "NOTION_API_BASE_URL", notion.baseUrl().toString(),
                    "NOTION_SYNC_USER_ID", "writer-42",
                    "NOTION_SYNC_PASSWORD", "open-sesame",
                    "SPRING_DATASOURCE_URL", db.jdbcUrl());
            try (ConfigurableApplicationContext app = DemoApplication.start(env,
                    new PrintStream(console, true, StandardCharsets.UTF_8), "--server.port=0",
                    "--spring.datasource.url=" + db.jdbcUrl(), "--spring.datasource.username=" + db.user(),
                    "--notion.sync.rate-limit.enabled=false")) {
                String out = console.toString(StandardCharsets.UTF_8);
                assertThat(out).contains("syncing 2 databases of user 'writer-42' from Notion")
                        .contains("[2/2]").contains("First sync SUCCESS").contains("HTTP Basic as user 'writer-42'")
                        .doesNotContain(real.token()).doesNotContain("open-sesame");
                String port = app.getEnvironment().getProperty("local.server.port");
                URI aragorn = URI.create("http://localhost:" + port + "/api/notion/characters/Aragorn");
                assertThat(HTTP.send(HttpRequest.newBuilder(aragorn).build(), HttpResponse.BodyHandlers.ofString())
                        .statusCode()).isEqualTo(401);
                String basic = "Basic " + Base64.getEncoder().encodeToString("writer-42:open-sesame".getBytes(
                        StandardCharsets.UTF_8));
                HttpResponse<String> found = HTTP.send(HttpRequest.newBuilder(aragorn).header("Authorization", basic)
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertThat(found.statusCode()).isEqualTo(200);
                assertThat(found.body()).contains("Aragorn");
                // no workspace editing against a real Notion
                assertThat(HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/demo/notion"))
                        .header("Authorization", basic).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                        .isEqualTo(404);
                try (Connection c = db.openConnection(); Statement s = c.createStatement();
                        ResultSet rs = s.executeQuery("SELECT count(*) FROM notion_worlds_sync"
                                + " WHERE user_id = 'writer-42'")) {
                    rs.next();
                    assertThat(rs.getInt(1)).isEqualTo(4);
                }
            }
        }
    }

    @Test
    void aBadEnvironmentStopsTheStartWithAMessageNamingTheVariable() {
        assertThatThrownBy(() -> DemoApplication.start(Map.of("NOTION_TOKEN", "ntn_x",
                "NOTION_DATABASES", "dragons:0123456789abcdef0123456789abcdef"), System.out))
                .isInstanceOf(DemoSetupException.class)
                .hasMessageContaining("NOTION_DATABASES entry 'dragons:")
                .hasMessageNotContaining("ntn_x");
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send("http://localhost:3000", method, path, body);
    }

    private static HttpResponse<String> send(String base, String method, String path, String body)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return HTTP.send(b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Runs a command line through bash exactly as a user pastes it, and returns what it printed. */
    private static String shell(String command) throws IOException, InterruptedException {
        return run(List.of("bash", "-c", command), null);
    }

    /** Runs SQL through psql on the test database, stopping at the first error. */
    private static String psql(TestDatabase db, String sql) throws IOException, InterruptedException {
        URI u = URI.create(db.jdbcUrl().substring("jdbc:".length()));
        List<String> cmd = new ArrayList<>(List.of("psql", "-X", "-v", "ON_ERROR_STOP=1", "-h", u.getHost(), "-p",
                String.valueOf(u.getPort() < 0 ? 5432 : u.getPort()), "-U", db.user(), "-d", u.getPath().substring(1)));
        return run(cmd, sql);
    }

    /** Runs a command and returns its standard output (curl's progress meter goes to stderr). */
    private static String run(List<String> command, String stdin) throws IOException, InterruptedException {
        Path err = Files.createTempFile("demo-it", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            if (stdin != null) {
                p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
            }
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).as("%s failed:%n%s%n%s", command, out, Files.readString(err)).isZero();
            return out;
        } finally {
            Files.deleteIfExists(err);
        }
    }
}
