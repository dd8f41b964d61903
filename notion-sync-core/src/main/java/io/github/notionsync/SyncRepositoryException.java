package io.github.notionsync;

/** The store failed (for example an SQL error); wraps the store's own exception. */
public class SyncRepositoryException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    public SyncRepositoryException(String message, Throwable cause) {
        super(message, cause);
    }
}
