package io.github.notionsync.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.client.NotionBlock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.commonmark.node.BlockQuote;
import org.commonmark.node.BulletList;
import org.commonmark.node.Code;
import org.commonmark.node.CustomNode;
import org.commonmark.node.Emphasis;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.HardLineBreak;
import org.commonmark.node.Heading;
import org.commonmark.node.HtmlBlock;
import org.commonmark.node.HtmlInline;
import org.commonmark.node.Image;
import org.commonmark.node.IndentedCodeBlock;
import org.commonmark.node.Link;
import org.commonmark.node.LinkReferenceDefinition;
import org.commonmark.node.ListBlock;
import org.commonmark.node.ListItem;
import org.commonmark.node.Node;
import org.commonmark.node.OrderedList;
import org.commonmark.node.Paragraph;
import org.commonmark.node.SoftLineBreak;
import org.commonmark.node.StrongEmphasis;
import org.commonmark.node.Text;
import org.commonmark.node.ThematicBreak;
import org.commonmark.parser.Parser;
import org.commonmark.parser.delimiter.DelimiterProcessor;
import org.commonmark.parser.delimiter.DelimiterRun;

/**
 * Markdown to Notion blocks, parsed with commonmark-java: paragraphs, headings (levels past 3 become
 * {@code heading_3}), bulleted and numbered lists (nested lists as children), to-do items
 * ({@code - [ ]} and {@code - [x]}), quotes, fenced and indented code with its language, thematic
 * breaks as dividers, and rich text with bold, italic, strikethrough ({@code ~~}), underline
 * ({@code <u>}), inline code and links. Each rich-text piece holds at most 2,000 characters, as
 * Notion requires.
 *
 * <p>Input is bounded: at most {@value #MAX_MARKDOWN_LENGTH} characters, {@value #MAX_BLOCKS} blocks
 * and {@value #MAX_DEPTH} levels of nesting; past them {@link MarkdownLimitException}.
 *
 * <p>Notion takes at most 100 blocks per request, two levels deep, and at most 1,000 blocks in all;
 * {@link #appendAll} sends a block list of any shape within those rules, and {@link #leadingBatch}
 * is the part of a list that can go into one create-page request as it is.
 */
public final class MarkdownBlocks {

    /** The longest Markdown accepted, in characters. */
    public static final int MAX_MARKDOWN_LENGTH = 200_000;
    /** The most blocks one Markdown text may become, nested ones included. */
    public static final int MAX_BLOCKS = 2_000;
    /** The deepest nesting of lists and quotes accepted. */
    public static final int MAX_DEPTH = 16;
    /** Notion's limit on one rich-text piece. */
    public static final int MAX_TEXT = 2_000;
    /** Notion's limit on the pieces of one rich-text array. */
    public static final int MAX_RICH_TEXT_ITEMS = 100;
    /** Notion's limit on the children in one request (and under one block in one request). */
    public static final int MAX_CHILDREN = 100;
    /** Notion's limit on the blocks of one request, nested ones included. */
    public static final int MAX_BLOCKS_PER_REQUEST = 1_000;

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final Parser PARSER = Parser.builder().customDelimiterProcessor(new StrikethroughDelimiter())
            .build();

    /** The code languages Notion knows, lower-case; others are sent as {@code plain text}. */
    private static final Set<String> LANGUAGES = Set.of("abap", "arduino", "bash", "basic", "c", "clojure",
            "coffeescript", "c++", "c#", "css", "dart", "diff", "docker", "elixir", "elm", "erlang", "flow", "fortran",
            "f#", "gherkin", "glsl", "go", "graphql", "groovy", "haskell", "html", "java", "javascript", "json",
            "julia", "kotlin", "latex", "less", "lisp", "livescript", "lua", "makefile", "markdown", "markup",
            "matlab", "mermaid", "nix", "objective-c", "ocaml", "pascal", "perl", "php", "plain text", "powershell",
            "prolog", "protobuf", "python", "r", "reason", "ruby", "rust", "sass", "scala", "scheme", "scss",
            "shell", "sql", "swift", "typescript", "vb.net", "verilog", "vhdl", "visual basic", "webassembly", "xml",
            "yaml", "java/c/c++/c#");
    private static final Map<String, String> LANGUAGE_ALIASES = Map.ofEntries(Map.entry("js", "javascript"),
            Map.entry("ts", "typescript"), Map.entry("sh", "shell"), Map.entry("zsh", "shell"),
            Map.entry("py", "python"), Map.entry("yml", "yaml"), Map.entry("md", "markdown"),
            Map.entry("kt", "kotlin"), Map.entry("rb", "ruby"), Map.entry("rs", "rust"), Map.entry("cpp", "c++"),
            Map.entry("cs", "c#"), Map.entry("csharp", "c#"), Map.entry("dockerfile", "docker"),
            Map.entry("text", "plain text"), Map.entry("txt", "plain text"), Map.entry("plaintext", "plain text"),
            Map.entry("golang", "go"), Map.entry("postgresql", "sql"), Map.entry("psql", "sql"));

    private MarkdownBlocks() {
    }

    /**
     * The Notion blocks of a Markdown text, as request objects
     * ({@code {"type":"paragraph","paragraph":{"rich_text":[…],"children":[…]}}}); empty for blank text.
     *
     * @throws MarkdownLimitException past {@link #MAX_MARKDOWN_LENGTH}, {@link #MAX_BLOCKS},
     *     {@link #MAX_DEPTH} or {@link #MAX_RICH_TEXT_ITEMS} pieces in one block
     */
    public static List<ObjectNode> toBlocks(String markdown) {
        Objects.requireNonNull(markdown, "markdown");
        if (markdown.length() > MAX_MARKDOWN_LENGTH) {
            throw new MarkdownLimitException("Markdown of " + markdown.length() + " characters is longer than the "
                    + MAX_MARKDOWN_LENGTH + " accepted");
        }
        Converter c = new Converter();
        return c.blocks(PARSER.parse(markdown), 1);
    }

    /**
     * The longest leading run of {@code blocks} that fits one request as it is (at most 100 blocks,
     * 1,000 in all, none nested deeper than two levels or with more than 100 children): the
     * children of a create-page request. Append the rest with {@link #appendAll} to the new page.
     */
    public static List<ObjectNode> leadingBatch(List<ObjectNode> blocks) {
        int count = 0;
        int i = 0;
        while (i < blocks.size() && i < MAX_CHILDREN) {
            ObjectNode b = blocks.get(i);
            if (!fitsInline(b)) {
                break;
            }
            int size = 1 + children(b).size();
            if (count + size > MAX_BLOCKS_PER_REQUEST) {
                break;
            }
            count += size;
            i++;
        }
        return List.copyOf(blocks.subList(0, i));
    }

    /** One append request: {@code PATCH /v1/blocks/{parent}/children}, returning the created top-level blocks. */
    @FunctionalInterface
    public interface Appender {
        /** Appends {@code children} (at most 100, two levels deep) under {@code parent}. */
        List<NotionBlock> append(NotionId parent, List<ObjectNode> children);
    }

    /**
     * Appends {@code blocks} at the end of {@code parent} in as few requests as Notion's limits
     * allow: batches of at most 100 top-level blocks (1,000 in all); a block whose children are
     * nested deeper, or more than 100, goes without them, and its children follow in requests of
     * their own under the block Notion created for it.
     *
     * @return the number of requests made
     */
    public static int appendAll(NotionId parent, List<ObjectNode> blocks, Appender appender) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(appender, "appender");
        int requests = 0;
        int from = 0;
        while (from < blocks.size()) {
            List<ObjectNode> batch = new ArrayList<>();
            List<Integer> deferred = new ArrayList<>();
            int count = 0;
            while (from < blocks.size() && batch.size() < MAX_CHILDREN) {
                ObjectNode b = blocks.get(from);
                boolean inline = fitsInline(b);
                int size = 1 + (inline ? children(b).size() : 0);
                if (!batch.isEmpty() && count + size > MAX_BLOCKS_PER_REQUEST) {
                    break;
                }
                if (!inline) {
                    deferred.add(batch.size());
                }
                batch.add(inline ? b : withoutChildren(b));
                count += size;
                from++;
            }
            List<NotionBlock> created = appender.append(parent, batch);
            requests++;
            if (created.size() != batch.size()) {
                throw new IllegalStateException("Notion created " + created.size() + " blocks for " + batch.size()
                        + " sent under " + parent);
            }
            for (int index : deferred) {
                requests += appendAll(created.get(index).id(), children(blocks.get(from - batch.size() + index)),
                        appender);
            }
        }
        return requests;
    }

    /** Whether a block can be sent with its children in one request. */
    private static boolean fitsInline(ObjectNode block) {
        List<ObjectNode> children = children(block);
        if (children.size() > MAX_CHILDREN) {
            return false;
        }
        for (ObjectNode child : children) {
            if (!children(child).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static List<ObjectNode> children(ObjectNode block) {
        JsonNode children = block.path(block.path("type").asText()).get("children");
        if (children == null || !children.isArray()) {
            return List.of();
        }
        List<ObjectNode> out = new ArrayList<>(children.size());
        children.forEach(c -> out.add((ObjectNode) c));
        return out;
    }

    private static ObjectNode withoutChildren(ObjectNode block) {
        ObjectNode copy = block.deepCopy();
        ((ObjectNode) copy.get(copy.path("type").asText())).remove("children");
        return copy;
    }

    // ---------------------------------------------------------------------------------------

    /** Turns a commonmark tree into block objects, counting blocks and depth. */
    private static final class Converter {

        private int blocks;

        List<ObjectNode> blocks(Node parent, int depth) {
            if (depth > MAX_DEPTH) {
                throw new MarkdownLimitException("Markdown nests lists or quotes more than " + MAX_DEPTH
                        + " levels deep");
            }
            List<ObjectNode> out = new ArrayList<>();
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                convert(n, depth, out);
            }
            return out;
        }

        private void convert(Node n, int depth, List<ObjectNode> out) {
            if (n instanceof Paragraph) {
                out.add(block("paragraph", inline(n)));
            } else if (n instanceof Heading h) {
                out.add(block("heading_" + Math.min(3, h.getLevel()), inline(n)));
            } else if (n instanceof ListBlock list) {
                for (Node item = list.getFirstChild(); item != null; item = item.getNext()) {
                    if (item instanceof ListItem li) {
                        out.add(listItem(li, list instanceof OrderedList, depth));
                    }
                }
            } else if (n instanceof BlockQuote) {
                out.add(container("quote", n, depth));
            } else if (n instanceof FencedCodeBlock code) {
                out.add(code(code.getLiteral(), code.getInfo()));
            } else if (n instanceof IndentedCodeBlock code) {
                out.add(code(code.getLiteral(), null));
            } else if (n instanceof ThematicBreak) {
                ObjectNode divider = block("divider", null);
                out.add(divider);
            } else if (n instanceof HtmlBlock html) {
                out.add(block("paragraph", plain(stripNewline(html.getLiteral()))));
            } else if (!(n instanceof LinkReferenceDefinition)) {
                // Anything else a commonmark extension may add: keep its text.
                out.add(block("paragraph", inline(n)));
            }
        }

        private ObjectNode listItem(ListItem item, boolean ordered, int depth) {
            Node first = item.getFirstChild();
            if (!ordered && first instanceof Paragraph p && p.getFirstChild() instanceof Text t) {
                String literal = t.getLiteral();
                if (literal.length() >= 3 && literal.charAt(0) == '[' && literal.charAt(2) == ']'
                        && " xX".indexOf(literal.charAt(1)) >= 0
                        && (literal.length() == 3 || literal.charAt(3) == ' ')) {
                    String rest = literal.length() > 4 ? literal.substring(4) : "";
                    Text remainder = new Text(rest);
                    t.insertBefore(remainder);
                    t.unlink();
                    ObjectNode todo = container("to_do", item, depth);
                    ((ObjectNode) todo.get("to_do")).put("checked", literal.charAt(1) != ' ');
                    return todo;
                }
            }
            return container(ordered ? "numbered_list_item" : "bulleted_list_item", item, depth);
        }

        /** A block whose text is its first paragraph and whose children are the rest of its content. */
        private ObjectNode container(String type, Node node, int depth) {
            Node first = node.getFirstChild();
            ArrayNode text = first instanceof Paragraph ? inline(first) : JSON.arrayNode();
            ObjectNode block = block(type, text);
            List<ObjectNode> children = new ArrayList<>();
            for (Node n = first instanceof Paragraph ? first.getNext() : first; n != null; n = n.getNext()) {
                if (depth + 1 > MAX_DEPTH) {
                    throw new MarkdownLimitException("Markdown nests lists or quotes more than " + MAX_DEPTH
                            + " levels deep");
                }
                convert(n, depth + 1, children);
            }
            if (!children.isEmpty()) {
                ArrayNode array = ((ObjectNode) block.get(type)).putArray("children");
                children.forEach(array::add);
            }
            return block;
        }

        private ObjectNode code(String literal, String info) {
            String language = "plain text";
            if (info != null && !info.isBlank()) {
                String word = info.strip().split("\\s+", 2)[0].toLowerCase(Locale.ROOT);
                word = LANGUAGE_ALIASES.getOrDefault(word, word);
                language = LANGUAGES.contains(word) ? word : "plain text";
            }
            ObjectNode block = block("code", plain(stripNewline(literal)));
            ((ObjectNode) block.get("code")).put("language", language);
            return block;
        }

        private ObjectNode block(String type, ArrayNode richText) {
            if (++blocks > MAX_BLOCKS) {
                throw new MarkdownLimitException("Markdown makes more than " + MAX_BLOCKS + " blocks");
            }
            if (richText != null && richText.size() > MAX_RICH_TEXT_ITEMS) {
                throw new MarkdownLimitException("Block " + blocks + " (" + type + ") needs " + richText.size()
                        + " rich-text pieces; Notion takes at most " + MAX_RICH_TEXT_ITEMS + " per block");
            }
            ObjectNode block = JSON.objectNode();
            block.put("type", type);
            ObjectNode body = block.putObject(type);
            if (richText != null) {
                body.set("rich_text", richText);
            }
            return block;
        }

        private static String stripNewline(String s) {
            return s.endsWith("\n") ? s.substring(0, s.length() - 1) : s;
        }

        private static ArrayNode plain(String text) {
            RichTextBuilder b = new RichTextBuilder();
            b.add(text, Style.NONE);
            return b.build();
        }

        private static ArrayNode inline(Node parent) {
            RichTextBuilder b = new RichTextBuilder();
            inline(parent, Style.NONE, b, 0);
            return b.build();
        }

        private static void inline(Node parent, Style style, RichTextBuilder b, int depth) {
            if (depth > MAX_DEPTH) {
                throw new MarkdownLimitException("Markdown nests inline formatting more than " + MAX_DEPTH
                        + " levels deep");
            }
            for (Node n = parent.getFirstChild(); n != null; n = n.getNext()) {
                if (n instanceof Text t) {
                    b.add(t.getLiteral(), style);
                } else if (n instanceof Code c) {
                    b.add(c.getLiteral(), style.with(Style.CODE));
                } else if (n instanceof StrongEmphasis) {
                    inline(n, style.with(Style.BOLD), b, depth + 1);
                } else if (n instanceof Emphasis) {
                    inline(n, style.with(Style.ITALIC), b, depth + 1);
                } else if (n instanceof Strikethrough) {
                    inline(n, style.with(Style.STRIKETHROUGH), b, depth + 1);
                } else if (n instanceof Link link) {
                    inline(n, style.link(absolute(link.getDestination())), b, depth + 1);
                } else if (n instanceof Image image) {
                    Style linked = style.link(absolute(image.getDestination()));
                    if (image.getFirstChild() == null) {
                        b.add(image.getDestination(), linked);
                    } else {
                        inline(n, linked, b, depth + 1);
                    }
                } else if (n instanceof SoftLineBreak || n instanceof HardLineBreak) {
                    b.add("\n", style);
                } else if (n instanceof HtmlInline html) {
                    String tag = html.getLiteral().toLowerCase(Locale.ROOT);
                    if (tag.equals("<u>")) {
                        style = style.with(Style.UNDERLINE);
                    } else if (tag.equals("</u>")) {
                        style = style.without(Style.UNDERLINE);
                    } else {
                        b.add(html.getLiteral(), style);
                    }
                } else {
                    inline(n, style, b, depth + 1);
                }
            }
        }

        /** Notion links only absolute URLs; anything else stays plain text. */
        private static String absolute(String url) {
            if (url == null || url.length() > MAX_TEXT) {
                return null;
            }
            String lower = url.toLowerCase(Locale.ROOT);
            return lower.startsWith("http://") || lower.startsWith("https://") || lower.startsWith("mailto:")
                    ? url : null;
        }
    }

    /** Annotations and link of a run of text. */
    private record Style(int flags, String link) {

        static final int BOLD = 1;
        static final int ITALIC = 2;
        static final int STRIKETHROUGH = 4;
        static final int UNDERLINE = 8;
        static final int CODE = 16;
        static final Style NONE = new Style(0, null);

        Style with(int flag) {
            return new Style(flags | flag, link);
        }

        Style without(int flag) {
            return new Style(flags & ~flag, link);
        }

        Style link(String url) {
            return url == null ? this : new Style(flags, url);
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }
    }

    /** Collects runs of text, merges neighbours of one style and cuts pieces at 2,000 characters. */
    private static final class RichTextBuilder {

        private final List<String> texts = new ArrayList<>();
        private final List<Style> styles = new ArrayList<>();

        void add(String text, Style style) {
            if (text.isEmpty()) {
                return;
            }
            int last = texts.size() - 1;
            if (last >= 0 && styles.get(last).equals(style)) {
                texts.set(last, texts.get(last) + text);
            } else {
                texts.add(text);
                styles.add(style);
            }
        }

        ArrayNode build() {
            ArrayNode out = JSON.arrayNode();
            for (int i = 0; i < texts.size(); i++) {
                String text = texts.get(i);
                int from = 0;
                while (from < text.length()) {
                    int to = Math.min(text.length(), from + MAX_TEXT);
                    if (to < text.length() && Character.isHighSurrogate(text.charAt(to - 1))) {
                        to--; // never cut a character in two
                    }
                    out.add(piece(text.substring(from, to), styles.get(i)));
                    from = to;
                }
            }
            return out;
        }

        private static ObjectNode piece(String content, Style style) {
            ObjectNode item = JSON.objectNode();
            item.put("type", "text");
            ObjectNode text = item.putObject("text");
            text.put("content", content);
            if (style.link() != null) {
                text.putObject("link").put("url", style.link());
            }
            if (style.flags() != 0) {
                ObjectNode a = item.putObject("annotations");
                putIf(a, "bold", style.has(Style.BOLD));
                putIf(a, "italic", style.has(Style.ITALIC));
                putIf(a, "strikethrough", style.has(Style.STRIKETHROUGH));
                putIf(a, "underline", style.has(Style.UNDERLINE));
                putIf(a, "code", style.has(Style.CODE));
            }
            return item;
        }

        private static void putIf(ObjectNode a, String name, boolean value) {
            if (value) {
                a.put(name, true);
            }
        }
    }

    /** {@code ~~text~~}: commonmark's core has no strikethrough, so a delimiter processor adds it. */
    static final class Strikethrough extends CustomNode {
    }

    private static final class StrikethroughDelimiter implements DelimiterProcessor {

        @Override
        public char getOpeningCharacter() {
            return '~';
        }

        @Override
        public char getClosingCharacter() {
            return '~';
        }

        @Override
        public int getMinLength() {
            return 2;
        }

        @Override
        public int process(DelimiterRun openingRun, DelimiterRun closingRun) {
            if (openingRun.length() < 2 || closingRun.length() < 2) {
                return 0;
            }
            Text opener = openingRun.getOpener();
            Node closer = closingRun.getCloser();
            Strikethrough strike = new Strikethrough();
            Node n = opener.getNext();
            while (n != null && n != closer) {
                Node next = n.getNext();
                strike.appendChild(n);
                n = next;
            }
            opener.insertAfter(strike);
            return 2;
        }
    }
}
