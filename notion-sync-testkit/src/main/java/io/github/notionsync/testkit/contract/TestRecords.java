package io.github.notionsync.testkit.contract;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageRecord;
import io.github.notionsync.TargetKind;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Realistic {@link PageRecord}s for storage tests, without going through Notion. */
public final class TestRecords {

    /** The edit time every record carries. */
    public static final Instant EDITED = Instant.parse("2026-06-27T17:11:00Z");

    private TestRecords() {
    }

    /** A random page or database id. */
    public static NotionId randomId() {
        return NotionId.parse(UUID.randomUUID().toString());
    }

    /** A page of {@code kind} titled {@code title}, whose content says the title walks far. */
    public static PageRecord record(NotionId id, NotionId database, TargetKind kind, String title) {
        return record(id, database, kind, title, title + " walks far.");
    }

    /**
     * A page of {@code kind} with the given title and content; its typed fields are filled: text
     * fields with "About <title>", flags with true, lists with two tags.
     */
    public static PageRecord record(NotionId id, NotionId database, TargetKind kind, String title, String content) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode properties = f.objectNode();
        properties.putObject("Name").put("id", "title").put("type", "title").put("value", title).put("text", title);
        ObjectNode raw = f.objectNode().put("object", "page").put("id", id.value());
        raw.set("properties", f.objectNode());
        Map<String, Object> fields = new LinkedHashMap<>();
        for (TargetKind.Field field : kind.fields()) {
            fields.put(field.column(), switch (field.type()) {
                case TEXT -> "About " + title;
                case FLAG -> Boolean.TRUE;
                case TEXT_LIST -> List.of("tag-a", "tag-b");
            });
        }
        return new PageRecord(id, database, null, kind, title, fields, properties, "Name: " + title, content,
                content, content.split("\\s+").length, EDITED.minusSeconds(3600), EDITED,
                "https://www.notion.so/" + id.compact(), false, raw, List.of());
    }
}
