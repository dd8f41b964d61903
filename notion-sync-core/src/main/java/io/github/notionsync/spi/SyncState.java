package io.github.notionsync.spi;

import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import java.time.Instant;
import java.util.Objects;

/**
 * Where the sync of one database of one user stands.
 *
 * @param userId the user
 * @param databaseId the database
 * @param databaseName its configured name
 * @param kind its target kind
 * @param watermark the largest {@code last_edited_time} of which every page is stored, or
 *     {@code null} before the first complete sync
 * @param lastFullSyncAt when the last complete full pass finished, or {@code null}
 * @param lastRunAt when the last run finished, or {@code null}
 * @param lastOutcome the outcome of the last run, or {@code null}
 */
public record SyncState(String userId, NotionId databaseId, String databaseName, TargetKind kind, Instant watermark,
        Instant lastFullSyncAt, Instant lastRunAt, io.github.notionsync.SyncOutcome lastOutcome) {

    public SyncState {
        Objects.requireNonNull(userId, "userId");
        Objects.requireNonNull(databaseId, "databaseId");
        Objects.requireNonNull(kind, "kind");
    }

    /** This state with another watermark. */
    public SyncState withWatermark(Instant newWatermark) {
        return new SyncState(userId, databaseId, databaseName, kind, newWatermark, lastFullSyncAt, lastRunAt,
                lastOutcome);
    }
}
