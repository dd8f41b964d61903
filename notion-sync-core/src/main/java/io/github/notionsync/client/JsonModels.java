package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.InvalidNotionIdException;
import io.github.notionsync.NotionId;
import io.github.notionsync.internal.extract.RichText;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** Turns Notion's JSON objects into the client's records. */
final class JsonModels {

    private JsonModels() {
    }

    static NotionPage page(JsonNode json) {
        JsonNode parent = json.path("parent");
        NotionId databaseId = optionalId(parent.get("database_id"));
        NotionId dataSourceId = optionalId(parent.get("data_source_id"));
        JsonNode properties = json.get("properties");
        return new NotionPage(id(json), instant(json.get("created_time")), instant(json.get("last_edited_time")),
                inTrash(json), text(json.get("url")), databaseId, dataSourceId,
                properties != null && properties.isObject() ? properties : JsonNodeFactory.instance.objectNode(),
                json);
    }

    static NotionDatabase database(JsonNode json, NotionApiVersion version) {
        NotionId id = id(json);
        List<NotionDatabase.DataSourceRef> sources = new ArrayList<>();
        JsonNode list = json.get("data_sources");
        if (list != null && list.isArray()) {
            for (JsonNode ds : list) {
                sources.add(new NotionDatabase.DataSourceRef(id(ds), text(ds.get("name"))));
            }
        }
        String title = RichText.plain(json.get("title"));
        if (!version.hasDataSources() || (sources.isEmpty() && json.has("properties"))) {
            sources.add(new NotionDatabase.DataSourceRef(id, title));
        }
        JsonNode properties = json.get("properties");
        return new NotionDatabase(id, title, sources, instant(json.get("last_edited_time")), inTrash(json),
                properties != null && properties.isObject() ? properties : null, json);
    }

    static NotionDataSource dataSource(JsonNode json) {
        NotionId id = id(json);
        NotionId databaseId = "database".equals(text(json.get("object"))) ? id
                : optionalId(json.path("parent").get("database_id"));
        JsonNode properties = json.get("properties");
        return new NotionDataSource(id, databaseId, RichText.plain(json.get("title")),
                properties != null && properties.isObject() ? properties : JsonNodeFactory.instance.objectNode(),
                instant(json.get("last_edited_time")), inTrash(json), json);
    }

    static NotionBlock block(JsonNode json) {
        String type = text(json.get("type"));
        return new NotionBlock(id(json), type == null ? "unsupported" : type, json.path("has_children").asBoolean(),
                json, List.of());
    }

    static NotionUser user(JsonNode json) {
        return new NotionUser(id(json), text(json.get("type")), text(json.get("name")),
                text(json.path("person").get("email")), json);
    }

    static SearchResult searchResult(JsonNode json) {
        JsonNode title = json.get("title");
        String titleText;
        if (title != null && title.isArray()) {
            titleText = RichText.plain(title);
        } else {
            titleText = pageTitle(json.path("properties"));
        }
        return new SearchResult(text(json.get("object")) == null ? "unknown" : text(json.get("object")), id(json),
                titleText, instant(json.get("last_edited_time")), json);
    }

    /** The plain text of a page's title property. */
    static String pageTitle(JsonNode properties) {
        if (properties != null && properties.isObject()) {
            for (JsonNode p : properties) {
                if ("title".equals(text(p.get("type")))) {
                    return RichText.plain(p.get("title"));
                }
            }
        }
        return "";
    }

    static boolean inTrash(JsonNode json) {
        return json.path("in_trash").asBoolean(false) || json.path("archived").asBoolean(false);
    }

    static NotionId id(JsonNode json) {
        JsonNode id = json.get("id");
        if (id == null || !id.isTextual()) {
            throw new IllegalArgumentException("object without an id: " + abbreviate(json));
        }
        return NotionId.parse(id.asText());
    }

    private static NotionId optionalId(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return NotionId.parse(node.asText());
        } catch (InvalidNotionIdException e) {
            return null;
        }
    }

    static Instant instant(JsonNode node) {
        if (node == null || !node.isTextual()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /**
     * Assembles a complete property value ({@code {id, type, <type>: value}}) from the pages of
     * a property-item list, or from a single property item.
     */
    static ObjectNode propertyValue(String propertyId, List<JsonNode> pages) {
        ObjectNode value = JsonNodeFactory.instance.objectNode();
        JsonNode first = pages.get(0);
        if ("property_item".equals(text(first.get("object")))) {
            String type = text(first.get("type"));
            value.put("id", propertyId);
            value.put("type", type);
            value.set(type, first.get(type));
            return value;
        }
        JsonNode summary = first.path("property_item");
        String type = text(summary.get("type"));
        value.put("id", propertyId);
        value.put("type", type);
        var items = JsonNodeFactory.instance.arrayNode();
        for (JsonNode page : pages) {
            for (JsonNode item : page.path("results")) {
                String itemType = text(item.get("type"));
                if ("rollup".equals(type)) {
                    ObjectNode element = JsonNodeFactory.instance.objectNode();
                    element.put("type", itemType);
                    element.set(itemType, item.get(itemType));
                    items.add(element);
                } else if (itemType != null && item.has(itemType)) {
                    items.add(item.get(itemType));
                }
            }
        }
        if ("rollup".equals(type)) {
            JsonNode last = pages.get(pages.size() - 1).path("property_item").path("rollup");
            ObjectNode rollup = last.isObject() ? ((ObjectNode) last).deepCopy() : JsonNodeFactory.instance.objectNode();
            if ("array".equals(text(rollup.get("type"))) || (!rollup.has("type") && !items.isEmpty())) {
                rollup.put("type", "array");
                rollup.set("array", items);
            }
            value.set("rollup", rollup);
        } else if ("relation".equals(type)) {
            value.set("relation", items);
            value.put("has_more", false);
        } else {
            value.set(type, items);
        }
        return value;
    }

    private static String abbreviate(JsonNode json) {
        String s = String.valueOf(json);
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }
}
