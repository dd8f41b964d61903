package io.github.notionsync.client;

/**
 * 409 {@code conflict_error}: Notion hit a data collision while saving a write. Notion advises to
 * re-read the object and try again; the client does not retry on its own, since the caller decides
 * whether its change still applies.
 */
public final class NotionConflictException extends NotionApiException {

    private static final long serialVersionUID = 1L;

    public NotionConflictException(String method, String path, int status, String code, String notionMessage,
            String requestId) {
        super(method, path, status, code, notionMessage, requestId);
    }
}
