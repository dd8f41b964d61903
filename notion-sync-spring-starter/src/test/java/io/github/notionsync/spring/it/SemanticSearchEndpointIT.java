package io.github.notionsync.spring.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.EmbeddingWorker;
import io.github.notionsync.jooq.SemanticSearch;
import io.github.notionsync.spi.Embedder;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With notion-sync-embeddings on the classpath the starter embeds synced pages in the background
 * and serves {@code GET /api/notion/search?mode=semantic|hybrid}; the status and a gauge show the
 * backlog. Real HTTP, the emulator's demo workspace, PostgreSQL, the in-JVM model.
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + DemoWorkspace.OWNER_USER_ID,
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.embeddings.enabled=true",
            "notion.sync.embeddings.interval=200ms",
            "notion.sync.scheduler.polling-interval=200ms"
        })
@DirtiesContext
class SemanticSearchEndpointIT {

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
    Embedder embedder;

    @Autowired
    EmbeddingWorker worker;

    @Autowired
    SemanticSearch search;

    @Autowired
    MeterRegistry registry;

    @Test
    void syncedPagesAreEmbeddedInTheBackgroundAndFoundByMeaning() throws Exception {
        assertThat(embedder.modelId()).isEqualTo("all-minilm-l6-v2-q");
        HttpResponse<String> sync = HTTP.send(HttpRequest.newBuilder(uri("/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sync.statusCode()).isEqualTo(200);

        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() ->
                get("/api/notion/sync/status").path("embeddings").path("backlog").asLong(-1) == 0);
        JsonNode status = get("/api/notion/sync/status").path("embeddings");
        assertThat(status.path("model").asText()).isEqualTo("all-minilm-l6-v2-q");
        assertThat(status.path("storage").asText()).isIn("portable", "pgvector");
        await().atMost(Duration.ofSeconds(10)).until(() ->
                registry.get("notion.sync.embeddings.backlog").gauge().value() == 0);

        JsonNode semantic = get("/api/notion/search?mode=semantic&limit=3&q="
                + URLEncoder.encode("who rules the courts of the ebbing sea?", StandardCharsets.UTF_8));
        assertThat(semantic.path("mode").asText()).isEqualTo("semantic");
        JsonNode first = semantic.path("results").get(0);
        assertThat(first.path("title").asText()).isEqualTo("Morwen the Ebb Queen");
        assertThat(first.path("kind").asText()).isEqualTo("character");
        assertThat(first.path("snippet").asText()).contains("low-tide courts");
        assertThat(first.path("notion_page_id").asText()).isNotBlank();
        assertThat(first.path("url").asText()).startsWith("https://");
        assertThat(first.path("rank").asDouble()).isPositive();

        JsonNode hybrid = get("/api/notion/search?mode=hybrid&limit=3&kinds=worlds&q="
                + URLEncoder.encode("a seaside town where fairies trade at night", StandardCharsets.UTF_8));
        assertThat(hybrid.path("results")).isNotEmpty();
        assertThat(hybrid.path("results").get(0).path("title").asText()).isEqualTo("Ravenhollow");
        hybrid.path("results").forEach(r -> assertThat(r.path("kind").asText()).isEqualTo("world"));

        // keyword search stays the default
        JsonNode keyword = get("/api/notion/search?q=Aragorn");
        assertThat(keyword.path("mode").asText()).isEqualTo("keyword");
        assertThat(keyword.path("results").get(0).path("snippet").asText()).contains("<b>");
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        return MAPPER.readTree(r.body());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
