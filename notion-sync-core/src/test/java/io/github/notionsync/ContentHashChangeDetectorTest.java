package io.github.notionsync;

import static io.github.notionsync.PageExtractorTest.fixture;
import static io.github.notionsync.PageExtractorTest.page;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.NotionBlock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContentHashChangeDetectorTest {

    private final PageExtractor extractor = PageExtractor.standard();
    private final ChangeDetector detector = new ContentHashChangeDetector();
    private final PropertyMapping mapping = PropertyMapping.defaults(TargetKind.PAGES);

    private String hash(JsonNode pageJson, BlockTree content) {
        return detector.hash(extractor.extract(page(pageJson), content, mapping));
    }

    @Test
    void samePageFetchedAgainWithNewSignedUrlsHashesTheSame() {
        JsonNode first = fixture("page_2022-06-28_retrieve.json");
        ObjectNode second = first.deepCopy();
        resign(second);
        second.put("request_id", "another-request");
        second.put("last_edited_time", "2030-01-01T00:00:00.000Z");
        assertThat(second.toString()).isNotEqualTo(first.toString());

        BlockTree tree = PageExtractorTest.demoTree();
        BlockTree resignedTree = new BlockTree(resignBlocks(tree.blocks()), tree.blockCount(), false);

        assertThat(hash(second, resignedTree)).isEqualTo(hash(first, tree)).hasSize(64);
    }

    @Test
    void oneCharacterEditHashesDifferently() {
        JsonNode page = fixture("page_all_property_types.json");
        ObjectNode edited = page.deepCopy();
        ObjectNode text = (ObjectNode) edited.path("properties").path("Text").path("rich_text").get(0);
        text.put("plain_text", "Texts");
        assertThat(hash(edited, null)).isNotEqualTo(hash(page, null));

        BlockTree tree = PageExtractorTest.demoTree();
        List<NotionBlock> blocks = new ArrayList<>(tree.blocks());
        NotionBlock paragraph = blocks.stream().filter(b -> b.type().equals("paragraph")).findFirst().orElseThrow();
        ObjectNode raw = paragraph.raw().deepCopy();
        ObjectNode rt = (ObjectNode) raw.path("paragraph").path("rich_text").get(0);
        rt.put("plain_text", rt.path("plain_text").asText() + "!");
        blocks.set(blocks.indexOf(paragraph), new NotionBlock(paragraph.id(), "paragraph", false, raw, List.of()));
        assertThat(hash(page, new BlockTree(blocks, tree.blockCount(), false))).isNotEqualTo(hash(page, tree));

        ObjectNode trashed = page.deepCopy();
        trashed.put("in_trash", true);
        JsonNode trashedJson = trashed;
        assertThat(detector.hash(extractor.extract(page(trashedJson), null, mapping))).isNotEqualTo(hash(page, null));
    }

    @Test
    void keyOrderAndWhitespaceDoNotMatter() throws Exception {
        JsonNode page = fixture("page_all_property_types.json");
        ObjectNode reordered = PageExtractorTest.MAPPER.createObjectNode();
        List<String> names = new ArrayList<>();
        page.path("properties").fieldNames().forEachRemaining(names::add);
        java.util.Collections.reverse(names);
        ObjectNode props = reordered.putObject("properties");
        names.forEach(n -> props.set(n, page.path("properties").get(n)));
        page.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("properties")) {
                reordered.set(e.getKey(), e.getValue());
            }
        });
        JsonNode reparsed = PageExtractorTest.MAPPER.readTree(
                PageExtractorTest.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(reordered));
        assertThat(hash(reparsed, null)).isEqualTo(hash(page, null));
        assertThat(detector.changed(hash(page, null), extractor.extract(page(reparsed), null, mapping))).isFalse();
        assertThat(detector.changed(null, extractor.extract(page(page), null, mapping))).isTrue();
    }

    private static void resign(ObjectNode node) {
        node.fields().forEachRemaining(e -> {
            JsonNode v = e.getValue();
            if (e.getKey().equals("file") && v.isObject() && v.has("url")) {
                ObjectNode f = (ObjectNode) v;
                String url = f.path("url").asText();
                int q = url.indexOf('?');
                f.put("url", (q < 0 ? url : url.substring(0, q)) + "?X-Amz-Signature=fresh" + System.nanoTime());
                f.put("expiry_time", "2099-01-01T00:00:00.000Z");
            } else if (v.isObject()) {
                resign((ObjectNode) v);
            } else if (v.isArray()) {
                v.forEach(item -> {
                    if (item.isObject()) {
                        resign((ObjectNode) item);
                    }
                });
            }
        });
    }

    private static List<NotionBlock> resignBlocks(List<NotionBlock> blocks) {
        List<NotionBlock> out = new ArrayList<>();
        for (NotionBlock b : blocks) {
            ObjectNode raw = b.raw().deepCopy();
            resign(raw);
            out.add(new NotionBlock(b.id(), b.type(), b.hasChildren(), raw, resignBlocks(b.children())));
        }
        return out;
    }
}
