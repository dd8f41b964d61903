package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.testkit.emulator.Model.DataSource;
import io.github.notionsync.testkit.emulator.Model.Option;
import io.github.notionsync.testkit.emulator.Model.Property;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the bodies of Notion's write endpoints (page properties and block children) into the
 * emulator's values, refusing what Notion refuses with its {@code validation_error} messages:
 * unknown properties, values of the wrong shape, read-only properties, text over 2,000 characters,
 * arrays over 100 items, more than 100 children or nesting deeper than two levels, status options
 * that do not exist. Reads only: nothing is changed until the whole body is valid.
 */
final class Writes {

    static final int MAX_TEXT = 2000;
    static final int MAX_ARRAY = 100;
    static final int MAX_CHILDREN = 100;
    static final int MAX_EQUATION = 1000;
    static final int MAX_EMAIL = 200;

    /** The property types a page write may set, in the order Notion's "Fix one" message lists them. */
    static final List<PropertyType> WRITABLE = List.of(PropertyType.TITLE, PropertyType.RICH_TEXT,
            PropertyType.NUMBER, PropertyType.URL, PropertyType.SELECT, PropertyType.MULTI_SELECT, PropertyType.PEOPLE,
            PropertyType.EMAIL, PropertyType.PHONE_NUMBER, PropertyType.DATE, PropertyType.CHECKBOX,
            PropertyType.RELATION, PropertyType.FILES, PropertyType.STATUS);

    private static final Set<String> TYPE_NAMES = typeNames();
    private static final Set<String> CHILD_BEARING = Set.of("paragraph", "bulleted_list_item", "numbered_list_item",
            "to_do", "toggle", "quote", "callout");
    private static final List<String> BLOCK_TYPES = List.of("paragraph", "heading_1", "heading_2", "heading_3",
            "bulleted_list_item", "numbered_list_item", "to_do", "toggle", "quote", "callout", "code", "divider",
            "equation", "bookmark");

    private final Store store;

    /** The caller holds the store's lock. */
    Writes(Store store) {
        this.store = store;
    }

    // ---- page properties

    /**
     * The values of a {@code properties} object, by property, ready for {@link Store#coerce}.
     * Properties are named by name or id.
     */
    Map<Property, Object> properties(JsonNode properties, DataSource ds) {
        Map<Property, Object> out = new LinkedHashMap<>();
        if (properties == null || properties.isNull()) {
            return out;
        }
        Router.object(properties, "body.properties");
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            Property p = QueryFilters.find(ds, key);
            if (p == null) {
                throw ApiError.validation(key + " is not a property that exists.");
            }
            out.put(p, value(p, key, e.getValue()));
        }
        return out;
    }

    private Object value(Property p, String key, JsonNode value) {
        String path = "body.properties." + key;
        if (value == null || !value.isObject()) {
            throw fixOne(path);
        }
        String given = null;
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (TYPE_NAMES.contains(name)) {
                given = name;
                break;
            }
        }
        if (given == null || !WRITABLE.contains(p.type)) {
            throw fixOne(path);
        }
        if (!given.equals(p.type.jsonName())) {
            String other = given;
            if (WRITABLE.stream().anyMatch(t -> t.jsonName().equals(other))) {
                throw ApiError.validation(key + " is expected to be " + p.type.jsonName() + ".");
            }
            throw fixOne(path);
        }
        JsonNode v = value.get(given);
        path = path + "." + given;
        return switch (p.type) {
            case TITLE, RICH_TEXT -> richText(v, path);
            case NUMBER -> {
                if (v.isNull()) {
                    yield null;
                }
                if (!v.isNumber() || !Double.isFinite(v.doubleValue())) {
                    throw shouldBe(path, "a number or `null`", v);
                }
                yield v.numberValue();
            }
            case SELECT -> v.isNull() ? null : optionName(p, v, path, true);
            case STATUS -> v.isNull() ? null : optionName(p, v, path, false);
            case MULTI_SELECT -> {
                List<String> names = new ArrayList<>();
                for (JsonNode item : array(v, path, MAX_ARRAY)) {
                    names.add(optionName(p, item, path + "[" + names.size() + "]", true));
                }
                yield names;
            }
            case DATE -> v.isNull() ? null : date(v, path);
            case PEOPLE -> {
                List<String> ids = new ArrayList<>();
                for (JsonNode item : array(v, path, MAX_ARRAY)) {
                    String id = idOf(item, path + "[" + ids.size() + "]");
                    if (!store.users.containsKey(id)) {
                        throw ApiError.validation("Could not find user with ID: " + id + ".");
                    }
                    ids.add(id);
                }
                yield ids;
            }
            case RELATION -> {
                List<String> ids = new ArrayList<>();
                for (JsonNode item : array(v, path, MAX_ARRAY)) {
                    ids.add(idOf(item, path + "[" + ids.size() + "]"));
                }
                yield ids;
            }
            case FILES -> {
                List<FileRef> files = new ArrayList<>();
                for (JsonNode item : array(v, path, MAX_ARRAY)) {
                    String at = path + "[" + files.size() + "]";
                    Router.object(item, at);
                    String url = string(item.path("external").get("url"), at + ".external.url", MAX_TEXT, false);
                    String name = item.hasNonNull("name") ? string(item.get("name"), at + ".name", MAX_TEXT, false)
                            : url;
                    files.add(new FileRef(name, url));
                }
                yield files;
            }
            case CHECKBOX -> {
                if (!v.isBoolean()) {
                    throw shouldBe(path, "a boolean", v);
                }
                yield v.booleanValue();
            }
            case URL -> string(v, path, MAX_TEXT, true);
            case EMAIL, PHONE_NUMBER -> string(v, path, MAX_EMAIL, true);
            default -> throw fixOne("body.properties." + key);
        };
    }

    private static String optionName(Property p, JsonNode v, String path, boolean mayCreate) {
        Router.object(v, path);
        JsonNode name = v.get("name");
        JsonNode id = v.get("id");
        if (name != null && !name.isNull()) {
            String n = string(name, path + ".name", MAX_ARRAY, false);
            if (n.indexOf(',') >= 0 && p.type != PropertyType.STATUS) {
                throw ApiError.validation("Select option names cannot contain commas: \"" + n + "\".");
            }
            if (!mayCreate && p.option(n) == null) {
                // Notion's words for an option it will not create, with the property id decoded.
                throw ApiError.validation(java.net.URLDecoder.decode(p.id, java.nio.charset.StandardCharsets.UTF_8)
                        + " is an invalid status option \"" + n + "\".");
            }
            return n;
        }
        if (id != null && !id.isNull()) {
            for (Option o : p.options) {
                if (o.id().equals(id.asText())) {
                    return o.name();
                }
            }
            throw ApiError.validation("Invalid " + p.type.jsonName() + " option id: " + id.asText() + ".");
        }
        throw ApiError.validation("body failed validation. Fix one:\n" + path + ".name should be defined, instead was"
                + " `undefined`.\n" + path + ".id should be defined, instead was `undefined`.");
    }

    private static DateValue date(JsonNode v, String path) {
        Router.object(v, path);
        String start = string(v.get("start"), path + ".start", MAX_ARRAY, false);
        checkDate(start, path + ".start");
        String end = null;
        if (v.hasNonNull("end")) {
            end = string(v.get("end"), path + ".end", MAX_ARRAY, false);
            checkDate(end, path + ".end");
        }
        String zone = v.hasNonNull("time_zone") ? string(v.get("time_zone"), path + ".time_zone", MAX_ARRAY, false)
                : null;
        return new DateValue(start, end, zone);
    }

    private static void checkDate(String s, String path) {
        try {
            if (s.length() == 10) {
                LocalDate.parse(s);
            } else if (s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$")) {
                OffsetDateTime.parse(s);
            } else {
                LocalDateTime.parse(s);
            }
        } catch (DateTimeParseException e) {
            throw ApiError.validation("body failed validation: " + path + " should be a valid ISO 8601 date string,"
                    + " instead was `\"" + s + "\"`.");
        }
    }

    private static String idOf(JsonNode item, String path) {
        Router.object(item, path);
        JsonNode id = item.get("id");
        if (id == null || !id.isTextual()) {
            throw ApiError.validation("body failed validation: " + path + ".id should be defined, instead was "
                    + "`undefined`.");
        }
        return Router.uuid(id.asText(), "body", path.substring("body.".length()) + ".id");
    }

    // ---- rich text

    /** A rich text array: at most 100 items, each text at most 2,000 characters. */
    static List<RichText> richText(JsonNode v, String path) {
        List<RichText> out = new ArrayList<>();
        for (JsonNode item : array(v, path, MAX_ARRAY)) {
            out.add(richTextItem(item, path + "[" + out.size() + "]"));
        }
        return out;
    }

    private static RichText richTextItem(JsonNode item, String path) {
        Router.object(item, path);
        String type = item.hasNonNull("type") ? item.get("type").asText() : item.has("mention") ? "mention" : "text";
        RichText.Style style = style(item.get("annotations"), path + ".annotations");
        switch (type) {
            case "text" -> {
                JsonNode text = item.get("text");
                if (text == null || !text.isObject()) {
                    throw ApiError.validation("body failed validation: " + path + ".text should be defined, instead "
                            + "was `undefined`.");
                }
                String content = string(text.get("content"), path + ".text.content", MAX_TEXT, false);
                JsonNode link = text.get("link");
                String url = null;
                if (link != null && !link.isNull()) {
                    Router.object(link, path + ".text.link");
                    url = string(link.get("url"), path + ".text.link.url", MAX_TEXT, false);
                }
                return RichText.text(content, style, url);
            }
            case "mention" -> {
                JsonNode m = item.path("mention");
                String kind = m.path("type").asText(m.has("page") ? "page" : m.has("user") ? "user" : "");
                if (!kind.equals("page") && !kind.equals("user")) {
                    throw ApiError.validation("body failed validation: " + path + ".mention.type should be "
                            + "`\"page\"` or `\"user\"` in the emulator, instead was `" + m.path("type") + "`.");
                }
                String id = idOf(m.path(kind), path + ".mention." + kind);
                return kind.equals("page") ? RichText.pageMention(id) : RichText.userMention(id);
            }
            default -> throw ApiError.validation("body failed validation: " + path + ".type should be `\"text\"` or "
                    + "`\"mention\"`, instead was `\"" + type + "\"`.");
        }
    }

    private static RichText.Style style(JsonNode a, String path) {
        if (a == null || a.isNull()) {
            return RichText.Style.PLAIN;
        }
        Router.object(a, path);
        Router.onlyKeys(a, path, Set.of("bold", "italic", "strikethrough", "underline", "code", "color"));
        String color = a.hasNonNull("color") ? a.get("color").asText() : "default";
        String base = color.endsWith("_background") ? color.substring(0, color.length() - 11) : color;
        if (!List.of(Store.COLORS).contains(base) || color.equals("default_background")) {
            throw shouldBe(path + ".color", "a Notion color", a.get("color"));
        }
        return new RichText.Style(flag(a, "bold", path), flag(a, "italic", path), flag(a, "strikethrough", path),
                flag(a, "underline", path), flag(a, "code", path), color);
    }

    private static boolean flag(JsonNode a, String name, String path) {
        JsonNode v = a.get(name);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw shouldBe(path + "." + name, "a boolean", v);
        }
        return v.booleanValue();
    }

    // ---- blocks

    /**
     * The blocks of a {@code children} array: at most 100, each with at most one more level of
     * children (Notion's nesting limit for one request).
     *
     * @param level 1 for the request's top-level children, 2 for theirs
     */
    static List<Block> blocks(JsonNode children, String path, int level) {
        if (children == null || children.isNull()) {
            throw ApiError.validation("body failed validation: " + path + " should be defined, instead was "
                    + "`undefined`.");
        }
        List<Block> out = new ArrayList<>();
        for (JsonNode item : array(children, path, MAX_CHILDREN)) {
            out.add(block(item, path + "[" + out.size() + "]", level));
        }
        return out;
    }

    private static Block block(JsonNode item, String path, int level) {
        Router.object(item, path);
        String type = item.hasNonNull("type") ? item.get("type").asText() : null;
        if (type == null) {
            for (String t : BLOCK_TYPES) {
                if (item.has(t)) {
                    type = t;
                    break;
                }
            }
        }
        if (type == null || !BLOCK_TYPES.contains(type)) {
            throw ApiError.validation("body failed validation: " + path + ".type should be one of the block types "
                    + "the emulator writes (" + String.join(", ", BLOCK_TYPES) + "), instead was `"
                    + item.get("type") + "`.");
        }
        JsonNode body = item.get(type);
        String at = path + "." + type;
        if (body == null || !body.isObject()) {
            throw ApiError.validation("body failed validation: " + at + " should be defined, instead was "
                    + "`undefined`.");
        }
        Map<String, Object> attrs = new LinkedHashMap<>();
        List<RichText> text = List.of();
        if (Block.TEXT_TYPES.contains(type)) {
            text = richText(body.get("rich_text"), at + ".rich_text");
        }
        switch (type) {
            case "heading_1", "heading_2", "heading_3" -> attrs.put("is_toggleable",
                    body.hasNonNull("is_toggleable") && flag(body, "is_toggleable", at));
            case "to_do" -> attrs.put("checked", body.hasNonNull("checked") && flag(body, "checked", at));
            case "callout" -> attrs.put("icon", body.hasNonNull("icon")
                    ? Map.of("type", "emoji", "emoji", string(body.path("icon").get("emoji"), at + ".icon.emoji",
                            MAX_ARRAY, false))
                    : Map.of("type", "emoji", "emoji", "\uD83D\uDCA1"));
            case "code" -> {
                attrs.put("caption", body.hasNonNull("caption") ? richText(body.get("caption"), at + ".caption")
                        : List.of());
                attrs.put("language", body.hasNonNull("language")
                        ? string(body.get("language"), at + ".language", MAX_ARRAY, false) : "plain text");
            }
            case "equation" -> attrs.put("expression", string(body.get("expression"), at + ".expression",
                    MAX_EQUATION, false));
            case "bookmark" -> {
                attrs.put("caption", body.hasNonNull("caption") ? richText(body.get("caption"), at + ".caption")
                        : List.of());
                attrs.put("url", string(body.get("url"), at + ".url", MAX_TEXT, false));
            }
            default -> {
                // paragraph, lists, toggle, quote, divider: no other fields
            }
        }
        if (!type.equals("divider") && !type.equals("equation") && !type.equals("bookmark") && !type.equals("code")) {
            attrs.put("color", body.hasNonNull("color") ? body.get("color").asText() : "default");
        }
        List<Block> children = List.of();
        JsonNode nested = body.get("children");
        if (nested != null && !nested.isNull()) {
            if (level >= 2 || !CHILD_BEARING.contains(type)) {
                throw ApiError.validation("body failed validation: " + at + ".children should be not present, "
                        + "instead was `" + abbreviate(nested) + "`.");
            }
            children = blocks(nested, at + ".children", level + 1);
        }
        return new Block(type, text, attrs, children);
    }

    // ---- helpers

    private static List<JsonNode> array(JsonNode v, String path, int max) {
        if (v == null || !v.isArray()) {
            throw shouldBe(path, "an array", v);
        }
        if (v.size() > max) {
            throw ApiError.validation("body failed validation: " + path + ".length should be ≤ `" + max
                    + "`, instead was `" + v.size() + "`.");
        }
        List<JsonNode> out = new ArrayList<>(v.size());
        v.forEach(out::add);
        return out;
    }

    private static String string(JsonNode v, String path, int max, boolean nullable) {
        if (v == null || v.isNull()) {
            if (nullable) {
                return null;
            }
            throw ApiError.validation("body failed validation: " + path + " should be defined, instead was "
                    + "`undefined`.");
        }
        if (!v.isTextual()) {
            throw shouldBe(path, nullable ? "a string or `null`" : "a string", v);
        }
        String s = v.asText();
        if (s.length() > max) {
            throw ApiError.validation("body failed validation: " + path + ".length should be ≤ `" + max
                    + "`, instead was `" + s.length() + "`.");
        }
        return s;
    }

    private static ApiError shouldBe(String path, String what, JsonNode was) {
        return ApiError.validation("body failed validation: " + path + " should be " + what + ", instead was `"
                + (was == null ? "undefined" : abbreviate(was)) + "`.");
    }

    /** Notion's answer to a value that matches no writable shape: every shape it could have had. */
    private static ApiError fixOne(String path) {
        StringBuilder b = new StringBuilder("body failed validation. Fix one:");
        for (PropertyType t : WRITABLE) {
            b.append('\n').append(path).append('.').append(t.jsonName())
                    .append(" should be defined, instead was `undefined`.");
        }
        return ApiError.validation(b.toString());
    }

    private static String abbreviate(JsonNode v) {
        String s = v.toString();
        return s.length() > 50 ? s.substring(0, 50) + "..." : s;
    }

    private static Set<String> typeNames() {
        Set<String> names = new java.util.HashSet<>();
        for (PropertyType t : EnumSet.allOf(PropertyType.class)) {
            names.add(t.jsonName());
        }
        return Set.copyOf(names);
    }
}
