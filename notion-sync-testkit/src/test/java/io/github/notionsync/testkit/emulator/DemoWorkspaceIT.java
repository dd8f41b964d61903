package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DemoWorkspaceIT {

    @Test
    void servesTheWritingWorkspace() {
        try (NotionEmulator emulator = NotionEmulator.builder().build().start()) {
            DemoWorkspace demo = emulator.workspace().loadDemo();
            Api api = new Api(emulator, demo.token(), Api.V2025);
            assertThat(demo.token()).isEqualTo(DemoWorkspace.TOKEN).startsWith("ntn_");
            assertThat(DemoWorkspace.OWNER_USER_ID).isEqualTo("user-id");

            List<String> characters = titles(api, demo.characters(), null);
            assertThat(characters).contains("Aragorn");
            assertThat(titles(api, demo.worlds(), null)).anyMatch(t -> t.toLowerCase().contains("fantasy"));
            JsonNode stories = query(api, demo.stories(), null);
            assertThat(stories.get("results")).anyMatch(s -> s.get("properties").get("Summary").get("rich_text")
                    .toString().contains("magic system"));
            List<String> temporary = titles(api, demo.chatSessions(),
                    Map.of("property", "Temporary", "checkbox", Map.of("equals", true)));
            assertThat(temporary).isNotEmpty().hasSizeLessThan(titles(api, demo.chatSessions(), null).size());

            Set<String> types = new HashSet<>();
            for (EmulatedDatabase db : demo.databases()) {
                JsonNode ds = api.get("/v1/data_sources/" + db.dataSourceIds().get(0)).body();
                ds.get("properties").forEach(p -> types.add(p.get("type").asText()));
            }
            assertThat(types).containsAll(List.of(PropertyType.values()).stream().map(PropertyType::jsonName)
                    .collect(Collectors.toSet()));

            JsonNode aragorn = query(api, demo.characters(), Map.of("property", "Name",
                    "title", Map.of("equals", "Aragorn"))).get("results").get(0);
            assertThat(aragorn.get("properties").get("World").get("relation")).hasSize(1);
            JsonNode blocks = api.get("/v1/blocks/" + aragorn.get("id").asText() + "/children").body();
            assertThat(blocks.get("results")).anyMatch(b -> b.get("has_children").asBoolean());
        }
    }

    @Test
    void theDemoIsHistoryThatEndsAtTheClockAndNeverAfterIt() {
        java.time.Instant start = java.time.Instant.parse("2026-01-05T09:00:00Z");
        try (NotionEmulator emulator = NotionEmulator.builder().clockStart(start).build().start()) {
            DemoWorkspace demo = emulator.workspace().loadDemo();
            assertThat(emulator.clock().now()).as("loading the demo does not move the clock").isEqualTo(start);
            assertThat(latestTimestamp(new Api(emulator, demo.token(), Api.V2025), demo)).isBeforeOrEqualTo(start)
                    .isAfter(start.minus(java.time.Duration.ofMinutes(5)));
        }
        try (NotionEmulator emulator = NotionEmulator.builder().build().start()) {
            DemoWorkspace demo = emulator.workspace().loadDemo();
            java.time.Instant latest = latestTimestamp(new Api(emulator, demo.token(), Api.V2025), demo);
            assertThat(latest).isBeforeOrEqualTo(java.time.Instant.now())
                    .isAfter(java.time.Instant.now().minus(java.time.Duration.ofMinutes(2)));
        }
    }

    /**
     * The latest of every timestamp and date the demo serves (databases, data sources, pages,
     * blocks, date properties), except formula results: the demo's "Expires" formula is a
     * retention deadline, a day after a chat started.
     */
    private static java.time.Instant latestTimestamp(Api api, DemoWorkspace demo) {
        List<String> seen = new java.util.ArrayList<>();
        for (EmulatedDatabase db : demo.databases()) {
            JsonNode database = api.get("/v1/databases/" + db.id()).body();
            seen.add(database.get("created_time").asText());
            seen.add(database.get("last_edited_time").asText());
            JsonNode ds = api.get("/v1/data_sources/" + db.dataSourceIds().get(0)).body();
            seen.add(ds.get("created_time").asText());
            seen.add(ds.get("last_edited_time").asText());
            for (JsonNode page : query(api, db, null).get("results")) {
                seen.add(page.get("created_time").asText());
                seen.add(page.get("last_edited_time").asText());
                for (JsonNode prop : page.get("properties")) {
                    String type = prop.get("type").asText();
                    if (type.equals("date") && !prop.get("date").isNull()) {
                        seen.add(prop.get("date").get("start").asText());
                    } else if (type.equals("created_time") || type.equals("last_edited_time")) {
                        seen.add(prop.get(type).asText());
                    } else if (type.equals("verification") && !prop.get(type).get("date").isNull()) {
                        seen.add(prop.get(type).get("date").get("start").asText());
                    }
                }
                for (JsonNode block : api.get("/v1/blocks/" + page.get("id").asText() + "/children").body()
                        .get("results")) {
                    seen.add(block.get("created_time").asText());
                    seen.add(block.get("last_edited_time").asText());
                }
            }
        }
        return seen.stream().map(DemoWorkspaceIT::instant).max(java.util.Comparator.naturalOrder()).orElseThrow();
    }

    private static java.time.Instant instant(String isoDateOrTime) {
        return isoDateOrTime.length() == 10
                ? java.time.LocalDate.parse(isoDateOrTime).atStartOfDay(java.time.ZoneOffset.UTC).toInstant()
                : java.time.OffsetDateTime.parse(isoDateOrTime).toInstant();
    }

    private static JsonNode query(Api api, EmulatedDatabase db, Map<String, Object> filter) {
        return api.post("/v1/data_sources/" + db.dataSourceIds().get(0) + "/query",
                filter == null ? Map.of() : Map.of("filter", filter)).body();
    }

    private static List<String> titles(Api api, EmulatedDatabase db, Map<String, Object> filter) {
        JsonNode r = query(api, db, filter);
        List<String> out = new java.util.ArrayList<>();
        for (JsonNode p : r.get("results")) {
            for (JsonNode prop : p.get("properties")) {
                if (prop.get("type").asText().equals("title")) {
                    out.add(prop.get("title").get(0).get("plain_text").asText());
                }
            }
        }
        return out;
    }
}
