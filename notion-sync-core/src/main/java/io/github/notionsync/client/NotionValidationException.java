package io.github.notionsync.client;

/**
 * 400 {@code validation_error}: Notion refused the request body or path, for example an unknown
 * property name, a value of the wrong shape for its property type, a read-only property or text over
 * Notion's limits. {@link #notionMessage()} says which; retrying the same request will not help.
 */
public final class NotionValidationException extends NotionApiException {

    private static final long serialVersionUID = 1L;

    public NotionValidationException(String method, String path, int status, String code, String notionMessage,
            String requestId) {
        super(method, path, status, code, notionMessage, requestId);
    }
}
