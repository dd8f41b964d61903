package io.github.notionsync.internal.embed;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Splits a page into passages for embedding: the typed fields first, then the content along its
 * headings and paragraphs, at most {@link #MAX_WORDS} words each, consecutive passages of a
 * section sharing up to {@link #OVERLAP_WORDS} words. Every passage starts with the page title
 * (and its section heading), so that a passage read alone still says what it is about.
 * Deterministic: the same page gives the same passages and hashes, which lets an edit of one
 * paragraph re-embed only the passage that holds it.
 */
public final class Passages {

    /** The most words of a passage's body (the small model reads about 256 word pieces). */
    public static final int MAX_WORDS = 160;
    /** Words a passage repeats from the end of the one before, within a section. */
    public static final int OVERLAP_WORDS = 30;
    /** The most passages of one page; the rest of a very long page is not embedded. */
    public static final int MAX_PASSAGES = 256;
    /** The most characters of content read. */
    public static final int MAX_CONTENT_CHARS = 200_000;
    private static final int MAX_TITLE_CHARS = 300;

    /** A passage and the hash of its text. */
    public record Passage(String text, String hash) {
    }

    private Passages() {
    }

    /** The passages of a page. Never empty: a page with nothing but a title has one passage, its title. */
    public static List<Passage> split(String title, Map<String, String> fields, String markdown) {
        String head = clean(title == null ? "" : title);
        if (head.length() > MAX_TITLE_CHARS) {
            head = head.substring(0, MAX_TITLE_CHARS);
        }
        List<Section> sections = new ArrayList<>();
        Section current = new Section("");
        sections.add(current);
        StringBuilder facts = new StringBuilder();
        fields.forEach((name, value) -> {
            if (value != null && !value.isBlank()) {
                facts.append(facts.length() == 0 ? "" : ". ").append(name).append(": ").append(clean(value));
            }
        });
        if (facts.length() > 0) {
            current.paragraphs.add(facts.toString());
        }
        String md = markdown == null ? "" : markdown;
        if (md.length() > MAX_CONTENT_CHARS) {
            md = md.substring(0, MAX_CONTENT_CHARS);
        }
        StringBuilder paragraph = new StringBuilder();
        for (String line : md.split("\n", -1)) {
            String l = line.strip();
            if (l.startsWith("#") && heading(l) != null) {
                flush(paragraph, current);
                current = new Section(heading(l));
                sections.add(current);
            } else if (l.isEmpty()) {
                flush(paragraph, current);
            } else {
                // list items and to-dos lose their markers; each stays a sentence of the paragraph
                String item = l.replaceFirst("^([-+*]|\\d+\\.)\\s+(\\[[ xX]\\]\\s+)?", "");
                paragraph.append(paragraph.length() == 0 ? "" : item.equals(l) ? " " : "; ").append(item);
            }
        }
        flush(paragraph, current);

        List<Passage> out = new ArrayList<>();
        for (Section s : sections) {
            String prefix = s.heading.isEmpty() ? head : head.isEmpty() ? s.heading : head + " — " + s.heading;
            for (String body : chunks(s.paragraphs)) {
                if (out.size() == MAX_PASSAGES) {
                    return out;
                }
                out.add(passage(prefix.isEmpty() ? body : prefix + "\n" + body));
            }
            if (s.paragraphs.isEmpty() && !s.heading.isEmpty() && out.size() < MAX_PASSAGES) {
                out.add(passage(prefix));
            }
        }
        if (out.isEmpty()) {
            out.add(passage(head));
        }
        return out;
    }

    /** Paragraphs grouped into bodies of at most MAX_WORDS words, a long paragraph cut in windows. */
    private static List<String> chunks(List<String> paragraphs) {
        List<String> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        for (String p : paragraphs) {
            String[] w = p.split("\\s+");
            if (!words.isEmpty() && words.size() + w.length > MAX_WORDS) {
                out.add(String.join(" ", words));
                words = new ArrayList<>(words.subList(Math.max(0, words.size() - OVERLAP_WORDS), words.size()));
                // an overlap that would push the paragraph over the limit is dropped
                if (words.size() + w.length > MAX_WORDS) {
                    words.clear();
                }
            }
            for (String word : w) {
                if (words.size() == MAX_WORDS) {
                    out.add(String.join(" ", words));
                    words = new ArrayList<>(words.subList(MAX_WORDS - OVERLAP_WORDS, MAX_WORDS));
                }
                words.add(word);
            }
        }
        if (!words.isEmpty()) {
            out.add(String.join(" ", words));
        }
        return out;
    }

    private static String heading(String line) {
        int level = 0;
        while (level < line.length() && line.charAt(level) == '#') {
            level++;
        }
        if (level > 6 || level == line.length() || line.charAt(level) != ' ') {
            return null;
        }
        return clean(line.substring(level));
    }

    private static void flush(StringBuilder paragraph, Section section) {
        String p = clean(paragraph.toString());
        if (!p.isEmpty()) {
            section.paragraphs.add(p);
        }
        paragraph.setLength(0);
    }

    /** Markdown markers that carry no meaning for the model, and runs of spaces, removed. */
    private static String clean(String s) {
        return s.replaceAll("[*_`>|]+", " ").replaceAll("\\s+", " ").strip();
    }

    private static Passage passage(String text) {
        return new Passage(text, hash(text));
    }

    /** The hex SHA-256 of a text. */
    public static String hash(String text) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static final class Section {
        final String heading;
        final List<String> paragraphs = new ArrayList<>();

        Section(String heading) {
            this.heading = heading;
        }
    }
}
