package io.github.notionsync.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The REST endpoints over real HTTP, in LOCAL security mode, against a real PostgreSQL. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "notion.sync.security.mode=LOCAL",
    "notion.sync.security.local-user-id=user-id",
    "notion.sync.schedule.sync.enabled=false"
})
class NotionSyncRestIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @SpringBootApplication
    static class App {
    }

    @DynamicPropertySource
    static void datasource(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> postgres.database().jdbcUrl());
        registry.add("spring.datasource.username", () -> postgres.database().user());
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @BeforeAll
    static void noop() {
        // the database is created by the extension before the context starts
    }

    @Test
    void unknownDatabaseIs404AndBadJsonIs400() throws Exception {
        HttpResponse<String> all = post("{}");
        assertThat(all.statusCode()).isEqualTo(404);
        assertThat(json(all).path("error").asText()).isEqualTo("unknown_database");

        HttpResponse<String> one = post("{\"database_id\": \"abc123\", \"database_name\": \"Characters\"}");
        assertThat(one.statusCode()).isEqualTo(404);
        assertThat(json(one).path("message").asText()).contains("No database 'Characters'");

        HttpResponse<String> bad = post("{\"database_id\": ");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(json(bad).path("message").asText()).startsWith("The body is not valid JSON");

        assertThat(post("[1, 2]").statusCode()).isEqualTo(400);
        assertThat(post("{\"database_id\": 42}").statusCode()).isEqualTo(400);
    }

    @Test
    void searchStatusAndCharacterLookupReadTheMirror() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notion_characters_sync (user_id, notion_page_id, name, role, content, content_hash)"
                    + " VALUES ('user-id', gen_random_uuid(), 'Aragorn', 'Ranger', 'Heir of Isildur', 'h'),"
                    + " ('someone-else', gen_random_uuid(), 'Aragorn', 'Impostor', 'x', 'h')");
            s.execute("INSERT INTO notion_stories_sync (user_id, notion_page_id, title, content, content_hash)"
                    + " VALUES ('user-id', gen_random_uuid(), 'Runes', 'The magic system of runes', 'h')");
        }
        HttpResponse<String> found = get("/api/notion/characters/aragorn");
        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(json(found).path("matches")).hasSize(1);
        assertThat(json(found).path("matches").get(0).path("role").asText()).isEqualTo("Ranger");
        assertThat(get("/api/notion/characters/Nobody").statusCode()).isEqualTo(404);

        HttpResponse<String> search = get("/api/notion/search?q=magic%20system");
        assertThat(search.statusCode()).isEqualTo(200);
        assertThat(json(search).path("results").get(0).path("title").asText()).isEqualTo("Runes");
        assertThat(json(search).path("results").get(0).path("snippet").asText()).contains("<b>magic</b>");
        assertThat(get("/api/notion/search?q=%27%29%3B%20DROP%20TABLE%20x%3B").statusCode()).isEqualTo(200);
        assertThat(get("/api/notion/search?q=x&limit=0").statusCode()).isEqualTo(400);

        HttpResponse<String> status = get("/api/notion/sync/status");
        assertThat(status.statusCode()).isEqualTo(200);
        assertThat(json(status).path("user_id").asText()).isEqualTo("user-id");
    }

    @Test
    void worldLookupReadsTheMirror() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO notion_worlds_sync (user_id, notion_page_id, name, description, genre, content,"
                    + " content_hash) VALUES ('user-id', gen_random_uuid(), 'Ravenhollow', 'Fae night markets',"
                    + " 'Urban fantasy', 'Fog, lanterns and bargains', 'h'),"
                    + " ('someone-else', gen_random_uuid(), 'Ravenhollow', 'Not yours', 'Horror', 'x', 'h')");
        }
        HttpResponse<String> found = get("/api/notion/worlds/ravenhollow");
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        assertThat(found.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("application/json"));
        JsonNode matches = json(found).path("matches");
        assertThat(matches).hasSize(1);
        assertThat(matches.get(0).path("name").asText()).isEqualTo("Ravenhollow");
        assertThat(matches.get(0).path("genre").asText()).isEqualTo("Urban fantasy");
        assertThat(matches.get(0).path("description").asText()).isEqualTo("Fae night markets");
        assertThat(matches.get(0).path("notion_page_id").asText()).isNotBlank();
        assertThat(json(found).has("stale")).as("stale reads are off").isFalse();

        HttpResponse<String> missing = get("/api/notion/worlds/Nowhere");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).path("error").asText()).isEqualTo("not_found");
        assertThat(json(missing).path("message").asText()).contains("Nowhere");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return MAPPER.readTree(r.body());
    }
}
