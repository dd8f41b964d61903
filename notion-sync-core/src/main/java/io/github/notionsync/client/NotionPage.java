package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import java.time.Instant;
import java.util.Objects;

/**
 * A Notion page (a database row), as the API returned it. Typed fields for what the engine needs;
 * {@link #raw()} keeps the whole object, so nothing Notion adds later is lost.
 *
 * @param id the page id
 * @param createdTime {@code created_time} (Notion rounds it down to the minute)
 * @param lastEditedTime {@code last_edited_time} (rounded down to the minute)
 * @param inTrash whether the page is in the trash ({@code in_trash}, or {@code archived} in 2022-06-28)
 * @param url the page's Notion URL, or {@code null}
 * @param databaseId the database it belongs to, or {@code null} when its parent is not a database
 * @param dataSourceId the data source it belongs to (2025-09-03 and later), or {@code null}
 * @param properties the {@code properties} object: property name to value
 * @param raw the page object as received
 */
public record NotionPage(NotionId id, Instant createdTime, Instant lastEditedTime, boolean inTrash, String url,
        NotionId databaseId, NotionId dataSourceId, JsonNode properties, JsonNode raw) {

    public NotionPage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(raw, "raw");
    }
}
