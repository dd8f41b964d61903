package io.github.notionsync.testkit.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The emulator's responses have the structure of real Notion payloads (src/test/resources/fixtures). */
class FixtureStructureIT {

    private static final Set<String> NONE = Set.of();

    private static NotionEmulator emulator;
    /** ramnes/notion-sdk-py recorded with 2025-09-03. */
    private static Api api;
    /** ultimate-notion recorded with 2026-03-11. */
    private static Api un;
    private static EmulatedDatabase all;
    private static EmulatedPage page;
    private static EmulatedPage related;

    @BeforeAll
    static void start() {
        emulator = NotionEmulator.builder().clockStart(Instant.parse("2026-06-27T17:11:00Z")).build().start();
        api = new Api(emulator, emulator.workspace().createToken("fixtures"), Api.V2025);
        un = api.version(Api.V2026);
        all = emulator.workspace().generate(GeneratorSpec.of(40).withTitle("All types").withRelationsPerPage(30)
                .withBlocksPerPage(3));
        EmulatedDatabase docs = emulator.workspace().createDatabase("Docs", Schema.builder()
                .status("Status", "Not started", "Done").build());
        page = docs.addPage(PropertyValues.builder().title("Doc").status("Status", "Not started").build(),
                Block.paragraph("paragraph 0"), Block.paragraph("paragraph 1"), Block.paragraph("paragraph 2"),
                Block.heading(1, "Headline"), Block.toDo("todo", true), Block.code("python", "print(1)"),
                Block.callout("💡", "Callout!"), Block.equation("x"), Block.divider(),
                Block.table(false, List.of(List.of("a", "b"))), Block.columns(List.of(List.of(Block.paragraph("c")))));
        related = all.dataSource().pages().get(3);
    }

    @AfterAll
    static void stop() {
        emulator.close();
    }

    private static JsonNode fixture(String name) {
        try (InputStream in = FixtureStructureIT.class.getResourceAsStream("/fixtures/" + name + ".json")) {
            assertThat(in).as("fixture " + name + " in src/test/resources/fixtures").isNotNull();
            return Api.JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void assertSameShape(String fixture, JsonNode actual, Set<String> ignored) {
        assertThat(Shapes.differences(fixture(fixture), actual, ignored)).as(fixture).isEmpty();
    }

    private static String query() {
        return "/v1/data_sources/" + all.dataSourceIds().get(0) + "/query";
    }

    @Test
    void dataSourceQueryWithEveryPropertyType() {
        assertSameShape("data_source_query_all_property_types", un.post(query(), "{}").body(), NONE);
    }

    @Test
    void pagesWithEveryPropertyTypeAndTruncatedRelations() {
        JsonNode p = un.get("/v1/pages/" + related.id()).body();
        assertSameShape("page_all_property_types", p, NONE);
        assertSameShape("page_relation_has_more", p, NONE);
    }

    @Test
    void databasesAndDataSources() {
        assertSameShape("database_2025-09-03", api.get("/v1/databases/" + all.id()).body(), NONE);
        JsonNode ds = api.get("/v1/data_sources/" + all.dataSourceIds().get(0)).body();
        assertSameShape("data_source_2025-09-03", ds, NONE);
        assertSameShape("data_source_all_property_schemas",
                un.get("/v1/data_sources/" + all.dataSourceIds().get(0)).body(), NONE);
        // the 2022 fixture is an older payload: its relation schema predates single/dual_property
        JsonNode database2022 = fixture("database_2022-06-28");
        ((com.fasterxml.jackson.databind.node.ObjectNode) database2022.get("properties")).remove("Collections");
        assertThat(Shapes.differences(database2022, api.version(Api.V2022).get("/v1/databases/" + all.id()).body(),
                Set.of("request_id", "developer_survey"))).isEmpty();
        assertSameShape("database_query_2022-06-28",
                api.version(Api.V2022).post("/v1/databases/" + all.id() + "/query", "{}").body(), Set.of("has_more"));
        assertSameShape("page_2022-06-28_retrieve", api.version(Api.V2022).get("/v1/pages/" + related.id()).body(),
                Set.of("has_more"));
    }

    @Test
    void propertyItems() {
        JsonNode props = un.get("/v1/pages/" + related.id()).body().get("properties");
        assertSameShape("property_item_relation_list", un.get("/v1/pages/" + related.id() + "/properties/"
                + props.get("Related").get("id").asText()).body(), NONE);
        assertSameShape("property_item_rollup_list", un.get("/v1/pages/" + related.id() + "/properties/"
                + props.get("Related count").get("id").asText()).body(), NONE);
        JsonNode status = api.get("/v1/pages/" + page.id()).body().get("properties").get("Status");
        assertSameShape("property_item_status", un.get("/v1/pages/" + page.id() + "/properties/"
                + status.get("id").asText()).body(), NONE);
    }

    @Test
    void blocksUsersAndSearch() {
        assertSameShape("block_children_paginated_p1_has_more",
                api.get("/v1/blocks/" + page.id() + "/children?page_size=2").body(), Set.of("icon"));
        assertSameShape("block_children_page_root", un.get("/v1/blocks/" + page.id() + "/children").body(),
                Set.of("icon", "is_toggleable"));
        assertSameShape("users_list", api.get("/v1/users").body(), Set.of("email_verified"));
        assertSameShape("search_response_2025-09-03", api.post("/v1/search",
                Map.of("filter", Map.of("property", "object", "value", "page"), "page_size", 1)).body(), NONE);
    }

    @Test
    void errors() {
        assertSameShape("error_400_validation_error", un.get("/v1/pages/nope").body(), NONE);
        assertSameShape("error_400_invalid_request_url", api.get("/v1/unknown").body(), NONE);
        assertSameShape("error_401_unauthorized", api.token("ntn_bad").get("/v1/users").body(), NONE);
        assertSameShape("error_404_object_not_found",
                api.get("/v1/pages/00000000-0000-4000-8000-000000000000").body(), NONE);
        emulator.faults().next("GET", "/v1/users/me", Fault.rateLimited(1));
        assertSameShape("error_429_rate_limited", api.get("/v1/users/me").body(), NONE);
    }
}
