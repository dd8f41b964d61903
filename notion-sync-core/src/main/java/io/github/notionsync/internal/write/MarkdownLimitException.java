package io.github.notionsync.internal.write;

import io.github.notionsync.NotionSyncException;

/**
 * Markdown that cannot become Notion blocks within the limits {@link MarkdownBlocks} keeps: too
 * long, too many blocks, nested too deep, or a block with more rich-text pieces than Notion takes.
 * The message says which limit and by how much; nothing is sent to Notion.
 */
public final class MarkdownLimitException extends NotionSyncException {

    private static final long serialVersionUID = 1L;

    public MarkdownLimitException(String message) {
        super(message);
    }
}
