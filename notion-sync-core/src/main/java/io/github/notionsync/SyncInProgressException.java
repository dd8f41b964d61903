package io.github.notionsync;

/**
 * A sync could not start because its connection is being synced elsewhere (another thread or
 * instance), and the caller asked not to wait ({@link WhenBusy#FAIL}), or waiting took longer than
 * the engine's lock timeout.
 */
public final class SyncInProgressException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    private final String userId;
    private final String database;

    public SyncInProgressException(String userId, String database, String message) {
        super(message);
        this.userId = userId;
        this.database = database;
    }

    /** The user. */
    public String userId() {
        return userId;
    }

    /** The database's configured name. */
    public String database() {
        return database;
    }
}
