package io.github.notionsync.spi;

import io.github.notionsync.NotionId;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A page, or a whole database, that failed during a run.
 *
 * @param runId the run, or {@code null}
 * @param userId the user
 * @param databaseId the database, or {@code null}
 * @param pageId the page, or {@code null} when the whole database failed
 * @param errorType a short classifier, e.g. the exception's simple name
 * @param message what went wrong (never contains a token)
 * @param occurredAt when
 */
public record SyncErrorRecord(UUID runId, String userId, NotionId databaseId, NotionId pageId, String errorType,
        String message, Instant occurredAt) {

    public SyncErrorRecord {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }
}
