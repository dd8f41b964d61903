package io.github.notionsync.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Every error of the REST endpoints is JSON with its status and a code, whatever went wrong:
 * fields of the wrong type, bodies that are not JSON, and URLs that are malformed, unknown or
 * called with the wrong method, also for a browser that asks for HTML.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "notion.sync.security.mode=LOCAL",
    "notion.sync.security.local-user-id=user-id",
    "notion.sync.schedule.sync.enabled=false"
})
class RestErrorsIT {

    private static final String BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static final ObjectMapper MAPPER = new ObjectMapper();

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
    void fieldsOfTheWrongTypeAre400NamingTheField() throws Exception {
        for (String[] c : new String[][] {
            {"{\"full_pass\": \"yes\"}", "full_pass"},
            {"{\"full_pass\": 1}", "full_pass"},
            {"{\"wait\": \"false\"}", "wait"},
            {"{\"wait\": 0}", "wait"},
            {"{\"database_name\": 5}", "database_name"},
            {"{\"database_id\": [\"abc\"]}", "database_id"},
            {"{\"database_name\": \"\"}", "database_name"}}) {
            RawHttp.Response r = post("application/json", c[0]);
            assertError(r, 400, "bad_request");
            assertThat(json(r).path("message").asText()).as(c[0]).contains(c[1]);
        }
        // Booleans and null (the default) are fine: this application simply has no databases.
        assertError(post("application/json", "{\"full_pass\": true, \"wait\": false}"), 404, "unknown_database");
        assertError(post("application/json", "{\"full_pass\": null, \"wait\": null}"), 404, "unknown_database");
    }

    @Test
    void semanticSearchWithoutAnEmbedderIs400AndKeywordSearchStaysTheDefault() throws Exception {
        // this application has notion.sync.embeddings.enabled=false (the tests' application.properties)
        for (String mode : new String[] {"semantic", "hybrid"}) {
            RawHttp.Response r = get("/api/notion/search?q=king&mode=" + mode, "application/json");
            assertError(r, 400, "bad_request");
            assertThat(json(r).path("message").asText()).contains("needs an embedder");
        }
        assertError(get("/api/notion/search?q=king&mode=vector", "application/json"), 400, "bad_request");
        RawHttp.Response keyword = get("/api/notion/search?q=king", "application/json");
        assertThat(keyword.status()).isEqualTo(200);
        assertThat(json(keyword).path("mode").asText()).isEqualTo("keyword");
    }

    @Test
    void bodiesThatAreNotJsonAre415() throws Exception {
        assertError(post("text/plain", "{}"), 415, "unsupported_media_type");
        assertError(post("application/x-www-form-urlencoded", "database_name=Characters"), 415,
                "unsupported_media_type");
        assertError(post(null, "{}"), 415, "unsupported_media_type");
        assertThat(json(post("text/plain", "{}")).path("message").asText()).contains("application/json");
        // JSON with a charset, and no body at all, are accepted.
        assertError(post("application/json; charset=UTF-8", "{}"), 404, "unknown_database");
        assertError(RawHttp.send(port, "POST /api/notion/sync-to-postgres HTTP/1.1\r\nContent-Length: 0", null),
                404, "unknown_database");
    }

    @Test
    void malformedUnknownAndWrongMethodUrlsAnswerJson() throws Exception {
        for (String accept : new String[] {"*/*", BROWSER}) {
            assertError(get("/api/notion/characters/%", accept), 400, "bad_request");
            assertError(get("/api/notion/characters/%zz", accept), 400, "bad_request");
            assertError(get("/api/notion/characters/a%2Fb", accept), 400, "bad_request");
            assertError(get("/api/notion/characters/a%00b", accept), 400, "bad_request");
            assertError(get("/api/notion/characters/a%5Cb", accept), 400, "bad_request");
            assertError(get("/api/notion/search?q=x&limit=ten", accept), 400, "bad_request");
            assertError(get("/api/notion/no-such-endpoint", accept), 404, "not_found");
            assertError(get("/api/notion/sync-to-postgres", accept), 405, "method_not_allowed");
            // A request line Tomcat cannot parse at all has no path yet, so nothing tells it is
            // notion-sync's: refused all the same, in Tomcat's own format.
            assertThat(get("/api/notion/characters/a|b{c}", accept).status()).isEqualTo(400);
        }
    }

    private RawHttp.Response post(String contentType, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return RawHttp.send(port, "POST /api/notion/sync-to-postgres HTTP/1.1\r\n"
                + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + bytes.length, bytes);
    }

    private RawHttp.Response get(String target, String accept) throws Exception {
        return RawHttp.send(port, "GET " + target + " HTTP/1.1\r\nAccept: " + accept, null);
    }

    private static void assertError(RawHttp.Response r, int status, String code) throws Exception {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        assertThat(r.contentType()).as(r.body()).startsWith("application/json");
        JsonNode error = json(r);
        assertThat(error.path("success").asBoolean(true)).isFalse();
        assertThat(error.path("status").asInt()).isEqualTo(status);
        assertThat(error.path("error").asText()).isEqualTo(code);
        assertThat(error.path("message").asText()).isNotBlank();
    }

    private static JsonNode json(RawHttp.Response r) throws Exception {
        return MAPPER.readTree(r.body());
    }
}
