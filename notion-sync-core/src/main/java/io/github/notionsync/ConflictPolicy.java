package io.github.notionsync;

/**
 * What the push of a change does when the page changed in Notion since the change was based on
 * it (see {@link NotionWrites}). Set per database with {@link DatabaseConfig#withConflictPolicy}.
 */
public enum ConflictPolicy {
    /**
     * The change ends as {@code conflict} with both versions recorded and Notion untouched; the
     * application decides (it may enqueue the change again on the new version). The default.
     */
    FAIL,
    /**
     * Notion's version is kept: the change ends as {@code conflict} (resolution
     * {@code notion_wins}), Notion is untouched and the mirror row is refreshed from Notion.
     */
    NOTION_WINS,
    /**
     * The change is written anyway, over Notion's edit: it ends as {@code applied} (resolution
     * {@code local_wins}) with Notion's overwritten version recorded.
     */
    LOCAL_WINS
}
