package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A Notion database. From 2025-09-03 on it is a container of data sources and has no schema of
 * its own; under 2022-06-28 it has exactly one implicit data source whose id is the database id,
 * and {@link #properties()} holds the schema.
 *
 * @param id the database id
 * @param title plain-text title
 * @param dataSources its data sources (at least one)
 * @param lastEditedTime {@code last_edited_time}
 * @param inTrash whether it is in the trash
 * @param properties the schema under 2022-06-28, else {@code null}
 * @param raw the object as received
 */
public record NotionDatabase(NotionId id, String title, List<DataSourceRef> dataSources, Instant lastEditedTime,
        boolean inTrash, JsonNode properties, JsonNode raw) {

    public NotionDatabase {
        Objects.requireNonNull(id, "id");
        dataSources = List.copyOf(dataSources);
        title = title == null ? "" : title;
    }

    /**
     * A data source of a database.
     *
     * @param id the data source id
     * @param name its name
     */
    public record DataSourceRef(NotionId id, String name) {

        public DataSourceRef {
            Objects.requireNonNull(id, "id");
            name = name == null ? "" : name;
        }
    }
}
