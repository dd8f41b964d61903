package io.github.notionsync.client;

import io.github.notionsync.NotionSyncException;

/**
 * Notion answered a request with an error: carries the HTTP status, Notion's error {@code code},
 * its message and the request id to quote to Notion support.
 */
public class NotionApiException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    private final String method;
    private final String path;
    private final int status;
    private final String code;
    private final String notionMessage;
    private final String requestId;

    public NotionApiException(String method, String path, int status, String code, String notionMessage,
            String requestId) {
        super(describe(method, path, status, code, notionMessage, requestId));
        this.method = method;
        this.path = path;
        this.status = status;
        this.code = code;
        this.notionMessage = notionMessage;
        this.requestId = requestId;
    }

    /** HTTP method of the failed request. */
    public String method() {
        return method;
    }

    /** Path of the failed request, e.g. {@code /v1/data_sources/…/query}. */
    public String path() {
        return path;
    }

    /** HTTP status. */
    public int status() {
        return status;
    }

    /** Notion's error code, e.g. {@code object_not_found}; {@code null} when the body had none. */
    public String code() {
        return code;
    }

    /** Notion's own message, or {@code null}. */
    public String notionMessage() {
        return notionMessage;
    }

    /** Notion's request id, or {@code null}. */
    public String requestId() {
        return requestId;
    }

    /** Whether a later retry of the same request could succeed. */
    public boolean isRetryable() {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 || status == 529;
    }

    private static String describe(String method, String path, int status, String code, String message,
            String requestId) {
        StringBuilder b = new StringBuilder("Notion request ").append(method).append(' ').append(path)
                .append(" failed: ").append(status);
        if (code != null) {
            b.append(' ').append(code);
        }
        String hint = hint(method, path, status, code);
        if (hint != null) {
            b.append(" (").append(hint).append(')');
        }
        if (message != null && !message.isBlank()) {
            b.append(": ").append(message.length() > 300 ? message.substring(0, 300) + "…" : message);
        }
        if (requestId != null) {
            b.append(" [request id ").append(requestId).append(']');
        }
        return b.toString();
    }

    private static String hint(String method, String path, int status, String code) {
        return switch (status) {
            case 401 -> "the token is wrong or revoked, or the integration lacks access";
            case 403 -> "the integration lacks the capability this request needs: enable \""
                    + NotionRestrictedResourceException.capabilityFor(method, path)
                    + "\" in the integration's capabilities";
            case 409 -> "another edit collided with this write in Notion: re-read and try again";
            case 404 -> "the object does not exist or is not shared with the integration: share the database"
                    + " with the integration";
            case 429 -> "rate limited by Notion";
            case 400 -> "missing_version".equals(code) ? "the Notion-Version header is missing" : null;
            case 500, 502, 503, 504, 529 -> "Notion is having trouble; retried without success";
            default -> status >= 500 ? "Notion answered with a server error that is not retried" : null;
        };
    }
}
