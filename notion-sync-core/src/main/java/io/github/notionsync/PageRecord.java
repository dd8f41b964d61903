package io.github.notionsync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A Notion page turned into what notion-sync stores, independent of the storage.
 *
 * @param pageId the page id
 * @param databaseId its database, or {@code null}
 * @param dataSourceId its data source (2025-09-03 and later), or {@code null}
 * @param kind the target kind it was extracted for
 * @param title plain-text title ({@code ""} when empty)
 * @param fields the kind's typed fields by column name: {@code String}, {@code Boolean} or
 *     {@code List<String>} values, {@code null} when the property is missing or empty
 * @param properties every property normalised: name to {@code {id, type, value, text}}; unknown
 *     types keep their raw value under {@code raw}
 * @param propertiesText plain text of all properties, one {@code name: text} line each
 * @param contentText the page content as plain text ({@code ""} when not fetched)
 * @param contentMarkdown the page content as Markdown
 * @param wordCount words in the content text (0 when content was not fetched)
 * @param createdTime Notion's {@code created_time}
 * @param lastEditedTime Notion's {@code last_edited_time}
 * @param url the page URL, or {@code null}
 * @param inTrash whether the page is in the trash
 * @param raw the page object as received (for the {@code raw} column)
 * @param problems what could not be extracted (never fatal)
 */
public record PageRecord(NotionId pageId, NotionId databaseId, NotionId dataSourceId, TargetKind kind, String title,
        Map<String, Object> fields, JsonNode properties, String propertiesText, String contentText,
        String contentMarkdown, int wordCount, Instant createdTime, Instant lastEditedTime, String url,
        boolean inTrash, JsonNode raw, List<String> problems) {

    public PageRecord {
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(raw, "raw");
        title = title == null ? "" : title;
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields)); // allows null values
        propertiesText = propertiesText == null ? "" : propertiesText;
        contentText = contentText == null ? "" : contentText;
        contentMarkdown = contentMarkdown == null ? "" : contentMarkdown;
        problems = List.copyOf(problems);
    }
}
