package io.github.notionsync.jooq;

import io.github.notionsync.NotionId;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A character or world found by name.
 *
 * @param pageId the Notion page
 * @param name its name
 * @param description its description, or {@code null}
 * @param detail a character's role or a world's genre, or {@code null}
 * @param tags its tags
 * @param content its content as plain text
 * @param url the Notion URL, or {@code null}
 * @param lastEditedTime Notion's last edit time
 * @param properties every property, normalised, as JSON text parsed to maps
 */
public record NamedPage(NotionId pageId, String name, String description, String detail, List<String> tags,
        String content, String url, Instant lastEditedTime, Map<String, Object> properties) {

    public NamedPage {
        tags = List.copyOf(tags);
        properties = properties == null ? Map.of() : java.util.Collections.unmodifiableMap(properties);
    }
}
