package io.github.notionsync;

/** How the sync of a database ended. */
public enum SyncOutcome {
    /** Every page was processed. */
    SUCCESS,
    /** The database completed, but some pages failed and were skipped (see the error log). */
    PARTIAL,
    /** The database could not be synced (e.g. 401, unshared database, store down). */
    FAILED,
    /** The run was cancelled before it finished. */
    CANCELLED,
    /**
     * The process running it died or stopped before it ended (recorded when the next run of the
     * database starts); the next run picks up from the stored watermark, so nothing is lost.
     */
    INTERRUPTED,
    /** The run has started and not ended yet (only in the run history, never in a report). */
    RUNNING;

    /**
     * The worse of two outcomes: FAILED over INTERRUPTED over CANCELLED over PARTIAL over SUCCESS
     * (and RUNNING); {@code null} counts as none.
     */
    public static SyncOutcome worse(SyncOutcome a, SyncOutcome b) {
        if (a == null || b == null) {
            return a == null ? b : a;
        }
        return severity(b) > severity(a) ? b : a;
    }

    private static int severity(SyncOutcome o) {
        return switch (o) {
            case SUCCESS, RUNNING -> 0;
            case PARTIAL -> 1;
            case CANCELLED -> 2;
            case INTERRUPTED -> 3;
            case FAILED -> 4;
        };
    }
}
