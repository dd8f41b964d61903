package io.github.notionsync.testkit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.notionsync.spi.SyncLockProvider;
import io.github.notionsync.spi.SyncLockProvider.SyncLock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link SyncLockProvider} must have. Extend it and return a provider; two
 * calls of {@link #otherInstance()} must give providers that exclude each other, as two
 * application instances sharing one database would.
 *
 * <pre>{@code
 * class MyLocksContractTest extends SyncLockProviderContractTest {
 *     protected SyncLockProvider provider() { return ...; }
 *     protected SyncLockProvider otherInstance() { return ...; }
 * }
 * }</pre>
 */
public abstract class SyncLockProviderContractTest {

    private SyncLockProvider locks;
    private SyncLockProvider other;

    /** The provider under test, fresh (no lock held) for each test. */
    protected abstract SyncLockProvider provider();

    /** A second provider sharing the first one's locks, as another instance would. */
    protected abstract SyncLockProvider otherInstance();

    @BeforeEach
    void providers() {
        locks = provider();
        other = otherInstance();
    }

    @Test
    void aFreeLockIsTakenOnceAndOtherKeysStayFree() {
        Optional<SyncLock> first = locks.tryLock("connection:user-1/main", "a");
        assertThat(first).isPresent();
        assertThat(locks.tryLock("connection:user-1/main", "a")).as("the same key from the same instance").isEmpty();
        assertThat(other.tryLock("connection:user-1/main", "b")).as("the same key from another instance").isEmpty();
        Optional<SyncLock> otherKey = other.tryLock("connection:user-2/main", "b");
        assertThat(otherKey).isPresent();
        first.get().close();
        otherKey.get().close();
    }

    @Test
    void closingReleasesAndClosingTwiceReleasesNobodyElse() {
        SyncLock first = locks.tryLock("k", "a").orElseThrow();
        first.close();
        SyncLock second = other.tryLock("k", "b").orElseThrow();
        first.close();
        assertThat(locks.tryLock("k", "a")).as("the second holder keeps it").isEmpty();
        second.close();
        assertThat(locks.tryLock("k", "a")).isPresent().get().satisfies(SyncLock::close);
    }

    @Test
    void underContentionAtMostOneHolderAtATime() throws Exception {
        int threads = 6;
        int rounds = 40;
        AtomicInteger holders = new AtomicInteger();
        AtomicInteger maxHolders = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            SyncLockProvider p = t % 2 == 0 ? locks : other;
            String holder = "thread-" + t;
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < rounds; i++) {
                    Optional<SyncLock> lock = p.tryLock("contended", holder);
                    if (lock.isPresent()) {
                        taken.incrementAndGet();
                        maxHolders.accumulateAndGet(holders.incrementAndGet(), Math::max);
                        Thread.yield();
                        holders.decrementAndGet();
                        lock.get().close();
                    }
                }
            });
            thread.start();
            all.add(thread);
        }
        start.countDown();
        for (Thread t : all) {
            t.join();
        }
        assertThat(taken.get()).isPositive();
        assertThat(maxHolders.get()).isEqualTo(1);
    }
}
