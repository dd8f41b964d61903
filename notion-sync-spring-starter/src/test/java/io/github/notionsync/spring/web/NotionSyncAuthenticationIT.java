package io.github.notionsync.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** In the default AUTHENTICATED mode, a request without a principal gets 401. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "notion.sync.schedule.sync.enabled=false"
})
class NotionSyncAuthenticationIT {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

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
    void unauthenticatedRequestsGet401() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.body()).contains("\"error\":\"unauthorized\"");
        assertThat(http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/search?q=x"))
                .GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
        HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + "/notion-sync")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(dashboard.statusCode()).isEqualTo(401);
        assertThat(dashboard.body()).contains("Sign in");
    }
}
