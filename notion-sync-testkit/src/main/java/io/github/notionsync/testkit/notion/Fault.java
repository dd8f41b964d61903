package io.github.notionsync.testkit.notion;

import java.time.Duration;
import java.util.Objects;

/**
 * A fault the emulator injects instead of (or before) a normal answer.
 *
 * @param kind what goes wrong
 * @param status the HTTP status for {@link Kind#STATUS}
 * @param delay how long a {@link Kind#SLOW} answer is held back, or the {@code Retry-After} of a 429/529
 */
public record Fault(Kind kind, int status, Duration delay) {

    /** Kinds of fault. */
    public enum Kind {
        /** An error status with Notion's error body (429 and 529 with {@code Retry-After}). */
        STATUS,
        /** The normal answer, after a delay. */
        SLOW,
        /** The connection is closed without an answer. */
        DROP_CONNECTION,
        /** A 200 whose body is cut off mid-JSON. */
        MALFORMED_BODY
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        delay = delay == null ? Duration.ZERO : delay;
    }

    /** An error status: 429, 500, 502, 503, 504 or 529 (429 and 529 say Retry-After: 1). */
    public static Fault status(int status) {
        return new Fault(Kind.STATUS, status, Duration.ofSeconds(1));
    }

    /** A 429 or 529 asking the client to wait {@code retryAfter}. */
    public static Fault rateLimited(int status, Duration retryAfter) {
        return new Fault(Kind.STATUS, status, retryAfter);
    }

    /** The normal answer, {@code delay} late. */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 200, delay);
    }

    /** The connection dropped without an answer. */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, Duration.ZERO);
    }

    /** A truncated JSON body with status 200. */
    public static Fault malformedBody() {
        return new Fault(Kind.MALFORMED_BODY, 200, Duration.ZERO);
    }
}
