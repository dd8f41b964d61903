package io.github.notionsync.testkit.emulator;

import java.time.Duration;
import java.util.Objects;
import java.util.Set;

/**
 * A fault the emulator injects instead of (or before) a normal answer. See {@link Faults}.
 *
 * @param kind what happens
 * @param status the HTTP status of an {@link Kind#ERROR}
 * @param retryAfterSeconds the {@code Retry-After} header of a 429 or 529 error
 * @param delay the delay of a {@link Kind#SLOW} answer
 * @param rateLimitReason the {@code additional_data.rate_limit_reason} of a 429 (null: the
 *     per-connection limit, {@link #CONNECTION_RATE_LIMIT})
 */
public record Fault(Kind kind, int status, int retryAfterSeconds, Duration delay, String rateLimitReason) {

    /** The rate_limit_reason of Notion's per-connection limit. */
    public static final String CONNECTION_RATE_LIMIT = "public_api_request_rate_limit";
    /** The rate_limit_reason of Notion's per-workspace limit, shared by all of a workspace's connections. */
    public static final String WORKSPACE_RATE_LIMIT = "public_api_space_request_rate_limit";

    private static final Set<Integer> STATUSES = Set.of(409, 429, 500, 502, 503, 504, 529);

    /** The kinds of fault. */
    public enum Kind {
        /** An error answer in Notion's error shape (502: an HTML gateway page, as from the edge proxy). */
        ERROR,
        /** The normal answer, after a delay. */
        SLOW,
        /** The connection is closed without an answer. */
        DROP_CONNECTION,
        /** A 200 answer whose JSON body is cut off. */
        MALFORMED_BODY,
        /**
         * The page or block addressed by the request's {@code {id}} is deleted permanently just
         * before the request is served, so it (and every later request for it) answers 404
         * object_not_found: a page that vanishes between a query and its block fetch.
         */
        VANISH,
        /**
         * A 200 list with no results: a query that comes back empty while the pages are still
         * there and readable one by one, as when Notion briefly hides rows from an integration.
         */
        EMPTY_LIST,
        /**
         * The request is served and its write applied, then the reply is lost: the connection is
         * closed without an answer ({@link Fault#status()} 0), or a 500, 502 or 504 comes back instead
         * of the result, as when a gateway times out after Notion saved the change.
         */
        LOST_REPLY
    }

    public Fault {
        Objects.requireNonNull(kind, "kind");
        delay = delay == null ? Duration.ZERO : delay;
        if (kind == Kind.ERROR && !STATUSES.contains(status)) {
            throw new IllegalArgumentException("Unsupported fault status " + status + "; use one of " + STATUSES);
        }
        if (kind == Kind.LOST_REPLY && status != 0 && status != 500 && status != 502 && status != 504) {
            throw new IllegalArgumentException("A lost reply is a dropped connection (0), 500, 502 or 504, not "
                    + status);
        }
        if (rateLimitReason != null && status != 429) {
            throw new IllegalArgumentException("Only a 429 has a rate_limit_reason");
        }
    }

    /** A fault without a rate_limit_reason. */
    public Fault(Kind kind, int status, int retryAfterSeconds, Duration delay) {
        this(kind, status, retryAfterSeconds, delay, null);
    }

    /**
     * 429 rate_limited with {@code Retry-After: seconds}, over the per-connection limit
     * ({@code additional_data.rate_limit_reason} {@value #CONNECTION_RATE_LIMIT}).
     */
    public static Fault rateLimited(int retryAfterSeconds) {
        return new Fault(Kind.ERROR, 429, retryAfterSeconds, null, null);
    }

    /**
     * 429 rate_limited with {@code Retry-After: seconds} and this {@code additional_data.rate_limit_reason},
     * e.g. {@link #WORKSPACE_RATE_LIMIT}.
     */
    public static Fault rateLimited(int retryAfterSeconds, String rateLimitReason) {
        return new Fault(Kind.ERROR, 429, retryAfterSeconds, null,
                Objects.requireNonNull(rateLimitReason, "rateLimitReason"));
    }

    /** 529 service_overload with {@code Retry-After: seconds}. */
    public static Fault overloaded(int retryAfterSeconds) {
        return new Fault(Kind.ERROR, 529, retryAfterSeconds, null);
    }

    /** An error status: 409, 429, 500, 502, 503, 504 or 529 (429 and 529 with Retry-After: 1). */
    public static Fault status(int status) {
        return new Fault(Kind.ERROR, status, 1, null);
    }

    /** The normal answer after a delay. */
    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, 0, delay);
    }

    /** The connection is closed without an answer. */
    public static Fault dropConnection() {
        return new Fault(Kind.DROP_CONNECTION, 0, 0, null);
    }

    /** A 200 answer with a truncated JSON body. */
    public static Fault malformedBody() {
        return new Fault(Kind.MALFORMED_BODY, 0, 0, null);
    }

    /** The addressed page or block vanishes (permanent delete) before the request is served. */
    public static Fault vanish() {
        return new Fault(Kind.VANISH, 0, 0, null);
    }

    /** The answer is an empty list (no results, no more pages), whatever the request asked for. */
    public static Fault emptyList() {
        return new Fault(Kind.EMPTY_LIST, 0, 0, null);
    }

    /** The write is applied, then the connection is closed without an answer. */
    public static Fault replyLost() {
        return new Fault(Kind.LOST_REPLY, 0, 0, null);
    }

    /** The write is applied, then a 500, 502 or 504 error comes back instead of the result. */
    public static Fault replyLost(int status) {
        return new Fault(Kind.LOST_REPLY, status, 0, null);
    }

    /**
     * A fault written as on the standalone emulator's command line: {@code 409}, {@code 500},
     * {@code 502}, {@code 503}, {@code 504}, {@code 429[:SECONDS[:REASON]]}, {@code 529[:SECONDS]}
     * (Retry-After 1 by default), {@code slow:MILLIS}, {@code drop}, {@code malformed}, {@code vanish}, {@code empty}
     * or {@code lost[:STATUS]} (the write is applied, then the connection drops or STATUS comes back).
     *
     * @param spec the fault
     * @return the fault
     * @throws IllegalArgumentException if the spec is not one of these
     */
    public static Fault parse(String spec) {
        String[] parts = spec.trim().split(":", -1);
        try {
            switch (parts[0]) {
                case "slow" -> {
                    if (parts.length == 2) {
                        return slow(Duration.ofMillis(Long.parseLong(parts[1])));
                    }
                }
                case "drop" -> {
                    if (parts.length == 1) {
                        return dropConnection();
                    }
                }
                case "malformed" -> {
                    if (parts.length == 1) {
                        return malformedBody();
                    }
                }
                case "vanish" -> {
                    if (parts.length == 1) {
                        return vanish();
                    }
                }
                case "empty" -> {
                    if (parts.length == 1) {
                        return emptyList();
                    }
                }
                case "lost" -> {
                    if (parts.length <= 2) {
                        return parts.length == 1 ? replyLost() : replyLost(Integer.parseInt(parts[1]));
                    }
                }
                case "429" -> {
                    int seconds = parts.length > 1 ? Integer.parseInt(parts[1]) : 1;
                    if (parts.length == 3) {
                        return rateLimited(seconds, parts[2]);
                    }
                    if (parts.length <= 2) {
                        return rateLimited(seconds);
                    }
                }
                case "529" -> {
                    if (parts.length <= 2) {
                        return overloaded(parts.length > 1 ? Integer.parseInt(parts[1]) : 1);
                    }
                }
                default -> {
                    if (parts.length == 1) {
                        return status(Integer.parseInt(parts[0]));
                    }
                }
            }
        } catch (NumberFormatException e) {
            // the message below
        }
        throw new IllegalArgumentException("Unknown fault '" + spec + "': use 409, 429[:SECONDS[:REASON]], 500, 502, "
                + "503, 504, 529[:SECONDS], slow:MILLIS, drop, malformed, vanish or empty");
    }
}
