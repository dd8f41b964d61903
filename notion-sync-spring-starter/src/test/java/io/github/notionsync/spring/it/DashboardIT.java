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
        assertThat(after).contains("<td class=n data-field=pages>" + characters
                        + "</td><td class=n data-field=deleted>0</td>")
                .contains("<td class=n data-field=pages>" + worldPages + "</td><td class=n data-field=deleted>0</td>")
                .contains("<td class=ok>SUCCESS").contains(">full<")
                .contains("Property &lt;Genre&gt; could not be read").contains("malformed_page")
                .contains("<a href=\"https://www.notion.so/" + worlds.value().replace("-", "") + "\"")
                .doesNotContain("never synced").doesNotContain("No runs yet.");
        assertThat(get("/notion-sync").statusCode()).as("served at the configured path only").isEqualTo(404);

        // The search box works without JavaScript too: the page renders the results of ?q=.
        assertThat(get("/admin/sync?q=Ravenhollow").body()).containsPattern(
                "<ol class=hits><li><a href=\"https://[^\"]+\" rel=\"noopener noreferrer\">Ravenhollow</a>");
        assertThat(get("/admin/sync?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E").body())
                .contains("Nothing found for &ldquo;&lt;script&gt;alert(1)&lt;/script&gt;&rdquo;")
                .doesNotContain("<script>alert");
    }

    @Test
    void thePageForbidsInlineScriptsAndServesItsOwnAssets() throws Exception {
        HttpResponse<String> page = get("/admin/sync");
        assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(csp -> assertThat(csp)
                .contains("default-src 'none'").contains("script-src 'self';").doesNotContain("unsafe"));
        assertThat(page.body()).doesNotContain("<script>").doesNotContain("style=").doesNotContain("<style")
                .contains("src=\"/admin/sync/assets/dashboard.js\"").contains("src=\"/admin/sync/assets/uPlot.iife.min.js\"");
        HttpResponse<String> uplot = get("/admin/sync/assets/uPlot.iife.min.js");
        assertThat(uplot.statusCode()).isEqualTo(200);
        assertThat(uplot.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t)
                .startsWith("text/javascript"));
        assertThat(uplot.body()).contains("uPlot");
        assertThat(get("/admin/sync/assets/dashboard.css").body()).contains(":focus-visible");
        assertThat(get("/admin/sync/assets/..%2F..%2Fapplication.properties").statusCode()).isIn(400, 404);
        assertThat(get("/admin/sync/assets/pom.properties").statusCode()).isEqualTo(404);
    }

    @Test
    void statsArePerHourOrDayAndBounded() throws Exception {
        HttpResponse<String> day = get("/api/notion/sync/stats?window=24h");
        assertThat(day.statusCode()).isEqualTo(200);
        com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(day.body());
        assertThat(json.path("bucket").asText()).isEqualTo("hour");
        assertThat(json.path("buckets")).hasSize(24);
        assertThat(json.path("buckets").get(23).has("pages_changed")).isTrue();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(get("/api/notion/sync/stats?window=7d")
                .body()).path("buckets")).hasSize(7);
        HttpResponse<String> bad = get("/api/notion/sync/stats?window=1y");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("24h or 7d");
    }

    @Test
    void syncsFromAnotherSiteAreRefused() throws Exception {
        for (String[] header : new String[][] {{"Origin", "http://evil.example"}, {"Origin", "http://localhost:1"},
            {"Sec-Fetch-Site", "cross-site"}, {"Sec-Fetch-Site", "same-site"},
            {"Origin", "null"}}) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(uri("/api/notion/sync-to-postgres"))
                    .header("Content-Type", "application/json").header(header[0], header[1])
                    .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(header[0] + ": " + header[1]).isEqualTo(403);
            assertThat(r.body()).contains("cross_origin");
        }
        // The same origin passes the check (and then finds the body wrong, before any sync).
        HttpResponse<String> same = HTTP.send(HttpRequest.newBuilder(uri("/api/notion/sync-to-postgres"))
                .header("Content-Type", "application/json").header("Origin", "http://localhost:" + port)
                .header("Sec-Fetch-Site", "same-origin").POST(HttpRequest.BodyPublishers.ofString("[]")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(same.statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }
}
