package io.github.notionsync.client;

import java.time.Duration;

/** Notion kept answering 429 {@code rate_limited} (or 529) until the retries ran out. */
public final class NotionRateLimitedException extends NotionApiException {

    private static final long serialVersionUID = 1L;

    private final Duration retryAfter;

    public NotionRateLimitedException(String method, String path, int status, String code, String notionMessage,
            String requestId, Duration retryAfter) {
        super(method, path, status, code, notionMessage, requestId);
        this.retryAfter = retryAfter;
    }

    /** The wait Notion asked for in {@code Retry-After}, or {@code null} if it sent none. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
