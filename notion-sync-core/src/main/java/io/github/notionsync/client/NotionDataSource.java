package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A data source: the schema and rows of a database (2025-09-03 and later). Under 2022-06-28 the
 * database itself plays this role and {@link #id()} equals {@link #databaseId()}.
 *
 * @param id the data source id
 * @param databaseId the database that contains it
 * @param title plain-text title
 * @param properties the schema: property name to {@code {id, name, type, <type>: config}}
 * @param lastEditedTime {@code last_edited_time}; re-read the schema when it moves
 * @param inTrash whether it is in the trash
 * @param raw the object as received
 */
public record NotionDataSource(NotionId id, NotionId databaseId, String title, JsonNode properties,
        Instant lastEditedTime, boolean inTrash, JsonNode raw) {

    public NotionDataSource {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(properties, "properties");
        title = title == null ? "" : title;
    }
}
