package io.github.notionsync.testkit.emulator;

import io.github.notionsync.NotionId;
import java.util.Objects;

/**
 * One rich text item of a title, rich_text property or text block: plain text (with annotations
 * and an optional link), or a mention of a page or a user.
 *
 * @param type {@code "text"}, {@code "page_mention"} or {@code "user_mention"}
 * @param content the text of a {@code text} item, or the mentioned id (canonical) of a mention
 * @param style the annotations (bold, italic, …)
 * @param link the URL a {@code text} item links to, or null
 */
public record RichText(String type, String content, Style style, String link) {

    static final String TEXT = "text";
    static final String PAGE_MENTION = "page_mention";
    static final String USER_MENTION = "user_mention";

    /**
     * Notion's annotations of a rich text item.
     *
     * @param bold bold
     * @param italic italic
     * @param strikethrough struck through
     * @param underline underlined
     * @param code inline code
     * @param color {@code default}, a color name or a {@code *_background} color
     */
    public record Style(boolean bold, boolean italic, boolean strikethrough, boolean underline, boolean code,
            String color) {

        /** No annotations, default color. */
        public static final Style PLAIN = new Style(false, false, false, false, false, "default");

        public Style {
            Objects.requireNonNull(color, "color");
        }
    }

    public RichText {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
        style = style == null ? Style.PLAIN : style;
        if (!type.equals(TEXT) && !type.equals(PAGE_MENTION) && !type.equals(USER_MENTION)) {
            throw new IllegalArgumentException("Unknown rich text type: " + type);
        }
        if (!type.equals(TEXT)) {
            content = NotionId.parse(content).value();
            if (link != null) {
                throw new IllegalArgumentException("Only text items carry a link");
            }
        }
    }

    /** An item without annotations or link. */
    public RichText(String type, String content) {
        this(type, content, Style.PLAIN, null);
    }

    /** A plain text item. */
    public static RichText text(String content) {
        return new RichText(TEXT, content);
    }

    /** A text item with annotations and an optional link. */
    public static RichText text(String content, Style style, String link) {
        return new RichText(TEXT, content, style, link);
    }

    /** A mention of the page with this id. */
    public static RichText pageMention(String pageId) {
        return new RichText(PAGE_MENTION, pageId);
    }

    /** A mention of the user with this id. */
    public static RichText userMention(String userId) {
        return new RichText(USER_MENTION, userId);
    }
}
