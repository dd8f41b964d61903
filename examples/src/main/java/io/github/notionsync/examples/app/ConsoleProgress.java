package io.github.notionsync.examples.app;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.NotionId;
import io.github.notionsync.SyncListener;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Prints sync progress on the {@link DemoConsole}: a line per batch of a large database, a line
 * per finished database with its counts and a running "databases done" count, and a line per
 * deleted page.
 */
final class ConsoleProgress implements SyncListener {

    private final DemoConsole console;
    private final AtomicInteger finished = new AtomicInteger();
    private volatile int expected;

    ConsoleProgress(DemoConsole console) {
        this.console = console;
    }

    /** Starts counting a run over {@code databases} databases: its lines are numbered [n/total]. */
    void runStarting(int databases) {
        finished.set(0);
        expected = databases;
    }

    /** Ends the counted run: later syncs (REST, schedule) print their lines without numbers. */
    void runFinished() {
        expected = 0;
    }

    @Override
    public void onProgress(String userId, DatabaseConfig database, int pagesDone, int pagesStoredBefore) {
        if (pagesDone > 0 && pagesDone % 500 == 0) {
            console.line(String.format(Locale.ROOT, "  ... %-16s %,d pages so far", database.name(), pagesDone));
        }
    }

    @Override
    public void onPageDeleted(String userId, DatabaseConfig database, NotionId pageId, String reason) {
        console.line(String.format(Locale.ROOT, "  - %-16s page %s marked deleted (%s)", database.name(),
                pageId.value(), reason));
    }

    @Override
    public void onDatabaseFinished(String userId, DatabaseSyncReport r) {
        int total = expected;
        String step = total > 0 ? String.format(Locale.ROOT, "[%d/%d]", finished.incrementAndGet(), total) : "synced";
        console.line(String.format(Locale.ROOT,
                "  %s %-16s %-8s %3d pages: %d new, %d changed, %d unchanged, %d deleted, %d failed"
                        + " (%s pass, %d requests, %.1f s)%s",
                step, r.databaseName(), r.outcome(), r.pagesSeen(), r.inserted(), r.updated(), r.unchanged(),
                r.deleted(), r.failed(), r.fullPass() ? "full" : "incremental", r.requests(),
                r.duration().toMillis() / 1000.0, r.errorMessage() == null ? "" : " - " + r.errorMessage()));
    }
}
