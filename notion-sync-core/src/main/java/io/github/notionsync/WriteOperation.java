package io.github.notionsync;

import java.util.Locale;

/** What a change in the outbox does to Notion (see {@link NotionWrites}). */
public enum WriteOperation {
    /** Sets properties of a page. */
    UPDATE,
    /** Creates a page in a mirrored database, with properties and Markdown content. */
    CREATE,
    /** Moves a page to the trash. */
    TRASH,
    /** Takes a page out of the trash. */
    RESTORE,
    /** Appends Markdown content at the end of a page. */
    APPEND,
    /** Replaces a page's content with Markdown content. */
    REPLACE;

    /** The name stored in the outbox's {@code operation} column. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The operation stored as {@code code}. */
    public static WriteOperation ofCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
