package io.github.notionsync;

import io.github.notionsync.spi.SyncLockProvider;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Locks that hold within one process: the engine's default, right for a single application
 * instance. Share one instance between engines of one process to keep them apart; use the
 * PostgreSQL provider of {@code notion-sync-jooq} when several processes sync into one database.
 */
public final class InProcessSyncLocks implements SyncLockProvider {

    private final ConcurrentMap<String, String> held = new ConcurrentHashMap<>();

    @Override
    public Optional<SyncLock> tryLock(String key, String holder) {
        Objects.requireNonNull(key, "key");
        String token = holder == null ? "" : holder;
        if (held.putIfAbsent(key, token) != null) {
            return Optional.empty();
        }
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(() -> {
            if (released.compareAndSet(false, true)) {
                held.remove(key, token);
            }
        });
    }

    /** Who holds {@code key} now, if anyone. */
    public Optional<String> holder(String key) {
        return Optional.ofNullable(held.get(key));
    }

    @Override
    public String toString() {
        return "InProcessSyncLocks[" + held.size() + " held]";
    }
}
