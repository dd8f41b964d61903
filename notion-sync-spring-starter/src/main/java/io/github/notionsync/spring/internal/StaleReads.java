package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.spi.SyncState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;

/**
 * Reads that go to Notion when the mirror is stale: before a read, the databases it covers whose
 * last successful sync is older than {@code maxAge} are synced (incrementally, one refresh per
 * user at a time, joined by concurrent reads), waiting at most {@code timeout}. When Notion cannot
 * be reached in time the read is served from the mirror anyway and said to be stale, so reads
 * keep working offline.
 */
public final class StaleReads implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(StaleReads.class);

    /**
     * How fresh a read is.
     *
     * @param stale whether some database the read covers is older than the maximum age
     * @param asOf the oldest among those databases of the start of their last completed sync (every
     *     change made in Notion before it is mirrored), or {@code null} if one was never synced
     */
    public record Freshness(boolean stale, Instant asOf) {
    }

    private final SyncRequests requests;
    private final Duration maxAge;
    private final Duration timeout;
    private final ExecutorService refresher = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "notion-sync-stale-read");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();

    public StaleReads(SyncRequests requests, Duration maxAge, Duration timeout) {
        this.requests = requests;
        this.maxAge = maxAge;
        this.timeout = timeout;
    }

    /** Refreshes the user's databases that {@code which} selects if they are stale, then says how fresh they are. */
    public Freshness refresh(String userId, Predicate<DatabaseConfig> which) {
        List<DatabaseConfig> databases;
        try {
            databases = requests.engine().databases(userId).stream().filter(which).toList();
        } catch (NotionSyncException e) {
            log.warn("Stale-read check for user {} skipped: {}", userId, e.getMessage());
            return new Freshness(true, null);
        }
        List<DatabaseConfig> stale = databases.stream().filter(db -> !fresh(userId, db)).toList();
        if (!stale.isEmpty()) {
            CompletableFuture<Void> refresh = inFlight.computeIfAbsent(userId,
                    u -> CompletableFuture.runAsync(() -> sync(u, stale), refresher));
            // Registered outside computeIfAbsent: a refresh that is already done runs this at once.
            refresh.whenComplete((ok, e) -> inFlight.remove(userId, refresh));
            try {
                refresh.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                log.info("Refreshing {} stale databases of user {} takes longer than {}; serving the mirror",
                        stale.size(), userId, timeout);
            } catch (ExecutionException e) {
                log.warn("Refreshing stale databases of user {} failed; serving the mirror: {}", userId,
                        e.getCause().getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        boolean anyStale = false;
        Instant asOf = null;
        boolean never = false;
        for (DatabaseConfig db : databases) {
            Optional<Instant> at = lastSuccess(userId, db);
            anyStale |= at.isEmpty() || at.get().isBefore(requests.engine().clock().instant().minus(maxAge));
            if (at.isEmpty()) {
                never = true;
            } else if (asOf == null || at.get().isBefore(asOf)) {
                asOf = at.get();
            }
        }
        return new Freshness(anyStale, never ? null : asOf);
    }

    private void sync(String userId, List<DatabaseConfig> stale) {
        List<String> failed = new ArrayList<>();
        for (DatabaseConfig db : stale) {
            try {
                requests.syncNow(userId, db.id().value(), false, true);
            } catch (RuntimeException e) {
                failed.add(db.name() + ": " + e.getMessage());
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException(String.join("; ", failed));
        }
    }

    private boolean fresh(String userId, DatabaseConfig db) {
        return lastSuccess(userId, db).filter(at -> !at.isBefore(requests.engine().clock().instant().minus(maxAge))).isPresent();
    }

    /** When the last completed sync started: every change in Notion before it is in the mirror. */
    private Optional<Instant> lastSuccess(String userId, DatabaseConfig db) {
        return requests.engine().repository().syncState(userId, db.id()).map(SyncState::watermark);
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }
}
