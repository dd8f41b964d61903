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
