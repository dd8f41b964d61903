package io.github.notionsync.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.PropertyMapping;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.HttpNotionClient;
import io.github.notionsync.client.NotionApiVersion;
import io.github.notionsync.client.NotionPage;
import io.github.notionsync.internal.extract.StandardPageExtractor;
import io.github.notionsync.internal.write.MarkdownBlocks;
import io.github.notionsync.testkit.emulator.EmulatedDatabase;
import io.github.notionsync.testkit.emulator.NotionEmulator;
import io.github.notionsync.testkit.emulator.Schema;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Markdown → blocks → the emulator (append over HTTP) → the read side (block tree and the
 * extractor's Markdown) gives back the same Markdown.
 */
class MarkdownRoundTripIT {

    private NotionEmulator notion;
    private HttpNotionClient client;
    private EmulatedDatabase db;

    @BeforeEach
    void start() {
        notion = NotionEmulator.builder().build().start();
        client = HttpNotionClient.builder().token(notion.workspace().createToken("round-trip"))
                .baseUrl(notion.baseUrl()).apiVersion(NotionApiVersion.V2025_09_03).noRateLimit().build();
        db = notion.workspace().createDatabase("Pages", Schema.builder().build());
    }

    @AfterEach
    void stop() {
        client.close();
        notion.close();
    }

    /** What the read side makes of a page's content. */
    private String readBack(NotionId page) {
        NotionPage p = client.retrievePage(page);
        BlockTree tree = client.retrieveBlockTree(page, 20, 10_000);
        assertThat(tree.truncated()).isFalse();
        return StandardPageExtractor.INSTANCE.extract(p, tree, PropertyMapping.defaults(TargetKind.PAGES))
                .contentMarkdown();
    }

    private NotionId newPage() {
        return NotionId.parse(db.addPage(Map.of("Name", "Page")).id());
    }

    @Test
    void everyConstructComesBackAsWritten() {
        String markdown = """
                # Title

                ## Part

                ### Section

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

                ```java
                int x = 1;
                System.out.println(x);
                ```

                ---

                Last words.""";
        NotionId page = newPage();
        List<ObjectNode> blocks = MarkdownBlocks.toBlocks(markdown);
        int requests = MarkdownBlocks.appendAll(page, blocks, client::appendBlockChildren);
        // "one" has a grandchild, so its child follows in a request of its own.
        assertThat(requests).isEqualTo(2);
        String back = readBack(page);
        // The read side lays lists out its own way (a blank line after a nested list, none between a
        // bulleted and a numbered list); the Markdown means the same: it parses to the same blocks.
        assertThat(MarkdownBlocks.toBlocks(back)).isEqualTo(blocks);
        assertThat(back.replace("\n\n- [ ] open", "\n- [ ] open").replace("- [x] done\n1.", "- [x] done\n\n1."))
                .isEqualTo(markdown);
    }

    @Test
    void longTextAndLargeDocumentsArriveWholeAndInOrder() {
        StringBuilder md = new StringBuilder("Intro " + "x".repeat(4500) + "\n\n");
        for (int i = 0; i < 250; i++) {
            md.append("Paragraph ").append(i).append("\n\n");
        }
        md.append("- a\n  - b\n    - c\n      - d\n        - e");
        String markdown = md.toString();
        List<ObjectNode> blocks = MarkdownBlocks.toBlocks(markdown);

        // As a new page: what fits goes with the create request, the rest is appended.
        List<ObjectNode> first = MarkdownBlocks.leadingBatch(blocks);
        assertThat(first).hasSize(100);
        NotionPage created = client.createPage(NotionId.parse(db.id()), null,
                (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode(), first);
        int requests = MarkdownBlocks.appendAll(created.id(), blocks.subList(first.size(), blocks.size()),
                client::appendBlockChildren);
        assertThat(requests).isEqualTo(2 + 3); // 152 blocks in two requests, then b, c and d under their parents
        String back = readBack(created.id());
        assertThat(back).isEqualTo(markdown);
        // Re-reading what came back gives the same blocks: the round trip is stable.
        assertThat(MarkdownBlocks.toBlocks(back)).isEqualTo(blocks);
    }
}
