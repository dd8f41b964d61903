package io.github.notionsync;

/**
 * The root of every exception notion-sync throws.
 *
 * <p>It is unchecked: callers catch the specific subclass they can act on (for example
 * {@link InvalidNotionIdException}) or this type to handle every notion-sync failure at once.
 * Messages name the subject of the failure and never contain a Notion token.
 */
public abstract class NotionSyncException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    protected NotionSyncException(String message) {
        super(message);
    }

    protected NotionSyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
