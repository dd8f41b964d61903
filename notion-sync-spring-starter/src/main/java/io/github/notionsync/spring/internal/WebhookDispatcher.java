package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionId;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.SyncConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.github.notionsync.jooq.NotionSyncQueries;
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
    private final NotionSyncQueries queries;
    private final Duration debounce;
    private final ScheduledExecutorService executor;
    private final Map<Target, Boolean> pending = new LinkedHashMap<>();
    private boolean flushScheduled;

    /** A database of a user to sync. */
    record Target(String userId, NotionId databaseId) {
    }

    public WebhookDispatcher(SyncRequests requests, NotionSyncQueries queries, Duration debounce) {
        this.requests = requests;
        this.queries = queries;
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
            // Queued, not awaited: any instance serves it, and one slow sync delays no other webhook.
            try {
                long id = requests.scheduler().requestSync(target.userId(), target.databaseId().value(), fullPass,
                        true);
                log.debug("Webhook-triggered sync of database {} for user {} queued as request {}",
                        target.databaseId(), target.userId(), id);
            } catch (RuntimeException e) {
                log.warn("Webhook-triggered sync of database {} for user {} could not be queued: {}",
                        target.databaseId(), target.userId(), e.getMessage());
            }
        });
    }

    /** Where a page is mirrored: every user and database holding it. */
    List<Target> locate(NotionId page) {
        try {
            return queries.pageLocations(page).stream().map(l -> new Target(l.userId(), l.databaseId())).toList();
        } catch (NotionSyncException e) {
            log.warn("Webhook event: could not look up page {}: {}", page, e.getMessage());
            return List.of();
        }
    }

    /** Stores a subscription's verification token for an administrator to read, keeping the last ten. */
    void storeVerificationToken(String token) {
        queries.storeWebhookVerificationToken(token, 10);
    }

    /**
     * Whether this is the first delivery of an event, on any instance: its id is recorded in the
     * database, where ids of events dated before {@code forgetBefore} are dropped.
     */
    boolean firstDelivery(String eventId, java.time.Instant eventTime, java.time.Instant forgetBefore) {
        return queries.firstWebhookDelivery(eventId, eventTime, forgetBefore);
    }

    /** The engine's clock, which dates events and handshakes. */
    java.time.Clock clock() {
        return requests.engine().clock();
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
