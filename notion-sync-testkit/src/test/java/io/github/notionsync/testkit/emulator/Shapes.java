package io.github.notionsync.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the structure of two JSON documents: field names and value types, recursively. Null on
 * either side matches anything (nullable fields); objects whose {@code type} differs are different
 * variants and are not compared further; maps of properties are matched by property type; arrays
 * compare their first elements when both have some.
 */
final class Shapes {

    private Shapes() {
    }

    static List<String> differences(JsonNode expected, JsonNode actual, Set<String> ignoredKeys) {
        List<String> out = new ArrayList<>();
        compare(expected, actual, "$", ignoredKeys, out);
        return out;
    }

    private static void compare(JsonNode e, JsonNode a, String path, Set<String> ignored, List<String> out) {
        if (e.isNull() || a.isNull()) {
            return;
        }
        if (e.isObject()) {
            if (!a.isObject()) {
                out.add(path + ": expected an object, got " + a.getNodeType());
                return;
            }
            if (e.has("type") && a.has("type") && !e.get("type").equals(a.get("type"))) {
                return;
            }
            if (path.endsWith(".properties")) {
                compareProperties(e, a, path, ignored, out);
                return;
            }
            for (Iterator<String> it = e.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (ignored.contains(k)) {
                    continue;
                }
                if (!a.has(k)) {
                    out.add(path + "." + k + ": missing");
                } else {
                    compare(e.get(k), a.get(k), path + "." + k, ignored, out);
                }
            }
            for (Iterator<String> it = a.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!e.has(k) && !ignored.contains(k)) {
                    out.add(path + "." + k + ": not in the fixture");
                }
            }
        } else if (e.isArray()) {
            if (!a.isArray()) {
                out.add(path + ": expected an array, got " + a.getNodeType());
            } else if (!e.isEmpty() && !a.isEmpty()) {
                compare(e.get(0), a.get(0), path + "[0]", ignored, out);
            }
        } else if (e.isTextual() != a.isTextual() || e.isNumber() != a.isNumber() || e.isBoolean() != a.isBoolean()) {
            out.add(path + ": expected " + e.getNodeType() + ", got " + a.getNodeType());
        }
    }

    private static void compareProperties(JsonNode e, JsonNode a, String path, Set<String> ignored,
            List<String> out) {
        for (Iterator<Map.Entry<String, JsonNode>> it = e.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> prop = it.next();
            String type = prop.getValue().path("type").asText();
            JsonNode match = null;
            for (JsonNode candidate : a) {
                if (candidate.path("type").asText().equals(type)) {
                    match = candidate;
                    break;
                }
            }
            if (match == null) {
                out.add(path + "[type " + type + "]: no property of this type");
            } else {
                compare(prop.getValue(), match, path + "[" + type + "]", ignored, out);
            }
        }
    }
}
