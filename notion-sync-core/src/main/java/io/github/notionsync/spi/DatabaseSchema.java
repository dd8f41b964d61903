package io.github.notionsync.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A mirrored database's schema as changes are checked against it.
 *
 * @param userId whose mirror it is
 * @param databaseId the database
 * @param databaseName its configured name
 * @param dataSourceId the data source new pages go to, or {@code null} under 2022-06-28
 * @param kind its target kind
 * @param fields typed field (and title field) to the Notion property name it maps to
 * @param properties property name to {@code {id, type, options}}
 */
public record DatabaseSchema(String userId, NotionId databaseId, String databaseName, NotionId dataSourceId,
        TargetKind kind, Map<String, String> fields, JsonNode properties) {

    /** Schemas larger than this many properties are cut (Notion advises far fewer). */
    public static final int MAX_PROPERTIES = 500;
    private static final int MAX_OPTIONS = 1_000;

    public DatabaseSchema {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(properties, "properties");
        fields = Map.copyOf(fields);
    }

    /**
     * The schema of {@code db} from Notion's schema object ({@code properties} of a data source, or
     * of a database under 2022-06-28): ids, types and the option names of select, multi-select
     * and status properties.
     */
    public static DatabaseSchema of(String userId, DatabaseConfig db, NotionId dataSourceId, JsonNode schema) {
        ObjectNode props = JsonNodeFactory.instance.objectNode();
        String title = null;
        Iterator<Map.Entry<String, JsonNode>> it = schema == null ? java.util.Collections.emptyIterator()
                : schema.fields();
        while (it.hasNext() && props.size() < MAX_PROPERTIES) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode def = e.getValue();
            String type = def.path("type").asText("");
            ObjectNode out = props.putObject(e.getKey());
            out.put("id", def.path("id").asText(""));
            out.put("type", type);
            JsonNode options = def.path(type).path("options");
            if (options.isArray()) {
                ArrayNode names = out.putArray("options");
                for (JsonNode o : options) {
                    if (names.size() < MAX_OPTIONS) {
                        names.add(o.path("name").asText(""));
                    }
                }
            }
            if ("title".equals(type)) {
                title = e.getKey();
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        if (title != null) {
            fields.put(db.kind().titleField(), title);
        }
        for (TargetKind.Field f : db.kind().fields()) {
            fields.put(f.column(), db.mapping().propertyFor(f));
        }
        return new DatabaseSchema(userId, db.id(), db.name(), dataSourceId, db.kind(), fields, props);
    }
}
