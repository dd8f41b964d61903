package io.github.notionsync.spring.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.SyncReport;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Serves sync requests queued in SQL by {@code sync_notion_database(...)} and
 * {@code sync_all_notion_databases(...)}: woken by {@code NOTIFY notion_sync_requests}, with a
 * polling fallback. Each request is claimed with {@code FOR UPDATE SKIP LOCKED}, so exactly one
 * instance serves it; its status and result are written back to the row.
 */
public final class SyncRequestConsumer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SyncRequestConsumer.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final DataSource dataSource;
    private final String schema;
    private final SyncCoordinator coordinator;
    private final Duration pollInterval;
    private final String instance;
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread thread;

    public SyncRequestConsumer(DataSource dataSource, String schema, SyncCoordinator coordinator,
            Duration pollInterval, String instance) {
        this.dataSource = dataSource;
        this.schema = schema;
        this.coordinator = coordinator;
        this.pollInterval = pollInterval;
        this.instance = instance;
    }

    @Override
    public void start() {
        if (running.compareAndSet(false, true)) {
            thread = new Thread(this::loop, "notion-sync-requests");
            thread.setDaemon(true);
            thread.start();
        }
    }

    private void loop() {
        while (running.get()) {
            try (Connection listen = dataSource.getConnection(); Statement s = listen.createStatement()) {
                listen.setAutoCommit(true);
                s.execute("LISTEN notion_sync_requests");
                PGConnection pg = listen.unwrap(PGConnection.class);
                while (running.get()) {
                    while (serveOne()) {
                        // drain the queue
                    }
                    PGNotification[] notes = pg.getNotifications((int) Math.max(1, pollInterval.toMillis()));
                    if (notes != null && notes.length > 0) {
                        log.debug("Woken by {} sync request notification(s)", notes.length);
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running.get()) {
                    log.warn("Sync request listener failed, retrying in {}: {}", pollInterval, e.getMessage());
                    sleep(pollInterval);
                }
            }
        }
    }

    /** Claims and serves the oldest pending request; false when there is none. */
    boolean serveOne() throws SQLException {
        long id;
        String user;
        String database;
        boolean full;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + schema + ".notion_sync_requests SET status = 'running', started_at = now(), claimed_by = ?"
                        + " WHERE (user_id, request_id) = (SELECT user_id, request_id FROM " + schema
                        + ".notion_sync_requests WHERE status = 'pending' ORDER BY request_id"
                        + " FOR UPDATE SKIP LOCKED LIMIT 1)"
                        + " RETURNING request_id, user_id, notion_database_id, full_pass")) {
            c.setAutoCommit(true);
            ps.setString(1, instance);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return false;
                }
                id = rs.getLong(1);
                user = rs.getString(2);
                database = rs.getString(3);
                full = rs.getBoolean(4);
            }
        }
        String status = "done";
        String error = null;
        String result = null;
        try {
            // A request for a database that is syncing elsewhere waits for that sync, then runs.
            SyncReport report = database == null ? coordinator.syncUser(user, full, SyncCoordinator.Locking.WAIT)
                    : coordinator.syncDatabase(user, database, full, true);
            result = MAPPER.writeValueAsString(SyncReportJson.of(report));
            log.info("Served sync request {} for user {}: {}", id, user, report.outcome());
        } catch (Exception e) {
            status = "failed";
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("Sync request {} for user {} failed: {}", id, user, error);
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "UPDATE " + schema + ".notion_sync_requests SET status = ?, finished_at = now(), result = ?::jsonb,"
                        + " error = ? WHERE user_id = ? AND request_id = ?")) {
            ps.setString(1, status);
            ps.setString(2, result);
            ps.setString(3, error);
            ps.setString(4, user);
            ps.setLong(5, id);
            ps.executeUpdate();
        }
        return true;
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void stop() {
        running.set(false);
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running.get();
    }
}
