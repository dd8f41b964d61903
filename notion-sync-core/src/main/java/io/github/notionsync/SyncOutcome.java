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
    RUNNING
}
