package io.github.notionsync;

/**
 * What a sync does when the connection it needs is being synced elsewhere (another thread,
 * another instance): the engine syncs one connection's databases in one place at a time, so that
 * its token's rate limit holds.
 */
public enum WhenBusy {
    /** Wait until the other sync finishes, then sync (the default for direct calls). */
    WAIT,
    /** Leave the busy database out of the report (what a schedule does: the other sync covers it). */
    SKIP,
    /** Throw {@link SyncInProgressException}. */
    FAIL
}
