package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Reads through the REST endpoints (characters, worlds, search) with stale reads on: a mirror
 * older than max-age is synced before the read, a fresh one is not, and when Notion cannot be
 * reached the mirror is served and said to be stale. The engine runs on the emulator's clock,
 * which only the test moves.
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + DemoWorkspace.OWNER_USER_ID,
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.stale-reads.max-age=30s",
            "notion.sync.stale-reads.timeout=20s",
            "notion.sync.retry.max-attempts=1"
        })
@DirtiesContext
class StaleReadsIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String QUERY = "/v1/data_sources/{id}/query";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void staleMirrorsAreSyncedBeforeTheReadAndServedStaleWhenNotionIsDown() throws Exception {
        // Never synced: the read syncs the Characters database first, and only that one.
        JsonNode first = get("/api/notion/characters/Aragorn");
        assertThat(first.path("matches").get(0).path("role").asText()).isEqualTo("Protagonist");
        assertThat(first.path("stale").asBoolean()).isFalse();
        assertThat(first.path("as_of").asText()).isEqualTo(notion.notion.clock().now().toString());
        assertThat(notion.notion.requestCount("POST", QUERY)).isEqualTo(1);

        // Fresh: no request to Notion.
        get("/api/notion/characters/Aragorn");
        assertThat(notion.notion.requestCount("POST", QUERY)).isEqualTo(1);

        // A minute later, after an edit in Notion: stale, so synced first, and the edit is read.
        String aragorn = value(dataSource, "SELECT notion_page_id FROM notion_characters_sync WHERE user_id = ?"
                + " AND name = 'Aragorn'", USER);
        notion.editLater(aragorn, "Role", "Mentor");
        JsonNode edited = get("/api/notion/characters/Aragorn");
        assertThat(edited.path("matches").get(0).path("role").asText()).isEqualTo("Mentor");
        assertThat(edited.path("stale").asBoolean()).isFalse();
        assertThat(notion.notion.requestCount("POST", QUERY)).isEqualTo(2);

        // A world, never synced: the read syncs the Worlds database first, and only that one.
        JsonNode world = get("/api/notion/worlds/Ravenhollow");
        assertThat(world.path("matches").get(0).path("genre").asText()).isEqualTo("Urban fantasy");
        assertThat(world.path("stale").asBoolean()).isFalse();
        assertThat(world.path("as_of").asText()).isEqualTo(notion.notion.clock().now().toString());
        assertThat(notion.notion.requestCount("POST", QUERY)).isEqualTo(3);
        get("/api/notion/worlds/Ravenhollow");
        assertThat(notion.notion.requestCount("POST", QUERY)).as("fresh: no request").isEqualTo(3);

        // Search covers every database: the two never synced are synced now.
        JsonNode search = get("/api/notion/search?q=magic%20system");
        assertThat(search.path("results")).isNotEmpty();
        assertThat(search.path("stale").asBoolean()).isFalse();
        assertThat(notion.notion.requestCount("POST", QUERY)).isEqualTo(5);

        // Notion unreachable for this token: the mirror still answers, marked stale.
        String asOf = edited.path("as_of").asText();
        notion.notion.workspace().revokeToken(notion.demo.token());
        notion.notion.clock().advance(Duration.ofMinutes(1));
        JsonNode offline = get("/api/notion/characters/Aragorn");
        assertThat(offline.path("matches").get(0).path("role").asText()).isEqualTo("Mentor");
        assertThat(offline.path("stale").asBoolean()).isTrue();
        assertThat(offline.path("as_of").asText()).isEqualTo(asOf);
        JsonNode offlineWorld = get("/api/notion/worlds/Ravenhollow");
        assertThat(offlineWorld.path("matches").get(0).path("name").asText()).isEqualTo("Ravenhollow");
        assertThat(offlineWorld.path("stale").asBoolean()).isTrue();
        assertThat(offlineWorld.path("as_of").asText()).isEqualTo(world.path("as_of").asText());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }
}
