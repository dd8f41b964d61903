package io.github.notionsync.internal.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.PageExtractor;
import io.github.notionsync.PageRecord;
import io.github.notionsync.PropertyMapping;
import io.github.notionsync.TargetKind;
import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.NotionPage;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** notion-sync's {@link PageExtractor}. Stateless and thread-safe. */
public final class StandardPageExtractor implements PageExtractor {

    /** The one instance. */
    public static final StandardPageExtractor INSTANCE = new StandardPageExtractor();

    private StandardPageExtractor() {
    }

    @Override
    public PageRecord extract(NotionPage page, BlockTree content, PropertyMapping mapping) {
        List<String> problems = new ArrayList<>();
        ObjectNode properties = JsonNodeFactory.instance.objectNode();
        StringBuilder propertiesText = new StringBuilder();
        String title = "";
        Iterator<Map.Entry<String, JsonNode>> it = page.properties().fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            JsonNode raw = e.getValue();
            ObjectNode normalized;
            try {
                if (!raw.isObject()) {
                    throw new PropertyNormalizer.Malformed("expected a property value object, got "
                            + raw.getNodeType().name().toLowerCase(Locale.ROOT));
                }
                normalized = PropertyNormalizer.normalize(raw);
            } catch (PropertyNormalizer.Malformed | IllegalArgumentException ex) {
                String type = raw.path("type").asText("unknown");
                problems.add("property '" + name + "' (" + type + "): " + ex.getMessage());
                normalized = JsonNodeFactory.instance.objectNode();
                normalized.put("type", type);
                normalized.putNull("value");
                normalized.put("text", "");
                normalized.set("raw", raw.isObject() && raw.has(type) ? raw.get(type) : raw);
                normalized.put("error", ex.getMessage());
            }
            properties.set(name, normalized);
            String text = normalized.path("text").asText("");
            if ("title".equals(normalized.path("type").asText())) {
                title = text;
            }
            if (!text.isEmpty()) {
                propertiesText.append(name).append(": ").append(text).append('\n');
            }
        }

        Map<String, Object> fields = new LinkedHashMap<>();
        for (TargetKind.Field field : mapping.kind().fields()) {
            fields.put(field.column(), typedField(field, properties.get(mapping.propertyFor(field))));
        }

        String contentText = "";
        String contentMarkdown = "";
        if (content != null) {
            BlockRenderer renderer = new BlockRenderer();
            renderer.render(content.blocks());
            contentText = renderer.text();
            contentMarkdown = renderer.markdown();
            if (renderer.skipped() > 0) {
                problems.add(renderer.skipped() + " unsupported block" + (renderer.skipped() == 1 ? "" : "s")
                        + " skipped");
            }
            if (content.truncated()) {
                problems.add("content truncated at " + content.blockCount() + " blocks or the depth limit");
            }
        }
        return new PageRecord(page.id(), page.databaseId(), page.dataSourceId(), mapping.kind(), title, fields,
                properties, propertiesText.toString().strip(), contentText, contentMarkdown, countWords(contentText),
                page.createdTime(), page.lastEditedTime(), page.url(), page.inTrash(), page.raw(), problems);
    }

    private static Object typedField(TargetKind.Field field, JsonNode property) {
        if (property == null) {
            return null; // renamed or deleted in Notion: no stale value
        }
        JsonNode value = property.path("value");
        String text = property.path("text").asText("");
        return switch (field.type()) {
            case TEXT -> text.isEmpty() ? null : text;
            case FLAG -> {
                if (value.isBoolean()) {
                    yield value.asBoolean();
                }
                String t = text.strip().toLowerCase(Locale.ROOT);
                yield t.isEmpty() ? null : t.equals("yes") || t.equals("true") || t.equals("1") || t.equals("temporary");
            }
            case TEXT_LIST -> {
                List<String> items = new ArrayList<>();
                if (value.isArray()) {
                    for (JsonNode v : value) {
                        String s = v.isObject() ? v.path("name").asText(v.path("id").asText("")) : v.asText("");
                        if (!s.isEmpty()) {
                            items.add(s);
                        }
                    }
                } else if (!text.isEmpty()) {
                    for (String part : text.split(",")) {
                        if (!part.isBlank()) {
                            items.add(part.strip());
                        }
                    }
                }
                yield List.copyOf(items);
            }
        };
    }

    /** Words: maximal runs of letters, digits, apostrophes and hyphens. */
    static int countWords(String text) {
        int words = 0;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean wordChar = Character.isLetterOrDigit(c) || ((c == '\'' || c == '-' || c == '’') && inWord);
            if (wordChar && !inWord) {
                words++;
            }
            inWord = wordChar;
        }
        return words;
    }
}
