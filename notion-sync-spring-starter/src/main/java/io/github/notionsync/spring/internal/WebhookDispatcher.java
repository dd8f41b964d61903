package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.TargetKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Turns Notion webhook events into syncs: finds the mirrored databases an event concerns (by the
 * event's parent database, else by where the page is mirrored), gathers events for a short while,
 * then syncs each database once: incrementally for new and changed pages, with a full pass when a
 * page or database was deleted or moved (which an incremental sync cannot see). Syncs wait for a
 * sync of the same database running elsewhere, so that a change made during it is not missed.
 */
public final class WebhookDispatcher implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final SyncRequests requests;
    private final DataSource dataSource;
    private final String schema;
    private final Duration debounce;
    private final ScheduledExecutorService executor;
    private final Map<Target, Boolean> pending = new LinkedHashMap<>();
    private boolean flushScheduled;

    /** A database of a user to sync. */
    record Target(String userId, NotionId databaseId) {
    }

    public WebhookDispatcher(SyncRequests requests, DataSource dataSource, String schema, Duration debounce) {
        this.requests = requests;
        this.dataSource = dataSource;
        this.schema = schema;
        this.debounce = debounce;
        this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notion-sync-webhooks");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Queues the syncs an event calls for.
     *
     * @param parentDatabase the event's parent database, or {@code null}
     * @param page the page the event is about, or {@code null}
     * @param fullPass whether the event can only be seen by a full pass
     * @return how many user databases it concerns (0: not mirrored here, ignored)
     */
    int dispatch(NotionId parentDatabase, NotionId page, boolean fullPass) {
        List<Target> targets = new ArrayList<>();
        if (parentDatabase != null) {
            for (SyncConnection c : connections()) {
                for (DatabaseConfig db : c.databases()) {
                    if (db.id().equals(parentDatabase)) {
                        targets.add(new Target(c.userId(), db.id()));
                    }
                }
            }
        }
        if (targets.isEmpty() && page != null) {
            targets.addAll(locate(page));
        }
        synchronized (this) {
            for (Target t : targets) {
                pending.merge(t, fullPass, Boolean::logicalOr);
            }
            if (!targets.isEmpty() && !flushScheduled) {
                flushScheduled = true;
                executor.schedule(this::flush, debounce.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        return targets.size();
    }

    private List<SyncConnection> connections() {
        try {
            return requests.engine().connections();
        } catch (NotionSyncException e) {
            log.warn("Webhook event: the connections cannot be read: {}", e.getMessage());
            return List.of();
        }
    }

    private void flush() {
        Map<Target, Boolean> batch;
        synchronized (this) {
            batch = new LinkedHashMap<>(pending);
            pending.clear();
            flushScheduled = false;
        }
        batch.forEach((target, fullPass) -> {
            try {
                requests.syncNow(target.userId(), target.databaseId().value(), fullPass, true);
            } catch (RuntimeException e) {
                log.warn("Webhook-triggered sync of database {} for user {} failed: {}", target.databaseId(),
                        target.userId(), e.getMessage());
            }
        });
    }

    /** Where a page is mirrored: every user and database holding it. */
    List<Target> locate(NotionId page) {
        StringBuilder sql = new StringBuilder();
        for (TargetKind kind : TargetKind.values()) {
            if (sql.length() > 0) {
                sql.append(" UNION ");
            }
            sql.append("SELECT user_id, notion_database_id FROM ").append(schema).append('.').append(kind.table())
                    .append(" WHERE notion_page_id = ? AND notion_database_id IS NOT NULL");
        }
        List<Target> out = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql.toString())) {
            UUID id = UUID.fromString(page.value());
            for (int i = 1; i <= TargetKind.values().length; i++) {
                ps.setObject(i, id);
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Target(rs.getString(1), NotionId.parse(rs.getString(2))));
                }
            }
        } catch (SQLException e) {
            log.warn("Webhook event: could not look up page {}: {}", page, e.getMessage());
        }
        return out;
    }

    /** Stores a subscription's verification token for an administrator to read, keeping the last ten. */
    void storeVerificationToken(String token) {
        String table = schema + ".notion_sync_webhook_verifications";
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (verification_token) VALUES (?)")) {
                ps.setString(1, token);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table + " WHERE received_at < (SELECT"
                    + " min(received_at) FROM (SELECT received_at FROM " + table
                    + " ORDER BY received_at DESC LIMIT 10) newest)")) {
                ps.executeUpdate();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store the webhook verification token: " + e.getMessage(), e);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
