package io.github.notionsync;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.NotionBlock;
import io.github.notionsync.client.NotionPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageExtractorTest {

    static final ObjectMapper MAPPER = new ObjectMapper();
    private final PageExtractor extractor = PageExtractor.standard();

    static JsonNode fixture(String name) {
        try (InputStream in = PageExtractorTest.class.getResourceAsStream("/fixtures/" + name)) {
            return MAPPER.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static NotionPage page(JsonNode json) {
        return new NotionPage(NotionId.parse(json.path("id").asText()),
                Instant.parse(json.path("created_time").asText("2026-01-01T00:00:00Z")),
                Instant.parse(json.path("last_edited_time").asText("2026-01-01T00:00:00Z")),
                json.path("in_trash").asBoolean() || json.path("archived").asBoolean(), json.path("url").asText(null),
                null, null, json.path("properties"), json);
    }

    private PageRecord extract(String fixture) {
        return extractor.extract(page(fixture(fixture)), null, PropertyMapping.defaults(TargetKind.PAGES));
    }

    private static JsonNode prop(PageRecord r, String name) {
        return r.properties().path(name);
    }

    @Test
    void everyPropertyTypeOfTheRealAllTypesPage() {
        PageRecord r = extract("page_all_property_types.json");

        assertThat(r.title()).isEqualTo("Title");
        assertThat(r.problems()).isEmpty();
        assertThat(prop(r, "Text").path("value").asText()).isEqualTo("Text");
        assertThat(prop(r, "Number").path("value").asInt()).isEqualTo(42);
        assertThat(prop(r, "Select").path("value").asText()).isEqualTo("Option1");
        assertThat(prop(r, "Multi-select").path("value").get(0).asText()).isEqualTo("Option1");
        assertThat(prop(r, "Date").path("value").path("start").asText()).isEqualTo("2021-01-01");
        assertThat(prop(r, "People").path("value").get(0).path("name").asText()).isEqualTo("Adam Dangoor");
        assertThat(prop(r, "Files").path("value").get(0).path("name").asText()).isEqualTo("My File");
        assertThat(prop(r, "Files").path("value").get(0).path("url").asText()).isEqualTo("https://www.google.de/robots.txt");
        assertThat(prop(r, "Checkbox").path("value").asBoolean()).isTrue();
        assertThat(prop(r, "Checkbox").path("text").asText()).isEqualTo("Yes");
        assertThat(prop(r, "URL").path("value").asText()).isEqualTo("https://ultimate-notion.com/");
        assertThat(prop(r, "Email").path("text").asText()).isEqualTo("email@provider.com");
        assertThat(prop(r, "Phone number").path("text").asText()).isEqualTo("+1 234 567 890");
        assertThat(prop(r, "Formula").path("value").asInt()).isEqualTo(84);
        assertThat(prop(r, "Relation").path("value")).hasSize(2);
        assertThat(prop(r, "Rollup").path("value").asInt()).isEqualTo(2);
        assertThat(prop(r, "Created time").path("value").asText()).isEqualTo("2026-06-27T17:11:00.000Z");
        assertThat(prop(r, "Created by").path("value").path("name").asText()).isEqualTo("Ultimate Notion Tests");
        assertThat(prop(r, "Last edited by").path("value").path("id").asText())
                .isEqualTo("00000000-0000-4000-8000-0000000000f1");
        assertThat(prop(r, "ID").path("value").asText()).isEqualTo("ALLCOLS619-3");
        assertThat(r.propertiesText()).contains("Number: 42", "ID: ALLCOLS619-3", "Multi-select: Option1");
    }

    @Test
    void formulasStatusRollupsPlaceVerificationButton() {
        PageRecord status = extract("page_status_and_formula_string.json");
        assertThat(prop(status, "Status").path("value").asText()).isEqualTo("Blocked");
        assertThat(prop(status, "Urgency").path("value").asText()).isEqualTo("\uD83D\uDD58");

        PageRecord formulas = extract("page_formula_date_boolean_number.json");
        assertThat(prop(formulas, "Due by").path("value").path("start").asText()).isEqualTo("2024-01-01");
        assertThat(prop(formulas, "Done").path("value").asBoolean()).isTrue();
        assertThat(prop(formulas, "Priority").path("value").isNull()).isTrue();
        assertThat(prop(formulas, "Started").path("value").isNull()).isTrue();

        PageRecord rollups = extract("page_rollup_number_date_array.json");
        assertThat(prop(rollups, "Rollup Number").path("value").isNull()).isTrue();
        assertThat(prop(rollups, "Rollup Title").path("value").isArray()).isTrue();

        PageRecord edge = extract("page_constructed_edge_cases.json");
        assertThat(edge.problems()).isEmpty();
        assertThat(prop(edge, "Rollup incomplete").path("value").isNull()).isTrue();
        assertThat(prop(edge, "Formula unsupported").path("value").isNull()).isTrue();
        assertThat(prop(edge, "Date range with time zone").path("text").asText())
                .isEqualTo("2026-06-27T09:00:00.000+02:00 → 2026-06-27T17:30:00.000+02:00");

        PageRecord place = extract("page_place.json");
        assertThat(prop(place, "Location").path("value").path("lat").asDouble()).isEqualTo(52.52);
        assertThat(prop(place, "Location").path("text").asText()).isEqualTo("Berlin, Germany");

        PageRecord verified = extract("page_verification_verified.json");
        assertThat(prop(verified, "Verification").path("value").path("state").asText()).isEqualTo("verified");
        assertThat(extract("page_verification_unverified.json").properties().toString()).contains("unverified");

        PageRecord button = extract("page_button_in_trash.json");
        assertThat(button.inTrash()).isTrue();
        assertThat(button.problems()).isEmpty();
    }

    @Test
    void relationsThatNotionTruncatedAreMarked() {
        PageRecord r = extract("page_relation_has_more.json");
        boolean marked = false;
        for (JsonNode p : r.properties()) {
            if (p.path("has_more").asBoolean()) {
                marked = true;
                assertThat(p.path("value")).hasSize(25);
            }
        }
        assertThat(marked).isTrue();
    }

    @Test
    void unknownTypesAreKeptRawAndNeverFatal() {
        ObjectNode json = (ObjectNode) fixture("page_place.json").deepCopy();
        ObjectNode props = (ObjectNode) json.get("properties");
        props.putObject("Hologram").put("id", "h%40").put("type", "hologram").putObject("hologram").put("beam", 3);
        PageRecord r = extractor.extract(page(json), null, PropertyMapping.defaults(TargetKind.PAGES));

        assertThat(r.problems()).isEmpty();
        assertThat(prop(r, "Hologram").path("raw").path("beam").asInt()).isEqualTo(3);
        assertThat(prop(r, "Hologram").path("type").asText()).isEqualTo("hologram");
    }

    @Test
    void malformedPropertyIsNamedAndTheRestStillExtracted() {
        ObjectNode json = (ObjectNode) fixture("page_all_property_types.json").deepCopy();
        ObjectNode props = (ObjectNode) json.get("properties");
        ((ObjectNode) props.get("Select")).putArray("select").add(1);
        ((ObjectNode) props.get("Number")).put("number", "forty-two");
        props.put("Broken", "not an object");

        PageRecord r = extractor.extract(page(json), null, PropertyMapping.defaults(TargetKind.PAGES));

        assertThat(r.problems()).hasSize(3)
                .anySatisfy(p -> assertThat(p).startsWith("property 'Select' (select): expected an object or null"))
                .anySatisfy(p -> assertThat(p).startsWith("property 'Number' (number): expected a number"))
                .anySatisfy(p -> assertThat(p).startsWith("property 'Broken'"));
        assertThat(r.title()).isEqualTo("Title");
        assertThat(prop(r, "Email").path("value").asText()).isEqualTo("email@provider.com");
        assertThat(prop(r, "Select").path("raw").isArray()).isTrue();
    }

    @Test
    void oddInputRoundTrips() {
        ObjectNode json = (ObjectNode) fixture("page_place.json").deepCopy();
        ObjectNode props = (ObjectNode) json.get("properties");
        ((ObjectNode) props.get("Name")).putArray("title");
        ArrayNode chunks = props.putObject("Long").put("id", "l").put("type", "rich_text").putArray("rich_text");
        String a = "א".repeat(2000);
        String b = "😀".repeat(1000);
        chunks.add(richText(a)).add(richText(b)).add(richText("مرحبا"));
        ArrayNode relation = props.putObject("Many").put("id", "m").put("type", "relation").putArray("relation");
        for (int i = 0; i < 120; i++) {
            relation.addObject().put("id", String.format("00000000-0000-4000-8000-%012d", i));
        }
        props.putObject("No select").put("id", "n").put("type", "select").putNull("select");
        props.putObject("No date").put("id", "d").put("type", "date").putNull("date");

        PageRecord r = extractor.extract(page(json), null, PropertyMapping.defaults(TargetKind.PAGES));

        assertThat(r.title()).isEmpty();
        assertThat(prop(r, "Long").path("value").asText()).isEqualTo(a + b + "مرحبا");
        assertThat(prop(r, "Many").path("value")).hasSize(120);
        assertThat(prop(r, "No select").path("value").isNull()).isTrue();
        assertThat(prop(r, "No date").path("text").asText()).isEmpty();
        assertThat(r.problems()).isEmpty();
    }

    @Test
    void kindMappingFillsTypedFieldsWithDefaultsAndOverrides() {
        ObjectNode json = (ObjectNode) fixture("page_all_property_types.json").deepCopy();
        ObjectNode props = (ObjectNode) json.get("properties");
        props.set("Description", props.get("Text"));
        props.set("Tags", props.get("Multi-select"));

        PageRecord character = extractor.extract(page(json), null, PropertyMapping.defaults(TargetKind.CHARACTERS));
        assertThat(character.fields()).containsEntry("description", "Text").containsEntry("role", null)
                .containsEntry("tags", List.of("Option1"));

        PageRecord mapped = extractor.extract(page(json), null,
                new PropertyMapping(TargetKind.CHARACTERS, Map.of("role", "Select")));
        assertThat(mapped.fields()).containsEntry("role", "Option1");

        PageRecord chat = extractor.extract(page(json), null,
                new PropertyMapping(TargetKind.CHAT_SESSIONS, Map.of("is_temporary", "Checkbox")));
        assertThat(chat.fields()).containsEntry("is_temporary", true);
        assertThat(chat.title()).isEqualTo("Title");
        assertThat(TargetKind.CHARACTERS.titleField()).isEqualTo("name");
    }

    @Test
    void propertyWhoseTypeChangedExtractsByWhatThePageSaysNow() {
        ObjectNode json = (ObjectNode) fixture("page_all_property_types.json").deepCopy();
        ObjectNode props = (ObjectNode) json.get("properties");
        // "Description" used to be rich text and is now a select; "Role" was deleted.
        props.putObject("Description").put("id", "d").put("type", "select").putObject("select").put("name", "Elf");

        PageRecord r = extractor.extract(page(json), null, PropertyMapping.defaults(TargetKind.CHARACTERS));
        assertThat(r.fields()).containsEntry("description", "Elf").containsEntry("role", null);
    }

    @Test
    void blockContentAsTextAndMarkdown() {
        BlockTree tree = demoTree();
        PageRecord r = extractor.extract(page(fixture("page_place.json")), tree,
                PropertyMapping.defaults(TargetKind.PAGES));

        String md = r.contentMarkdown();
        assertThat(md).contains("# Headline 1", "## Headline 2", "### Headline 3", "---",
                "- Item 1", "- Item 2\n  with a new line", "- [ ] ToDo1", "- [x] Checked ToDo3",
                "1. First item", "2. Second item\n   with a new line", "3. Third item",
                "> This is a quote\n> with a new line", "> ", "Callout!",
                "| Cell 1, 1 |", "| --- | --- |",
                "This is an emoji! 😀😀", "$$|x|=", "```python", "import ultimate_notion", "```",
                "[Caption](", "![image](https://prod-files-secure.s3.us-west-2.amazonaws.com/",
                "Column 1", "[Markdown SubPage Test](https://www.notion.so/00000000000040008000000000000005)",
                "This is the original Paragr", "[Link to page](https://www.notion.so/00000000000040008000000000000005)");
        assertThat(md).doesNotContain("X-Amz-Signature");
        assertThat(r.contentText()).contains("Headline 1", "Item 2\nwith a new line", "Cell 2, 1", "Column 1")
                .doesNotContain("## ", "**", "```", "- [x]");
        assertThat(r.problems()).containsExactly("2 unsupported blocks skipped");
        assertThat(r.wordCount()).isGreaterThan(40);
    }

    @Test
    void richTextMarkdownCoversAnnotationsLinksMentionsEquations() {
        JsonNode block = fixture("block_paragraph_with_mentions.json");
        NotionBlock b = new NotionBlock(NotionId.parse(block.path("id").asText()), "paragraph", false, block, List.of());
        PageRecord r = extractor.extract(page(fixture("page_place.json")), new BlockTree(List.of(b), 1, false),
                PropertyMapping.defaults(TargetKind.PAGES));
        assertThat(r.contentMarkdown()).contains("](");

        ArrayNode rich = MAPPER.createArrayNode();
        rich.add(annotated("bold ", "bold"));
        rich.add(annotated("it", "italic"));
        rich.add(annotated("gone", "strikethrough"));
        rich.add(annotated("under", "underline"));
        rich.add(annotated("x*y", "code"));
        ObjectNode link = richText("site");
        ((ObjectNode) link.get("text")).putObject("link").put("url", "https://example.org");
        rich.add(link);
        ObjectNode eq = MAPPER.createObjectNode().put("type", "equation").put("plain_text", "E=mc^2");
        eq.putObject("equation").put("expression", "E=mc^2");
        rich.add(eq);
        rich.add(richText(" a_b*c"));
        assertThat(io.github.notionsync.internal.extract.RichText.markdown(rich))
                .isEqualTo("**bold** *it*~~gone~~<u>under</u>`x*y`[site](https://example.org)$E=mc^2$ a\\_b\\*c");
    }

    static ObjectNode richText(String s) {
        ObjectNode t = MAPPER.createObjectNode().put("type", "text").put("plain_text", s);
        t.putObject("text").put("content", s).putNull("link");
        t.putObject("annotations");
        return t;
    }

    private static ObjectNode annotated(String s, String annotation) {
        ObjectNode t = richText(s);
        ((ObjectNode) t.get("annotations")).put(annotation, true);
        return t;
    }

    /** The recorded page of every block type, with its nested children from the same recording. */
    static BlockTree demoTree() {
        List<NotionBlock> root = blocks("block_children_page_root.json");
        List<NotionBlock> rows = blocks("block_children_table_rows.json");
        List<NotionBlock> columns = blocks("block_children_column_list.json");
        List<NotionBlock> columnOne = blocks("block_children_column.json");
        List<NotionBlock> synced = blocks("block_children_synced_block_original.json");
        List<NotionBlock> out = new ArrayList<>();
        for (NotionBlock b : root) {
            switch (b.type()) {
                case "table" -> out.add(b.withChildren(rows));
                case "column_list" -> out.add(b.withChildren(List.of(columns.get(0).withChildren(columnOne),
                        columns.get(1))));
                case "synced_block" -> out.add(b.withChildren(synced));
                default -> out.add(b);
            }
        }
        return new BlockTree(out, out.size() + rows.size() + columns.size() + columnOne.size() + synced.size() * 2,
                false);
    }

    static List<NotionBlock> blocks(String fixture) {
        List<NotionBlock> out = new ArrayList<>();
        for (JsonNode b : fixture(fixture).path("results")) {
            out.add(new NotionBlock(NotionId.parse(b.path("id").asText()), b.path("type").asText(),
                    b.path("has_children").asBoolean(), b, List.of()));
        }
        return out;
    }
}
