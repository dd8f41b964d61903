package io.github.notionsync.internal.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A smooth token bucket: an average of {@code permitsPerSecond}, up to {@code burst} at once
 * after a quiet period. Callers reserve a permit under a short lock and wait outside it, so
 * waiting threads queue in arrival order. A 429 pauses the whole bucket.
 *
 * <p>One instance per integration token and configuration is shared by the whole JVM (see
 * {@link #shared}); the token itself is kept only as a SHA-256 digest.
 */
public final class TokenRateLimiter {

    /** Source of nanosecond time and of sleeping, replaceable in tests. */
    public interface Ticker {
        /** Current time in nanoseconds, as {@link System#nanoTime()}. */
        long nanoTime();

        /** Sleeps for {@code nanos}. */
        void sleep(long nanos) throws InterruptedException;

        /** The system ticker. */
        Ticker SYSTEM = new Ticker() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleep(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }

    private static final Map<String, TokenRateLimiter> SHARED = new ConcurrentHashMap<>();

    private final double nanosPerPermit;
    private final double burst;
    private final Ticker ticker;
    private double storedPermits;
    private long nextFreeNanos;

    public TokenRateLimiter(double permitsPerSecond, int burst, Ticker ticker) {
        if (!(permitsPerSecond > 0)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive");
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1");
        }
        this.nanosPerPermit = 1e9 / permitsPerSecond;
        this.burst = burst;
        this.ticker = ticker;
        this.storedPermits = burst;
        this.nextFreeNanos = ticker.nanoTime();
    }

    /** The limiter every client of this token and configuration in this JVM shares. */
    public static TokenRateLimiter shared(String token, double permitsPerSecond, int burst) {
        String key = digest(token) + '/' + permitsPerSecond + '/' + burst;
        return SHARED.computeIfAbsent(key, k -> new TokenRateLimiter(permitsPerSecond, burst, Ticker.SYSTEM));
    }

    /** Waits until a request may be sent. */
    public void acquire() throws InterruptedException {
        long wait = reserve();
        if (wait > 0) {
            ticker.sleep(wait);
        }
    }

    /** Reserves a permit and returns how many nanoseconds to wait before using it. */
    synchronized long reserve() {
        long now = ticker.nanoTime();
        if (now > nextFreeNanos) {
            storedPermits = Math.min(burst, storedPermits + (now - nextFreeNanos) / nanosPerPermit);
            nextFreeNanos = now;
        }
        // A request that finds no stored permit waits for a fresh one itself, so that no window
        // ever sees more than `burst` requests above the average rate.
        double fromStore = Math.min(1.0, storedPermits);
        storedPermits -= fromStore;
        nextFreeNanos += (long) ((1.0 - fromStore) * nanosPerPermit);
        return Math.max(0, nextFreeNanos - now);
    }

    /** Holds every later request back until {@code nanos} from now, e.g. for a {@code Retry-After}. */
    public synchronized void pauseFor(long nanos) {
        long until = ticker.nanoTime() + nanos;
        if (until > nextFreeNanos) {
            // The next request then waits for exactly one fresh permit, which arrives at `until`.
            nextFreeNanos = until - (long) nanosPerPermit;
            storedPermits = 0;
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
