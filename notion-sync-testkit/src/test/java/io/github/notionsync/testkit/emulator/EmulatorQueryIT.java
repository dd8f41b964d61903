package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmulatorQueryIT {

    private static final Instant START = Instant.parse("2026-06-27T17:00:00Z");

    private static NotionEmulator emulator;
    private static Api api;
    private static EmulatedDatabase db;
    private static List<EmulatedPage> pages;

    @BeforeAll
    static void start() {
        emulator = NotionEmulator.builder().clockStart(START).build().start();
        String token = emulator.workspace().createToken("query-tests");
        api = new Api(emulator, token, Api.V2025);
        db = emulator.workspace().createDatabase("Timeline", Schema.builder().number("N").build());
        pages = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            pages.add(db.addPage(PropertyValues.builder().title("Page " + i).number("N", i).build()));
            emulator.clock().advance(Duration.ofSeconds(30));
        }
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static String queryPath() {
        return "/v1/data_sources/" + db.dataSourceIds().get(0) + "/query";
    }

    @Test
    void listHasNotionsShape() {
        Api.Response r = api.post(queryPath(), Map.of("page_size", 2));
        assertThat(r.status()).isEqualTo(200);
        JsonNode b = r.body();
        assertThat(b.get("object").asText()).isEqualTo("list");
        assertThat(b.get("results")).hasSize(2);
        assertThat(b.get("has_more").asBoolean()).isTrue();
        assertThat(b.get("next_cursor").isTextual()).isTrue();
        assertThat(b.get("type").asText()).isEqualTo("page_or_data_source");
        assertThat(b.get("page_or_data_source").isObject()).isTrue();
        assertThat(b.get("page_or_data_source").size()).isZero();
        assertThat(b.get("request_id").asText()).matches("[0-9a-f-]{36}");
        assertThat(r.header("x-notion-request-id")).isEqualTo(b.get("request_id").asText());

        Api.Response old = api.version(Api.V2022).post("/v1/databases/" + db.id() + "/query", "");
        assertThat(old.body().get("type").asText()).isEqualTo("page");
        assertThat(old.body().get("page").size()).isZero();
        assertThat(old.body().get("results")).hasSize(100);
    }

    @Test
    void pagesThroughEveryPageOnceWithDefaultPageSize() {
        Set<String> seen = new HashSet<>();
        String cursor = null;
        int calls = 0;
        do {
            Api.Response r = api.post(queryPath(), cursor == null ? "{}" : "{\"start_cursor\":\"" + cursor + "\"}");
            assertThat(r.status()).isEqualTo(200);
            calls++;
            r.body().get("results").forEach(p -> assertThat(seen.add(p.get("id").asText())).isTrue());
            cursor = r.body().get("next_cursor").isNull() ? null : r.body().get("next_cursor").asText();
            assertThat(r.body().get("has_more").asBoolean()).isEqualTo(cursor != null);
        } while (cursor != null);
        assertThat(calls).isEqualTo(3);
        assertThat(seen).hasSize(250);
    }

    @Test
    void badPageSizeOrCursorIsAValidationError() {
        for (String body : List.of("{\"page_size\":101}", "{\"page_size\":0}", "{\"page_size\":\"ten\"}",
                "{\"page_size\":2.5}", "{\"start_cursor\":\"not-a-cursor\"}", "{\"start_cursor\":42}")) {
            Api.Response r = api.post(queryPath(), body);
            assertThat(r.status()).as(body).isEqualTo(400);
            assertThat(r.body().get("code").asText()).as(body).isEqualTo("validation_error");
            assertThat(r.body().get("object").asText()).isEqualTo("error");
        }
        Api.Response r = api.get("/v1/blocks/" + pages.get(0).id() + "/children?page_size=500");
        assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
    }

    @Test
    void cursorIsOpaqueAndBoundToItsDataSource() {
        EmulatedDatabase other = emulator.workspace().createDatabase("Other", Schema.builder().build());
        other.addPage(Map.of("Name", "x"));
        String cursor = api.post(queryPath(), Map.of("page_size", 1)).body().get("next_cursor").asText();
        assertThat(cursor).doesNotContain(pages.get(1).id());
        Api.Response r = api.post("/v1/data_sources/" + other.dataSourceIds().get(0) + "/query",
                Map.of("start_cursor", cursor));
        assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
    }

    private List<String> ids(Object body) {
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            Api.Response r;
            if (cursor == null) {
                r = api.post(queryPath(), body);
            } else {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = new java.util.HashMap<>((Map<String, Object>) body);
                m.put("start_cursor", cursor);
                r = api.post(queryPath(), m);
            }
            assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
            r.body().get("results").forEach(p -> ids.add(p.get("id").asText()));
            cursor = r.body().get("next_cursor").isNull() ? null : r.body().get("next_cursor").asText();
        } while (cursor != null);
        return ids;
    }

    private static Map<String, Object> edited(String op, String value) {
        return Map.of("timestamp", "last_edited_time", "last_edited_time", Map.of(op, value));
    }

    @Test
    void timestampFiltersCompareMinuteRoundedTimes() {
        // page i was created at START + 30 s * i, rounded down to the minute: two pages per minute
        String t = "2026-06-27T17:10:00.000Z"; // pages 20 and 21
        assertThat(ids(Map.of("filter", edited("on_or_after", t)))).hasSize(230);
        assertThat(ids(Map.of("filter", edited("after", t)))).hasSize(228);
        assertThat(ids(Map.of("filter", edited("before", t)))).hasSize(20);
        assertThat(ids(Map.of("filter", edited("on_or_before", t)))).hasSize(22);
        assertThat(ids(Map.of("filter", edited("equals", t)))).containsExactly(pages.get(20).id(), pages.get(21).id());
        assertThat(ids(Map.of("filter", Map.of("timestamp", "created_time",
                "created_time", Map.of("on_or_after", "2026-06-27T18:00:00+00:00"))))).hasSize(130);
        assertThat(ids(Map.of("filter", edited("on_or_after", "2026-06-28")))).isEmpty();
        assertThat(ids(Map.of("filter", edited("on_or_before", "2026-06-27")))).hasSize(250);
    }

    @Test
    void compoundFiltersNest() {
        Map<String, Object> window = Map.of("and", List.of(edited("on_or_after", "2026-06-27T17:10:00Z"),
                edited("before", "2026-06-27T17:20:00Z")));
        assertThat(ids(Map.of("filter", window))).hasSize(20);
        Map<String, Object> either = Map.of("or", List.of(window, edited("on_or_after", "2026-06-27T19:00:00Z")));
        assertThat(ids(Map.of("filter", either))).hasSize(20 + 10);
        Api.Response bad = api.post(queryPath(), Map.of("filter", edited("on_or_after", "yesterday")));
        assertThat(bad.body().get("code").asText()).isEqualTo("validation_error");
    }

    @Test
    void sortsByTimestampsAcrossPages() {
        List<String> desc = ids(Map.of("page_size", 7,
                "sorts", List.of(Map.of("timestamp", "created_time", "direction", "descending"))));
        List<String> expected = new ArrayList<>(pages.stream().map(EmulatedPage::id).toList());
        assertThat(desc).hasSize(250);
        // two pages per minute: descending by minute, creation order inside a minute
        assertThat(desc.subList(0, 2)).containsExactly(expected.get(248), expected.get(249));
        List<String> asc = ids(Map.of("sorts", List.of(Map.of("timestamp", "last_edited_time",
                "direction", "ascending"))));
        assertThat(asc).isEqualTo(expected);
    }

    @Test
    void archivedAndTrashedPagesLeaveResultsAndComeBack() {
        EmulatedDatabase small = emulator.workspace().createDatabase("Small", Schema.builder().build());
        EmulatedPage a = small.addPage(Map.of("Name", "a"));
        EmulatedPage b = small.addPage(Map.of("Name", "b"));
        EmulatedPage c = small.addPage(Map.of("Name", "c"));
        String path = "/v1/data_sources/" + small.dataSourceIds().get(0) + "/query";
        a.archive();
        b.trash();
        assertThat(api.post(path, "{}").body().get("results")).extracting(n -> n.get("id").asText())
                .containsExactly(c.id());
        assertThat(api.post(path, "{\"in_trash\":true}").body().get("results"))
                .extracting(n -> n.get("id").asText()).containsExactly(b.id());
        Api.Response trashed = api.get("/v1/pages/" + b.id());
        assertThat(trashed.status()).isEqualTo(200);
        assertThat(trashed.body().get("in_trash").asBoolean()).isTrue();
        b.restore();
        a.restore();
        assertThat(api.post(path, "{}").body().get("results")).hasSize(3);
        c.delete();
        assertThat(api.get("/v1/pages/" + c.id()).body().get("code").asText()).isEqualTo("object_not_found");
    }

    @Test
    void queryStopsAtTenThousandResults() {
        EmulatedDatabase big = emulator.workspace().generate(GeneratorSpec.of(10_050).withTitle("Big")
                .withBlocksPerPage(0));
        String path = "/v1/data_sources/" + big.dataSourceIds().get(0) + "/query";
        int total = 0;
        String cursor = null;
        JsonNode last;
        do {
            last = api.post(path, cursor == null ? "{}" : "{\"start_cursor\":\"" + cursor + "\"}").body();
            total += last.get("results").size();
            cursor = last.get("next_cursor").isNull() ? null : last.get("next_cursor").asText();
            if (cursor != null) {
                assertThat(last.has("request_status")).isFalse();
            }
        } while (cursor != null);
        assertThat(total).isEqualTo(10_000);
        assertThat(last.get("has_more").asBoolean()).isFalse();
        assertThat(last.get("request_status").get("type").asText()).isEqualTo("incomplete");
        assertThat(last.get("request_status").get("incomplete_reason").asText())
                .isEqualTo("query_result_limit_reached");
        // a created_time window of the rest is a new query with its own cap
        Api.Response rest = api.post(path, Map.of("filter", Map.of("timestamp", "created_time",
                "created_time", Map.of("on_or_after", Instant.ofEpochSecond(
                        (emulator.clock().now().getEpochSecond() / 60 - 50) * 60).toString()))));
        assertThat(rest.body().get("results")).hasSize(50);
        assertThat(rest.body().get("has_more").asBoolean()).isFalse();
    }
}
