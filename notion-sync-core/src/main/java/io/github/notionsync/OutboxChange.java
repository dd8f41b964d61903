package io.github.notionsync;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.Objects;

/**
 * A change to Notion as the outbox holds it.
 *
 * @param id the change's id
 * @param userId whose change it is
 * @param operation what it does
 * @param databaseId the mirrored database of the page
 * @param pageId the page changed (for a create: the page created, once created), or {@code null}
 * @param properties property name to Notion property value, as sent; {@code null} when none
 * @param expected property name to the normalised value Notion shows once it is applied
 * @param contentMarkdown the Markdown content to write, or {@code null}
 * @param baseLastEditedTime the page's {@code last_edited_time} the change was based on
 * @param baseValues the mirror's normalised values of the changed properties at that time
 * @param status where it stands
 * @param attempts pushes tried
 * @param applyingSince when the current attempt started, while {@link ChangeStatus#APPLYING}
 * @param lastError the last failure, or {@code null}
 * @param conflictNotion Notion's version when it conflicted, or {@code null}
 * @param resolution {@code notion_wins} or {@code local_wins} when a conflict policy resolved a conflict
 * @param appliedLastEditedTime the page's {@code last_edited_time} after the write
 * @param progress how far a content write got, for recovering it, or {@code null}
 * @param createdAt when it was enqueued
 * @param updatedAt when it last changed
 */
public record OutboxChange(long id, String userId, WriteOperation operation, NotionId databaseId, NotionId pageId,
        JsonNode properties, JsonNode expected, String contentMarkdown, Instant baseLastEditedTime,
        JsonNode baseValues, ChangeStatus status, int attempts, Instant applyingSince, String lastError,
        JsonNode conflictNotion, String resolution, Instant appliedLastEditedTime, JsonNode progress,
        Instant createdAt, Instant updatedAt) {

    public OutboxChange {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(status, "status");
    }
}
