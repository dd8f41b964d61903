package io.github.notionsync;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What one sync of one database did.
 *
 * @param databaseId the database
 * @param databaseName its configured name
 * @param kind its target kind
 * @param fullPass whether this was a full pass (which also detects deletions)
 * @param pagesSeen pages returned by Notion
 * @param inserted pages stored for the first time
 * @param updated pages whose stored content changed (including restored pages)
 * @param unchanged pages seen whose content had not changed
 * @param deleted pages marked deleted
 * @param failed pages that failed and were skipped
 * @param requests HTTP requests made to Notion (every attempt)
 * @param retries of those, repeats of failed attempts
 * @param startedAt when it started
 * @param duration how long it took
 * @param outcome how it ended
 * @param errorMessage why it failed, or {@code null}
 */
public record DatabaseSyncReport(NotionId databaseId, String databaseName, TargetKind kind, boolean fullPass,
        int pagesSeen, int inserted, int updated, int unchanged, int deleted, int failed, long requests, long retries,
        Instant startedAt, Duration duration, SyncOutcome outcome, String errorMessage) {

    public DatabaseSyncReport {
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(outcome, "outcome");
        databaseName = databaseName == null ? "" : databaseName;
    }
}
