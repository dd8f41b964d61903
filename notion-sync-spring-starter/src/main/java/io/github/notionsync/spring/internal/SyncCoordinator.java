package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionSync;
import io.github.notionsync.NotionSyncException;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncReport;
import io.github.notionsync.UnknownDatabaseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs syncs so that, across every instance of the application, one database of one user is
 * synced by one instance at a time (a PostgreSQL advisory lock per user and database).
 */
public final class SyncCoordinator {

    private static final Logger log = LoggerFactory.getLogger(SyncCoordinator.class);

    /** Another instance or request is syncing that database right now. */
    public static final class SyncInProgressException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SyncInProgressException(String message) {
            super(message);
        }
    }

    private final NotionSync sync;
    private final ClusterLocks locks;

    public SyncCoordinator(NotionSync sync, ClusterLocks locks) {
        this.sync = sync;
        this.locks = locks;
    }

    public NotionSync engine() {
        return sync;
    }

    /**
     * Syncs every database of every connection; databases locked elsewhere are skipped, and a
     * user whose connections cannot be read (say, a token that no longer decrypts) is logged and
     * skipped, so that it does not stop the others.
     */
    public SyncReport syncEverything() {
        List<String> users = new ArrayList<>();
        for (SyncConnection c : sync.connections()) {
            if (!users.contains(c.userId())) {
                users.add(c.userId());
            }
        }
        List<io.github.notionsync.DatabaseSyncReport> reports = new ArrayList<>();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        for (String user : users) {
            try {
                reports.addAll(syncUser(user, false, true).databases());
            } catch (NotionSyncException e) {
                log.warn("Scheduled sync skipped user {}: {}", user, e.getMessage());
            }
        }
        return new SyncReport(UUID.randomUUID(), started, Duration.ofNanos(System.nanoTime() - t0), reports);
    }

    /**
     * Syncs every database of a user.
     *
     * @param skipLocked whether to skip databases another instance is syncing, rather than fail
     * @throws UnknownDatabaseException if the user has no databases
     * @throws SyncInProgressException if one is locked elsewhere and {@code skipLocked} is false
     */
    public SyncReport syncUser(String userId, boolean fullPass, boolean skipLocked) {
        return syncUser(userId, fullPass, skipLocked ? Locking.SKIP : Locking.FAIL);
    }

    /** What to do with a database that another instance is syncing. */
    public enum Locking {
        /** Leave it out. */
        SKIP,
        /** Throw {@link SyncInProgressException}. */
        FAIL,
        /** Wait for the other sync to finish, then sync. */
        WAIT
    }

    /** Syncs every database of a user, treating databases locked elsewhere as {@code locking} says. */
    public SyncReport syncUser(String userId, boolean fullPass, Locking locking) {
        List<DatabaseConfig> databases = sync.databases(userId);
        if (databases.isEmpty()) {
            throw new UnknownDatabaseException(userId, "*");
        }
        List<io.github.notionsync.DatabaseSyncReport> reports = new ArrayList<>();
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        for (DatabaseConfig db : databases) {
            String key = userId + '/' + db.id().value();
            Optional<ClusterLocks.Held> lock = locking == Locking.WAIT ? Optional.of(locks.lock(key))
                    : locks.tryLock(key);
            if (lock.isEmpty()) {
                if (locking == Locking.SKIP) {
                    continue;
                }
                throw new SyncInProgressException("A sync of '" + db.name() + "' for user " + userId
                        + " is already running");
            }
            try (ClusterLocks.Held held = lock.get()) {
                reports.addAll(sync.syncDatabase(userId, db.id().value(), fullPass).databases());
            }
        }
        return new SyncReport(UUID.randomUUID(), started, Duration.ofNanos(System.nanoTime() - t0), reports);
    }

    /**
     * Syncs one database of a user.
     *
     * @throws UnknownDatabaseException if the user has no such database
     * @throws SyncInProgressException if it is being synced elsewhere
     */
    public SyncReport syncDatabase(String userId, String database, boolean fullPass) {
        return syncDatabase(userId, database, fullPass, false);
    }

    /** Syncs one database of a user; with {@code wait}, waits for a sync running elsewhere to finish. */
    public SyncReport syncDatabase(String userId, String database, boolean fullPass, boolean wait) {
        DatabaseConfig db = sync.findDatabase(userId, database)
                .orElseThrow(() -> new UnknownDatabaseException(userId, database));
        String key = userId + '/' + db.id().value();
        Optional<ClusterLocks.Held> lock = wait ? Optional.of(locks.lock(key)) : locks.tryLock(key);
        if (lock.isEmpty()) {
            throw new SyncInProgressException("A sync of '" + db.name() + "' for user " + userId
                    + " is already running");
        }
        try (ClusterLocks.Held held = lock.get()) {
            return sync.syncDatabase(userId, db.id().value(), fullPass);
        }
    }
}
