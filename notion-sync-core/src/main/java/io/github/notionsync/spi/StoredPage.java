package io.github.notionsync.spi;

import io.github.notionsync.NotionId;
import java.time.Instant;
import java.util.Objects;

/**
 * What the store holds of a page, enough to decide whether it changed.
 *
 * @param pageId the page
 * @param contentHash the hash stored with it
 * @param lastEditedTime Notion's {@code last_edited_time} stored with it
 * @param deleted whether it is marked deleted
 */
public record StoredPage(NotionId pageId, String contentHash, Instant lastEditedTime, boolean deleted) {

    public StoredPage {
        Objects.requireNonNull(pageId, "pageId");
        Objects.requireNonNull(contentHash, "contentHash");
    }
}
