package io.github.notionsync.jooq;

import io.github.notionsync.NotionId;
import java.time.Instant;

/**
 * One result of {@code search_notion_content}.
 *
 * @param kind {@code character}, {@code world}, {@code story}, {@code chat_session} or {@code page}
 * @param pageId the Notion page
 * @param databaseId its database, or {@code null}
 * @param title its title or name
 * @param snippet a passage with the matches between {@code <b>} and {@code </b>}
 * @param rank relevance; higher is better
 * @param url the Notion URL, or {@code null}
 * @param lastEditedTime Notion's last edit time, or {@code null}
 */
public record SearchHit(String kind, NotionId pageId, NotionId databaseId, String title, String snippet, double rank,
        String url, Instant lastEditedTime) {
}
