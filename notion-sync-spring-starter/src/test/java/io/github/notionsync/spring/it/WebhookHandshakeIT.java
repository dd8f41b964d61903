package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.rows;
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
import java.util.List;
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
 * The webhook subscription handshake, before a verification token is configured: anyone can post
 * one, so they are stored for an administrator at most five a minute per instance, and the table
 * keeps the newest ten. The rate is measured on the engine's clock, here the emulator's.
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + DemoWorkspace.OWNER_USER_ID,
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.webhooks.enabled=true"
        })
@DirtiesContext
class WebhookHandshakeIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void handshakesAreStoredAtAFewAMinuteAndOnlyTheNewestTenAreKept() throws Exception {
        // Notion's handshake, unsigned as Notion sends it, is stored for an administrator.
        assertThat(handshake(1).statusCode()).isEqualTo(200);
        assertThat(value(dataSource, "SELECT verification_token FROM notion_sync_webhook_verifications"
                + " ORDER BY received_at DESC LIMIT 1")).isEqualTo("secret_from_notion_1");

        // More than five in a minute: 429, and nothing stored.
        for (int i = 2; i <= 5; i++) {
            assertThat(handshake(i).statusCode()).isEqualTo(200);
        }
        HttpResponse<String> flood = handshake(6);
        assertThat(flood.statusCode()).isEqualTo(429);
        assertThat(flood.headers().firstValue("Retry-After")).isPresent();
        JsonNode error = MAPPER.readTree(flood.body());
        assertThat(error.path("error").asText()).isEqualTo("too_many_handshakes");
        assertThat(value(dataSource, "SELECT count(*) FROM notion_sync_webhook_verifications")).isEqualTo("5");

        // A minute later five more are taken, and again: the table keeps the newest ten.
        for (int round = 1; round <= 2; round++) {
            notion.notion.clock().advance(Duration.ofMinutes(1));
            for (int i = 1 + 5 * round; i <= 5 + 5 * round; i++) {
                assertThat(handshake(i).statusCode()).isEqualTo(200);
            }
        }
        List<List<String>> kept = rows(dataSource, "SELECT verification_token FROM notion_sync_webhook_verifications"
                + " ORDER BY received_at DESC");
        assertThat(kept).hasSize(10);
        assertThat(kept.get(0)).containsExactly("secret_from_notion_15");
        assertThat(kept.get(9)).containsExactly("secret_from_notion_6");

        // Events are refused until the token is configured.
        HttpResponse<String> event = post("{\"id\": \"1782edd6-a853-4d4a-b02c-9c8c16f28e53\", \"type\": \"page.created\","
                + " \"timestamp\": \"" + notion.notion.clock().now() + "\"}");
        assertThat(event.statusCode()).isEqualTo(401);
        assertThat(MAPPER.readTree(event.body()).path("error").asText()).isEqualTo("not_verified");
    }

    private HttpResponse<String> handshake(int n) throws Exception {
        return post("{\"verification_token\": \"secret_from_notion_" + n + "\"}");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/webhooks"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
