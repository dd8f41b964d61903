package io.github.notionsync;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.notionsync.internal.write.MarkdownBlocks;
import io.github.notionsync.internal.write.MarkdownLimitException;
import io.github.notionsync.internal.write.OutboxPusher;
import io.github.notionsync.spi.OutboxRepository;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Writing back to Notion: changes are enqueued in an outbox (here, through the SQL functions
 * {@code notion_update_page(...)} and friends, or through REST, all with the same validation) and
 * pushed to Notion within seconds by whichever instance picks them.
 *
 * <pre>{@code
 * long id = sync.writes().updatePage("user-id", pageId, Map.of("Role", "Mentor", "Tags", List.of("Brave")));
 * sync.writes().change("user-id", id).map(OutboxChange::status);   // PENDING … APPLIED
 * }</pre>
 *
 * <ul>
 *   <li><b>Values</b> are plain JSON by Notion property name or by the kind's typed field
 *       ({@code "role"}, {@code "description"}, {@code "name"}), converted to Notion's shapes.
 *       Bad input is refused at once with an {@link InvalidChangeException} naming the property.</li>
 *   <li><b>Never a silent overwrite</b>: a change is based on the mirror's {@code last_edited_time}
 *       of the page; if Notion changed the page since (in the same minute too: the changed
 *       properties are compared), the database's {@link ConflictPolicy} decides.</li>
 *   <li><b>Read your writes</b>: after a write the mirror row is updated from Notion's reply, so
 *       the next pull finds it unchanged.</li>
 *   <li><b>Exactly once</b>: a change is marked applying and committed before it is sent; a create
 *       or append whose reply was lost, or which a stopped instance left applying, is recovered by
 *       finding what it wrote instead of writing again.</li>
 *   <li><b>Bounded</b>: 429, 5xx and transport failures are retried with back-off up to a bounded
 *       number of attempts; a 403 (a missing capability) fails the change with a message naming the
 *       capability to enable.</li>
 * </ul>
 */
public final class NotionWrites {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final OutboxRepository outbox;
    private final OutboxPusher pusher;

    NotionWrites(OutboxRepository outbox, OutboxPusher pusher) {
        this.outbox = outbox;
        this.pusher = pusher;
    }

    /** Sets properties of a page, based on the mirror's version of it. */
    public long updatePage(String userId, String pageId, Map<String, ?> properties) {
        return updatePage(userId, pageId, properties, null);
    }

    /**
     * Sets properties of a page.
     *
     * @param pageId the page id or URL
     * @param properties plain values by property name or typed field
     * @param base the page's {@code last_edited_time} the change is based on; {@code null} for the mirror's
     * @return the change's id
     * @throws InvalidChangeException if the change is refused
     */
    public long updatePage(String userId, String pageId, Map<String, ?> properties, Instant base) {
        Objects.requireNonNull(properties, "properties");
        return outbox.enqueue(userId, WriteOperation.UPDATE, pageId, MAPPER.valueToTree(properties), null, base);
    }

    /**
     * Creates a page in a mirrored database.
     *
     * @param database the database id, URL or configured name
     * @param contentMarkdown the page's content as Markdown, or {@code null}
     * @return the change's id
     * @throws InvalidChangeException if the change is refused
     */
    public long createPage(String userId, String database, Map<String, ?> properties, String contentMarkdown) {
        checkMarkdown(contentMarkdown);
        JsonNode values = properties == null ? null : MAPPER.valueToTree(properties);
        return outbox.enqueue(userId, WriteOperation.CREATE, database, values, contentMarkdown, null);
    }

    /** Moves a page to the trash; returns the change's id. */
    public long trashPage(String userId, String pageId) {
        return outbox.enqueue(userId, WriteOperation.TRASH, pageId, null, null, null);
    }

    /** Takes a page out of the trash; returns the change's id. */
    public long restorePage(String userId, String pageId) {
        return outbox.enqueue(userId, WriteOperation.RESTORE, pageId, null, null, null);
    }

    /** Appends Markdown content at the end of a page; returns the change's id. */
    public long appendContent(String userId, String pageId, String contentMarkdown) {
        checkMarkdown(contentMarkdown);
        return outbox.enqueue(userId, WriteOperation.APPEND, pageId, null, contentMarkdown, null);
    }

    /** Replaces a page's content with Markdown content; returns the change's id. */
    public long replaceContent(String userId, String pageId, String contentMarkdown) {
        checkMarkdown(contentMarkdown);
        return outbox.enqueue(userId, WriteOperation.REPLACE, pageId, null, contentMarkdown, null);
    }

    /**
     * Refuses Markdown that cannot be written (past its limits of blocks and nesting) before it is
     * enqueued; the SQL functions bound its length only.
     */
    static void checkMarkdown(String markdown) {
        if (markdown != null) {
            try {
                MarkdownBlocks.toBlocks(markdown);
            } catch (MarkdownLimitException e) {
                throw new InvalidChangeException("content_markdown: " + e.getMessage(), "content_markdown", false);
            }
        }
    }

    /** A change of the user, with its status. */
    public Optional<OutboxChange> change(String userId, long changeId) {
        return outbox.change(userId, changeId);
    }

    /**
     * Pushes the user's due changes now, in this thread (a scheduler does it by itself).
     *
     * @return how many changes were tried, or -1 if they are being pushed elsewhere right now
     */
    public int push(String userId) {
        SyncConnection.requireValidUserId(userId);
        return pusher.push(userId);
    }
}
