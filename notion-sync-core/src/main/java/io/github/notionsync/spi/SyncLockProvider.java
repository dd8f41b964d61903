package io.github.notionsync.spi;

import java.util.Optional;

/**
 * Mutual exclusion for syncs, in the spirit of ShedLock's {@code LockProvider}: the engine takes a
 * lock around every database sync, whoever asked for it, so that the work of one Notion
 * connection runs in one place at a time. The default lives in the process
 * ({@link io.github.notionsync.InProcessSyncLocks}); the PostgreSQL module has one that holds
 * across every instance sharing a database.
 *
 * <p>Implementations must be thread-safe. A lock that its holder never releases (the process
 * died) must become free again after a bounded time, and a held lock must stay held while its
 * holder is alive however long the sync takes.
 */
@FunctionalInterface
public interface SyncLockProvider {

    /**
     * Takes the lock named {@code key} if nobody holds it, without waiting.
     *
     * @param key what to lock (at most 500 characters)
     * @param holder who takes it, for people reading which instance is busy (at most 200 characters)
     * @return the held lock, or empty if it is held elsewhere
     */
    Optional<SyncLock> tryLock(String key, String holder);

    /** A held lock. Closing it releases the lock; closing it twice does nothing. */
    interface SyncLock extends AutoCloseable {
        @Override
        void close();

        /**
         * Whether the lock is still held: false once the provider could not keep it (a lease that
         * ran out while this process stalled), after which another holder may have it. The engine
         * stops a sync whose lock is no longer valid. The default is always true.
         */
        default boolean valid() {
            return true;
        }
    }
}
