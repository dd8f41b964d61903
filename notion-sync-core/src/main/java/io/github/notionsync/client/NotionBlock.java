package io.github.notionsync.client;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import java.util.List;
import java.util.Objects;

/**
 * A block of page content, with its children when they were fetched.
 *
 * @param id the block id
 * @param type the block type, e.g. {@code paragraph}
 * @param hasChildren whether Notion says it has children
 * @param raw the block object as received
 * @param children its children, fetched by {@link NotionClient#retrieveBlockTree}; empty otherwise
 */
public record NotionBlock(NotionId id, String type, boolean hasChildren, JsonNode raw, List<NotionBlock> children) {

    public NotionBlock {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(raw, "raw");
        children = List.copyOf(children);
    }

    /** This block with the given children. */
    public NotionBlock withChildren(List<NotionBlock> newChildren) {
        return new NotionBlock(id, type, hasChildren, raw, newChildren);
    }
}
