package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The write endpoints' answers, as raw HTTP: Notion's shapes, codes and messages. */
class EmulatorWritesIT {

    private NotionEmulator emulator;
    private String token;
    private Api api;
    private EmulatedDatabase db;
    private EmulatedPage page;

    @BeforeEach
    void start() {
        emulator = NotionEmulator.builder().build().start();
        token = emulator.workspace().createToken("writes");
        api = new Api(emulator, token, Api.V2025);
        EmulatedDatabase worlds = emulator.workspace().createDatabase("Worlds", Schema.builder().build());
        db = emulator.workspace().createDatabase("Characters", Schema.builder().richText("Bio").select("Role", "Ranger")
                .relation("World", worlds).rollup("Worlds", "World", "Name", "count").createdTime("Created")
                .createdBy("Author").lastEditedTime("Edited").lastEditedBy("Editor").uniqueId("Number", "CH")
                .formula("Label", "prop(\"Name\")", "string").url("Site").build());
        page = db.addPage(Map.of("Name", "Aragorn"));
    }

    @AfterEach
    void stop() {
        emulator.close();
    }

    private static String rejected(Api.Response r) {
        assertThat(r.status()).as("%s", r.body()).isEqualTo(400);
        assertThat(r.body().get("code").asText()).isEqualTo("validation_error");
        return r.body().get("message").asText();
    }

    private static String paragraph(String text) {
        return "{\"type\":\"paragraph\",\"paragraph\":{\"rich_text\":[{\"text\":{\"content\":\"" + text + "\"}}]}}";
    }

    private String patchPage(String properties) {
        return rejected(api.patch("/v1/pages/" + page.id(), "{\"properties\":" + properties + "}"));
    }

    @Test
    void everyReadOnlyPropertyIsRefusedAsNoWritableShape() {
        Map<String, String> readOnly = Map.of("Label", "{\"formula\":{\"string\":\"x\"}}",
                "Worlds", "{\"rollup\":{\"number\":1}}", "Created", "{\"created_time\":\"2026-01-01T00:00:00Z\"}",
                "Edited", "{\"last_edited_time\":\"2026-01-01T00:00:00Z\"}", "Author", "{\"created_by\":{\"id\":\"x\"}}",
                "Editor", "{\"last_edited_by\":{\"id\":\"x\"}}", "Number", "{\"unique_id\":{\"number\":5}}");
        readOnly.forEach((name, value) -> assertThat(patchPage("{\"" + name + "\":" + value + "}"))
                .startsWith("body failed validation. Fix one:\nbody.properties." + name + ".title should be defined")
                .contains("body.properties." + name + ".status should be defined, instead was `undefined`."));
        assertThat(page.lastEditedTime()).isEqualTo(emulator.clock().now());
    }

    @Test
    void valuesAreCheckedAgainstNotionsLimits() {
        assertThat(patchPage("{\"Ghost\":{\"rich_text\":[]}}")).isEqualTo("Ghost is not a property that exists.");
        assertThat(patchPage("{\"Bio\":{\"select\":{\"name\":\"x\"}}}")).isEqualTo("Bio is expected to be rich_text.");
        assertThat(patchPage("{\"Bio\":\"plain\"}")).startsWith("body failed validation. Fix one:");
        assertThat(patchPage("{\"Bio\":{\"rich_text\":[" + "{\"text\":{\"content\":\"a\"}},".repeat(100)
                + "{\"text\":{\"content\":\"a\"}}]}}"))
                .isEqualTo("body failed validation: body.properties.Bio.rich_text.length should be ≤ `100`, instead "
                        + "was `101`.");
        assertThat(patchPage("{\"Site\":{\"url\":\"" + "u".repeat(2001) + "\"}}"))
                .isEqualTo("body failed validation: body.properties.Site.url.length should be ≤ `2000`, instead was "
                        + "`2001`.");
        assertThat(patchPage("{\"World\":{\"relation\":[{\"id\":\"nope\"}]}}"))
                .contains("body.properties.World.relation[0].id should be a valid uuid");
        assertThat(patchPage("{\"Role\":{\"select\":{\"name\":\"A, B\"}}}")).contains("cannot contain commas");
        assertThat(patchPage("{\"Bio\":{\"rich_text\":[{\"text\":{\"content\":\"x\"},\"annotations\":"
                + "{\"bold\":\"yes\"}}]}}")).contains("annotations.bold should be a boolean");
        assertThat(rejected(api.patch("/v1/pages/" + page.id(), "{\"colour\":1}")))
                .contains("body.colour should be not present");
        assertThat(rejected(api.version(Api.V2026).patch("/v1/pages/" + page.id(), "{\"archived\":true}")))
                .contains("body.archived should be not present");
        // A select option that does not exist is created, as Notion does when the schema allows it.
        Api.Response ok = api.patch("/v1/pages/" + page.id(), "{\"properties\":{\"Role\":{\"select\":{\"name\":"
                + "\"King\"}}}}");
        assertThat(ok.status()).isEqualTo(200);
        assertThat(api.get("/v1/data_sources/" + db.dataSourceIds().get(0)).body().path("properties").path("Role")
                .path("select").path("options").findValuesAsText("name")).containsExactly("Ranger", "King");
    }

    @Test
    void childrenAreLimitedToAHundredAndTwoLevels() {
        String hundredOne = "{\"children\":[" + (paragraph("p") + ",").repeat(100) + paragraph("p") + "]}";
        assertThat(rejected(api.patch("/v1/blocks/" + page.id() + "/children", hundredOne)))
                .isEqualTo("body failed validation: body.children.length should be ≤ `100`, instead was `101`.");
        String nested = "{\"children\":[{\"type\":\"bulleted_list_item\",\"bulleted_list_item\":{\"rich_text\":[],"
                + "\"children\":[{\"type\":\"bulleted_list_item\",\"bulleted_list_item\":{\"rich_text\":[],"
                + "\"children\":[" + paragraph("too deep") + "]}}]}}]}";
        assertThat(rejected(api.patch("/v1/blocks/" + page.id() + "/children", nested))).startsWith(
                "body failed validation: body.children[0].bulleted_list_item.children[0].bulleted_list_item.children"
                        + " should be not present");
        String longText = "{\"children\":[" + paragraph("x".repeat(2001)) + "]}";
        assertThat(rejected(api.patch("/v1/blocks/" + page.id() + "/children", longText))).isEqualTo(
                "body failed validation: body.children[0].paragraph.rich_text[0].text.content.length should be ≤ "
                        + "`2000`, instead was `2001`.");
        assertThat(rejected(api.patch("/v1/blocks/" + page.id() + "/children", "{\"children\":[{\"type\":\"divider\","
                + "\"divider\":{\"children\":[" + paragraph("x") + "]}}]}"))).contains("should be not present");
        assertThat(rejected(api.post("/v1/pages", "{\"parent\":{\"data_source_id\":\"" + db.dataSourceIds().get(0)
                + "\"},\"children\":[" + (paragraph("p") + ",").repeat(100) + paragraph("p") + "]}")))
                .contains("body.children.length should be ≤ `100`");
        assertThat(page.blockIds()).isEmpty();
        assertThat(db.dataSource().pageCount()).isEqualTo(1);
    }

    @Test
    void writesStampTheEditAndAreVisibleAtOnce() {
        String bot = emulator.workspace().botUserId(token);
        emulator.clock().advance(Duration.ofSeconds(150));
        Api.Response r = api.patch("/v1/blocks/" + page.id() + "/children", "{\"children\":[" + paragraph("hi") + "]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("object").asText()).isEqualTo("list");
        JsonNode block = r.body().get("results").get(0);
        assertThat(block.path("created_by").path("id").asText()).isEqualTo(bot);
        JsonNode read = api.get("/v1/pages/" + page.id()).body();
        assertThat(read.get("last_edited_time").asText()).endsWith(":00.000Z");
        assertThat(java.time.Instant.parse(read.get("last_edited_time").asText()))
                .isEqualTo(emulator.clock().now().truncatedTo(java.time.temporal.ChronoUnit.MINUTES));
        assertThat(read.path("last_edited_by").path("id").asText()).isEqualTo(bot);
        assertThat(api.get("/v1/blocks/" + page.id() + "/children").body().get("results")).hasSize(1);

        String blockId = block.get("id").asText();
        JsonNode deleted = api.delete("/v1/blocks/" + blockId).body();
        assertThat(deleted.get("in_trash").asBoolean()).isTrue();
        assertThat(api.get("/v1/blocks/" + blockId).body().get("in_trash").asBoolean()).isTrue();
        assertThat(api.get("/v1/blocks/" + page.id() + "/children").body().get("results")).isEmpty();
        assertThat(rejected(api.delete("/v1/blocks/" + blockId))).contains("archived");

        Api.Response created = api.version(Api.V2022).post("/v1/pages", "{\"parent\":{\"database_id\":\"" + db.id()
                + "\"},\"properties\":{\"Name\":{\"title\":[{\"text\":{\"content\":\"Arwen\"}}]}}}");
        assertThat(created.status()).isEqualTo(200);
        assertThat(created.body().path("parent").path("database_id").asText()).isEqualTo(db.id());
        assertThat(api.post("/v1/data_sources/" + db.dataSourceIds().get(0) + "/query", "{}").body().get("results"))
                .hasSize(2);
        // Trash a page as a block, then restore it through in_trash.
        assertThat(api.delete("/v1/blocks/" + page.id()).status()).isEqualTo(200);
        assertThat(page.inTrash()).isTrue();
        assertThat(api.patch("/v1/pages/" + page.id(), "{\"in_trash\":false}").body().get("in_trash").asBoolean())
                .isFalse();
    }

    @Test
    void unknownOrUnsharedTargetsAnswer404AndMissingCapabilities403() {
        String missing = "00000000-0000-4000-8000-000000000000";
        assertThat(api.patch("/v1/pages/" + missing, "{}").status()).isEqualTo(404);
        assertThat(api.post("/v1/pages", "{\"parent\":{\"data_source_id\":\"" + missing + "\"}}").status())
                .isEqualTo(404);
        db.unshareWith(token);
        assertThat(api.patch("/v1/pages/" + page.id(), "{}").body().get("code").asText()).isEqualTo("object_not_found");
        assertThat(api.delete("/v1/blocks/" + page.id()).status()).isEqualTo(404);
        db.shareWith(token);

        Api limited = api.token(emulator.workspace().createToken("no-insert", EnumSet.of(Capability.READ_CONTENT,
                Capability.UPDATE_CONTENT)));
        Api.Response refused = limited.patch("/v1/blocks/" + page.id() + "/children", "{\"children\":[]}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body().get("code").asText()).isEqualTo("restricted_resource");
        assertThat(limited.patch("/v1/pages/" + page.id(), "{}").status()).isEqualTo(200);
    }

    @Test
    void writesCountInTheRequestStatsAndTheRateLimit() {
        try (NotionEmulator limited = NotionEmulator.builder().rateLimit(0.5, 1).build().start()) {
            String t = limited.workspace().createToken("limited");
            EmulatedPage p = limited.workspace().createDatabase("Db", Schema.builder().build())
                    .addPage(Map.of("Name", "x"));
            Api slow = new Api(limited, t, Api.V2025);
            assertThat(slow.patch("/v1/pages/" + p.id(), "{}").status()).isEqualTo(200);
            Api.Response second = slow.delete("/v1/blocks/" + p.id());
            assertThat(second.status()).isEqualTo(429);
            assertThat(second.header("Retry-After")).isEqualTo("2");
            assertThat(p.inTrash()).isFalse();
            assertThat(limited.requestCount("PATCH", "/v1/pages/{id}")).isEqualTo(1);
            assertThat(limited.requestCount("DELETE", "/v1/blocks/{id}")).isEqualTo(1);
        }
    }

    @Test
    void aLostReplyAppliesTheWrite() {
        emulator.faults().next("PATCH", "/v1/blocks/{id}/children", Fault.parse("lost:504"));
        Api.Response r = api.patch("/v1/blocks/" + page.id() + "/children", "{\"children\":[" + paragraph("x") + "]}");
        assertThat(r.status()).isEqualTo(504);
        assertThat(page.blockIds()).hasSize(1);
        assertThat(Fault.parse("lost")).isEqualTo(Fault.replyLost());
    }
}
