package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static io.github.notionsync.spring.it.DemoNotion.live;
import static io.github.notionsync.spring.it.DemoNotion.rows;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.github.notionsync.testkit.emulator.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code POST /api/notion/sync-to-postgres} over real HTTP, syncing the demo workspace from the
 * Notion emulator into PostgreSQL: one scenario, in order.
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + DemoWorkspace.OWNER_USER_ID,
            "notion.sync.schedule.sync.enabled=false"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SyncEndpointIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    @Order(1)
    void oneDatabaseByIdAndNameIsSyncedIntoItsTable() throws Exception {
        String charactersId = notion.demo.characters().id();
        HttpResponse<String> r = post("{\"database_id\": \"" + charactersId + "\", \"database_name\": \"Characters\"}");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(
                "application/json"));
        JsonNode json = MAPPER.readTree(r.body());
        assertThat(json.path("success").asBoolean()).isTrue();
        assertThat(json.path("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(json.path("databases")).hasSize(1);
        JsonNode db = json.path("databases").get(0);
        assertThat(db.path("database_name").asText()).isEqualTo("Characters");
        assertThat(db.path("kind").asText()).isEqualTo("CHARACTERS");
        assertThat(db.path("full_pass").asBoolean()).as("the first run is a full pass").isTrue();
        int inserted = json.path("inserted").asInt();
        assertThat(inserted).isGreaterThanOrEqualTo(5).isEqualTo(db.path("inserted").asInt())
                .isEqualTo(json.path("pages_seen").asInt());
        assertThat(json.path("requests").asLong()).isPositive();
        assertThat(json.path("run_id").asText()).isNotBlank();

        assertThat(live(dataSource, "notion_characters_sync", USER)).isEqualTo(inserted);
        assertThat(rows(dataSource, "SELECT name, role FROM get_notion_character(?, 'Aragorn')", USER))
                .containsExactly(java.util.List.of("Aragorn", "Protagonist"));
        assertThat(live(dataSource, "notion_worlds_sync", USER)).as("only the asked database").isZero();

        // By name alone, any case: an incremental run that finds nothing new.
        JsonNode again = MAPPER.readTree(post("{\"database_name\": \"characters\"}").body());
        assertThat(again.path("databases").get(0).path("full_pass").asBoolean()).isFalse();
        assertThat(again.path("inserted").asInt() + again.path("updated").asInt()).isZero();
    }

    @Test
    @Order(2)
    void anEmptyBodySyncsEveryDatabaseOfTheCurrentUser() throws Exception {
        HttpResponse<String> r = post("{}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode json = MAPPER.readTree(r.body());
        assertThat(json.path("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(json.path("databases").findValuesAsText("database_name"))
                .containsExactlyInAnyOrder("Characters", "Worlds", "Stories", "Chat sessions");
        for (JsonNode db : json.path("databases")) {
            String table = switch (db.path("kind").asText()) {
                case "CHARACTERS" -> "notion_characters_sync";
                case "WORLDS" -> "notion_worlds_sync";
                case "STORIES" -> "notion_stories_sync";
                default -> "notion_chat_sessions_sync";
            };
            assertThat(live(dataSource, table, USER)).as(table).isPositive()
                    .isGreaterThanOrEqualTo(db.path("inserted").asInt());
            if (!db.path("kind").asText().equals("CHARACTERS")) {
                assertThat(db.path("full_pass").asBoolean()).isTrue();
                assertThat(db.path("inserted").asInt()).isEqualTo(live(dataSource, table, USER));
            }
        }
        // The seed's queries, verbatim.
        assertThat(rows(dataSource, "SELECT * FROM notion_worlds_sync WHERE name ILIKE '%fantasy%'")).isNotEmpty();
        assertThat(rows(dataSource, "SELECT * FROM search_notion_content('user-id', 'magic system')")).isNotEmpty();
    }

    @Test
    @Order(3)
    void editsAndTrashedPagesInNotionReachPostgres() throws Exception {
        String aragorn = value(dataSource, "SELECT notion_page_id FROM notion_characters_sync"
                + " WHERE user_id = ? AND name = 'Aragorn'", USER);
        notion.editLater(aragorn, "Role", "Mentor");
        JsonNode edited = MAPPER.readTree(post("{\"database_name\": \"Characters\"}").body());
        assertThat(edited.path("updated").asInt()).isEqualTo(1);
        assertThat(value(dataSource, "SELECT role FROM notion_characters_sync WHERE user_id = ? AND name = 'Aragorn'",
                USER)).isEqualTo("Mentor");

        String gandalf = value(dataSource, "SELECT notion_page_id FROM notion_characters_sync"
                + " WHERE user_id = ? AND name = 'Gandalf'", USER);
        notion.notion.workspace().page(gandalf).orElseThrow().trash();
        JsonNode pass = MAPPER.readTree(post("{\"database_name\": \"Characters\", \"full_pass\": true}").body());
        assertThat(pass.path("databases").get(0).path("full_pass").asBoolean()).isTrue();
        assertThat(pass.path("deleted").asInt()).isEqualTo(1);
        assertThat(value(dataSource, "SELECT deleted_reason FROM notion_characters_sync WHERE notion_page_id = ?::uuid",
                gandalf)).isEqualTo("trashed");
    }

    @Test
    @Order(4)
    void aCallerThatWillNotWaitGets409WhileTheConnectionSyncsAndOneThatWaitsGetsItsRun() throws Exception {
        // The next query of the emulator answers after 3 s: the first request holds its connection's lock that long.
        notion.notion.faults().next("POST", "/v1/data_sources/{id}/query", Fault.slow(Duration.ofSeconds(3)));
        CompletableFuture<HttpResponse<String>> first = HTTP.sendAsync(request("{\"database_name\": \"Characters\"}"),
                HttpResponse.BodyHandlers.ofString());
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> Integer.parseInt(value(dataSource,
                "SELECT count(*) FROM notion_sync_locks WHERE locked_until > now()")) == 1);
        HttpResponse<String> same = post("{\"database_id\": \"" + notion.demo.characters().id()
                + "\", \"wait\": false}");
        assertThat(same.statusCode()).isEqualTo(409);
        JsonNode error = MAPPER.readTree(same.body());
        assertThat(error.path("error").asText()).isEqualTo("sync_in_progress");
        assertThat(error.path("message").asText()).contains("'Characters'");
        assertThat(post("{\"wait\": false}").statusCode()).as("all databases include the running one").isEqualTo(409);
        assertThat(post("{\"database_name\": \"Worlds\", \"wait\": false}").statusCode())
                .as("the same connection, so the same token, is busy").isEqualTo(409);
        // Waiting is the default: the reply comes once the connection is free and its own run is done.
        HttpResponse<String> waited = post("{\"database_name\": \"Worlds\"}");
        assertThat(waited.statusCode()).isEqualTo(200);
        assertThat(first.get().statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(waited.body()).path("run_id").asText())
                .isNotEqualTo(MAPPER.readTree(first.get().body()).path("run_id").asText());
        assertThat(post("{\"database_name\": \"Characters\", \"wait\": false}").statusCode()).as("free again")
                .isEqualTo(200);
    }

    @Test
    @Order(5)
    void everyRunIdInAReplyIsARecordedRunAndItsRequestIsDone() throws Exception {
        JsonNode json = MAPPER.readTree(post("{}").body());
        assertThat(value(dataSource, "SELECT count(*) FROM notion_sync_runs WHERE run_id = ?::uuid",
                json.path("run_id").asText())).isEqualTo("4");
        assertThat(value(dataSource, "SELECT status FROM notion_sync_requests WHERE request_id = ?",
                json.path("request_id").asLong())).isEqualTo("done");
    }

    private HttpRequest request(String body) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(request(body), HttpResponse.BodyHandlers.ofString());
    }
}
