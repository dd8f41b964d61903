package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;

import io.github.notionsync.spi.SyncLockProvider;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.impl.DSL;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sync locks that hold across every process sharing one PostgreSQL database: a row per held lock
 * in {@code notion_sync_locks}, taken with one {@code INSERT ... ON CONFLICT} that succeeds only if
 * the row is absent or its lease ran out. While a lock is held a background thread extends its
 * lease every third of the lease; a holder that dies (even with {@code kill -9}) stops extending
 * it, and the lock frees itself when the lease ends. Times are the database server's, so the
 * instances' clocks do not matter.
 *
 * <p>No database connection is held while a lock is: a sync holds only its lease row. Give one
 * instance to every engine of a process and {@link #close()} it when the engine stops.
 *
 * <pre>{@code
 * PostgresSyncLocks locks = PostgresSyncLocks.create(dataSource, "notion_sync");
 * NotionSync sync = NotionSync.builder().locks(locks)...build();
 * }</pre>
 */
public final class PostgresSyncLocks implements SyncLockProvider, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(PostgresSyncLocks.class);

    /** How long a lock outlives a holder that stopped extending it. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(60);

    private final DSLContext dsl;
    private final Name table;
    private final Duration lease;
    private final ConcurrentHashMap<UUID, String> held = new ConcurrentHashMap<>();
    /** When each held lock's lease was last taken or extended (System.nanoTime), or -1 once lost. */
    private final ConcurrentHashMap<UUID, Long> renewed = new ConcurrentHashMap<>();
    private final ScheduledExecutorService keeper;

    private PostgresSyncLocks(DataSource dataSource, String schema, Duration lease) {
        this.dsl = Jooq.dsl(Objects.requireNonNull(dataSource, "dataSource"));
        this.table = DSL.name(SchemaName.require(schema), "notion_sync_locks");
        if (lease.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("lease must be at least one second, got " + lease);
        }
        this.lease = lease;
        this.keeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "notion-sync-lock-keeper");
            t.setDaemon(true);
            return t;
        });
        long every = Math.max(200, lease.toMillis() / 3);
        keeper.scheduleWithFixedDelay(this::extend, every, every, TimeUnit.MILLISECONDS);
    }

    /** Locks in {@code schema} with the {@linkplain #DEFAULT_LEASE default lease}. */
    public static PostgresSyncLocks create(DataSource dataSource, String schema) {
        return new PostgresSyncLocks(dataSource, schema, DEFAULT_LEASE);
    }

    /**
     * Locks in {@code schema} with the given lease: how long a lock outlives a holder that died.
     * Shorter frees a dead instance's work sooner and costs one extension per third of it.
     */
    public static PostgresSyncLocks create(DataSource dataSource, String schema, Duration lease) {
        return new PostgresSyncLocks(dataSource, schema, Objects.requireNonNull(lease, "lease"));
    }

    @Override
    public Optional<SyncLock> tryLock(String key, String holder) {
        Objects.requireNonNull(key, "key");
        if (key.isEmpty() || key.length() > 500) {
            throw new IllegalArgumentException("A lock key must be 1 to 500 characters");
        }
        String by = holder == null || holder.isBlank() ? "unknown" : holder.length() > 200 ? holder.substring(0, 200)
                : holder;
        UUID token = UUID.randomUUID();
        int taken = call("take the lock " + key, () -> dsl.execute(
                "INSERT INTO {0} AS l (lock_key, locked_by, lock_token, locked_at, locked_until)"
                        + " VALUES ({1}, {2}, {3}, now(), now() + {4} * interval '1 millisecond')"
                        + " ON CONFLICT (lock_key) DO UPDATE SET locked_by = excluded.locked_by,"
                        + " lock_token = excluded.lock_token, locked_at = excluded.locked_at,"
                        + " locked_until = excluded.locked_until WHERE l.locked_until <= now()",
                table, DSL.val(key), DSL.val(by), DSL.val(token), DSL.val(lease.toMillis())));
        if (taken != 1) {
            return Optional.empty();
        }
        held.put(token, key);
        renewed.put(token, System.nanoTime());
        AtomicBoolean released = new AtomicBoolean();
        return Optional.of(new SyncLock() {
            @Override
            public boolean valid() {
                Long at = renewed.get(token);
                // Valid while the lease taken or last extended here has not run out (a margin of a
                // tenth for the time the statement took).
                return at != null && at >= 0 && System.nanoTime() - at < lease.toNanos() * 9 / 10;
            }

            @Override
            public void close() {
                release(token, key, released);
            }
        });
    }

    private void release(UUID token, String key, AtomicBoolean released) {
        if (released.compareAndSet(false, true)) {
            held.remove(token);
            renewed.remove(token);
            try {
                dsl.execute("DELETE FROM {0} WHERE lock_key = {1} AND lock_token = {2}", table, DSL.val(key),
                        DSL.val(token));
            } catch (RuntimeException e) {
                log.warn("Could not release the lock {}; it frees itself within {}: {}", key, lease, e.getMessage());
            }
        }
    }

    /** A lock held now: its key, who holds it and until when its lease runs. */
    public record HeldLock(String key, String holder, Instant since, Instant until) {
    }

    /** Every lock held now, by any instance. */
    public List<HeldLock> heldLocks() {
        List<HeldLock> out = new ArrayList<>();
        call("read the held locks", () -> dsl.resultQuery(
                "SELECT lock_key, locked_by, locked_at, locked_until FROM {0} WHERE locked_until > now()"
                        + " ORDER BY lock_key", table).fetch()).forEach(r -> out.add(new HeldLock(r.get(0, String.class),
                r.get(1, String.class), r.get(2, OffsetDateTime.class).toInstant(),
                r.get(3, OffsetDateTime.class).toInstant())));
        return out;
    }

    private void extend() {
        if (held.isEmpty()) {
            return;
        }
        UUID[] tokens = held.keySet().toArray(UUID[]::new);
        long asked = System.nanoTime();
        try {
            java.util.Set<UUID> extended = new java.util.HashSet<>(dsl.resultQuery(
                    "UPDATE {0} SET locked_until = now() + {1} * interval '1 millisecond'"
                            + " WHERE lock_token = ANY({2}) RETURNING lock_token", table, DSL.val(lease.toMillis()),
                    DSL.val(tokens)).fetch(0, UUID.class));
            for (UUID t : tokens) {
                String key = held.get(t);
                if (key == null) {
                    continue;
                }
                if (extended.contains(t)) {
                    renewed.computeIfPresent(t, (k, at) -> at < 0 ? at : asked);
                } else {
                    renewed.computeIfPresent(t, (k, at) -> -1L);
                    log.warn("The sync lock {} had run out before it was extended and may be held elsewhere now;"
                            + " its sync stops", key);
                }
            }
        } catch (RuntimeException e) {
            log.warn("Could not extend {} held sync locks: {}", tokens.length, e.getMessage());
        }
    }

    /** Stops extending leases; locks still held free themselves when their lease ends. */
    @Override
    public void close() {
        keeper.shutdownNow();
    }

    @Override
    public String toString() {
        return "PostgresSyncLocks[" + table + ", lease " + lease + ", " + held.size() + " held here]";
    }
}
