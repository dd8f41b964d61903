package io.github.notionsync;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What a sync run did, per database and in total.
 *
 * @param runId the run's id (also in the stored run history)
 * @param startedAt when it started
 * @param duration how long it took
 * @param databases one report per database
 */
public record SyncReport(UUID runId, Instant startedAt, Duration duration, List<DatabaseSyncReport> databases) {

    public SyncReport {
        Objects.requireNonNull(runId, "runId");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(duration, "duration");
        databases = List.copyOf(databases);
    }

    /** Pages returned by Notion, over all databases. */
    public int pagesSeen() {
        return databases.stream().mapToInt(DatabaseSyncReport::pagesSeen).sum();
    }

    /** Pages stored for the first time. */
    public int inserted() {
        return databases.stream().mapToInt(DatabaseSyncReport::inserted).sum();
    }

    /** Pages whose content changed. */
    public int updated() {
        return databases.stream().mapToInt(DatabaseSyncReport::updated).sum();
    }

    /** Pages seen unchanged. */
    public int unchanged() {
        return databases.stream().mapToInt(DatabaseSyncReport::unchanged).sum();
    }

    /** Pages marked deleted. */
    public int deleted() {
        return databases.stream().mapToInt(DatabaseSyncReport::deleted).sum();
    }

    /** Pages that failed. */
    public int failed() {
        return databases.stream().mapToInt(DatabaseSyncReport::failed).sum();
    }

    /** HTTP requests made. */
    public long requests() {
        return databases.stream().mapToLong(DatabaseSyncReport::requests).sum();
    }

    /** Retries made. */
    public long retries() {
        return databases.stream().mapToLong(DatabaseSyncReport::retries).sum();
    }

    /** The worst outcome of any database (see {@link SyncOutcome#worse}); SUCCESS when there is none. */
    public SyncOutcome outcome() {
        SyncOutcome worst = SyncOutcome.SUCCESS;
        for (DatabaseSyncReport d : databases) {
            worst = SyncOutcome.worse(worst, d.outcome());
        }
        return worst;
    }
}
