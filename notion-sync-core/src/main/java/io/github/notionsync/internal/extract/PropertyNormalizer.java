package io.github.notionsync.internal.extract;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.StringJoiner;

/**
 * One Notion property value to {@code {id, type, value, text}}: a normalised value (names instead
 * of option objects, ids instead of user objects, stable file URLs) and its plain text. Unknown
 * types keep their raw value.
 */
final class PropertyNormalizer {

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private PropertyNormalizer() {
    }

    /** Thrown for a value that does not have the shape its type promises. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static ObjectNode normalize(JsonNode property) {
        String type = property.path("type").asText("");
        ObjectNode out = F.objectNode();
        JsonNode id = property.get("id");
        if (id != null) {
            out.set("id", id);
        }
        out.put("type", type);
        Normalized n = value(type, property.get(type), property);
        out.set("value", n.value());
        out.put("text", n.text());
        if (n.unknown()) {
            out.set("raw", property.get(type) == null ? NullNode.instance : property.get(type));
        }
        if ("relation".equals(type) && property.path("has_more").asBoolean(false)) {
            out.put("has_more", true);
        }
        return out;
    }

    record Normalized(JsonNode value, String text, boolean unknown) {
        static Normalized of(JsonNode value, String text) {
            return new Normalized(value, text, false);
        }

        static Normalized empty() {
            return new Normalized(NullNode.instance, "", false);
        }
    }

    private static Normalized value(String type, JsonNode v, JsonNode property) {
        if (v == null || v.isNull()) {
            return Normalized.empty();
        }
        switch (type) {
            case "title", "rich_text" -> {
                array(v, type);
                String plain = RichText.plain(v);
                return Normalized.of(F.textNode(plain), plain);
            }
            case "number" -> {
                if (!v.isNumber()) {
                    throw new Malformed("expected a number or null, got " + kind(v));
                }
                return Normalized.of(v, v.isIntegralNumber() ? v.asText() : trimNumber(v.decimalValue()));
            }
            case "select", "status" -> {
                object(v, type);
                String name = v.path("name").asText("");
                return Normalized.of(F.textNode(name), name);
            }
            case "multi_select" -> {
                array(v, type);
                ArrayNode names = F.arrayNode();
                StringJoiner text = new StringJoiner(", ");
                for (JsonNode o : v) {
                    String name = o.path("name").asText("");
                    names.add(name);
                    text.add(name);
                }
                return Normalized.of(names, text.toString());
            }
            case "date" -> {
                object(v, type);
                return date(v);
            }
            case "people" -> {
                array(v, type);
                ArrayNode users = F.arrayNode();
                StringJoiner text = new StringJoiner(", ");
                for (JsonNode u : v) {
                    users.add(user(u));
                    text.add(u.path("name").asText(u.path("id").asText("")));
                }
                return Normalized.of(users, text.toString());
            }
            case "files" -> {
                array(v, type);
                ArrayNode files = F.arrayNode();
                StringJoiner text = new StringJoiner(", ");
                for (JsonNode f : v) {
                    ObjectNode file = files.addObject();
                    String name = f.path("name").asText("");
                    file.put("name", name);
                    file.put("type", f.path("type").asText(""));
                    file.put("url", BlockRenderer.fileUrl(f));
                    text.add(name.isEmpty() ? file.path("url").asText() : name);
                }
                return Normalized.of(files, text.toString());
            }
            case "checkbox" -> {
                if (!v.isBoolean()) {
                    throw new Malformed("expected true or false, got " + kind(v));
                }
                return Normalized.of(v, v.asBoolean() ? "Yes" : "No");
            }
            case "url", "email", "phone_number" -> {
                if (!v.isTextual()) {
                    throw new Malformed("expected a string or null, got " + kind(v));
                }
                return Normalized.of(v, v.asText());
            }
            case "formula" -> {
                object(v, type);
                String inner = v.path("type").asText("");
                if ("unsupported".equals(inner)) {
                    return Normalized.empty();
                }
                return "date".equals(inner) ? date(v.get("date")) : scalar(v.get(inner));
            }
            case "relation" -> {
                array(v, type);
                ArrayNode ids = F.arrayNode();
                StringJoiner text = new StringJoiner(", ");
                for (JsonNode r : v) {
                    String id = r.path("id").asText("");
                    ids.add(id);
                    text.add(id);
                }
                return Normalized.of(ids, text.toString());
            }
            case "rollup" -> {
                object(v, type);
                return rollup(v);
            }
            case "created_time", "last_edited_time" -> {
                return Normalized.of(F.textNode(v.asText()), v.asText());
            }
            case "created_by", "last_edited_by" -> {
                object(v, type);
                return Normalized.of(user(v), v.path("name").asText(v.path("id").asText("")));
            }
            case "unique_id" -> {
                object(v, type);
                JsonNode number = v.get("number");
                if (number == null || number.isNull()) {
                    return Normalized.empty();
                }
                String prefix = v.path("prefix").isTextual() ? v.path("prefix").asText() : "";
                String text = prefix.isEmpty() ? number.asText() : prefix + '-' + number.asText();
                return Normalized.of(F.textNode(text), text);
            }
            case "verification" -> {
                object(v, type);
                ObjectNode out = F.objectNode();
                String state = v.path("state").asText("");
                out.put("state", state);
                JsonNode by = v.get("verified_by");
                out.set("verified_by", by == null || by.isNull() ? NullNode.instance : user(by));
                JsonNode date = v.get("date");
                out.set("date", date == null || date.isNull() ? NullNode.instance : date(date).value());
                return Normalized.of(out, state);
            }
            case "button" -> {
                return Normalized.empty();
            }
            case "place" -> {
                object(v, type);
                ObjectNode out = F.objectNode();
                for (String f : new String[] {"lat", "lon", "name", "address"}) {
                    if (v.has(f)) {
                        out.set(f, v.get(f));
                    }
                }
                String text = v.path("name").asText(v.path("address").asText(v.path("lat").asText("") + ", "
                        + v.path("lon").asText("")));
                return Normalized.of(out, text);
            }
            default -> {
                return new Normalized(NullNode.instance, "", true);
            }
        }
    }

    private static Normalized rollup(JsonNode v) {
        String inner = v.path("type").asText("");
        return switch (inner) {
            case "number" -> scalar(v.get("number"));
            case "date" -> v.get("date") == null || v.get("date").isNull() ? Normalized.empty() : date(v.get("date"));
            case "array" -> {
                ArrayNode values = F.arrayNode();
                StringJoiner text = new StringJoiner(", ");
                for (JsonNode item : v.path("array")) {
                    String t = item.path("type").asText("");
                    Normalized n = value(t, item.get(t), item);
                    values.add(n.value());
                    if (!n.text().isEmpty()) {
                        text.add(n.text());
                    }
                }
                yield Normalized.of(values, text.toString());
            }
            default -> Normalized.empty(); // incomplete, unsupported
        };
    }

    private static Normalized scalar(JsonNode v) {
        if (v == null || v.isNull()) {
            return Normalized.empty();
        }
        if (v.isBoolean()) {
            return Normalized.of(v, v.asBoolean() ? "Yes" : "No");
        }
        if (v.isNumber()) {
            return Normalized.of(v, v.isIntegralNumber() ? v.asText() : trimNumber(v.decimalValue()));
        }
        if (v.isTextual()) {
            return Normalized.of(v, v.asText());
        }
        throw new Malformed("expected a string, number or boolean, got " + kind(v));
    }

    private static Normalized date(JsonNode v) {
        if (v == null || v.isNull()) {
            return Normalized.empty();
        }
        if (!v.isObject()) {
            throw new Malformed("expected a date object, got " + kind(v));
        }
        ObjectNode out = F.objectNode();
        JsonNode start = v.get("start");
        JsonNode end = v.get("end");
        JsonNode zone = v.get("time_zone");
        out.set("start", start == null ? NullNode.instance : start);
        out.set("end", end == null ? NullNode.instance : end);
        out.set("time_zone", zone == null ? NullNode.instance : zone);
        String text = start == null || start.isNull() ? "" : start.asText();
        if (end != null && !end.isNull()) {
            text = text + " → " + end.asText();
        }
        if (zone != null && !zone.isNull()) {
            text = text + " (" + zone.asText() + ")";
        }
        return Normalized.of(out, text);
    }

    private static ObjectNode user(JsonNode u) {
        ObjectNode out = F.objectNode();
        out.put("id", u.path("id").asText(""));
        if (u.hasNonNull("name")) {
            out.put("name", u.get("name").asText());
        }
        if (u.path("person").hasNonNull("email")) {
            out.put("email", u.path("person").get("email").asText());
        }
        if (u.hasNonNull("object") && !"user".equals(u.get("object").asText())) {
            out.put("object", u.get("object").asText());
        }
        return out;
    }

    private static String trimNumber(java.math.BigDecimal d) {
        String s = d.stripTrailingZeros().toPlainString();
        return "-0".equals(s) ? "0" : s;
    }

    private static void array(JsonNode v, String type) {
        if (!v.isArray()) {
            throw new Malformed("expected an array for " + type + ", got " + kind(v));
        }
    }

    private static void object(JsonNode v, String type) {
        if (!v.isObject()) {
            throw new Malformed("expected an object or null for " + type + ", got " + kind(v));
        }
    }

    private static String kind(JsonNode v) {
        return v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
