package io.github.notionsync.internal.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MarkdownBlocksTest {

    /** A block as {@code type: text} with children indented below, annotations as markers. */
    private static String outline(List<ObjectNode> blocks) {
        StringBuilder b = new StringBuilder();
        outline(blocks, "", b);
        return b.toString();
    }

    private static void outline(List<? extends JsonNode> blocks, String indent, StringBuilder b) {
        for (JsonNode block : blocks) {
            String type = block.get("type").asText();
            JsonNode body = block.get(type);
            b.append(indent).append(type);
            if (body.has("checked")) {
                b.append(body.get("checked").asBoolean() ? "[x]" : "[ ]");
            }
            if (body.has("language")) {
                b.append('(').append(body.get("language").asText()).append(')');
            }
            if (body.has("rich_text")) {
                b.append(": ");
                for (JsonNode t : body.get("rich_text")) {
                    JsonNode a = t.path("annotations");
                    String s = t.path("text").path("content").asText();
                    s = a.path("code").asBoolean() ? "`" + s + "`" : s;
                    s = a.path("bold").asBoolean() ? "B(" + s + ")" : s;
                    s = a.path("italic").asBoolean() ? "I(" + s + ")" : s;
                    s = a.path("strikethrough").asBoolean() ? "S(" + s + ")" : s;
                    s = a.path("underline").asBoolean() ? "U(" + s + ")" : s;
                    JsonNode link = t.path("text").path("link");
                    s = link.has("url") ? "L(" + s + "->" + link.get("url").asText() + ")" : s;
                    b.append(s);
                }
            }
            b.append('\n');
            List<JsonNode> children = new ArrayList<>();
            body.path("children").forEach(children::add);
            outline(children, indent + "  ", b);
        }
    }

    @Test
    void everyConstructBecomesItsBlock() {
        String md = """
                # Title
                ## Part
                ### Section
                #### Deeper

                Plain **bold** *italic* ~~gone~~ <u>under</u> `code` [link](https://example.com/a) and
                a second line.

                - one
                  - nested
                    1. deep
                - [ ] open
                - [x] done

                1. first
                2. second

                > quoted **text**
                >
                > more

                ```java
                int x = 1;
                ```

                    indented code

                ```unknownlang
                ?
                ```

                ---

                [relative](docs/a.md) ![pic](https://example.com/p.png)
                """;
        assertThat(outline(MarkdownBlocks.toBlocks(md))).isEqualTo("""
                heading_1: Title
                heading_2: Part
                heading_3: Section
                heading_3: Deeper
                paragraph: Plain B(bold) I(italic) S(gone) U(under) `code` L(link->https://example.com/a) and
                a second line.
                bulleted_list_item: one
                  bulleted_list_item: nested
                    numbered_list_item: deep
                to_do[ ]: open
                to_do[x]: done
                numbered_list_item: first
                numbered_list_item: second
                quote: quoted B(text)
                  paragraph: more
                code(java): int x = 1;
                code(plain text): indented code
                code(plain text): ?
                divider
                paragraph: relative L(pic->https://example.com/p.png)
                """);
    }

    @Test
    void nestedAnnotationsCombineAndBlankInputMakesNothing() {
        assertThat(outline(MarkdownBlocks.toBlocks("***both*** and **bold `code`**")))
                .isEqualTo("paragraph: I(B(both)) and B(bold )B(`code`)\n");
        assertThat(MarkdownBlocks.toBlocks("  \n\n")).isEmpty();
        ObjectNode plain = MarkdownBlocks.toBlocks("just text").get(0);
        assertThat(plain.toString()).isEqualTo("{\"type\":\"paragraph\",\"paragraph\":{\"rich_text\":[{\"type\":"
                + "\"text\",\"text\":{\"content\":\"just text\"}}]}}");
    }

    @Test
    void longTextIsCutIntoPiecesOfTwoThousandCharacters() {
        String text = "a".repeat(1999) + "\uD83D\uDE00" + "b".repeat(2500);
        JsonNode rich = MarkdownBlocks.toBlocks(text).get(0).get("paragraph").get("rich_text");
        assertThat(rich).hasSize(3);
        assertThat(rich.get(0).path("text").path("content").asText()).hasSize(1999); // the emoji is not cut
        assertThat(rich.get(1).path("text").path("content").asText()).hasSize(2000).startsWith("\uD83D\uDE00");
        StringBuilder joined = new StringBuilder();
        rich.forEach(r -> joined.append(r.path("text").path("content").asText()));
        assertThat(joined.toString()).isEqualTo(text);

        JsonNode code = MarkdownBlocks.toBlocks("```\n" + "x".repeat(4001) + "\n```").get(0).get("code")
                .get("rich_text");
        assertThat(code).hasSize(3);
    }

    @Test
    void inputPastTheLimitsIsRefusedWithTheLimit() {
        assertThatThrownBy(() -> MarkdownBlocks.toBlocks("x".repeat(MarkdownBlocks.MAX_MARKDOWN_LENGTH + 1)))
                .isInstanceOf(MarkdownLimitException.class).hasMessageContaining("200000");
        assertThatThrownBy(() -> MarkdownBlocks.toBlocks("p\n\n".repeat(MarkdownBlocks.MAX_BLOCKS + 1)))
                .isInstanceOf(MarkdownLimitException.class).hasMessageContaining("more than 2000 blocks");
        assertThatThrownBy(() -> MarkdownBlocks.toBlocks(">".repeat(40) + " deep"))
                .isInstanceOf(MarkdownLimitException.class).hasMessageContaining("levels deep");
        assertThatThrownBy(() -> MarkdownBlocks.toBlocks("*".repeat(60) + "x" + "*".repeat(60)))
                .isInstanceOf(MarkdownLimitException.class).hasMessageContaining("inline formatting");
        assertThatThrownBy(() -> MarkdownBlocks.toBlocks("**a** b ".repeat(51)))
                .isInstanceOf(MarkdownLimitException.class).hasMessageContaining("rich-text pieces");
        assertThat(MarkdownBlocks.toBlocks(">".repeat(MarkdownBlocks.MAX_DEPTH) + " ok")).hasSize(1);
    }

    @Test
    void theLeadingBatchFitsOneRequest() {
        List<ObjectNode> many = MarkdownBlocks.toBlocks("p\n\n".repeat(150));
        assertThat(MarkdownBlocks.leadingBatch(many)).hasSize(100);
        List<ObjectNode> nested = MarkdownBlocks.toBlocks("a\n\n- one\n  - two\n\n- three\n  - four\n    - five\n");
        // "one" carries a child (two levels): fine; "three" has a grandchild: it ends the batch.
        assertThat(MarkdownBlocks.leadingBatch(nested)).hasSize(2);
        List<ObjectNode> wide = MarkdownBlocks.toBlocks("- top\n" + "  - child\n".repeat(101));
        assertThat(MarkdownBlocks.leadingBatch(wide)).isEmpty();
    }
}
