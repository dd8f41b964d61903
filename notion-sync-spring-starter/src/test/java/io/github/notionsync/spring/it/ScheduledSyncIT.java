package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static io.github.notionsync.spring.it.DemoNotion.live;
import static io.github.notionsync.spring.it.DemoNotion.rows;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The connection's recurring sync in a running application, due every second. */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + USER,
            "notion.sync.schedule.sync.interval=1s",
            "notion.sync.schedule.sync.spread=0s",
            "notion.sync.scheduler.polling-interval=200ms"
        })
@DirtiesContext
class ScheduledSyncIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerPropertiesConnection(registry);
    }

    @Autowired
    DataSource dataSource;

    @org.springframework.boot.test.web.server.LocalServerPort
    int port;

    @Test
    void theSyncJobFiresOnItsScheduleAndKeepsTheMirrorCurrent() throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(live(dataSource, "notion_characters_sync", USER)).isPositive();
            assertThat(live(dataSource, "notion_worlds_sync", USER)).isPositive();
            assertThat(live(dataSource, "notion_stories_sync", USER)).isPositive();
            assertThat(live(dataSource, "notion_chat_sessions_sync", USER)).isPositive();
        });
        assertThat(rows(dataSource, "SELECT name FROM get_notion_character(?, 'Aragorn')", USER)).isNotEmpty();
        // The connection's recurring execution is due again a second after it ran.
        assertThat(value(dataSource, "SELECT count(*) FROM notion_sync_scheduled_tasks"
                + " WHERE task_name = 'notion-sync-connection' AND task_instance = ?", USER + "/default")).isEqualTo("1");

        // An edit in Notion reaches PostgreSQL with a later firing, without anyone asking.
        String aragorn = value(dataSource, "SELECT notion_page_id FROM notion_characters_sync"
                + " WHERE user_id = ? AND name = 'Aragorn'", USER);
        notion.editLater(aragorn, "Role", "Mentor");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(value(dataSource,
                "SELECT role FROM notion_characters_sync WHERE notion_page_id = ?::uuid", aragorn))
                .isEqualTo("Mentor"));

        // The status endpoint and the dashboard show the connection's schedule and last outcome.
        var http = java.net.http.HttpClient.newHttpClient();
        var status = new com.fasterxml.jackson.databind.ObjectMapper().readTree(http.send(java.net.http.HttpRequest
                .newBuilder(java.net.URI.create("http://localhost:" + port + "/api/notion/sync/status")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body());
        var connection = status.path("connections").get(0);
        assertThat(connection.path("connection").asText()).isEqualTo("default");
        assertThat(java.time.Instant.parse(connection.path("next_due").asText()))
                .isBefore(java.time.Instant.now().plusSeconds(5));
        assertThat(connection.path("last_outcome").asText()).isEqualTo("SUCCESS");
        String page = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port
                + "/notion-sync")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        assertThat(page).contains(">Connections</h2>").contains("<td>default</td>");
        assertThat(Integer.parseInt(value(dataSource, "SELECT count(*) FROM notion_sync_runs WHERE user_id = ?"
                + " AND outcome = 'SUCCESS'", USER))).as("each firing's runs are recorded").isGreaterThanOrEqualTo(5);
    }
}
