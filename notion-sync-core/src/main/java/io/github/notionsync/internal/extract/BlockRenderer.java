package io.github.notionsync.internal.extract;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.client.NotionBlock;
import java.util.List;

/**
 * Renders a block tree as plain text and Markdown. Blocks without text (table of contents,
 * breadcrumb) render as nothing; unsupported and unknown blocks are skipped and counted.
 */
final class BlockRenderer {

    private static final java.util.Set<String> LIST_ITEMS =
            java.util.Set.of("bulleted_list_item", "numbered_list_item", "to_do", "toggle");

    private final StringBuilder text = new StringBuilder();
    private final StringBuilder markdown = new StringBuilder();
    private int skipped;

    String text() {
        return text.toString().strip();
    }

    String markdown() {
        return markdown.toString().strip();
    }

    int skipped() {
        return skipped;
    }

    void render(List<NotionBlock> blocks) {
        render(blocks, "");
    }

    private void render(List<NotionBlock> blocks, String indent) {
        int number = 0;
        boolean inList = false;
        for (NotionBlock block : blocks) {
            number = "numbered_list_item".equals(block.type()) ? number + 1 : 0;
            boolean listItem = LIST_ITEMS.contains(block.type());
            if (inList && !listItem) {
                blankLine(indent); // or the next block would continue the last list item
            }
            inList = listItem;
            renderBlock(block, indent, number);
        }
        if (inList) {
            blankLine(indent);
        }
    }

    private void renderBlock(NotionBlock block, String indent, int number) {
        JsonNode body = block.raw().path(block.type());
        JsonNode rich = body.get("rich_text");
        String plain = RichText.plain(rich);
        String md = RichText.markdown(rich);
        switch (block.type()) {
            case "paragraph" -> {
                line(plain, indent + md);
                blankLine(indent);
                render(block.children(), indent);
            }
            case "heading_1", "heading_2", "heading_3" -> {
                int level = block.type().charAt(8) - '0';
                line(plain, indent + "#".repeat(level) + ' ' + md);
                blankLine(indent);
                render(block.children(), indent);
            }
            case "bulleted_list_item", "toggle" -> listItem(block, plain, indent, "- ", md);
            case "numbered_list_item" -> listItem(block, plain, indent, number + ". ", md);
            case "to_do" -> listItem(block, plain, indent, body.path("checked").asBoolean() ? "- [x] " : "- [ ] ", md);
            case "quote" -> {
                line(plain, indent + "> " + continued(md, indent + "> "));
                render(block.children(), indent + "> ");
                blankLine(indent);
            }
            case "callout" -> {
                String icon = body.path("icon").path("emoji").asText("");
                line(plain, indent + "> " + (icon.isEmpty() ? "" : icon + ' ') + continued(md, indent + "> "));
                render(block.children(), indent + "> ");
                blankLine(indent);
            }
            case "code" -> {
                String language = body.path("language").asText("");
                line(plain, indent + "```" + ("plain text".equals(language) ? "" : language));
                for (String l : plain.split("\n", -1)) {
                    markdown.append(indent).append(l).append('\n');
                }
                markdown.append(indent).append("```\n");
                blankLine(indent);
            }
            case "equation" -> {
                String expression = body.path("expression").asText("");
                line(expression, indent + "$$" + expression + "$$");
                blankLine(indent);
            }
            case "divider" -> {
                markdown.append(indent).append("---\n");
                blankLine(indent);
            }
            case "table" -> table(block, indent);
            case "image", "video", "pdf", "file", "audio" -> {
                String url = fileUrl(body);
                String caption = RichText.plain(body.get("caption"));
                String name = body.path("name").asText("");
                String label = !caption.isEmpty() ? caption : !name.isEmpty() ? name : block.type();
                line(label, indent + ("image".equals(block.type()) ? "!" : "") + "[" + RichText.escape(label) + "]("
                        + url + ")");
                blankLine(indent);
            }
            case "bookmark", "embed", "link_preview" -> {
                String url = body.path("url").asText("");
                String caption = RichText.plain(body.get("caption"));
                line(caption.isEmpty() ? url : caption + ' ' + url,
                        indent + "[" + RichText.escape(caption.isEmpty() ? url : caption) + "](" + url + ")");
                blankLine(indent);
            }
            case "child_page", "child_database" -> {
                String title = body.path("title").asText("");
                line(title, indent + "[" + RichText.escape(title) + "](" + RichText.notionUrl(block.id().value()) + ")");
                blankLine(indent);
            }
            case "link_to_page" -> {
                String target = body.path(body.path("type").asText("page_id")).asText(null);
                String url = RichText.notionUrl(target);
                markdown.append(indent).append("[Link to page](").append(url).append(")\n");
                blankLine(indent);
            }
            case "synced_block", "column_list", "column", "template", "tab" -> render(block.children(), indent);
            case "table_of_contents", "breadcrumb" -> {
                // navigation only: no text of its own
            }
            default -> {
                if (rich != null && rich.isArray()) {
                    // A newer text block type: keep its text rather than lose it.
                    line(plain, indent + md);
                    blankLine(indent);
                    render(block.children(), indent);
                } else {
                    skipped++;
                }
            }
        }
    }

    private void listItem(NotionBlock block, String plain, String indent, String marker, String md) {
        String nested = indent + " ".repeat(marker.startsWith("- ") ? 2 : marker.length());
        line(plain, indent + marker + continued(md, nested));
        render(block.children(), nested);
    }

    /** Keeps the later lines of a multi-line text inside its list item or quote. */
    private static String continued(String md, String prefix) {
        return md.indexOf('\n') < 0 ? md : md.replace("\n", "\n" + prefix);
    }

    /** Markdown tables need a header row; without a column header the first row serves. */
    private void table(NotionBlock table, String indent) {
        boolean first = true;
        for (NotionBlock row : table.children()) {
            JsonNode cells = row.raw().path("table_row").path("cells");
            StringBuilder plainRow = new StringBuilder();
            StringBuilder mdRow = new StringBuilder(indent).append('|');
            int columns = 0;
            for (JsonNode cell : cells) {
                if (columns++ > 0) {
                    plainRow.append('\t');
                }
                plainRow.append(RichText.plain(cell));
                mdRow.append(' ').append(RichText.markdown(cell).replace("|", "\\|").replace("\n", " ")).append(" |");
            }
            text.append(plainRow).append('\n');
            markdown.append(mdRow).append('\n');
            if (first) {
                markdown.append(indent).append('|').append(" --- |".repeat(Math.max(columns, 1))).append('\n');
                first = false;
            }
        }
        blankLine(indent);
    }

    /**
     * The URL of a file-like block. Notion-hosted files have signed URLs that change on every
     * read; their query string (the signature) is dropped so the content stays stable.
     */
    static String fileUrl(JsonNode body) {
        String type = body.path("type").asText("external");
        String url = body.path(type).path("url").asText("");
        if ("file".equals(type)) {
            int q = url.indexOf('?');
            return q < 0 ? url : url.substring(0, q);
        }
        return url;
    }

    private void line(String plain, String markdownLine) {
        if (!plain.isEmpty()) {
            text.append(plain).append('\n');
        }
        markdown.append(markdownLine).append('\n');
    }

    private void blankLine(String indent) {
        if (indent.isBlank() && markdown.length() > 0 && !endsWithBlankLine()) {
            markdown.append('\n');
        }
    }

    private boolean endsWithBlankLine() {
        int n = markdown.length();
        return n >= 2 && markdown.charAt(n - 1) == '\n' && markdown.charAt(n - 2) == '\n';
    }
}
