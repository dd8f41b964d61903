package io.github.notionsync.testkit.notion;

import java.util.List;
import java.util.Objects;

/**
 * Page content to put into the emulator: a block type, its text and its children.
 *
 * @param type a Notion block type, e.g. {@code paragraph}, {@code heading_1}, {@code to_do}
 * @param text its text ({@code ""} for blocks without text, such as {@code divider})
 * @param children nested blocks
 */
public record Block(String type, String text, List<Block> children) {

    public Block {
        Objects.requireNonNull(type, "type");
        text = text == null ? "" : text;
        children = List.copyOf(children);
    }

    /** A paragraph. */
    public static Block paragraph(String text) {
        return new Block("paragraph", text, List.of());
    }

    /** A heading of level 1 to 3. */
    public static Block heading(int level, String text) {
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("heading level must be 1 to 3");
        }
        return new Block("heading_" + level, text, List.of());
    }

    /** A bulleted list item with optional nested items. */
    public static Block bullet(String text, Block... children) {
        return new Block("bulleted_list_item", text, List.of(children));
    }

    /** A toggle with children. */
    public static Block toggle(String text, Block... children) {
        return new Block("toggle", text, List.of(children));
    }

    /** A quote. */
    public static Block quote(String text) {
        return new Block("quote", text, List.of());
    }

    /** A divider. */
    public static Block divider() {
        return new Block("divider", "", List.of());
    }
}
