package io.github.notionsync.testkit.emulator;

import io.github.notionsync.NotionId;
import java.util.Objects;

/**
 * One rich text item of a title, rich_text property or text block: plain text, or a mention of a
 * page or a user.
 *
 * @param type {@code "text"}, {@code "page_mention"} or {@code "user_mention"}
 * @param content the text of a {@code text} item, or the mentioned id (canonical) of a mention
 */
public record RichText(String type, String content) {

    static final String TEXT = "text";
    static final String PAGE_MENTION = "page_mention";
    static final String USER_MENTION = "user_mention";

    public RichText {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(content, "content");
        if (!type.equals(TEXT) && !type.equals(PAGE_MENTION) && !type.equals(USER_MENTION)) {
            throw new IllegalArgumentException("Unknown rich text type: " + type);
        }
        if (!type.equals(TEXT)) {
            content = NotionId.parse(content).value();
        }
    }

    /** A plain text item. */
    public static RichText text(String content) {
        return new RichText(TEXT, content);
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
