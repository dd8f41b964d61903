package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmulatorObjectsIT {

    private static NotionEmulator emulator;
    private static String token;
    private static Api api;

    @BeforeAll
    static void start() {
        emulator = NotionEmulator.builder().clockStart(Instant.parse("2026-07-04T09:25:42.123Z")).build().start();
        token = emulator.workspace().createToken("objects-tests");
        api = new Api(emulator, token, Api.V2025);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    @Test
    void timestampsAreRoundedDownToTheMinute() {
        EmulatedDatabase db = emulator.workspace().createDatabase("Rounding", Schema.builder().build());
        EmulatedPage p = db.addPage(Map.of("Name", "r"));
        JsonNode page = api.get("/v1/pages/" + p.id()).body();
        assertThat(page.get("created_time").asText()).isEqualTo("2026-07-04T09:25:00.000Z");
        assertThat(page.get("last_edited_time").asText()).isEqualTo("2026-07-04T09:25:00.000Z");
        assertThat(p.createdTime()).isEqualTo(Instant.parse("2026-07-04T09:25:00Z"));
    }

    @Test
    void deletionFieldsAreNamedPerVersion() {
        EmulatedDatabase db = emulator.workspace().createDatabase("Trash", Schema.builder().build());
        EmulatedPage p = db.addPage(Map.of("Name", "t")).trash();
        JsonNode v2022 = api.version(Api.V2022).get("/v1/pages/" + p.id()).body();
        assertThat(v2022.get("archived").asBoolean()).isTrue();
        assertThat(v2022.has("in_trash")).isFalse();
        assertThat(v2022.has("is_archived")).isFalse();
        assertThat(v2022.get("parent").get("type").asText()).isEqualTo("database_id");
        JsonNode v2025 = api.get("/v1/pages/" + p.id()).body();
        assertThat(v2025.get("archived").asBoolean()).isTrue();
        assertThat(v2025.get("in_trash").asBoolean()).isTrue();
        assertThat(v2025.get("is_archived").asBoolean()).isFalse();
        assertThat(v2025.get("is_locked").asBoolean()).isFalse();
        assertThat(v2025.get("parent").get("data_source_id").asText()).isEqualTo(db.dataSourceIds().get(0));
        assertThat(v2025.get("parent").get("database_id").asText()).isEqualTo(db.id());
        JsonNode v2026 = api.version(Api.V2026).get("/v1/pages/" + p.id()).body();
        assertThat(v2026.has("archived")).isFalse();
        assertThat(v2026.get("in_trash").asBoolean()).isTrue();
        assertThat(v2026.get("is_archived").asBoolean()).isFalse();
    }

    @Test
    void databaseObjectsDifferPerVersionAndMultiSourceDatabasesNeedTheNewVersion() {
        EmulatedDatabase db = emulator.workspace().createDatabase("Books", "\uD83D\uDCDA",
                Schema.builder("Title").select("Shelf", "Read", "Unread").number("Pages", "number").build());
        JsonNode v2022 = api.version(Api.V2022).get("/v1/databases/" + db.id()).body();
        assertThat(v2022.get("object").asText()).isEqualTo("database");
        assertThat(v2022.get("properties").get("Title").get("id").asText()).isEqualTo("title");
        assertThat(v2022.get("properties").get("Shelf").get("select").get("options")).hasSize(2);
        assertThat(v2022.has("data_sources")).isFalse();
        JsonNode v2025 = api.get("/v1/databases/" + db.id().replace("-", "")).body();
        assertThat(v2025.has("properties")).isFalse();
        assertThat(v2025.get("data_sources")).hasSize(1);
        assertThat(v2025.get("data_sources").get(0).get("name").asText()).isEqualTo("Books");
        JsonNode ds = api.get("/v1/data_sources/" + db.dataSourceIds().get(0)).body();
        assertThat(ds.get("object").asText()).isEqualTo("data_source");
        assertThat(ds.get("parent").get("database_id").asText()).isEqualTo(db.id());
        assertThat(ds.get("properties").get("Pages").get("number").get("format").asText()).isEqualTo("number");
        assertThat(api.version(Api.V2022).get("/v1/data_sources/" + db.dataSourceIds().get(0)).body()
                .get("code").asText()).isEqualTo("invalid_request_url");

        EmulatedDataSource second = db.addDataSource("Wishlist", Schema.builder().build());
        second.addPage(Map.of("Name", "Dune"));
        assertThat(api.get("/v1/databases/" + db.id()).body().get("data_sources")).hasSize(2);
        Api.Response old = api.version(Api.V2022).get("/v1/databases/" + db.id());
        assertThat(old.status()).isEqualTo(400);
        assertThat(old.body().get("code").asText()).isEqualTo("validation_error");
        assertThat(api.post("/v1/data_sources/" + second.id() + "/query", "{}").body().get("results")).hasSize(1);
    }

    @Test
    void longReferenceListsAreTruncatedInPagesAndCompleteAsPropertyItems() {
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            people.add(emulator.workspace().addPerson("Person " + i, "p" + i + "@example.com"));
        }
        EmulatedDatabase targets = emulator.workspace().createDatabase("Targets", Schema.builder().build());
        List<String> related = new ArrayList<>();
        List<RichText> title = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String id = targets.addPage(Map.of("Name", "T" + i)).id();
            related.add(id);
            title.add(RichText.pageMention(id));
        }
        EmulatedDatabase db = emulator.workspace().createDatabase("Refs", Schema.builder()
                .relation("Links", targets).people("Team").richText("Notes").build());
        EmulatedPage p = db.addPage(PropertyValues.builder().title(title.toArray(RichText[]::new))
                .relation("Links", related).people("Team", people).text("Notes", title).build());
        JsonNode props = api.get("/v1/pages/" + p.id()).body().get("properties");
        assertThat(props.get("Links").get("relation")).hasSize(25);
        assertThat(props.get("Links").get("has_more").asBoolean()).isTrue();
        assertThat(props.get("Team").get("people")).hasSize(25);
        assertThat(props.get("Name").get("title")).hasSize(25);
        assertThat(props.get("Notes").get("rich_text")).hasSize(25);
        assertThat(props.get("Name").get("title").get(0).get("mention").get("page").get("id").asText())
                .isEqualTo(related.get(0));

        for (String name : List.of("Links", "Team", "Name", "Notes")) {
            String pid = props.get(name).get("id").asText();
            List<JsonNode> items = new ArrayList<>();
            String cursor = null;
            do {
                Api.Response r = api.get("/v1/pages/" + p.id() + "/properties/" + pid + "?page_size=10"
                        + (cursor == null ? "" : "&start_cursor=" + cursor));
                assertThat(r.status()).as(name + " " + r.raw().body()).isEqualTo(200);
                JsonNode b = r.body();
                assertThat(b.get("type").asText()).isEqualTo("property_item");
                assertThat(b.get("property_item").get("id").asText()).isEqualTo(pid);
                b.get("results").forEach(items::add);
                cursor = b.get("next_cursor").isNull() ? null : b.get("next_cursor").asText();
                assertThat(b.get("property_item").get("next_url").isNull()).isEqualTo(cursor == null);
            } while (cursor != null);
            assertThat(items).as(name).hasSize(30);
            assertThat(items.get(0).get("object").asText()).isEqualTo("property_item");
        }
        JsonNode last = api.get("/v1/pages/" + p.id() + "/properties/" + props.get("Links").get("id").asText()
                + "?page_size=100").body();
        assertThat(last.get("results").get(29).get("relation").get("id").asText()).isEqualTo(related.get(29));
    }

    @Test
    void simplePropertyItemsAndRollups() {
        EmulatedDatabase targets = emulator.workspace().createDatabase("Rollup targets", Schema.builder().build());
        String a = targets.addPage(Map.of("Name", "A")).id();
        String b = targets.addPage(Map.of("Name", "B")).id();
        EmulatedDatabase db = emulator.workspace().createDatabase("Rollups", Schema.builder()
                .status("State", "Todo", "Doing", "Done").relation("Rel", targets)
                .rollup("Count", "Rel", "Name", "count").rollup("Names", "Rel", "Name", "show_original").build());
        EmulatedPage p = db.addPage(PropertyValues.builder().title("R").status("State", "Doing")
                .relation("Rel", a, b).build());
        JsonNode props = api.get("/v1/pages/" + p.id()).body().get("properties");
        assertThat(props.get("Count").get("rollup").get("number").asInt()).isEqualTo(2);
        assertThat(props.get("Names").get("rollup").get("array")).hasSize(2);
        JsonNode status = api.get("/v1/pages/" + p.id() + "/properties/" + props.get("State").get("id").asText())
                .body();
        assertThat(status.get("object").asText()).isEqualTo("property_item");
        assertThat(status.get("status").get("name").asText()).isEqualTo("Doing");
        JsonNode rollup = api.get("/v1/pages/" + p.id() + "/properties/" + props.get("Count").get("id").asText())
                .body();
        assertThat(rollup.get("property_item").get("rollup").get("number").asInt()).isEqualTo(2);
        assertThat(api.get("/v1/pages/" + p.id() + "/properties/nope").status()).isEqualTo(404);
    }

    @Test
    void blockChildrenPaginateWithTheNextBlockIdAndNest() {
        EmulatedDatabase db = emulator.workspace().createDatabase("Docs", Schema.builder().build());
        Block[] blocks = new Block[5];
        for (int i = 0; i < 5; i++) {
            blocks[i] = Block.paragraph("paragraph " + i);
        }
        EmulatedPage p = db.addPage(Map.of("Name", "doc"), blocks);
        p.appendBlocks(Block.toggle("more", Block.bulletedListItem("nested", Block.paragraph("deepest"))));
        List<String> ids = p.blockIds();
        JsonNode first = api.get("/v1/blocks/" + p.id() + "/children?page_size=2").body();
        assertThat(first.get("results")).hasSize(2);
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(first.get("next_cursor").asText()).isEqualTo(ids.get(2));
        assertThat(first.get("type").asText()).isEqualTo("block");
        assertThat(first.get("block").size()).isZero();
        JsonNode rest = api.get("/v1/blocks/" + p.id() + "/children?start_cursor=" + ids.get(2)).body();
        assertThat(rest.get("results")).hasSize(4);
        assertThat(rest.get("has_more").asBoolean()).isFalse();
        assertThat(rest.get("next_cursor").isNull()).isTrue();
        JsonNode toggle = rest.get("results").get(3);
        assertThat(toggle.get("type").asText()).isEqualTo("toggle");
        assertThat(toggle.get("has_children").asBoolean()).isTrue();
        assertThat(toggle.get("parent").get("page_id").asText()).isEqualTo(p.id());
        JsonNode nested = api.get("/v1/blocks/" + toggle.get("id").asText() + "/children").body();
        JsonNode item = nested.get("results").get(0);
        assertThat(item.get("parent").get("block_id").asText()).isEqualTo(toggle.get("id").asText());
        assertThat(item.get("has_children").asBoolean()).isTrue();
        JsonNode deepest = api.get("/v1/blocks/" + item.get("id").asText() + "/children").body();
        assertThat(deepest.get("results").get(0).get("paragraph").get("rich_text").get(0).get("plain_text")
                .asText()).isEqualTo("deepest");
        assertThat(api.get("/v1/blocks/" + p.id() + "/children?start_cursor=" + p.id()).body().get("code")
                .asText()).isEqualTo("validation_error");
        JsonNode single = api.get("/v1/blocks/" + ids.get(0)).body();
        assertThat(single.get("object").asText()).isEqualTo("block");
        assertThat(single.get("request_id").isTextual()).isTrue();
    }

    @Test
    void generatedPagesServeContentAndBlocks() {
        EmulatedDatabase gen = emulator.workspace().generate(GeneratorSpec.of(50).withTitle("Gen")
                .withBlocksPerPage(3).withRelationsPerPage(30));
        JsonNode results = api.post("/v1/data_sources/" + gen.dataSourceIds().get(0) + "/query", "{}").body()
                .get("results");
        assertThat(results).hasSize(50);
        JsonNode page = results.get(7);
        assertThat(page.get("properties")).hasSize(Generator.schema().propertyNames().size());
        assertThat(page.get("properties").get("Related").get("has_more").asBoolean()).isTrue();
        assertThat(page.get("properties").get("ID").get("unique_id").get("number").asInt()).isEqualTo(8);
        JsonNode blocks = api.get("/v1/blocks/" + page.get("id").asText() + "/children").body();
        assertThat(blocks.get("results")).hasSize(3);
        String blockId = blocks.get("results").get(1).get("id").asText();
        assertThat(api.get("/v1/blocks/" + blockId).body().get("id").asText()).isEqualTo(blockId);
        assertThat(api.get("/v1/blocks/" + blockId + "/children").body().get("results")).isEmpty();
        EmulatedPage edited = emulator.workspace().page(page.get("id").asText()).orElseThrow();
        edited.update(PropertyValues.builder().number("Score", 12345).build());
        assertThat(api.get("/v1/pages/" + edited.id()).body().get("properties").get("Score").get("number").asInt())
                .isEqualTo(12345);
    }

    @Test
    void usersArePaginatedAndMeIsTheBot() {
        EmulatorClock clock = emulator.clock();
        assertThat(clock).isNotNull();
        for (int i = 0; i < 3; i++) {
            emulator.workspace().addPerson("User " + i, "u" + i + "@example.com");
        }
        List<String> ids = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode b = api.get("/v1/users?page_size=2" + (cursor == null ? "" : "&start_cursor=" + cursor)).body();
            assertThat(b.get("type").asText()).isEqualTo("user");
            b.get("results").forEach(u -> ids.add(u.get("id").asText()));
            cursor = b.get("next_cursor").isNull() ? null : b.get("next_cursor").asText();
        } while (cursor != null);
        assertThat(ids).hasSizeGreaterThanOrEqualTo(5).doesNotHaveDuplicates();
        JsonNode me = api.get("/v1/users/me").body();
        assertThat(me.get("type").asText()).isEqualTo("bot");
        assertThat(me.get("name").asText()).isEqualTo("objects-tests");
        assertThat(me.get("bot").get("owner").get("type").asText()).isEqualTo("workspace");
        assertThat(api.get("/v1/users/" + emulator.workspace().ownerId()).body().get("person").get("email")
                .asText()).isEqualTo("owner@example.com");
    }

    @Test
    void searchFiltersByObjectAndSortsByLastEditedTime() {
        NotionEmulator own = NotionEmulator.builder().build().start();
        try (own) {
            String t = own.workspace().createToken("search");
            Api s = new Api(own, t, Api.V2025);
            EmulatedDatabase db = own.workspace().createDatabase("Notes", Schema.builder().build());
            EmulatedPage older = db.addPage(Map.of("Name", "Older note"));
            own.clock().advance(java.time.Duration.ofMinutes(5));
            EmulatedPage newer = db.addPage(Map.of("Name", "Newer note"));
            JsonNode all = s.post("/v1/search", "{}").body();
            assertThat(all.get("type").asText()).isEqualTo("page_or_data_source");
            assertThat(all.get("results")).hasSize(3);
            JsonNode pagesDesc = s.post("/v1/search", Map.of("filter", Map.of("property", "object", "value", "page"),
                    "sort", Map.of("timestamp", "last_edited_time", "direction", "descending"))).body();
            assertThat(pagesDesc.get("results")).extracting(n -> n.get("id").asText())
                    .containsExactly(newer.id(), older.id());
            JsonNode sources = s.post("/v1/search", Map.of("filter", Map.of("property", "object",
                    "value", "data_source"))).body();
            assertThat(sources.get("results").get(0).get("object").asText()).isEqualTo("data_source");
            assertThat(s.post("/v1/search", Map.of("filter", Map.of("property", "object", "value", "database")))
                    .body().get("code").asText()).isEqualTo("validation_error");
            JsonNode old = s.version(Api.V2022).post("/v1/search", Map.of("filter", Map.of("property", "object",
                    "value", "database"))).body();
            assertThat(old.get("type").asText()).isEqualTo("page_or_database");
            assertThat(old.get("results").get(0).get("object").asText()).isEqualTo("database");
            JsonNode byText = s.post("/v1/search", Map.of("query", "newer", "page_size", 1)).body();
            assertThat(byText.get("results")).extracting(n -> n.get("id").asText()).containsExactly(newer.id());
        }
    }

    @Test
    void searchAcceptsItsDocumentedSortAndFilterFormsAndRefusesMalformedOnes() {
        NotionEmulator own = NotionEmulator.builder().build().start();
        try (own) {
            Api s = new Api(own, own.workspace().createToken("search"), Api.V2025);
            EmulatedDatabase db = own.workspace().createDatabase("Journal", Schema.builder().build());
            own.clock().advance(java.time.Duration.ofMinutes(1));
            EmulatedPage first = db.addPage(Map.of("Name", "First entry"));
            own.clock().advance(java.time.Duration.ofMinutes(1));
            EmulatedPage second = db.addPage(Map.of("Name", "Second entry"));
            Map<String, String> pageFilter = Map.of("property", "object", "value", "page");
            assertThat(ids(s.post("/v1/search", Map.of("filter", pageFilter,
                    "sort", Map.of("direction", "ascending", "timestamp", "last_edited_time")))))
                    .containsExactly(first.id(), second.id());
            assertThat(ids(s.post("/v1/search", Map.of("filter", pageFilter,
                    "sort", Map.of("direction", "descending", "timestamp", "last_edited_time")))))
                    .containsExactly(second.id(), first.id());
            // the reference's own example leaves the direction out
            assertThat(ids(s.post("/v1/search", Map.of("query", "entry",
                    "sort", Map.of("timestamp", "last_edited_time"))))).containsExactly(second.id(), first.id());
            assertThat(ids(s.post("/v1/search", Map.of("filter", Map.of("property", "object",
                    "value", "data_source"))))).containsExactly(db.dataSourceIds().get(0));
            assertThat(ids(s.version(Api.V2026).post("/v1/search", Map.of("filter", Map.of("property", "object",
                    "value", "data_source"))))).containsExactly(db.dataSourceIds().get(0));
            assertThat(ids(s.version(Api.V2022).post("/v1/search", Map.of("filter", Map.of("property", "object",
                    "value", "database"))))).containsExactly(db.id());

            List<Object> malformed = List.of(
                    Map.of("sort", "last_edited_time"),
                    Map.of("sort", List.of(Map.of("timestamp", "last_edited_time", "direction", "ascending"))),
                    Map.of("sort", Map.of("timestamp", "created_time", "direction", "ascending")),
                    Map.of("sort", Map.of("timestamp", "last_edited_time", "direction", "up")),
                    Map.of("sort", Map.of("direction", "ascending")),
                    Map.of("sort", Map.of("timestamp", "last_edited_time", "direction", "ascending",
                            "property", "Name")),
                    Map.of("sorts", List.of(Map.of("timestamp", "last_edited_time", "direction", "ascending"))),
                    Map.of("filter", "page"),
                    Map.of("filter", Map.of("value", "page")),
                    Map.of("filter", Map.of("property", "title", "value", "page")),
                    Map.of("filter", Map.of("property", "object", "value", "database")),
                    Map.of("filter", Map.of("property", "object", "value", "page", "timestamp", "last_edited_time")),
                    Map.of("query", 42),
                    Map.of("query", List.of("entry")));
            for (Object body : malformed) {
                Api.Response r = s.post("/v1/search", body);
                assertThat(r.status()).as(body.toString()).isEqualTo(400);
                assertThat(r.body().get("code").asText()).as(body.toString()).isEqualTo("validation_error");
                assertThat(r.body().get("message").asText()).as(body.toString()).startsWith("body failed validation");
            }
            Api.Response old = s.version(Api.V2022).post("/v1/search", Map.of("filter", Map.of("property", "object",
                    "value", "data_source")));
            assertThat(old.body().get("message").asText()).isEqualTo("body failed validation: body.filter.value "
                    + "should be `\"page\"` or `\"database\"`, instead was `\"data_source\"`.");
            assertThat(s.post("/v1/search", Map.of("sorts", List.of())).body().get("message").asText())
                    .isEqualTo("body failed validation: body.sorts should be not present, instead was `[]`.");
        }
    }

    private static List<String> ids(Api.Response r) {
        assertThat(r.status()).as(r.raw().body()).isEqualTo(200);
        List<String> out = new java.util.ArrayList<>();
        r.body().get("results").forEach(n -> out.add(n.get("id").asText()));
        return out;
    }

    @Test
    void unsharedDatabasesAreNotFoundForThatTokenOnly() {
        String other = emulator.workspace().createToken("other-integration");
        EmulatedDatabase db = emulator.workspace().createDatabase("Private", Schema.builder().build());
        EmulatedPage p = db.addPage(Map.of("Name", "secret"));
        db.unshareWith(other);
        Api.Response r = api.token(other).get("/v1/pages/" + p.id());
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.body().get("code").asText()).isEqualTo("object_not_found");
        assertThat(r.body().get("message").asText()).contains(p.id()).contains("other-integration");
        assertThat(r.body().get("additional_data").get("integration_id").isTextual()).isTrue();
        assertThat(api.token(other).get("/v1/databases/" + db.id()).status()).isEqualTo(404);
        assertThat(api.get("/v1/pages/" + p.id()).status()).isEqualTo(200);
        db.shareWith(other);
        assertThat(api.token(other).get("/v1/pages/" + p.id()).status()).isEqualTo(200);
    }
}
