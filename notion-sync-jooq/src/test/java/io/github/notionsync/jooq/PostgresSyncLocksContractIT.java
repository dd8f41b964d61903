package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.notionsync.spi.SyncLockProvider;
import io.github.notionsync.testkit.contract.SyncLockProviderContractTest;
import io.github.notionsync.testkit.postgres.PostgresDatabaseExtension;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lock contract on PostgreSQL, two providers standing for two instances, and what leases add. */
class PostgresSyncLocksContractIT extends SyncLockProviderContractTest {

    @RegisterExtension
    static final PostgresDatabaseExtension postgres = new PostgresDatabaseExtension();

    private static DataSource ds;
    private final List<PostgresSyncLocks> opened = new ArrayList<>();

    @BeforeAll
    static void migrate() {
        ds = postgres.database().dataSource();
        NotionSyncMigrations.create(ds).schema("locks").migrate();
    }

    @AfterEach
    void closeAndForget() throws Exception {
        opened.forEach(PostgresSyncLocks::close);
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM locks.notion_sync_locks");
        }
    }

    private PostgresSyncLocks open(Duration lease) {
        PostgresSyncLocks l = PostgresSyncLocks.create(ds, "locks", lease);
        opened.add(l);
        return l;
    }

    @Override
    protected SyncLockProvider provider() {
        return open(PostgresSyncLocks.DEFAULT_LEASE);
    }

    @Override
    protected SyncLockProvider otherInstance() {
        return open(PostgresSyncLocks.DEFAULT_LEASE);
    }

    @Test
    void aLiveHolderKeepsItsLockPastTheLeaseAndADeadOnesLockFreesItself() {
        PostgresSyncLocks alive = open(Duration.ofSeconds(1));
        PostgresSyncLocks dead = open(Duration.ofSeconds(1));
        PostgresSyncLocks other = open(Duration.ofSeconds(1));
        var kept = alive.tryLock("kept", "alive").orElseThrow();
        dead.tryLock("abandoned", "dead").orElseThrow();
        dead.close(); // stops extending, as a killed process would
        long t0 = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> other.tryLock("abandoned", "other").isPresent());
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isGreaterThan(Duration.ofMillis(500));
        // For three leases the live holder keeps its lock.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5))
                .until(() -> other.tryLock("kept", "other").isEmpty());
        assertThat(other.heldLocks()).extracting(PostgresSyncLocks.HeldLock::key, PostgresSyncLocks.HeldLock::holder)
                .contains(org.assertj.core.groups.Tuple.tuple("kept", "alive"),
                        org.assertj.core.groups.Tuple.tuple("abandoned", "other"));
        kept.close();
        assertThat(other.tryLock("kept", "other")).isPresent();
    }

    @Test
    void aLockWhoseLeaseWasLostIsNoLongerValid() throws Exception {
        PostgresSyncLocks locks = open(Duration.ofSeconds(3)); // extended every second: room for a loaded machine
        var taken = locks.tryLock("taken-over", "me").orElseThrow();
        var stalled = locks.tryLock("stalled", "me").orElseThrow();
        assertThat(taken.valid()).isTrue();
        // Another holder has the row now, as after a lease that ran out.
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("UPDATE locks.notion_sync_locks SET lock_token = gen_random_uuid(), locked_by = 'other'"
                    + " WHERE lock_key = 'taken-over'");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> !taken.valid());
        assertThat(stalled.valid()).as("the other lock is still extended").isTrue();
        locks.close(); // nothing extends any more, as in a process that stalls
        await().atMost(Duration.ofSeconds(10)).until(() -> !stalled.valid());
    }

    @Test
    void keysAndHoldersAreBounded() {
        PostgresSyncLocks l = open(Duration.ofSeconds(5));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> l.tryLock("x".repeat(501), "h"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1 to 500");
        assertThat(l.tryLock("k", "h".repeat(1_000))).isPresent();
        assertThat(l.heldLocks()).singleElement().satisfies(h -> assertThat(h.holder()).hasSize(200));
    }
}
