package io.github.notionsync.spi;

import io.github.notionsync.DatabaseSyncReport;
import java.util.Objects;
import java.util.UUID;

/**
 * One database's part of a sync run, as stored in the run history.
 *
 * @param runId the run
 * @param userId the user
 * @param report what happened
 */
public record SyncRunRecord(UUID runId, String userId, DatabaseSyncReport report) {

    /** The error message of a run closed as {@link io.github.notionsync.SyncOutcome#INTERRUPTED}. */
    public static final String INTERRUPTED_MESSAGE = "the process running it stopped before it ended";

    public SyncRunRecord {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(report, "report");
    }
}
