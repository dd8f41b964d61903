package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** An event stream ends by itself after notion.sync.events.max-duration; the client resumes from there. */
@SpringBootTest(classes = {DemoNotion.App.class, ChangeEventsIT.Users.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.events.heartbeat=300ms",
            "notion.sync.events.max-duration=2s"
        })
@DirtiesContext
class ChangeStreamDurationIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @LocalServerPort
    int port;

    @Test
    void aStreamEndsAfterItsMaximumDurationWithHeartbeatsUntilThen() throws Exception {
        long t0 = System.nanoTime();
        CompletableFuture<HttpResponse<String>> stream = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/notion/events"))
                .header("X-User", USER).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> ended = stream.get(20, TimeUnit.SECONDS);
        Duration open = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(open).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
        assertThat(ended.body().lines().filter(l -> l.startsWith(":")).count()).as("heartbeats").isGreaterThanOrEqualTo(2);
    }
}
