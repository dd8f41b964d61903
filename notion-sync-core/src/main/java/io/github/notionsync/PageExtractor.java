package io.github.notionsync;

import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.NotionPage;
import io.github.notionsync.internal.extract.StandardPageExtractor;

/**
 * Turns a Notion page, and optionally its content, into a {@link PageRecord}: title, typed
 * fields for the target kind, every property normalised and as plain text, the content as plain
 * text and Markdown, and a word count. Unknown property or block types are kept raw or counted,
 * never fatal; a malformed property becomes a problem of the record, not an exception.
 */
public interface PageExtractor {

    /**
     * Extracts a page.
     *
     * @param page the page as the API returned it
     * @param content its blocks, or {@code null} when content was not fetched
     * @param mapping the target kind and its property mapping
     */
    PageRecord extract(NotionPage page, BlockTree content, PropertyMapping mapping);

    /** The extractor notion-sync uses by default. Thread-safe. */
    static PageExtractor standard() {
        return StandardPageExtractor.INSTANCE;
    }
}
