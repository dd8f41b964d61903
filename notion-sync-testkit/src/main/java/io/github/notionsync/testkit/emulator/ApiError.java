package io.github.notionsync.testkit.emulator;

/** A Notion error answer: status, code and message, rendered as Notion's error JSON. */
final class ApiError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    final int status;
    final String code;
    final int retryAfterSeconds;
    /** {@code additional_data.rate_limit_reason} of a 429, else null. */
    final String rateLimitReason;

    ApiError(int status, String code, String message) {
        this(status, code, message, 0, null);
    }

    ApiError(int status, String code, String message, int retryAfterSeconds) {
        this(status, code, message, retryAfterSeconds, null);
    }

    private ApiError(int status, String code, String message, int retryAfterSeconds, String rateLimitReason) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.retryAfterSeconds = retryAfterSeconds;
        this.rateLimitReason = rateLimitReason;
    }

    /**
     * 429 rate_limited, saying in {@code additional_data.rate_limit_reason} which limit was exceeded
     * (as Notion's answers do since its per-connection and per-workspace limits).
     */
    static ApiError rateLimited(int retryAfterSeconds, String reason) {
        return new ApiError(429, "rate_limited", "You have been rate limited. Please try again in a few minutes.",
                retryAfterSeconds, reason == null ? Fault.CONNECTION_RATE_LIMIT : reason);
    }

    static ApiError validation(String message) {
        return new ApiError(400, "validation_error", message);
    }

    static ApiError notFound(String kind, String id, Model.Integration integration) {
        String who = integration == null ? "" : " \"" + integration.name() + "\"";
        return new ApiError(404, "object_not_found", "Could not find " + kind + " with ID: " + id
                + ". Make sure the relevant pages and databases are shared with your integration" + who + ".");
    }

    static ApiError invalidUrl() {
        return new ApiError(400, "invalid_request_url", "Invalid request URL.");
    }

    static ApiError forStatus(int status, int retryAfterSeconds) {
        return switch (status) {
            case 409 -> new ApiError(409, "conflict_error", "Conflict occurred while saving. Please try again.");
            case 429 -> rateLimited(retryAfterSeconds, null);
            case 500 -> new ApiError(500, "internal_server_error", "Unexpected error occurred.");
            case 502 -> new ApiError(502, "bad_gateway", "Bad gateway.");
            case 503 -> new ApiError(503, "service_unavailable", "Notion is unavailable, please try again later.");
            case 504 -> new ApiError(504, "gateway_timeout", "Notion timed out.");
            case 529 -> new ApiError(529, "service_overload",
                    "Notion is overloaded, please try again later.", retryAfterSeconds);
            default -> throw new IllegalArgumentException("No Notion error for status " + status);
        };
    }
}
