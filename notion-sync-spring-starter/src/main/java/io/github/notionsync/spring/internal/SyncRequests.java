package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.SyncInProgressException;
import io.github.notionsync.UnknownDatabaseException;
import io.github.notionsync.jooq.NotionSyncScheduler;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the starter's entry points (REST, webhooks, stale reads) sync: as a request in
 * {@code notion_sync_requests}, served once by whichever instance's {@link NotionSyncScheduler}
 * picks it, the caller waiting for its result. One code path for every caller, the same as
 * {@code sync_notion_database(...)} from SQL.
 */
public final class SyncRequests {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The request did not end within the wait; it goes on. */
    public static final class StillRunningException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StillRunningException(String message) {
            super(message);
        }
    }

    /** The request ended in an error other than busy or unknown. */
    public static final class SyncFailedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyncFailedException(String message) {
            super(message);
        }
    }

    private final NotionSync engine;
    private final NotionSyncScheduler scheduler;
    private final Duration timeout;

    public SyncRequests(NotionSync engine, NotionSyncScheduler scheduler, Duration timeout) {
        this.engine = engine;
        this.scheduler = scheduler;
        this.timeout = timeout;
    }

    public NotionSync engine() {
        return engine;
    }

    public NotionSyncScheduler scheduler() {
        return scheduler;
    }

    /**
     * Syncs one database (id, URL or name) or, with {@code database == null}, all of the user's,
     * and returns the run's report as JSON with the request's id.
     *
     * @param wait whether to wait for a sync of the same connection running elsewhere
     * @throws UnknownDatabaseException if the user has no such database
     * @throws SyncInProgressException if it is busy and {@code wait} is false
     * @throws StillRunningException if it did not end within the timeout
     * @throws SyncFailedException if it failed otherwise
     */
    public Map<String, Object> syncNow(String userId, String database, boolean fullPass, boolean wait) {
        String target = null;
        if (database != null) {
            DatabaseConfig db = engine.findDatabase(userId, database)
                    .orElseThrow(() -> new UnknownDatabaseException(userId, database));
            target = db.id().value();
        } else if (engine.databases(userId).isEmpty()) {
            throw new UnknownDatabaseException(userId, "*");
        }
        long id = scheduler.requestSync(userId, target, fullPass, wait);
        NotionSyncScheduler.RequestResult r = scheduler.awaitRequest(userId, id, timeout);
        if (!r.finished()) {
            throw new StillRunningException("Sync request " + id + " is still " + r.status() + " after " + timeout
                    + "; see GET /api/notion/sync/status or notion_sync_requests");
        }
        if (r.busy()) {
            throw new SyncInProgressException(userId, database, r.error());
        }
        if (r.unknownDatabase()) {
            throw new UnknownDatabaseException(userId, database == null ? "*" : database);
        }
        if (!"done".equals(r.status())) {
            throw new SyncFailedException("Sync request " + id + " failed: " + r.error());
        }
        try {
            Map<String, Object> out = new LinkedHashMap<>(MAPPER.readValue(r.resultJson(),
                    new TypeReference<Map<String, Object>>() { }));
            out.put("request_id", id);
            return out;
        } catch (IOException e) {
            throw new SyncFailedException("Sync request " + id + " has an unreadable result: " + e.getMessage());
        }
    }

    /** {@link #syncNow} for callers that only log a failure. */
    void syncQuietly(String userId, String database, boolean fullPass, org.slf4j.Logger log, String why) {
        try {
            syncNow(userId, database, fullPass, true);
        } catch (NotionSyncException | StillRunningException | SyncFailedException e) {
            log.warn("{} of database {} for user {} failed: {}", why, database, userId, e.getMessage());
        }
    }
}
