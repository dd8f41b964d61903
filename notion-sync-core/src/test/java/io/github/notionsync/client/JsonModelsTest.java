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

        assertThat(db.properties()).isNotNull();
        assertThat(db.properties().size()).isGreaterThan(5);
        assertThat(db.dataSources()).singleElement()
                .satisfies(ds -> assertThat(ds.id()).isEqualTo(db.id()));
        assertThat(db.title()).isNotEmpty();
    }

    @Test
    void database2025ListsItsDataSourcesAndHasNoSchema() {
        JsonNode json = Fixtures.json("database_2025-09-03.json");
        NotionDatabase db = JsonModels.database(json, NotionApiVersion.V2025_09_03);

        assertThat(db.properties()).isNull();
        assertThat(db.dataSources()).isNotEmpty();
        assertThat(db.dataSources().get(0).id()).isNotEqualTo(db.id());
        assertThat(db.lastEditedTime()).isNotNull();
    }

    @Test
    void dataSourceKnowsItsDatabaseAndSchema() {
        NotionDataSource ds = JsonModels.dataSource(Fixtures.json("data_source_all_property_schemas.json"));
        assertThat(ds.databaseId()).isNotNull();
        assertThat(ds.properties().size()).isGreaterThanOrEqualTo(21);
    }

    @Test
    void pageParentTimesAndTrash() {
        NotionPage page = JsonModels.page(Fixtures.json("page_all_property_types.json"));
        assertThat(page.dataSourceId()).isNotNull();
        assertThat(page.databaseId()).isNotNull();
        assertThat(page.createdTime()).isNotNull();
        assertThat(page.lastEditedTime()).isAfterOrEqualTo(page.createdTime());
        assertThat(page.inTrash()).isFalse();
        assertThat(page.properties().size()).isGreaterThan(15);

        assertThat(JsonModels.page(Fixtures.json("page_button_in_trash.json")).inTrash()).isTrue();
        NotionPage old = JsonModels.page(Fixtures.json("page_2022-06-28_retrieve.json"));
        assertThat(old.databaseId()).isNotNull();
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
        assertThat(list).extracting(NotionUser::type).contains("person", "bot");

        JsonNode search = Fixtures.json("search_response_data_source_and_page.json");
        List<SearchResult> results = new java.util.ArrayList<>();
        search.path("results").forEach(r -> results.add(JsonModels.searchResult(r)));
        assertThat(results).extracting(SearchResult::object).contains("page");
    }
}
