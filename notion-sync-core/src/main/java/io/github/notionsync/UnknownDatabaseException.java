package io.github.notionsync;

/** A sync was asked for a database that is not configured for that user. */
public final class UnknownDatabaseException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    private final String userId;
    private final String database;

    public UnknownDatabaseException(String userId, String database) {
        super("No database '" + database + "' is configured for user " + userId);
        this.userId = userId;
        this.database = database;
    }

    /** The user. */
    public String userId() {
        return userId;
    }

    /** The database id or name asked for. */
    public String database() {
        return database;
    }
}
