package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import java.time.Instant;
import java.util.Objects;

/**
 * One result of {@code POST /v1/search}: a page, a database (2022-06-28) or a data source (later
 * versions).
 *
 * @param object {@code page}, {@code database} or {@code data_source}
 * @param id its id
 * @param title plain-text title
 * @param lastEditedTime {@code last_edited_time}
 * @param raw the object as received
 */
public record SearchResult(String object, NotionId id, String title, Instant lastEditedTime, JsonNode raw) {

    public SearchResult {
        Objects.requireNonNull(object, "object");
        Objects.requireNonNull(id, "id");
        title = title == null ? "" : title;
    }
}
