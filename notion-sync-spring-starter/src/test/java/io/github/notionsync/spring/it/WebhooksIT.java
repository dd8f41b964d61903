package io.github.notionsync.spring.it;

import static io.github.notionsync.spring.it.DemoNotion.USER;
import static io.github.notionsync.spring.it.DemoNotion.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.NotionId;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
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
 * Notion webhooks over real HTTP: signature checks, events that bring an edit or a deletion in
 * Notion into PostgreSQL without any scheduled or requested sync, and replayed or out-of-date
 * events that bring nothing.
 * Event bodies follow the recorded envelopes in ../shared/fixtures/webhooks.
 */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + DemoWorkspace.OWNER_USER_ID,
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.webhooks.enabled=true",
            "notion.sync.webhooks.verification-token=" + WebhooksIT.SECRET,
            "notion.sync.webhooks.debounce=100ms"
        })
@DirtiesContext
class WebhooksIT {

    static final String SECRET = "secret_4Vw9kQ2pXn7Rz1Lm8Tc3Hy6Bf5Jd0Gs2Ka9Ue4Wq7Yx";

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
    void eventsSyncTheDatabasesTheyConcern() throws Exception {
        // With a verification token configured, handshakes are refused and nothing is stored
        // (WebhookHandshakeIT shows them before).
        HttpResponse<String> handshake = post("{\"verification_token\": \"secret_from_notion_123\"}", null);
        assertThat(handshake.statusCode()).isEqualTo(409);
        assertThat(MAPPER.readTree(handshake.body()).path("error").asText()).isEqualTo("already_verified");
        assertThat(value(dataSource, "SELECT count(*) FROM notion_sync_webhook_verifications")).isEqualTo("0");

        assertThat(HTTP.send(HttpRequest.newBuilder(uri("/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        String aragorn = value(dataSource, "SELECT notion_page_id FROM notion_characters_sync WHERE user_id = ?"
                + " AND name = 'Aragorn'", USER);
        String characters = notion.demo.characters().id();

        // An edit in Notion, then its event: the row follows without anyone asking for a sync.
        notion.editLater(aragorn, "Role", "Mentor");
        String edited = event("page.properties_updated", aragorn, "page",
                "{\"id\": \"" + characters + "\", \"type\": \"database\", \"data_source_id\": \""
                        + notion.demo.characters().dataSourceIds().get(0) + "\"}");
        assertThat(post(edited, "sha256=" + "00".repeat(32)).statusCode()).as("wrong signature").isEqualTo(401);
        assertThat(post(edited, null).statusCode()).as("no signature").isEqualTo(401);
        assertThat(post(edited + " ", sign(edited)).statusCode())
                .as("signature of other bytes").isEqualTo(401);
        HttpResponse<String> accepted = post(edited, sign(edited));
        assertThat(accepted.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(accepted.body()).path("databases").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(value(dataSource,
                "SELECT role FROM notion_characters_sync WHERE notion_page_id = ?::uuid", aragorn)).isEqualTo("Mentor"));

        // A page moved to the trash, reported with a parent that is not the database (as in the
        // recorded page.deleted event): found through the mirror, and seen by a full pass.
        String frodo = value(dataSource, "SELECT notion_page_id FROM notion_characters_sync WHERE user_id = ?"
                + " AND name = 'Frodo Baggins'", USER);
        notion.notion.workspace().page(frodo).orElseThrow().trash();
        String deleted = event("page.deleted", frodo, "page",
                "{\"id\": \"0ef104cd-477e-80e1-8571-cfd10e92339a\", \"type\": \"page\"}");
        assertThat(MAPPER.readTree(post(deleted, sign(deleted)).body()).path("databases").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(value(dataSource,
                "SELECT deleted_at IS NOT NULL FROM notion_characters_sync WHERE notion_page_id = ?::uuid", frodo))
                .isEqualTo("t"));

        // Restored from the trash: back in the mirror.
        notion.notion.workspace().page(frodo).orElseThrow().restore();
        String restored = event("page.undeleted", frodo, "page",
                "{\"id\": \"" + characters + "\", \"type\": \"database\"}");
        assertThat(post(restored, sign(restored)).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(value(dataSource,
                "SELECT deleted_at IS NULL FROM notion_characters_sync WHERE notion_page_id = ?::uuid", frodo))
                .isEqualTo("t"));

        // Pages and databases this application does not mirror, and other event types, are
        // acknowledged and ignored.
        String elsewhere = event("page.created", UUID.randomUUID().toString(), "page",
                "{\"id\": \"" + UUID.randomUUID() + "\", \"type\": \"database\"}");
        assertThat(MAPPER.readTree(post(elsewhere, sign(elsewhere)).body()).path("databases").asInt()).isZero();
        String comment = event("comment.created", UUID.randomUUID().toString(), "comment",
                "{\"id\": \"" + aragorn + "\", \"type\": \"page\"}");
        HttpResponse<String> ignored = post(comment, sign(comment));
        assertThat(ignored.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(ignored.body()).path("databases").asInt()).isZero();
        assertThat(post("not json", null).statusCode()).isEqualTo(400);
    }

    @Test
    void aReplayedEventIsAcknowledgedAndSyncsNothing() throws Exception {
        String stories = notion.demo.stories().id();
        int before = requests(stories);
        String created = event("page.created", UUID.randomUUID().toString(), "page",
                "{\"id\": \"" + stories + "\", \"type\": \"database\"}");
        HttpResponse<String> first = post(created, sign(created));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(first.body()).path("databases").asInt()).isEqualTo(1);
        assertThat(MAPPER.readTree(first.body()).path("duplicate").asBoolean()).isFalse();
        await().atMost(Duration.ofSeconds(20)).until(() -> requests(stories) == before + 1);

        // The same delivery again, byte for byte and validly signed: acknowledged, so that Notion
        // stops retrying, but no second sync.
        HttpResponse<String> replay = post(created, sign(created));
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(MAPPER.readTree(replay.body()).path("duplicate").asBoolean()).isTrue();
        assertThat(MAPPER.readTree(replay.body()).path("databases").asInt()).isZero();
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> requests(stories) == before + 1);
    }

    @Test
    void eventsDatedOutsideTheToleranceAreRefused() throws Exception {
        String worlds = notion.demo.worlds().id();
        String parent = "{\"id\": \"" + worlds + "\", \"type\": \"database\"}";
        int before = requests(worlds);
        Instant now = notion.notion.clock().now();
        for (Instant at : new Instant[] {now.minus(Duration.ofDays(3 * 365)), now.minus(Duration.ofMinutes(6)),
            now.plus(Duration.ofMinutes(6))}) {
            String old = event("page.properties_updated", UUID.randomUUID().toString(), "page", parent, at);
            HttpResponse<String> refused = post(old, sign(old));
            assertThat(refused.statusCode()).as(at.toString()).isEqualTo(400);
            assertThat(MAPPER.readTree(refused.body()).path("error").asText()).isEqualTo("outside_tolerance");
        }
        // Within the default five minutes (Notion delivers within about a minute): synced.
        String late = event("page.properties_updated", UUID.randomUUID().toString(), "page", parent,
                now.minus(Duration.ofMinutes(4)));
        assertThat(MAPPER.readTree(post(late, sign(late)).body()).path("databases").asInt()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(20)).until(() -> requests(worlds) == before + 1);
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(5))
                .until(() -> requests(worlds) == before + 1);
    }

    /** Sync requests queued so far for one database. */
    private int requests(String databaseId) throws Exception {
        return Integer.parseInt(value(dataSource, "SELECT count(*) FROM notion_sync_requests"
                + " WHERE notion_database_id = ?", NotionId.parse(databaseId).value()));
    }

    /** An event in the envelope of the recorded samples, dated now on the emulator's clock. */
    private static String event(String type, String entityId, String entityType, String parent) {
        return event(type, entityId, entityType, parent, notion.notion.clock().now());
    }

    /** An event in the envelope of the recorded samples. */
    private static String event(String type, String entityId, String entityType, String parent, Instant at) {
        return """
                {"id": "%s", "timestamp": "%s",
                 "workspace_id": "13950b26-c203-4f3b-b97d-93ec06319565", "workspace_name": "Quantify Labs",
                 "subscription_id": "29d75c0d-5546-4414-8459-7b7a92f1fc4b",
                 "integration_id": "0ef2e755-4912-8096-91c1-00376a88a5ca", "type": "%s",
                 "authors": [{"id": "c7c11cca-1d73-471d-9b6e-bdef51470190", "type": "person"}],
                 "attempt_number": 1, "api_version": "2025-09-03",
                 "entity": {"id": "%s", "type": "%s"},
                 "data": {"parent": %s}}
                """.formatted(UUID.randomUUID(), at, type, entityId, entityType, parent);
    }

    private static String sign(String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> post(String body, String signature) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri("/api/notion/webhooks"))
                .header("Content-Type", "application/json");
        if (signature != null) {
            b.header("X-Notion-Signature", signature);
        }
        return HTTP.send(b.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
