package io.github.notionsync.spring.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.NotionId;
import io.github.notionsync.spi.SyncErrorRecord;
import io.github.notionsync.spi.SyncRepository;
import io.github.notionsync.testkit.emulator.DemoWorkspace;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The dashboard page over real HTTP: status before and after a sync, runs, errors, escaping. */
@SpringBootTest(classes = DemoNotion.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "notion.sync.security.mode=LOCAL",
            "notion.sync.security.local-user-id=" + DemoWorkspace.OWNER_USER_ID,
            "notion.sync.schedule.sync.enabled=false",
            "notion.sync.dashboard.path=/admin/sync"
        })
@DirtiesContext
class DashboardIT {

    @RegisterExtension
    static final DemoNotion notion = DemoNotion.start();

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CAST = "<b>Cast</b> & \"crew\"";

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        notion.registerBase(registry);
        String c = "notion.sync.connections[0].";
        registry.add(c + "user-id", () -> DemoNotion.USER);
        registry.add(c + "token", notion.demo::token);
        registry.add(c + "databases[0].id", () -> notion.demo.characters().id());
        registry.add(c + "databases[0].name", () -> CAST);
        registry.add(c + "databases[0].kind", () -> "CHARACTERS");
        registry.add(c + "databases[1].id", () -> notion.demo.worlds().id());
        registry.add(c + "databases[1].name", () -> "Worlds");
        registry.add(c + "databases[1].kind", () -> "WORLDS");
    }

    @LocalServerPort
    int port;

    @Autowired
    SyncRepository repository;

    @Test
    void showsEachDatabaseItsRunsAndErrorsEscaped() throws Exception {
        HttpResponse<String> before = get("/admin/sync");
        assertThat(before.statusCode()).isEqualTo(200);
        assertThat(before.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/html"));
        assertThat(before.body()).contains("never synced").contains("No runs yet.").contains("Worlds")
                .contains("&lt;b&gt;Cast&lt;/b&gt; &amp; &quot;crew&quot;").doesNotContain(CAST);

        HttpResponse<String> sync = HTTP.send(HttpRequest.newBuilder(uri("/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(sync.statusCode()).isEqualTo(200);
        NotionId worlds = NotionId.parse(notion.demo.worlds().id());
        repository.recordError(new SyncErrorRecord(null, DemoNotion.USER, worlds, null, "malformed_page",
                "Property <Genre> could not be read", Instant.now()));

        String after = get("/admin/sync").body();
        int characters = notion.demo.characters().dataSource().pageCount();
        int worldPages = notion.demo.worlds().dataSource().pageCount();
        assertThat(after).contains("<td class=n>" + characters + "</td><td class=n>0</td>")
                .contains("<td class=n>" + worldPages + "</td><td class=n>0</td>")
                .contains("<td class=ok>SUCCESS").contains(">full<")
                .contains("Property &lt;Genre&gt; could not be read").contains("malformed_page")
                .doesNotContain("never synced").doesNotContain("No runs yet.");
        assertThat(get("/notion-sync").statusCode()).as("served at the configured path only").isEqualTo(404);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
