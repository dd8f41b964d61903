package io.github.notionsync.spi;

import com.fasterxml.jackson.databind.JsonNode;
import io.github.notionsync.NotionId;
import io.github.notionsync.OutboxChange;
import io.github.notionsync.TargetKind;
import io.github.notionsync.WriteOperation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where changes to Notion wait to be pushed, and the schemas they are checked against. The
 * pushing (conflicts, retries, recovery) lives in the engine; a store validates and persists.
 * Every method is scoped to one user.
 */
public interface OutboxRepository {

    /**
     * Validates a change against the database's {@link #saveSchema stored schema}, converts its
     * plain values to Notion property values and enqueues it.
     *
     * @param target the page id or URL; for {@link WriteOperation#CREATE} the database id, URL or name
     * @param properties plain JSON values by property name or typed field, or {@code null}
     * @param contentMarkdown Markdown content, or {@code null}
     * @param base the page's {@code last_edited_time} the change is based on, or {@code null} for
     *     the mirror's
     * @return the change's id
     * @throws io.github.notionsync.InvalidChangeException if it is refused
     */
    long enqueue(String userId, WriteOperation operation, String target, JsonNode properties, String contentMarkdown,
            Instant base);

    /** A change, if the user has it. */
    Optional<OutboxChange> change(String userId, long changeId);

    /**
     * The user's changes to push now, oldest first: pending or applying, due by {@code now}, and
     * with no earlier unfinished change of the same page.
     */
    List<OutboxChange> dueChanges(String userId, Instant now, int limit);

    /**
     * Marks a pending or applying change applying, counting an attempt, and commits. A change that
     * was already applying keeps the start of its earlier attempt.
     *
     * @return false if the change is no longer open
     */
    boolean markApplying(String userId, long changeId, Instant at);

    /** Records how far a content write got, and the page it writes to. */
    void recordProgress(String userId, long changeId, NotionId pageId, JsonNode progress);

    /**
     * Marks a change applied.
     *
     * @param notionVersion Notion's version it overwrote under {@code LOCAL_WINS}, else {@code null}
     * @param resolution {@code local_wins} or {@code null}
     */
    void markApplied(String userId, long changeId, NotionId pageId, Instant lastEditedTime, JsonNode notionVersion,
            String resolution);

    /** Marks a change conflicting with Notion's version, with {@code notion_wins} or {@code null}. */
    void markConflict(String userId, long changeId, JsonNode notionVersion, String resolution, String message);

    /** Marks a change failed for good. */
    void markFailed(String userId, long changeId, String error);

    /**
     * Leaves a change to be tried again at {@code at}: pending, or still applying when the outcome
     * of its last attempt is unknown (the next attempt then recovers instead of repeating).
     */
    void retryLater(String userId, long changeId, String error, Instant at, boolean stillApplying);

    /**
     * What the user's applied changes of {@code pageId} made before {@code changeId} and applied at
     * or after {@code since} wrote: the writes of our own that a later change's base does not know
     * of yet. Empty when there are none.
     */
    Optional<OwnWrites> ownWritesSince(String userId, NotionId pageId, long changeId, Instant since);

    /**
     * Our own writes of a page.
     *
     * @param lastEditedTime the latest {@code last_edited_time} after one of them
     * @param values property name to the normalised value the latest of them that set it expects
     */
    record OwnWrites(Instant lastEditedTime, JsonNode values) {
    }

    /** Whether another change of the user already claims {@code pageId} (created or wrote it). */
    boolean claimedByOtherChange(String userId, NotionId pageId, long changeId);

    /** Stores (replaces) a mirrored database's schema. */
    void saveSchema(DatabaseSchema schema);

    /** Whether a schema of the database is stored. */
    boolean hasSchema(String userId, NotionId databaseId);

    /** The mirrored content of a page, kept when a change writes properties only. */
    Optional<StoredContent> storedContent(String userId, TargetKind kind, NotionId pageId);

    /**
     * A page's content as mirrored.
     *
     * @param text plain text
     * @param markdown Markdown
     * @param wordCount words
     */
    record StoredContent(String text, String markdown, int wordCount) {
    }
}
