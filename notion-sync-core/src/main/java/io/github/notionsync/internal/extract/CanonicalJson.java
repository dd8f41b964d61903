package io.github.notionsync.internal.extract;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Feeds a JSON tree to a digest in a canonical form: object keys sorted, no whitespace, numbers
 * by value. Two trees that differ only in key order or formatting digest alike.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** Adds {@code node} to {@code digest}. */
    public static void digest(JsonNode node, MessageDigest digest) {
        StringBuilder b = new StringBuilder(256);
        write(node, b);
        digestString(b, digest);
    }

    /** Adds a length-prefixed string, so that concatenations cannot collide. */
    public static void digestString(CharSequence s, MessageDigest digest) {
        byte[] bytes = s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        digest.update((byte) (bytes.length >>> 24));
        digest.update((byte) (bytes.length >>> 16));
        digest.update((byte) (bytes.length >>> 8));
        digest.update((byte) bytes.length);
        digest.update(bytes);
    }

    static void write(JsonNode node, StringBuilder b) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            b.append("null");
        } else if (node.isObject()) {
            List<String> names = new ArrayList<>(node.size());
            Iterator<String> it = node.fieldNames();
            while (it.hasNext()) {
                names.add(it.next());
            }
            names.sort(null);
            b.append('{');
            for (int i = 0; i < names.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                string(names.get(i), b);
                b.append(':');
                write(node.get(names.get(i)), b);
            }
            b.append('}');
        } else if (node.isArray()) {
            b.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    b.append(',');
                }
                write(node.get(i), b);
            }
            b.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), b);
        } else if (node.isNumber()) {
            b.append(node.isIntegralNumber() ? node.bigIntegerValue().toString()
                    : node.decimalValue().stripTrailingZeros().toPlainString());
        } else {
            b.append(node.asText());
        }
    }

    private static void string(String s, StringBuilder b) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        b.append('"');
    }
}
