package io.github.notionsync.client;

/**
 * A client-side request rate per integration token: an average of {@code permitsPerSecond} with
 * bursts of up to {@code burst} requests. Every client using the same token in one JVM shares one
 * budget, so several threads or clients never exceed it together.
 *
 * @param permitsPerSecond average requests per second, positive
 * @param burst requests that may go at once after a quiet period, at least 1
 */
public record RateLimit(double permitsPerSecond, int burst) {

    /** Notion's documented average: 3 requests per second per integration. */
    public static final double DEFAULT_PERMITS_PER_SECOND = 3.0;
    /** Default burst. */
    public static final int DEFAULT_BURST = 3;

    public RateLimit {
        if (!(permitsPerSecond > 0) || Double.isInfinite(permitsPerSecond)) {
            throw new IllegalArgumentException("permitsPerSecond must be positive, got " + permitsPerSecond);
        }
        if (burst < 1) {
            throw new IllegalArgumentException("burst must be at least 1, got " + burst);
        }
    }

    /** 3 requests/s with a burst of 3. */
    public static RateLimit defaults() {
        return new RateLimit(DEFAULT_PERMITS_PER_SECOND, DEFAULT_BURST);
    }
}
