package io.github.notionsync.client;

/**
 * 404 {@code object_not_found}: the page, database or block does not exist, was deleted, or is
 * not shared with the integration. Notion does not say which.
 */
public final class NotionObjectNotFoundException extends NotionApiException {

    private static final long serialVersionUID = 1L;

    public NotionObjectNotFoundException(String method, String path, int status, String code, String notionMessage,
            String requestId) {
        super(method, path, status, code, notionMessage, requestId);
    }
}
