package io.github.notionsync.client;

import io.github.notionsync.NotionSyncException;

/**
 * The request did not get an answer (connection refused or dropped, timeout) after every retry, or,
 * as {@link NotionWriteOutcomeUnknownException}, a write that must not be repeated got no trustworthy
 * answer.
 */
public class NotionTransportException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    public NotionTransportException(String method, String path, int attempts, Throwable cause) {
        super("Notion request " + method + ' ' + path + " got no answer after " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + ": " + cause, cause);
    }

    /** For subclasses that describe the failure themselves. */
    protected NotionTransportException(String message, Throwable cause) {
        super(message, cause);
    }
}
