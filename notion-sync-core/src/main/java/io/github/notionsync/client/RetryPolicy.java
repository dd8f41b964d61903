package io.github.notionsync.client;

import java.time.Duration;
import java.util.Objects;

/**
 * How a client retries 429, 500, 502, 503, 504 and 529 answers and requests that got no answer:
 * exponential backoff with full jitter, starting at {@code baseDelay} and capped at
 * {@code maxDelay}, unless Notion's {@code Retry-After} asks for a specific wait. At most
 * {@code maxAttempts} attempts per request and {@code maxElapsed} in all.
 *
 * @param maxAttempts attempts per request including the first, at least 1
 * @param baseDelay the first backoff
 * @param maxDelay the largest backoff, and the largest {@code Retry-After} honoured
 * @param maxElapsed the longest a request may take with all its retries
 */
public record RetryPolicy(int maxAttempts, Duration baseDelay, Duration maxDelay, Duration maxElapsed) {

    /** Default attempts per request. */
    public static final int DEFAULT_MAX_ATTEMPTS = 6;
    /** Default first backoff. */
    public static final Duration DEFAULT_BASE_DELAY = Duration.ofMillis(500);
    /** Default largest backoff. */
    public static final Duration DEFAULT_MAX_DELAY = Duration.ofSeconds(60);
    /** Default time budget per request. */
    public static final Duration DEFAULT_MAX_ELAPSED = Duration.ofMinutes(5);

    public RetryPolicy {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, got " + maxAttempts);
        }
        requirePositive(baseDelay, "baseDelay");
        requirePositive(maxDelay, "maxDelay");
        requirePositive(maxElapsed, "maxElapsed");
        if (maxDelay.compareTo(baseDelay) < 0) {
            throw new IllegalArgumentException("maxDelay " + maxDelay + " is shorter than baseDelay " + baseDelay);
        }
    }

    /** The defaults: 6 attempts, 0.5 s doubling to 60 s, 5 minutes in all. */
    public static RetryPolicy defaults() {
        return new RetryPolicy(DEFAULT_MAX_ATTEMPTS, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_ELAPSED);
    }

    /** No retries at all. */
    public static RetryPolicy none() {
        return new RetryPolicy(1, DEFAULT_BASE_DELAY, DEFAULT_MAX_DELAY, DEFAULT_MAX_ELAPSED);
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
