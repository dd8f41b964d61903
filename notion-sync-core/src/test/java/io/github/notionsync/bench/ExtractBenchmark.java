package io.github.notionsync.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.ChangeDetector;
import io.github.notionsync.ContentHashChangeDetector;
import io.github.notionsync.NotionId;
import io.github.notionsync.PageExtractor;
import io.github.notionsync.PropertyMapping;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.NotionBlock;
import io.github.notionsync.client.NotionPage;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Extract + hash throughput on one thread for a typical page: 15 properties and 2 KB of content
 * in 20 paragraphs. The baseline, run in the same process, is serialising the same page JSON
 * with Jackson, so the ratio says how extraction compares with the cheapest thing one can do
 * with a page. Not a test; run it with:
 *
 * <pre>
 * scripts/bench notion-sync-core io.github.notionsync.bench.ExtractBenchmark
 * </pre>
 */
public final class ExtractBenchmark {

    private ExtractBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        JsonNode fixture;
        try (InputStream in = ExtractBenchmark.class.getResourceAsStream("/fixtures/page_all_property_types.json")) {
            fixture = mapper.readTree(in);
        }
        ObjectNode json = fixture.deepCopy();
        ObjectNode props = (ObjectNode) json.get("properties");
        List<String> names = new ArrayList<>();
        props.fieldNames().forEachRemaining(names::add);
        for (Iterator<String> it = names.iterator(); it.hasNext() && props.size() > 15; ) {
            String n = it.next();
            if (!n.equals("Title")) {
                props.remove(n);
            }
        }
        NotionPage page = new NotionPage(NotionId.parse(json.path("id").asText()), Instant.now(), Instant.now(), false,
                json.path("url").asText(), null, null, props, json);
        List<NotionBlock> blocks = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ObjectNode b = mapper.createObjectNode();
            b.put("object", "block").put("id", String.format("00000000-0000-4000-8000-%012d", i)).put("type", "paragraph");
            String text = ("Paragraph " + i + " of the story, where the ranger walks north. ").repeat(2).substring(0, 100);
            ObjectNode t = b.putObject("paragraph").putArray("rich_text").addObject();
            t.put("type", "text").put("plain_text", text).putObject("text").put("content", text);
            t.putObject("annotations");
            blocks.add(new NotionBlock(NotionId.parse(b.path("id").asText()), "paragraph", false, b, List.of()));
        }
        BlockTree content = new BlockTree(blocks, blocks.size(), false);
        PageExtractor extractor = PageExtractor.standard();
        ChangeDetector detector = new ContentHashChangeDetector();
        PropertyMapping mapping = PropertyMapping.defaults(TargetKind.STORIES);
        System.out.printf("page: %d properties, %d content characters%n", props.size(),
                extractor.extract(page, content, mapping).contentText().length());

        int n = 200_000;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            long sink = 0;
            for (int i = 0; i < n; i++) {
                sink += mapper.writeValueAsBytes(json).length;
            }
            double baseline = n / ((System.nanoTime() - t0) / 1e9);
            t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                sink += detector.hash(extractor.extract(page, content, mapping)).length();
            }
            double extract = n / ((System.nanoTime() - t0) / 1e9);
            System.out.printf("round %d: extract+hash %,.0f pages/s; baseline (Jackson serialise) %,.0f pages/s;"
                    + " ratio %.2f (sink %d)%n", round, extract, baseline, extract / baseline, sink % 7);
        }
    }
}
