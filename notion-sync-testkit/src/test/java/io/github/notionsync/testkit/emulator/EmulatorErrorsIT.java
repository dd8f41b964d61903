package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EmulatorErrorsIT {

    private NotionEmulator emulator;
    private Api api;
    private EmulatedDatabase db;
    private EmulatedPage page;

    @BeforeEach
    void start() {
        emulator = NotionEmulator.builder().build().start();
        api = new Api(emulator, emulator.workspace().createToken("errors"), Api.V2025);
        db = emulator.workspace().createDatabase("Db", Schema.builder().build());
        page = db.addPage(Map.of("Name", "p"), Block.paragraph("hello"));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).isEqualTo(status);
        JsonNode b = r.body();
        assertThat(b.get("object").asText()).isEqualTo("error");
        assertThat(b.get("status").asInt()).isEqualTo(status);
        assertThat(b.get("code").asText()).isEqualTo(code);
        assertThat(b.get("message").asText()).isNotBlank();
        assertThat(b.get("request_id").asText()).matches("[0-9a-f-]{36}");
    }

    @Test
    void requestErrorsHaveNotionsShape() {
        assertError(api.post("/v1/data_sources/" + db.dataSourceIds().get(0) + "/query", "{not json"), 400,
                "invalid_json");
        assertError(api.version(null).get("/v1/pages/" + page.id()), 400, "missing_version");
        assertError(api.version("yesterday").get("/v1/pages/" + page.id()), 400, "missing_version");
        assertError(api.get("/v1/nothing/here"), 400, "invalid_request_url");
        assertError(api.post("/v1/pages/" + page.id(), "{}"), 400, "invalid_request_url");
        assertError(api.get("/v1/pages/not-a-uuid"), 400, "validation_error");
        assertError(api.token(null).get("/v1/pages/" + page.id()), 401, "unauthorized");
        assertError(api.token("ntn_wrong").get("/v1/pages/" + page.id()), 401, "unauthorized");
        assertError(api.get("/v1/pages/00000000-0000-4000-8000-000000000000"), 404, "object_not_found");
        assertError(api.get("/v1/databases/00000000000040008000000000000000"), 404, "object_not_found");
        assertError(api.post("/v1/databases/" + db.id() + "/query", "{}"), 400, "invalid_request_url");
    }

    @Test
    void malformedIdsInPathsAreValidationErrorsWithNotionsMessage() {
        // the recorded answer: the right shape, but not a valid UUID (its variant digit is 1)
        Api.Response recorded = api.get("/v1/pages/12345678-1234-1234-1234-123456789abc");
        assertError(recorded, 400, "validation_error");
        assertThat(recorded.body().get("message").asText()).isEqualTo("path failed validation: path.page_id should "
                + "be a valid uuid, instead was `\"12345678-1234-1234-1234-123456789abc\"`.");
        String compact = page.id().replace("-", "");
        Map<String, String> malformed = new java.util.LinkedHashMap<>();
        malformed.put("Some-Page-" + compact, "Some-Page-" + compact);
        malformed.put("https%3A%2F%2Fwww.notion.so%2FSome-Page-" + compact,
                "https://www.notion.so/Some-Page-" + compact);
        malformed.put(compact.substring(0, 12) + "-" + compact.substring(12), compact.substring(0, 12) + "-"
                + compact.substring(12));
        malformed.put("-" + page.id(), "-" + page.id());
        malformed.put(page.id().replace("-", "--"), page.id().replace("-", "--"));
        malformed.put(compact + "0", compact + "0");
        malformed.put("not-a-uuid", "not-a-uuid");
        malformed.forEach((raw, shown) -> {
            Api.Response r = api.get("/v1/pages/" + raw);
            assertError(r, 400, "validation_error");
            assertThat(r.body().get("message").asText()).as(raw).isEqualTo("path failed validation: path.page_id "
                    + "should be a valid uuid, instead was `\"" + shown + "\"`.");
        });
        String slug = "Db-" + db.id().replace("-", "");
        assertThat(api.get("/v1/databases/" + slug).body().get("message").asText())
                .startsWith("path failed validation: path.database_id should be a valid uuid");
        assertThat(api.post("/v1/data_sources/" + slug + "/query", "{}").body().get("message").asText())
                .startsWith("path failed validation: path.data_source_id should be a valid uuid");
        assertThat(api.get("/v1/blocks/" + slug + "/children").body().get("message").asText())
                .startsWith("path failed validation: path.block_id should be a valid uuid");
        assertThat(api.get("/v1/users/" + slug).body().get("message").asText())
                .startsWith("path failed validation: path.user_id should be a valid uuid");
        Api.Response comments = api.get("/v1/comments?block_id=" + slug);
        assertError(comments, 400, "validation_error");
        assertThat(comments.body().get("message").asText()).isEqualTo("query failed validation: query.block_id "
                + "should be a valid uuid, instead was `\"" + slug + "\"`.");
        // what Notion accepts: dashed or compact, in any case
        assertThat(api.get("/v1/pages/" + compact).status()).isEqualTo(200);
        assertThat(api.get("/v1/pages/" + page.id().toUpperCase(java.util.Locale.ROOT)).status()).isEqualTo(200);
        assertError(api.get("/v1/pages/00000000-0000-0000-0000-000000000000"), 404, "object_not_found");
    }

    @Test
    void unknownNotionVersionsAreRefusedLikeNotion() {
        String path = "/v1/pages/" + page.id();
        for (String version : List.of("2024-06-15", "2022-06-29", "2099-01-01", "2021-01-01", "2025-9-3", "v1")) {
            Api.Response r = api.version(version).get(path);
            assertError(r, 400, "missing_version");
            assertThat(r.body().get("message").asText()).as(version).isEqualTo("Notion-Version header failed "
                    + "validation: Notion-Version header should be `\"2021-05-11\"`, `\"2021-05-13\"`, "
                    + "`\"2021-08-16\"`, `\"2022-02-22\"`, `\"2022-06-28\"`, `\"2025-09-03\"`, or "
                    + "`\"2026-03-11\"`, instead was `\"" + version + "\"`.");
        }
        Api.Response missing = api.version(null).get(path);
        assertError(missing, 400, "missing_version");
        assertThat(missing.body().get("message").asText()).isEqualTo("Notion-Version header failed validation: "
                + "Notion-Version header should be defined, instead was `undefined`.");
        for (String version : List.of("2021-05-11", "2021-05-13", "2021-08-16", "2022-02-22", "2022-06-28",
                "2025-09-03", "2026-03-11")) {
            assertThat(api.version(version).get(path).status()).as(version).isEqualTo(200);
        }
    }

    @Test
    void rateLimitedAnswersSayWhichLimitInAdditionalData() {
        emulator.faults().next("GET", "/v1/users/me", Fault.rateLimited(3));
        Api.Response limited = api.get("/v1/users/me");
        assertError(limited, 429, "rate_limited");
        assertThat(limited.header("Retry-After")).isEqualTo("3");
        assertThat(limited.body().get("additional_data").get("rate_limit_reason").asText())
                .isEqualTo("public_api_request_rate_limit");
        try (NotionEmulator strict = NotionEmulator.builder().rateLimit(0.1, 1).build().start()) {
            Api a = new Api(strict, strict.workspace().createToken("a"), Api.V2025);
            assertThat(a.get("/v1/users/me").status()).isEqualTo(200);
            Api.Response refused = a.get("/v1/users/me");
            assertError(refused, 429, "rate_limited");
            assertThat(refused.body().get("additional_data").get("rate_limit_reason").asText())
                    .isEqualTo("public_api_request_rate_limit");
        }
    }

    @Test
    void scriptedFaultsAnswerInOrderThenNormally() {
        String path = "/v1/pages/" + page.id();
        emulator.faults().next("GET", "/v1/pages/{id}", Fault.rateLimited(7), Fault.status(500), Fault.status(503),
                Fault.status(504), Fault.overloaded(2), Fault.status(409));
        Api.Response limited = api.get(path);
        assertError(limited, 429, "rate_limited");
        assertThat(limited.header("Retry-After")).isEqualTo("7");
        assertError(api.get(path), 500, "internal_server_error");
        assertError(api.get(path), 503, "service_unavailable");
        assertError(api.get(path), 504, "gateway_timeout");
        Api.Response overloaded = api.get(path);
        assertError(overloaded, 529, "service_overload");
        assertThat(overloaded.header("Retry-After")).isEqualTo("2");
        assertError(api.get(path), 409, "conflict_error");
        assertThat(api.get(path).status()).isEqualTo(200);
        assertThat(emulator.faults().pending()).isZero();
    }

    @Test
    void gatewayErrorsDroppedConnectionsAndMalformedBodies() throws Exception {
        String path = "/v1/blocks/" + page.id() + "/children";
        emulator.faults().next("GET", "/v1/blocks/{id}/children", Fault.status(502), Fault.malformedBody());
        Api.Response gateway = api.get(path);
        assertThat(gateway.status()).isEqualTo(502);
        assertThat(gateway.raw().body()).contains("502 Bad Gateway");
        // java.net.http retries a GET once on a dropped connection by itself, so drop a POST
        emulator.faults().next("POST", "/v1/search", Fault.dropConnection());
        assertThatThrownBy(() -> api.raw(HttpRequest.newBuilder(emulator.baseUrl().resolve("/v1/search"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")))).isInstanceOf(IOException.class);
        assertThat(emulator.requestLog().get(emulator.requestLog().size() - 1).status()).isZero();
        var malformed = api.raw(HttpRequest.newBuilder(emulator.baseUrl().resolve(path)).GET());
        assertThat(malformed.statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> Api.JSON.readTree(malformed.body())).isInstanceOf(IOException.class);
        assertThat(api.get(path).status()).isEqualTo(200);
    }

    @Test
    void slowAnswersAndVanishingPages() {
        emulator.faults().next("GET", "/v1/users/me", Fault.slow(Duration.ofMillis(300)));
        long t0 = System.nanoTime();
        assertThat(api.get("/v1/users/me").status()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThanOrEqualTo(Duration.ofMillis(300));

        String query = "/v1/data_sources/" + db.dataSourceIds().get(0) + "/query";
        assertThat(api.post(query, "{}").body().get("results")).hasSize(1);
        emulator.faults().next("GET", "/v1/blocks/{id}/children", Fault.vanish());
        assertError(api.get("/v1/blocks/" + page.id() + "/children"), 404, "object_not_found");
        assertError(api.get("/v1/pages/" + page.id()), 404, "object_not_found");
        assertThat(api.post(query, "{}").body().get("results")).isEmpty();
    }

    @Test
    void probabilisticFaultsAreRepeatableForASeed() {
        List<Integer> first = statuses(11);
        List<Integer> second = statuses(11);
        assertThat(first).isEqualTo(second).contains(500, 200);
    }

    private List<Integer> statuses(long seed) {
        emulator.faults().clear();
        emulator.faults().random("GET", "/v1/users/me", 0.5, seed, Fault.status(500));
        List<Integer> out = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            out.add(api.get("/v1/users/me").status());
        }
        emulator.faults().clear();
        return out;
    }

    @Test
    void rateLimitPerTokenAnswers429WithRetryAfter() {
        try (NotionEmulator limited = NotionEmulator.builder().rateLimit(0.5, 3).build().start()) {
            Api a = new Api(limited, limited.workspace().createToken("a"), Api.V2025);
            Api b = a.token(limited.workspace().createToken("b"));
            int ok = 0;
            Api.Response refused = null;
            for (int i = 0; i < 6; i++) {
                Api.Response r = a.get("/v1/users/me");
                if (r.status() == 200) {
                    ok++;
                } else {
                    refused = r;
                }
            }
            assertThat(ok).isBetween(3, 4);
            assertThat(refused).isNotNull();
            assertError(refused, 429, "rate_limited");
            assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 60);
            assertThat(b.get("/v1/users/me").status()).isEqualTo(200);
        }
    }

    @Test
    void countsRequestsPerEndpoint() {
        emulator.resetRequests();
        String query = "/v1/data_sources/" + db.dataSourceIds().get(0) + "/query";
        api.post(query, "{}");
        api.post(query, "{}");
        api.get("/v1/pages/" + page.id());
        api.get("/v1/nowhere");
        assertThat(emulator.requestCount("POST", "/v1/data_sources/{id}/query")).isEqualTo(2);
        assertThat(emulator.requestCount("GET", "/v1/pages/{id}")).isEqualTo(1);
        assertThat(emulator.totalRequests()).isEqualTo(4);
        List<RecordedRequest> log = emulator.requestLog();
        assertThat(log).hasSize(4);
        assertThat(log.get(0).template()).isEqualTo("/v1/data_sources/{id}/query");
        assertThat(log.get(0).status()).isEqualTo(200);
        assertThat(log.get(0).integration()).isEqualTo("errors");
        assertThat(log.get(3).status()).isEqualTo(400);
        emulator.resetRequests();
        assertThat(emulator.totalRequests()).isZero();
        assertThat(emulator.requestLog()).isEmpty();
    }
}
