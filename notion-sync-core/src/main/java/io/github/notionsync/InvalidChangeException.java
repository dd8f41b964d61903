package io.github.notionsync;

/**
 * A change to Notion was refused when it was enqueued, and nothing was sent: an unknown property,
 * a value of the wrong type, a read-only property, a missing option, text beyond Notion's limits,
 * or a page or database that the user has not mirrored.
 */
public final class InvalidChangeException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    private final String property;
    private final boolean targetNotFound;

    public InvalidChangeException(String message, String property, boolean targetNotFound) {
        super(message);
        this.property = property;
        this.targetNotFound = targetNotFound;
    }

    /** The property (or field) refused, or {@code null} when the change was refused as a whole. */
    public String property() {
        return property;
    }

    /** Whether the page or database of the change is not mirrored for the user. */
    public boolean targetNotFound() {
        return targetNotFound;
    }
}
