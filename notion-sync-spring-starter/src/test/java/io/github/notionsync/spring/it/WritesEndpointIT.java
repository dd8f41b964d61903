package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static io.github.notionsync.spring.it.DemoNotion.rows;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
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
 * Writing back to Notion over REST, pushed by the application's scheduler to the emulator: one
 * scenario, in order.
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + DemoWorkspace.OWNER_USER_ID,
            "notion.sync.schedule.sync.enabled=false"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WritesEndpointIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
        // In the same property source as the rest of the list, which Spring binds from one source.
        registry.add("notion.sync.connections[0].databases[0].conflict-policy", () -> "NOTION_WINS"); // Characters
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    @Order(1)
    void aPatchChangesTheRoleInNotionWithinSeconds() throws Exception {
        assertThat(send("POST", "/api/notion/sync-to-postgres", "{}").statusCode()).isEqualTo(200);
        String aragorn = aragorn();
        HttpResponse<String> r = send("PATCH", "/api/notion/pages/" + aragorn,
                "{\"properties\": {\"role\": \"Mentor\", \"Traits\": [\"Wise\"]}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode change = MAPPER.readTree(r.body());
        assertThat(change.path("status").asText()).isIn("pending", "applying", "applied");
        assertThat(change.path("operation").asText()).isEqualTo("update");
        assertThat(r.headers().firstValue("Location")).hasValue("/api/notion/changes/" + change.path("change_id").asLong());

        JsonNode applied = awaitFinished(change.path("change_id").asLong());
        assertThat(applied.path("status").asText()).as(applied.toString()).isEqualTo("applied");
        assertThat(notion.demo.characters().dataSource().pages().stream().filter(p -> p.title().equals("Aragorn"))
                .findFirst().orElseThrow().lastEditedTime()).isNotNull();
        assertThat(rows(dataSource, "SELECT name, role FROM get_notion_character(?, 'Aragorn')", USER))
                .containsExactly(List.of("Aragorn", "Mentor"));
    }

    @Test
    @Order(2)
    void badInputIsRefusedWithTheProperty() throws Exception {
        String aragorn = aragorn();
        HttpResponse<String> wrongType = send("PATCH", "/api/notion/pages/" + aragorn,
                "{\"properties\": {\"Age\": \"old\"}}");
        assertThat(wrongType.statusCode()).isEqualTo(400);
        JsonNode e = MAPPER.readTree(wrongType.body());
        assertThat(e.path("error").asText()).isEqualTo("invalid_change");
        assertThat(e.path("property").asText()).isEqualTo("Age");
        assertThat(e.path("message").asText()).contains("expects a number");

        HttpResponse<String> readOnly = send("PATCH", "/api/notion/pages/" + aragorn,
                "{\"properties\": {\"Last edited\": \"2026-01-01\"}}");
        assertThat(MAPPER.readTree(readOnly.body()).path("property").asText()).isEqualTo("Last edited");

        assertThat(send("PATCH", "/api/notion/pages/" + "a".repeat(32), "{\"properties\": {\"Age\": 1}}").statusCode())
                .isEqualTo(404);
        assertThat(send("PATCH", "/api/notion/pages/" + aragorn, "{\"properties\": [1]}").statusCode()).isEqualTo(400);
        assertThat(send("PATCH", "/api/notion/pages/" + aragorn, "{not json").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/notion/databases/Characters/pages", "{\"content_markdown\": 5}").statusCode())
                .isEqualTo(400);
        assertThat(send("GET", "/api/notion/changes/987654", null).statusCode()).isEqualTo(404);
        assertThat(value(dataSource, "SELECT count(*) FROM notion_sync_outbox WHERE user_id = ?", USER))
                .as("nothing more was queued").isEqualTo("1");
    }

    @Test
    @Order(3)
    void aPageCreatedWithMarkdownAndThenTrashed() throws Exception {
        HttpResponse<String> r = send("POST", "/api/notion/databases/Characters/pages",
                "{\"properties\": {\"name\": \"Gimli\", \"Role\": \"Companion\"},"
                        + " \"content_markdown\": \"## Son of Gloin\\n\\n- axe\\n- helm\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode created = awaitFinished(MAPPER.readTree(r.body()).path("change_id").asLong());
        assertThat(created.path("status").asText()).as(created.toString()).isEqualTo("applied");
        String gimli = created.path("page_id").asText();
        assertThat(value(dataSource, "SELECT content_markdown FROM notion_characters_sync WHERE notion_page_id = ?::uuid",
                gimli)).contains("## Son of Gloin").contains("- axe");

        JsonNode trashed = awaitFinished(MAPPER.readTree(send("DELETE", "/api/notion/pages/" + gimli, null).body())
                .path("change_id").asLong());
        assertThat(trashed.path("status").asText()).as(trashed.toString()).isEqualTo("applied");
        assertThat(notion.notion.workspace().page(gimli).orElseThrow().inTrash()).isTrue();
        assertThat(rows(dataSource, "SELECT name FROM get_notion_character(?, 'Gimli')", USER)).isEmpty();
    }

    @Test
    @Order(4)
    void aConflictUnderTheConfiguredPolicyKeepsNotionsVersion() throws Exception {
        String aragorn = aragorn();
        notion.editLater(aragorn, "Role", "Antagonist");
        HttpResponse<String> r = send("PATCH", "/api/notion/pages/" + aragorn,
                "{\"properties\": {\"role\": \"Companion\"}}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
        JsonNode c = awaitFinished(MAPPER.readTree(r.body()).path("change_id").asLong());
        assertThat(c.path("status").asText()).as(c.toString()).isEqualTo("conflict");
        assertThat(c.path("resolution").asText()).isEqualTo("notion_wins");
        assertThat(c.path("conflict_notion").path("values").path("Role").asText()).isEqualTo("Antagonist");
        assertThat(rows(dataSource, "SELECT name, role FROM get_notion_character(?, 'Aragorn')", USER))
                .containsExactly(List.of("Aragorn", "Antagonist"));
    }

    private String aragorn() throws Exception {
        return value(dataSource, "SELECT notion_page_id FROM notion_characters_sync WHERE user_id = ? AND name = 'Aragorn'",
                USER);
    }

    private JsonNode awaitFinished(long id) {
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = MAPPER.readTree(send("GET", "/api/notion/changes/" + id, null).body());
            return List.of("applied", "conflict", "failed").contains(last[0].path("status").asText());
        });
        return last[0];
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
