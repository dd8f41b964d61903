package io.github.notionsync.testkit.emulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A token bucket per API token: an average rate with a burst, on the wall clock. */
final class RateLimiter {

    private final double perSecond;
    private final int burst;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

    RateLimiter(double perSecond, int burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("Need a positive rate and a burst of at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** 0 if the request may pass, else the whole seconds to wait (at least 1). */
    int acquire(String token) {
        return buckets.computeIfAbsent(token, t -> new Bucket()).acquire();
    }

    private final class Bucket {
        private double tokens = burst;
        private long last = System.nanoTime();

        synchronized int acquire() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return (int) Math.max(1, Math.ceil((1 - tokens) / perSecond));
        }
    }
}
