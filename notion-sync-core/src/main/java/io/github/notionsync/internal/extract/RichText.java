package io.github.notionsync.internal.extract;

import com.fasterxml.jackson.databind.JsonNode;

/** Rich-text arrays to plain text and to Markdown. */
public final class RichText {

    private RichText() {
    }

    /** Concatenated {@code plain_text}; long text arrives split into 2,000-character pieces. */
    public static String plain(JsonNode richText) {
        if (richText == null || !richText.isArray()) {
            return "";
        }
        if (richText.size() == 1) {
            return richText.get(0).path("plain_text").asText("");
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode t : richText) {
            b.append(t.path("plain_text").asText(""));
        }
        return b.toString();
    }

    /** Markdown: bold, italic, strikethrough, underline, code, links, mentions, inline equations. */
    public static String markdown(JsonNode richText) {
        if (richText == null || !richText.isArray()) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        for (JsonNode t : richText) {
            appendMarkdown(b, t);
        }
        return b.toString();
    }

    private static void appendMarkdown(StringBuilder b, JsonNode t) {
        String type = t.path("type").asText("text");
        String plain = t.path("plain_text").asText("");
        JsonNode a = t.path("annotations");
        String href = text(t.get("href"));
        String s;
        switch (type) {
            case "equation" -> {
                b.append('$').append(t.path("equation").path("expression").asText(plain)).append('$');
                return;
            }
            case "mention" -> {
                JsonNode m = t.path("mention");
                String mt = m.path("type").asText("");
                String target = switch (mt) {
                    case "page" -> href != null ? href : notionUrl(m.path("page").path("id").asText(null));
                    case "database" -> href != null ? href : notionUrl(m.path("database").path("id").asText(null));
                    case "link_preview", "link_mention" -> href != null ? href
                            : text(m.path(mt).get("url"));
                    default -> null;
                };
                s = escape(plain);
                if (target != null) {
                    s = "[" + s + "](" + target + ")";
                    href = null;
                }
            }
            default -> {
                JsonNode link = t.path("text").path("link");
                if (href == null && link.isObject()) {
                    href = text(link.get("url"));
                }
                s = a.path("code").asBoolean() ? "`" + plain.replace("`", "\\`") + "`" : escape(plain);
            }
        }
        if (s.isBlank()) {
            b.append(s);
            return;
        }
        if (a.path("bold").asBoolean()) {
            s = wrap(s, "**", "**");
        }
        if (a.path("italic").asBoolean()) {
            s = wrap(s, "*", "*");
        }
        if (a.path("strikethrough").asBoolean()) {
            s = wrap(s, "~~", "~~");
        }
        if (a.path("underline").asBoolean()) {
            s = wrap(s, "<u>", "</u>");
        }
        if (href != null) {
            s = wrap(s, "[", "](" + href + ")");
        }
        b.append(s);
    }

    /** Wraps the non-blank core of {@code s}, keeping surrounding spaces outside the markers. */
    private static String wrap(String s, String open, String close) {
        int start = 0;
        int end = s.length();
        while (start < end && Character.isWhitespace(s.charAt(start))) {
            start++;
        }
        while (end > start && Character.isWhitespace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, start) + open + s.substring(start, end) + close + s.substring(end);
    }

    static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '*' || c == '_' || c == '`' || c == '[' || c == ']' || c == '\\' || c == '~' || c == '<') {
                if (b == null) {
                    b = new StringBuilder(s.length() + 8).append(s, 0, i);
                }
                b.append('\\');
            }
            if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    static String notionUrl(String id) {
        return id == null ? null : "https://www.notion.so/" + id.replace("-", "");
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.asText();
    }
}
