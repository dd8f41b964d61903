package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static io.github.notionsync.spring.it.DemoNotion.rows;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.spring.CurrentUserResolver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /api/notion/events} over real HTTP: the current user's committed changes as
 * Server-Sent Events, resumed without loss or repeat with {@code Last-Event-ID}, never another
 * user's, and refused without a user. The current user is the {@code X-User} header here.
 */
@SpringBootTest(classes = {DemoNotion.App.class, ChangeEventsIT.Users.class},
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.events.heartbeat=500ms",
            "notion.sync.events.max-streams=2"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ChangeEventsIT {

    static final String OTHER = "other-user";

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @Configuration(proxyBeanMethods = false)
    static class Users {
        @Bean
        CurrentUserResolver testUsers() {
            return request -> Optional.ofNullable(request.getHeader("X-User"));
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    io.github.notionsync.spring.internal.ChangeStreams streams;

    /** Events and comments of one open stream, as they arrive. */
    final class Client implements AutoCloseable {
        final List<JsonNode> events = new CopyOnWriteArrayList<>();
        final List<Long> ids = new CopyOnWriteArrayList<>();
        final List<String> comments = new CopyOnWriteArrayList<>();
        final Stream<String> lines;
        final Thread reader;

        Client(String user, Long lastEventId) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/events"))
                    .header("X-User", user).header("Accept", "text/event-stream");
            if (lastEventId != null) {
                b.header("Last-Event-ID", lastEventId.toString());
            }
            HttpResponse<Stream<String>> response = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            lines = response.body();
            reader = new Thread(() -> {
                try {
                    lines.forEach(line -> {
                        try {
                            if (line.startsWith("id:")) {
                                ids.add(Long.parseLong(line.substring(3).trim()));
                            } else if (line.startsWith("data:")) {
                                events.add(MAPPER.readTree(line.substring(5).trim()));
                            } else if (line.startsWith(":")) {
                                comments.add(line);
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    });
                } catch (RuntimeException closed) {
                    // the test closed the stream
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        long finishedRuns() {
            return events.stream().filter(e -> e.path("type").asText().equals("run_finished")).count();
        }

        long lastId() {
            return ids.get(ids.size() - 1);
        }

        @Override
        public void close() {
            lines.close();
        }
    }

    private HttpResponse<String> sync(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/sync-to-postgres"))
                .header("X-User", USER).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).timeout(Duration.ofMinutes(2)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private List<Long> loggedIds(String user, long after) throws Exception {
        return rows(dataSource, "SELECT change_id FROM notion_sync_changes WHERE user_id = ? AND change_id > ?"
                + " ORDER BY change_id", user, after).stream().map(r -> Long.parseLong(r.get(0))).toList();
    }

    @Test
    @Order(1)
    void aStreamWithoutAUserIsRefused() throws Exception {
        HttpResponse<java.io.InputStream> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                + "/api/notion/events")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (java.io.InputStream body = r.body()) {
            assertThat(r.statusCode()).isEqualTo(401);
            assertThat(MAPPER.readTree(body).path("error").asText()).isEqualTo("unauthorized");
        }
    }

    static long lastSeen;

    @Test
    @Order(2)
    void aClientGetsItsOwnEventsAfterASyncAndNoOneElses() throws Exception {
        try (Client mine = new Client(USER, null); Client other = new Client(OTHER, null)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !mine.comments.isEmpty() && !other.comments.isEmpty());
            assertThat(sync("{}").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> mine.finishedRuns() == 4);

            assertThat(mine.ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(loggedIds(USER, 0));
            assertThat(mine.events).extracting(e -> e.path("type").asText())
                    .contains("run_started", "page_inserted", "run_finished");
            JsonNode aragorn = mine.events.stream().filter(e -> e.path("title").asText().equals("Aragorn"))
                    .findFirst().orElseThrow();
            assertThat(aragorn.path("type").asText()).isEqualTo("page_inserted");
            assertThat(aragorn.path("page_id").asText()).isEqualTo(value(dataSource,
                    "SELECT notion_page_id FROM notion_characters_sync WHERE user_id = ? AND name = 'Aragorn'", USER));
            assertThat(mine.events).allSatisfy(e -> assertThat(e.path("user_id").asText()).isEqualTo(USER));

            // Another user's change, written by someone else than this application: only their stream has it.
            String page = UUID.randomUUID().toString();
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                s.execute("INSERT INTO notion_pages_sync (user_id, notion_page_id, title, content_hash) VALUES ('"
                        + OTHER + "', '" + page + "', 'Secret of another user', 'h')");
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> other.events.size() == 1);
            assertThat(other.events.get(0).path("page_id").asText()).isEqualTo(page);
            assertThat(other.events.get(0).path("title").asText()).isEqualTo("Secret of another user");
            int before = mine.events.size();
            // Nothing of it in the first stream, even after another heartbeat has passed.
            int comments = mine.comments.size();
            await().atMost(Duration.ofSeconds(10)).until(() -> mine.comments.size() > comments);
            assertThat(mine.events).hasSize(before).noneMatch(e -> e.path("page_id").asText().equals(page));
            assertThat(other.ids).containsExactlyElementsOf(loggedIds(OTHER, 0));
            lastSeen = mine.lastId();
        }
    }

    @Test
    @Order(3)
    void aReconnectingClientGetsExactlyWhatItMissed() throws Exception {
        // Changes while no stream is open.
        String aragorn = value(dataSource, "SELECT notion_page_id FROM notion_characters_sync"
                + " WHERE user_id = ? AND name = 'Aragorn'", USER);
        notion.editLater(aragorn, "Name", "Aragorn Elessar");
        assertThat(sync("{\"database_name\": \"Characters\"}").statusCode()).isEqualTo(200);
        List<Long> missed = loggedIds(USER, lastSeen);
        assertThat(missed).hasSize(4); // run started, Aragorn updated, run progress, run finished

        try (Client resumed = new Client(USER, lastSeen)) {
            await().atMost(Duration.ofSeconds(10)).until(() -> resumed.ids.size() >= missed.size());
            assertThat(resumed.events).extracting(e -> e.path("type").asText() + " " + e.path("title").asText())
                    .containsExactly("run_started Characters", "page_updated Aragorn Elessar",
                            "run_progress Characters", "run_finished Characters");
            // Then live again, still without repeats.
            notion.editLater(aragorn, "Name", "Aragorn");
            assertThat(sync("{\"database_name\": \"Characters\"}").statusCode()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> resumed.finishedRuns() == 2);
            List<Long> expected = new ArrayList<>(loggedIds(USER, lastSeen));
            assertThat(resumed.ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(expected).hasSize(8);
        }
    }

    @Test
    @Order(4)
    void streamsPastTheCapAreRefusedUntilOneEnds() throws Exception {
        // The streams of the tests before end when the server notices their clients left.
        await().atMost(Duration.ofSeconds(20)).until(() -> streams.openStreams() == 0);
        HttpRequest third = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/events"))
                .header("X-User", OTHER).header("Accept", "text/event-stream").build();
        try (Client first = new Client(USER, null); Client second = new Client(OTHER, null)) {
            HttpResponse<java.io.InputStream> refused = HTTP.send(third, HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream body = refused.body()) {
                assertThat(refused.statusCode()).isEqualTo(503);
                assertThat(refused.headers().firstValue("Retry-After")).isPresent();
                assertThat(MAPPER.readTree(body).path("error").asText()).isEqualTo("too_many_streams");
            }
            first.close();
            // The server notices the closed stream at its next heartbeat at the latest.
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                HttpResponse<java.io.InputStream> r = HTTP.send(third, HttpResponse.BodyHandlers.ofInputStream());
                r.body().close();
                return r.statusCode() == 200;
            });
        }
    }
}
