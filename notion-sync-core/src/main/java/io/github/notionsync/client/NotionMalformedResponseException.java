package io.github.notionsync.client;

import io.github.notionsync.NotionSyncException;

/** Notion's answer was not the JSON it should be (truncated, not JSON, or missing fields). */
public final class NotionMalformedResponseException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    private final int status;

    public NotionMalformedResponseException(String method, String path, int status, String problem,
            Throwable cause) {
        super("Notion request " + method + ' ' + path + " returned a malformed response (HTTP " + status + "): "
                + problem, cause);
        this.status = status;
    }

    /** HTTP status of the malformed response. */
    public int status() {
        return status;
    }
}
