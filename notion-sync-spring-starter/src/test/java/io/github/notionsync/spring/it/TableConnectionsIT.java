package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.live;
import static io.github.notionsync.spring.it.DemoNotion.rows;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.TargetKind;
import io.github.notionsync.jooq.NotionConnection;
import io.github.notionsync.jooq.NotionSyncConnections;
import io.github.notionsync.jooq.TokenEncryptionKeys;
import io.github.notionsync.spring.ConnectionProvider;
import io.github.notionsync.spring.internal.TableConnectionProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * connection-source TABLE in a running application: users' connections added at runtime through
 * the {@link NotionSyncConnections} bean are synced by the endpoint and by SQL-queued requests.
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.connection-source=table",
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=alice",
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.scheduler.polling-interval=10m"
        })
@DirtiesContext
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TableConnectionsIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();
    static final String KEY = TokenEncryptionKeys.generateKey();

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerBase(registry);
        registry.add("notion.sync.token-encryption-key", () -> KEY);
    }

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    NotionSyncConnections connections;

    @Autowired
    ConnectionProvider connectionProvider;

    @Test
    @Order(1)
    void aConnectionAddedAtRuntimeIsSyncedByTheEndpointAndBySql() throws Exception {
        assertThat(connectionProvider).isInstanceOf(TableConnectionProvider.class);
        HttpResponse<String> none = post("{}");
        assertThat(none.statusCode()).as("alice has connected nothing yet").isEqualTo(404);

        connections.add("alice", "Demo workspace", notion.demo.token(), List.of(
                DatabaseConfig.of("Characters", notion.demo.characters().id(), TargetKind.CHARACTERS),
                DatabaseConfig.of("Worlds", notion.demo.worlds().id(), TargetKind.WORLDS)));
        HttpResponse<String> synced = post("{}");
        assertThat(synced.statusCode()).isEqualTo(200);
        JsonNode json = MAPPER.readTree(synced.body());
        assertThat(json.path("outcome").asText()).isEqualTo("SUCCESS");
        assertThat(json.path("databases").findValuesAsText("database_name"))
                .containsExactlyInAnyOrder("Characters", "Worlds");
        for (JsonNode db : json.path("databases")) {
            String table = db.path("kind").asText().equals("CHARACTERS") ? "notion_characters_sync"
                    : "notion_worlds_sync";
            assertThat(live(dataSource, table, "alice")).isPositive().isEqualTo(db.path("inserted").asInt());
        }
        // The row as text (bytea prints as hex) and the ciphertext's bytes read as text hold neither.
        assertThat(rows(dataSource, "SELECT t::text, encode(token_ciphertext, 'escape'),"
                + " position(convert_to(?, 'UTF8') IN token_ciphertext) FROM notion_sync_connections t"
                + " WHERE user_id = 'alice'", notion.demo.token())).singleElement().satisfies(row -> {
                    assertThat(row.get(0)).doesNotContain(notion.demo.token()).doesNotContain(KEY);
                    assertThat(row.get(1)).doesNotContain(notion.demo.token());
                    assertThat(row.get(2)).isEqualTo("0");
                });

        // Bob connects later; a request queued in SQL syncs him, with no restart.
        connections.add("bob", "Bob's stories", notion.demo.token(), List.of(
                DatabaseConfig.of("Stories", notion.demo.stories().id(), TargetKind.STORIES)));
        List<String> bob = awaitFinished(value(dataSource, "SELECT sync_all_notion_databases('bob')"));
        assertThat(bob).containsExactly("done", "SUCCESS", null);
        assertThat(live(dataSource, "notion_stories_sync", "bob")).isPositive();
        assertThat(live(dataSource, "notion_characters_sync", "bob")).isZero();

        List<String> alice = awaitFinished(value(dataSource, "SELECT sync_notion_database('alice', 'Worlds')"));
        assertThat(alice).containsExactly("done", "SUCCESS", null);
    }

    @Test
    @Order(2)
    void aConnectionWhoseTokenNoLongerDecryptsFailsReadablyAndAloneInTheTable() throws Exception {
        NotionConnection alices = connections.list("alice").get(0);
        value(dataSource, "UPDATE notion_sync_connections SET token_ciphertext = set_byte(token_ciphertext, 0,"
                + " get_byte(token_ciphertext, 0) # 255) WHERE user_id = 'alice' RETURNING user_id");

        HttpResponse<String> r = post("{}");
        assertThat(r.statusCode()).isEqualTo(500);
        JsonNode error = MAPPER.readTree(r.body());
        assertThat(error.path("error").asText()).isEqualTo("connection_unreadable");
        assertThat(error.path("message").asText()).contains(alices.id().toString());
        assertThat(r.body()).doesNotContain(notion.demo.token());

        List<String> queued = awaitFinished(value(dataSource, "SELECT sync_all_notion_databases('alice')"));
        assertThat(queued.get(0)).isEqualTo("failed");
        assertThat(queued.get(2)).contains("Cannot decrypt the Notion token of connection " + alices.id())
                .doesNotContain(notion.demo.token());
        assertThat(awaitFinished(value(dataSource, "SELECT sync_all_notion_databases('bob')")).get(0))
                .as("other users are unaffected").isEqualTo("done");
    }

    /** Status, result outcome and error of a queued request, once served. */
    private List<String> awaitFinished(String requestId) {
        return DemoNotion.awaitServed(dataSource, requestId, "result->>'outcome', error");
    }

    private HttpResponse<String> post(String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
