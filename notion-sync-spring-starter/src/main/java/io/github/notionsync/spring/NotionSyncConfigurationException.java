package io.github.notionsync.spring;

import io.github.notionsync.NotionSyncException;

/** notion-sync's Spring configuration is invalid; the message names the property and the fix. */
public final class NotionSyncConfigurationException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    public NotionSyncConfigurationException(String message) {
        super(message);
    }
}
