package io.github.notionsync;

import java.util.Locale;

/**
 * A Notion object id (page, database, data source, block or user) in its canonical form: lower
 * case, dashed {@code 8-4-4-4-12}, as Notion's responses spell it and as notion-sync stores it.
 *
 * <p>{@link #parse(String)} accepts what users copy from Notion: an id with or without dashes, in
 * any case, or the URL of a page or database ({@code https://www.notion.so/Title-<32 hex>?v=…}).
 *
 * @param value the canonical dashed, lower-case id
 */
public record NotionId(String value) {

    public NotionId {
        if (value == null || value.length() != 36 || !isCanonical(value)) {
            throw new InvalidNotionIdException(value);
        }
    }

    /**
     * Parses an id or URL into its canonical form.
     *
     * @param idOrUrl an id with or without dashes, or a Notion URL ending in an id
     * @return the canonical id
     * @throws InvalidNotionIdException if the input holds no Notion id
     */
    public static NotionId parse(String idOrUrl) {
        if (idOrUrl == null) {
            throw new InvalidNotionIdException(null);
        }
        String s = idOrUrl.strip();
        if (s.contains("/")) {
            s = lastPathSegment(s);
        }
        String hex = s.replace("-", "");
        if (hex.length() != 32 && s.length() > 33 && s.charAt(s.length() - 33) == '-') {
            // "Title-Words-<32 hex>": the id is the last 32 hex digits of the slug.
            String tail = s.substring(s.length() - 32);
            if (isHex(tail)) {
                hex = tail;
            }
        }
        if (hex.length() != 32 || !isHex(hex)) {
            throw new InvalidNotionIdException(idOrUrl);
        }
        String h = hex.toLowerCase(Locale.ROOT);
        return new NotionId(h.substring(0, 8) + '-' + h.substring(8, 12) + '-' + h.substring(12, 16) + '-'
                + h.substring(16, 20) + '-' + h.substring(20));
    }

    /** The id without dashes, as it appears in Notion URLs. */
    public String compact() {
        return value.replace("-", "");
    }

    @Override
    public String toString() {
        return value;
    }

    private static String lastPathSegment(String url) {
        String s = url;
        int cut = indexOfAny(s, '?', '#');
        if (cut >= 0) {
            s = s.substring(0, cut);
        }
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.substring(s.lastIndexOf('/') + 1);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a);
        int j = s.indexOf(b);
        if (i < 0) {
            return j;
        }
        return j < 0 ? i : Math.min(i, j);
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (Character.digit(s.charAt(i), 16) < 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private static boolean isCanonical(String s) {
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            boolean dash = i == 8 || i == 13 || i == 18 || i == 23;
            if (dash ? c != '-' : !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                return false;
            }
        }
        return true;
    }
}
