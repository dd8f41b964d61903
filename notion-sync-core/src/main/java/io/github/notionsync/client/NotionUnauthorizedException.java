package io.github.notionsync.client;

/** 401 {@code unauthorized}: the token is invalid or revoked. Retrying will not help. */
public final class NotionUnauthorizedException extends NotionApiException {

    private static final long serialVersionUID = 1L;

    public NotionUnauthorizedException(String method, String path, int status, String code, String notionMessage,
            String requestId) {
        super(method, path, status, code, notionMessage, requestId);
    }
}
