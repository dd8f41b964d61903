package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
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
    static final class StillRunningException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StillRunningException(String message) {
            super(message);
        }
    }

    /** The request ended in an error other than busy or unknown. */
    static final class SyncFailedException extends RuntimeException {
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

    /**
     * A connection's schedule and where it stands, as the status endpoint and the dashboard show it.
     *
     * @param name the connection's name
     * @param nextDue when its next scheduled sync is due, or {@code null} if it has no schedule
     * @param runningOn the instance syncing it now, or {@code null}
     * @param lastOutcome the worst last outcome of its databases, or {@code null} if none ran
     */
    public record ConnectionStatus(String name, java.time.Instant nextDue, String runningOn, String lastOutcome) {
    }

    /** The user's connections, each with its schedule (from the scheduler) and last outcome. */
    public java.util.List<ConnectionStatus> connections(String userId) {
        Map<String, NotionSyncScheduler.ConnectionSchedule> schedules = new LinkedHashMap<>();
        scheduler.schedules(userId).forEach(c -> schedules.put(c.connectionName(), c));
        java.util.List<ConnectionStatus> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (io.github.notionsync.SyncConnection c : engine.connections(userId)) {
            if (!seen.add(c.name())) {
                continue;
            }
            io.github.notionsync.SyncOutcome worst = null;
            for (DatabaseConfig db : c.databases()) {
                worst = io.github.notionsync.SyncOutcome.worse(worst,
                        engine.repository().syncState(userId, db.id()).map(s -> s.lastOutcome()).orElse(null));
            }
            NotionSyncScheduler.ConnectionSchedule s = schedules.get(c.name());
            out.add(new ConnectionStatus(c.name(), s == null ? null : s.nextDue(), s == null ? null : s.runningOn(),
                    worst == null ? null : worst.name()));
        }
        return out;
    }
}
