package io.github.notionsync.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Request bodies past the limits (64 KB for the REST endpoints, 1 MB for webhooks, the defaults)
 * are refused with 413 and a JSON error while they stream in: the server stops taking the body
 * long before its end, and keeps answering.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "notion.sync.security.mode=LOCAL",
    "notion.sync.security.local-user-id=user-id",
    "notion.sync.schedule.sync.enabled=false",
    "notion.sync.webhooks.enabled=true",
    "notion.sync.webhooks.verification-token=" + RequestBodyLimitsIT.SECRET
})
class RequestBodyLimitsIT {

    static final String SECRET = "secret_limits_0123456789abcdefghijklmnopqrstuvwxyz";

    /** What a client would send if nobody stopped it: 256 MB. */
    private static final long HUGE = 256L << 20;
    /** Far below {@link #HUGE}, far above the limits plus what socket buffers hold. */
    private static final long STOPPED_EARLY = 64L << 20;

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

    @Test
    void aSyncRequestStreamedPastTheLimitIsRefusedWhileItStreams() throws Exception {
        RawHttp.Response r = RawHttp.streamChunked(port, "POST /api/notion/sync-to-postgres HTTP/1.1\r\n"
                + "Content-Type: application/json", RawHttp.spaces(16 * 1024), HUGE);
        assertTooLarge(r, 64 * 1024);
        assertThat(r.bytesSent()).as("body bytes the server let in").isLessThan(STOPPED_EARLY);
        assertResponsive();
    }

    @Test
    void aDeclaredLengthPastTheLimitIsRefusedBeforeAnyBodyIsSent() throws Exception {
        RawHttp.Response r = RawHttp.send(port, "POST /api/notion/sync-to-postgres HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (300L << 20), null);
        assertTooLarge(r, 64 * 1024);
        assertResponsive();
    }

    @Test
    void aWebhookStreamedPastTheLimitIsRefusedWithoutAuthentication() throws Exception {
        RawHttp.Response r = RawHttp.streamChunked(port, "POST /api/notion/webhooks HTTP/1.1\r\n"
                + "Content-Type: application/json", RawHttp.spaces(64 * 1024), HUGE);
        assertTooLarge(r, 1024 * 1024);
        assertThat(r.bytesSent()).as("body bytes the server let in").isLessThan(STOPPED_EARLY);

        RawHttp.Response declared = RawHttp.send(port, "POST /api/notion/webhooks HTTP/1.1\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + (2L << 20), null);
        assertTooLarge(declared, 1024 * 1024);
        assertResponsive();
    }

    @Test
    void bodiesWithinTheLimitsAreServed() throws Exception {
        // 60 KB of JSON: read, and answered as usual (this application has no databases).
        String json = "{" + " ".repeat(60 * 1024) + "}";
        HttpResponse<String> sync = HTTP.send(HttpRequest.newBuilder(uri("/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sync.statusCode()).as(sync.body()).isEqualTo(404);
        assertThat(MAPPER.readTree(sync.body()).path("error").asText()).isEqualTo("unknown_database");

        // A signed event of 900 KB, larger than any Notion sends, is still within the webhook limit.
        String event = """
                {"id": "%s", "timestamp": "%s", "type": "comment.created",
                 "entity": {"id": "%s", "type": "comment"}, "data": {}, "padding": "%s"}
                """.formatted(UUID.randomUUID(), Instant.now(), UUID.randomUUID(), "x".repeat(900 * 1024));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String signature = "sha256=" + HexFormat.of().formatHex(mac.doFinal(event.getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> webhook = HTTP.send(HttpRequest.newBuilder(uri("/api/notion/webhooks"))
                .header("Content-Type", "application/json").header("X-Notion-Signature", signature)
                .POST(HttpRequest.BodyPublishers.ofString(event)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(webhook.statusCode()).as(webhook.body()).isEqualTo(200);
        assertThat(MAPPER.readTree(webhook.body()).path("received").asText()).isEqualTo("comment.created");
    }

    private static void assertTooLarge(RawHttp.Response r, long limit) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(413);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode error = MAPPER.readTree(r.body());
        assertThat(error.path("status").asInt()).isEqualTo(413);
        assertThat(error.path("error").asText()).isEqualTo("payload_too_large");
        assertThat(error.path("max_bytes").asLong()).isEqualTo(limit);
    }

    /** The server answers a plain request at once after the refused ones. */
    private void assertResponsive() throws Exception {
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(uri("/api/notion/sync/status"))
                .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(status.statusCode()).isEqualTo(200);
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
