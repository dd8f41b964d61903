package io.github.notionsync.client;

import java.util.List;

/**
 * The content of a page: its top-level blocks, each with its children down to the depth asked.
 *
 * @param blocks top-level blocks in order
 * @param blockCount how many blocks were fetched in all
 * @param truncated whether the depth limit or the block budget cut the tree short
 */
public record BlockTree(List<NotionBlock> blocks, int blockCount, boolean truncated) {

    public BlockTree {
        blocks = List.copyOf(blocks);
    }
}
