package io.github.notionsync;

/**
 * Receives progress and change events of sync runs. Called on the syncing thread: keep it fast,
 * and do not throw (exceptions are logged and ignored).
 */
public interface SyncListener {

    /**
     * After each batch of a database: pages done so far in this run, and the live pages stored for
     * the database when the run started (what a full pass will go through; -1 if the store could
     * not say).
     */
    default void onProgress(String userId, DatabaseConfig database, int pagesDone, int pagesStoredBefore) {
    }

    /** A page was stored for the first time ({@code inserted}) or changed. */
    default void onPageChanged(String userId, DatabaseConfig database, PageRecord page, boolean inserted) {
    }

    /** A page was marked deleted. */
    default void onPageDeleted(String userId, DatabaseConfig database, NotionId pageId, String reason) {
    }

    /** A database finished, whatever the outcome. */
    default void onDatabaseFinished(String userId, DatabaseSyncReport report) {
    }
}
