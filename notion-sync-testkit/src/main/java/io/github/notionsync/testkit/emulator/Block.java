package io.github.notionsync.testkit.emulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A block of page content with its children, to add to a page. Rendered like Notion's block
 * objects; a block with children has {@code has_children: true} and its children are served by
 * {@code GET /v1/blocks/{id}/children}.
 *
 * @param type the Notion block type, e.g. {@code paragraph}
 * @param richText the text of text-bearing blocks (empty otherwise)
 * @param attributes the other fields of the type object, in order (e.g. {@code checked}, {@code language})
 * @param children nested blocks
 */
public record Block(String type, List<RichText> richText, Map<String, Object> attributes, List<Block> children) {

    static final Set<String> TEXT_TYPES = Set.of("paragraph", "heading_1", "heading_2", "heading_3",
            "bulleted_list_item", "numbered_list_item", "to_do", "toggle", "quote", "callout", "code");

    public Block {
        Objects.requireNonNull(type, "type");
        richText = List.copyOf(richText);
        attributes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
        children = List.copyOf(children);
    }

    private static Block text(String type, String text, Map<String, Object> attributes, Block... children) {
        return new Block(type, List.of(RichText.text(text)), attributes, List.of(children));
    }

    private static Map<String, Object> attrs(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /** A paragraph. */
    public static Block paragraph(String text, Block... children) {
        return text("paragraph", text, attrs("color", "default"), children);
    }

    /** A paragraph of rich text items (e.g. with mentions). */
    public static Block paragraph(List<RichText> text) {
        return new Block("paragraph", text, attrs("color", "default"), List.of());
    }

    /** A heading of level 1 to 3. */
    public static Block heading(int level, String text) {
        if (level < 1 || level > 3) {
            throw new IllegalArgumentException("Heading level must be 1, 2 or 3: " + level);
        }
        return text("heading_" + level, text, attrs("is_toggleable", false, "color", "default"));
    }

    /** A bulleted list item. */
    public static Block bulletedListItem(String text, Block... children) {
        return text("bulleted_list_item", text, attrs("color", "default"), children);
    }

    /** A numbered list item. */
    public static Block numberedListItem(String text, Block... children) {
        return text("numbered_list_item", text, attrs("color", "default"), children);
    }

    /** A to-do. */
    public static Block toDo(String text, boolean checked) {
        return text("to_do", text, attrs("checked", checked, "color", "default"));
    }

    /** A toggle with nested content. */
    public static Block toggle(String text, Block... children) {
        return text("toggle", text, attrs("color", "default"), children);
    }

    /** A quote. */
    public static Block quote(String text) {
        return text("quote", text, attrs("color", "default"));
    }

    /** A callout with an emoji icon. */
    public static Block callout(String emoji, String text) {
        return text("callout", text, attrs("icon", Map.of("type", "emoji", "emoji", emoji), "color", "default"));
    }

    /** A code block. */
    public static Block code(String language, String code) {
        return new Block("code", List.of(RichText.text(code)), attrs("caption", List.of(), "language", language),
                List.of());
    }

    /** A divider. */
    public static Block divider() {
        return new Block("divider", List.of(), Map.of(), List.of());
    }

    /** An equation. */
    public static Block equation(String expression) {
        return new Block("equation", List.of(), attrs("expression", expression), List.of());
    }

    /** A bookmark. */
    public static Block bookmark(String url) {
        return new Block("bookmark", List.of(), attrs("caption", List.of(), "url", url), List.of());
    }

    /** An image hosted elsewhere. */
    public static Block image(String url) {
        return new Block("image", List.of(),
                attrs("caption", List.of(), "type", "external", "external", Map.of("url", url)), List.of());
    }

    /** A table; each row is a list of cell texts, all rows as wide as the first. */
    public static Block table(boolean columnHeader, List<List<String>> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("A table needs at least one row");
        }
        int width = rows.get(0).size();
        Block[] rowBlocks = new Block[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = rows.get(i);
            if (row.size() != width) {
                throw new IllegalArgumentException("Table row " + i + " has " + row.size() + " cells, not " + width);
            }
            List<List<RichText>> cells = row.stream().map(c -> List.of(RichText.text(c))).toList();
            rowBlocks[i] = new Block("table_row", List.of(), attrs("cells", cells), List.of());
        }
        return new Block("table", List.of(),
                attrs("table_width", width, "has_column_header", columnHeader, "has_row_header", false),
                List.of(rowBlocks));
    }

    /** Columns side by side; each argument is the content of one column. */
    public static Block columns(List<List<Block>> columns) {
        Block[] cols = columns.stream()
                .map(c -> new Block("column", List.of(), Map.of(), c))
                .toArray(Block[]::new);
        return new Block("column_list", List.of(), Map.of(), List.of(cols));
    }
}
