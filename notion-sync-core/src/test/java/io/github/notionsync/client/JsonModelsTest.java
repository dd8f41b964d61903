package io.github.notionsync.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonModelsTest {

    @Test
    void database2022CarriesItsSchemaAndIsItsOwnDataSource() {
        JsonNode json = Fixtures.json("database_2022-06-28.json");
        NotionDatabase db = JsonModels.database(json, NotionApiVersion.V2022_06_28);

        assertThat(db.id()).isEqualTo(NotionId.parse("809cfb0f-5aaa-466b-8b61-c8d1dfc692c3"));
        assertThat(db.title()).isEqualTo("Articles");
        assertThat(db.properties().size()).isEqualTo(10);
        assertThat(db.dataSources()).singleElement()
                .satisfies(ds -> assertThat(ds.id()).isEqualTo(db.id()));
    }

    @Test
    void database2025ListsItsDataSourcesAndHasNoSchema() {
        JsonNode json = Fixtures.json("database_2025-09-03.json");
        NotionDatabase db = JsonModels.database(json, NotionApiVersion.V2025_09_03);

        assertThat(db.properties()).isNull();
        assertThat(db.id()).isEqualTo(NotionId.parse("e234cdc8-4ad2-4371-a97e-999a238bf8f5"));
        assertThat(db.dataSources()).singleElement().satisfies(ds -> {
            assertThat(ds.id()).isEqualTo(NotionId.parse("b71e1213-3d03-46cb-b9c2-db9856a9f42d"));
            assertThat(ds.name()).isEqualTo("Test Database - 2026-07-04 11:08:57.449785");
        });
        assertThat(db.lastEditedTime()).isEqualTo(Instant.parse("2026-07-04T09:08:57.778Z"));
    }

    @Test
    void dataSourceKnowsItsDatabaseAndSchema() {
        NotionDataSource ds = JsonModels.dataSource(Fixtures.json("data_source_all_property_schemas.json"));
        assertThat(ds.id()).isEqualTo(NotionId.parse("458a194e-6908-4035-b222-946d546e5610"));
        assertThat(ds.databaseId()).isEqualTo(NotionId.parse("6e670bfc-fa9c-448b-88d6-2e9e9dda42a2"));
        assertThat(ds.properties().size()).isEqualTo(21);
    }

    @Test
    void pageParentTimesAndTrash() {
        NotionPage page = JsonModels.page(Fixtures.json("page_all_property_types.json"));
        assertThat(page.id()).isEqualTo(NotionId.parse("38c9ce7b-60a4-81d9-99d3-ec995378c54f"));
        assertThat(page.dataSourceId()).isEqualTo(NotionId.parse("458a194e-6908-4035-b222-946d546e5610"));
        assertThat(page.databaseId()).isEqualTo(NotionId.parse("6e670bfc-fa9c-448b-88d6-2e9e9dda42a2"));
        assertThat(page.createdTime()).isEqualTo(Instant.parse("2026-06-27T17:11:00Z"));
        assertThat(page.lastEditedTime()).isEqualTo(Instant.parse("2026-06-27T17:11:00Z"));
        assertThat(page.inTrash()).isFalse();
        assertThat(page.properties().size()).isEqualTo(21);

        assertThat(JsonModels.page(Fixtures.json("page_button_in_trash.json")).inTrash()).isTrue();
        NotionPage old = JsonModels.page(Fixtures.json("page_2022-06-28_retrieve.json"));
        assertThat(old.databaseId()).isEqualTo(NotionId.parse("48f8fee9-cd79-4180-bc2f-ec0398253067"));
        assertThat(old.dataSourceId()).isNull();
    }

    @Test
    void parsesBothTimestampForms() {
        var f = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance;
        assertThat(JsonModels.instant(f.textNode("2026-07-04T09:09:12.949+00:00")))
                .isEqualTo(Instant.parse("2026-07-04T09:09:12.949Z"));
        assertThat(JsonModels.instant(f.textNode("2026-07-04T09:09:00.000Z")))
                .isEqualTo(Instant.parse("2026-07-04T09:09:00Z"));
        assertThat(JsonModels.instant(f.textNode("yesterday"))).isNull();
    }

    @Test
    void relationPropertyItemsBecomeTheCompleteValue() {
        JsonNode list = Fixtures.json("property_item_relation_list.json");
        JsonNode value = JsonModels.propertyValue("o_yF", List.of(list));

        assertThat(value.path("type").asText()).isEqualTo("relation");
        assertThat(value.path("relation")).hasSize(30);
        assertThat(value.path("has_more").asBoolean()).isFalse();
        NotionId.parse(value.path("relation").get(0).path("id").asText());

        JsonNode truncated = Fixtures.json("page_relation_has_more.json");
        boolean sawHasMore = false;
        for (JsonNode p : truncated.path("properties")) {
            if ("relation".equals(p.path("type").asText()) && p.path("has_more").asBoolean()) {
                sawHasMore = true;
                assertThat(p.path("relation")).hasSize(25);
            }
        }
        assertThat(sawHasMore).isTrue();
    }

    @Test
    void rollupAndSingleItems() {
        JsonNode rollup = JsonModels.propertyValue("r", List.of(Fixtures.json("property_item_rollup_list.json")));
        assertThat(rollup.path("rollup").path("type").asText()).isEqualTo("number");
        assertThat(rollup.path("rollup").path("function").asText()).isEqualTo("count");

        JsonNode status = JsonModels.propertyValue("s", List.of(Fixtures.json("property_item_status.json")));
        assertThat(status.path("type").asText()).isEqualTo("status");
        assertThat(status.path("status").isObject()).isTrue();
    }

    @Test
    void usersAndSearchResults() {
        JsonNode users = Fixtures.json("users_list.json");
        List<NotionUser> list = new java.util.ArrayList<>();
        users.path("results").forEach(u -> list.add(JsonModels.user(u)));
        assertThat(list).extracting(NotionUser::type, NotionUser::name).containsExactly(
                org.assertj.core.groups.Tuple.tuple("person", "Guillaume Gelin"),
                org.assertj.core.groups.Tuple.tuple("bot", "notion-sdk-py"));

        JsonNode search = Fixtures.json("search_response_data_source_and_page.json");
        List<SearchResult> results = new java.util.ArrayList<>();
        search.path("results").forEach(r -> results.add(JsonModels.searchResult(r)));
        assertThat(results).extracting(SearchResult::object, r -> r.id().value()).containsExactly(
                org.assertj.core.groups.Tuple.tuple("data_source", "e6c6f8ff-c70e-4970-91ba-98f03e0d7fc6"),
                org.assertj.core.groups.Tuple.tuple("page", "4f555b50-3a9b-49cb-924c-3746f4ca5522"));
    }
}
