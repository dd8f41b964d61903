package io.github.notionsync.internal.write;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.ChangeDetector;
import io.github.notionsync.ChangeStatus;
import io.github.notionsync.ConflictPolicy;
import io.github.notionsync.DatabaseConfig;
import io.github.notionsync.NotionId;
import io.github.notionsync.OutboxChange;
import io.github.notionsync.PageExtractor;
import io.github.notionsync.PageRecord;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncRepositoryException;
import io.github.notionsync.client.BlockTree;
import io.github.notionsync.client.NotionApiException;
import io.github.notionsync.client.NotionClient;
import io.github.notionsync.client.NotionConflictException;
import io.github.notionsync.client.NotionObjectNotFoundException;
import io.github.notionsync.client.NotionPage;
import io.github.notionsync.client.NotionRestrictedResourceException;
import io.github.notionsync.client.NotionTransportException;
import io.github.notionsync.client.NotionWriteOutcomeUnknownException;
import io.github.notionsync.client.PageQuery;
import io.github.notionsync.spi.OutboxRepository;
import io.github.notionsync.spi.PageWrite;
import io.github.notionsync.spi.SyncLockProvider;
import io.github.notionsync.spi.SyncRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes a user's changes from the outbox to Notion, one at a time in the order they were made,
 * under the user's write lock. See {@code NotionWrites} for the guarantees.
 */
public final class OutboxPusher {

    /**
     * Settings of the pushing.
     *
     * @param maxAttempts attempts of a change before it fails for good
     * @param firstBackoff the wait before the second attempt; doubled after each further one
     * @param maxBackoff the longest wait between attempts
     * @param contentDepth levels of blocks read back after a content write
     * @param maxBlocksPerPage blocks read back after a content write at most
     */
    public record Settings(int maxAttempts, Duration firstBackoff, Duration maxBackoff, int contentDepth,
            int maxBlocksPerPage) {
    }

    /** What the lookup of a change's database gives: its connection and configuration. */
    public record Target(SyncConnection connection, DatabaseConfig database) {
    }

    private static final Logger log = LoggerFactory.getLogger(OutboxPusher.class);
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int BATCH = 100;

    private final Function<String, List<SyncConnection>> connections;
    private final OutboxRepository outbox;
    private final SyncRepository repository;
    private final PageExtractor extractor;
    private final ChangeDetector detector;
    private final SyncLockProvider locks;
    private final String holder;
    private final Clock clock;
    private final Settings settings;

    public OutboxPusher(Function<String, List<SyncConnection>> connections, OutboxRepository outbox,
            SyncRepository repository, PageExtractor extractor, ChangeDetector detector, SyncLockProvider locks,
            String holder, Clock clock, Settings settings) {
        this.connections = connections;
        this.outbox = outbox;
        this.repository = repository;
        this.extractor = extractor;
        this.detector = detector;
        this.locks = locks;
        this.holder = holder;
        this.clock = clock;
        this.settings = settings;
    }

    /** The lock every push of a user's changes holds, wherever it runs. */
    public static String lockKey(String userId) {
        return "writes:" + userId;
    }

    /**
     * Pushes the user's due changes.
     *
     * @return how many changes were tried, or -1 if the user's changes are being pushed elsewhere
     *     (that holder looks for new changes after it lets go, so none is left behind)
     */
    public int push(String userId) {
        int tried = 0;
        for (int round = 0; round < 1_000; round++) {
            Optional<SyncLockProvider.SyncLock> lock = locks.tryLock(lockKey(userId), holder);
            if (lock.isEmpty()) {
                return tried == 0 ? -1 : tried;
            }
            try (SyncLockProvider.SyncLock held = lock.get()) {
                tried += drain(userId, held);
            }
            // Let go first, then look: a change committed while the lock was held, whose own push
            // found it busy, is seen here.
            if (outbox.dueChanges(userId, clock.instant(), 1).isEmpty()) {
                return tried;
            }
        }
        return tried;
    }

    private int drain(String userId, SyncLockProvider.SyncLock held) {
        int tried = 0;
        while (held.valid()) {
            List<OutboxChange> due = outbox.dueChanges(userId, clock.instant(), BATCH);
            if (due.isEmpty()) {
                break;
            }
            for (OutboxChange change : due) {
                if (!held.valid()) {
                    break;
                }
                apply(change);
                tried++;
            }
        }
        return tried;
    }

    private void apply(OutboxChange change) {
        String userId = change.userId();
        boolean recovering = change.status() == ChangeStatus.APPLYING;
        if (!outbox.markApplying(userId, change.id(), clock.instant())) {
            return;
        }
        Optional<Target> target;
        try {
            target = target(userId, change.databaseId());
        } catch (RuntimeException e) { // the connection cannot be read now: an attempt like any other
            retry(change, e, recovering);
            return;
        }
        if (target.isEmpty()) {
            outbox.markFailed(userId, change.id(), "Database " + change.databaseId() + " is not configured for user "
                    + userId + " (any more)");
            return;
        }
        Instant attemptStarted = recovering && change.applyingSince() != null ? change.applyingSince() : clock.instant();
        Attempt a = new Attempt(change, target.get().connection().client(), target.get().database(), recovering,
                attemptStarted);
        try {
            switch (change.operation()) {
                case UPDATE -> a.update();
                case TRASH, RESTORE -> a.trashOrRestore(change.operation() == io.github.notionsync.WriteOperation.TRASH);
                case CREATE -> a.create();
                case APPEND, REPLACE -> a.writeContent();
                default -> throw new IllegalStateException("Unknown operation " + change.operation());
            }
        } catch (NotionRestrictedResourceException e) {
            outbox.markFailed(userId, change.id(), "Notion refused the change: the integration lacks the \""
                    + e.neededCapability() + "\" capability; enable it in the integration's settings ("
                    + e.getMessage() + ")");
        } catch (NotionWriteOutcomeUnknownException e) {
            retry(change, e, true);
        } catch (NotionObjectNotFoundException e) {
            outbox.markFailed(userId, change.id(), "The page is gone from Notion or no longer shared: " + e.getMessage());
        } catch (NotionConflictException e) {
            retry(change, e, false);
        } catch (NotionApiException e) {
            if (e.isRetryable()) {
                retry(change, e, false);
            } else {
                outbox.markFailed(userId, change.id(), e.getMessage());
            }
        } catch (NotionTransportException e) {
            retry(change, e, false);
        } catch (SyncRepositoryException e) {
            // Notion may have the change while the mirror does not: recover on the next attempt.
            retry(change, e, true);
        } catch (RuntimeException e) {
            log.warn("Change {} of user {} failed: {}", change.id(), userId, e.toString());
            outbox.markFailed(userId, change.id(), e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private void retry(OutboxChange change, RuntimeException e, boolean outcomeUnknown) {
        int attempts = change.attempts() + 1;
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (attempts >= settings.maxAttempts()) {
            log.warn("Change {} of user {} gave up after {} attempts: {}", change.id(), change.userId(), attempts,
                    message);
            outbox.markFailed(change.userId(), change.id(), "Gave up after " + attempts + " attempts: " + message);
            return;
        }
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration wait = settings.firstBackoff().multipliedBy(factor);
        if (wait.compareTo(settings.maxBackoff()) > 0) {
            wait = settings.maxBackoff();
        }
        log.debug("Change {} of user {} is tried again in {}: {}", change.id(), change.userId(), wait, message);
        outbox.retryLater(change.userId(), change.id(), message, clock.instant().plus(wait), outcomeUnknown);
    }

    private Optional<Target> target(String userId, NotionId databaseId) {
        for (SyncConnection c : connections.apply(userId)) {
            for (DatabaseConfig db : c.databases()) {
                if (db.id().equals(databaseId)) {
                    return Optional.of(new Target(c, db));
                }
            }
        }
        return Optional.empty();
    }

    /** One attempt at one change. */
    private final class Attempt {
        private final OutboxChange change;
        private final NotionClient client;
        private final DatabaseConfig db;
        private final boolean recovering;
        private final Instant started;
        private final String userId;

        Attempt(OutboxChange change, NotionClient client, DatabaseConfig db, boolean recovering, Instant started) {
            this.change = change;
            this.client = client;
            this.db = db;
            this.recovering = recovering;
            this.started = started;
            this.userId = change.userId();
        }

        void update() {
            NotionPage page = client.retrievePage(change.pageId());
            PageRecord current = extractor.extract(page, null, db.mapping());
            if (recovering && matches(current, change.expected())) {
                // An earlier attempt wrote it (its reply or our commit was lost): adopt it.
                mirror(page, false);
                outbox.markApplied(userId, change.id(), page.id(), page.lastEditedTime(), null, null);
                return;
            }
            ObjectNode notionVersion = conflict(page, current);
            if (notionVersion != null && !resolveConflict(page, notionVersion)) {
                return;
            }
            NotionPage updated = client.updatePage(change.pageId(), (ObjectNode) change.properties(), null);
            mirror(updated, false);
            applied(updated, notionVersion);
        }

        void trashOrRestore(boolean trash) {
            NotionPage page = client.retrievePage(change.pageId());
            if (page.inTrash() == trash) {
                mirror(page, false);
                outbox.markApplied(userId, change.id(), page.id(), page.lastEditedTime(), null, null);
                return;
            }
            ObjectNode notionVersion = trash ? conflict(page, extractor.extract(page, null, db.mapping())) : null;
            if (notionVersion != null && !resolveConflict(page, notionVersion)) {
                return;
            }
            NotionPage updated = client.updatePage(change.pageId(), F.objectNode(), trash);
            mirror(updated, false);
            applied(updated, notionVersion);
        }

        void create() {
            List<ObjectNode> blocks = blocks();
            NotionPage page = null;
            if (change.pageId() != null) {
                page = client.retrievePage(change.pageId());
            } else if (recovering) {
                page = findCreated().orElse(null);
                if (page != null) {
                    log.info("Change {} of user {}: adopting page {} created by an earlier attempt", change.id(),
                            userId, page.id());
                }
            }
            // The first blocks come with the page, atomically; the rest are appended after it.
            List<ObjectNode> first = MarkdownBlocks.leadingBatch(blocks);
            int sent = first.size();
            int done = -1;
            if (page == null) {
                page = client.createPage(db.id(), null, (ObjectNode) change.properties(), first);
                ObjectNode progress = F.objectNode().put("children_before", 0).put("phase", "append");
                outbox.recordProgress(userId, change.id(), page.id(), progress);
                done = sent;
            }
            if (blocks.size() > sent) {
                appendMissing(page.id(), blocks, 0, done);
                page = client.retrievePage(page.id());
            }
            mirror(page, !blocks.isEmpty());
            applied(page, null);
        }

        void writeContent() {
            boolean replace = change.operation() == io.github.notionsync.WriteOperation.REPLACE;
            List<ObjectNode> blocks = blocks();
            JsonNode progress = change.progress();
            // An earlier attempt that got as far as appending may have appended some of the blocks.
            boolean fresh = progress == null || !"append".equals(progress.path("phase").asText());
            if (fresh) {
                NotionPage page = client.retrievePage(change.pageId());
                if (replace) {
                    ObjectNode notionVersion = recovering ? null : conflict(page, null);
                    if (notionVersion != null && !resolveConflict(page, notionVersion)) {
                        return;
                    }
                    deleteChildren(change.pageId());
                }
                int before = replace ? 0 : countChildren(change.pageId());
                progress = F.objectNode().put("children_before", before).put("phase", "append");
                outbox.recordProgress(userId, change.id(), change.pageId(), progress);
            }
            appendMissing(change.pageId(), blocks, progress.path("children_before").asInt(), fresh ? 0 : -1);
            NotionPage page = client.retrievePage(change.pageId());
            mirror(page, true);
            applied(page, null);
        }

        private List<ObjectNode> blocks() {
            String md = change.contentMarkdown();
            return md == null || md.isBlank() ? List.of() : MarkdownBlocks.toBlocks(md);
        }

        /**
         * Appends what of {@code blocks} the page does not have yet: its top-level blocks past
         * {@code before} are the ones earlier attempts appended, in order.
         *
         * @param known how many of {@code blocks} are known to be there, or -1 to count them
         */
        private void appendMissing(NotionId pageId, List<ObjectNode> blocks, int before, int known) {
            int done = known >= 0 ? known : Math.max(0, countChildren(pageId) - before);
            if (done < blocks.size()) {
                MarkdownBlocks.appendAll(pageId, blocks.subList(done, blocks.size()), client::appendBlockChildren);
            }
        }

        private int countChildren(NotionId pageId) {
            try (Stream<?> children = client.blockChildren(pageId)) {
                return (int) children.count();
            }
        }

        private void deleteChildren(NotionId pageId) {
            List<NotionId> ids;
            try (Stream<io.github.notionsync.client.NotionBlock> children = client.blockChildren(pageId)) {
                ids = children.map(io.github.notionsync.client.NotionBlock::id).toList();
            }
            ids.forEach(client::deleteBlock);
        }

        /**
         * The page an earlier attempt created, if Notion has it: created in the attempt's minute or
         * later, with the change's values, and not claimed by another change.
         */
        private Optional<NotionPage> findCreated() {
            Instant since = started.truncatedTo(ChronoUnit.MINUTES);
            try (Stream<NotionPage> pages = client.queryDatabase(db.id(), PageQuery.editedSince(since))) {
                Iterator<NotionPage> it = pages.iterator();
                while (it.hasNext()) {
                    NotionPage p = it.next();
                    if (p.createdTime() != null && !p.createdTime().isBefore(since)
                            && matches(extractor.extract(p, null, db.mapping()), change.expected())
                            && !outbox.claimedByOtherChange(userId, p.id(), change.id())) {
                        return Optional.of(p);
                    }
                }
            }
            return Optional.empty();
        }

        /**
         * Notion's version when the page changed since the change's base, else {@code null}. Notion
         * rounds {@code last_edited_time} down to the minute, so at an equal time the changed
         * properties' values are compared with what the mirror had.
         */
        private ObjectNode conflict(NotionPage page, PageRecord current) {
            Instant base = change.baseLastEditedTime();
            if (base == null || page.lastEditedTime() == null || page.lastEditedTime().isBefore(base)) {
                return null;
            }
            // Earlier changes of this page that we applied since the base are not Notion's edits:
            // the base moves past them, and the values they set are what this change expects.
            ObjectNode baseValues = change.baseValues() == null ? F.objectNode() : change.baseValues().deepCopy();
            OutboxRepository.OwnWrites ours = outbox.ownWritesSince(userId, change.pageId(), change.id(), base)
                    .orElse(null);
            if (ours != null) {
                if (ours.lastEditedTime().isAfter(base)) {
                    base = ours.lastEditedTime();
                }
                if (ours.values() != null) {
                    ours.values().fields().forEachRemaining(e -> {
                        if (baseValues.has(e.getKey())) {
                            baseValues.set(e.getKey(), e.getValue());
                        }
                    });
                }
            }
            String why = null;
            if (page.lastEditedTime().isAfter(base)) {
                why = "the page was edited in Notion at " + page.lastEditedTime() + ", after the change's base " + base;
            } else if (current != null) {
                for (Iterator<Map.Entry<String, JsonNode>> it = baseValues.fields(); it.hasNext();) {
                    Map.Entry<String, JsonNode> e = it.next();
                    JsonNode now = current.properties().path(e.getKey()).path("value");
                    if (!same(e.getValue(), now)) {
                        why = "property \"" + e.getKey() + "\" was changed in Notion in the minute of the change's base "
                                + base;
                        break;
                    }
                }
            }
            if (why == null) {
                return null;
            }
            ObjectNode version = F.objectNode();
            version.put("reason", why);
            version.put("last_edited_time", page.lastEditedTime().toString());
            version.put("last_edited_by", page.raw().path("last_edited_by").path("id").asText(null));
            ObjectNode values = version.putObject("values");
            PageRecord rec = current != null ? current : extractor.extract(page, null, db.mapping());
            JsonNode changed = change.properties() == null ? F.objectNode() : change.properties();
            changed.fieldNames().forEachRemaining(name -> values.set(name, rec.properties().path(name).path("value")));
            return version;
        }

        /** Applies the database's policy; true if the change is to be written anyway. */
        private boolean resolveConflict(NotionPage page, ObjectNode notionVersion) {
            ConflictPolicy policy = db.conflictPolicy();
            String why = notionVersion.path("reason").asText();
            log.info("Change {} of user {} conflicts ({}): {}", change.id(), userId, policy, why);
            switch (policy) {
                case LOCAL_WINS -> {
                    return true;
                }
                case NOTION_WINS -> {
                    mirror(page, false);
                    outbox.markConflict(userId, change.id(), notionVersion, "notion_wins", "Conflict: " + why
                            + "; Notion's version was kept (conflict policy NOTION_WINS)");
                    return false;
                }
                default -> {
                    outbox.markConflict(userId, change.id(), notionVersion, null, "Conflict: " + why
                            + "; Notion was left untouched (conflict policy FAIL)");
                    return false;
                }
            }
        }

        private void applied(NotionPage page, ObjectNode overwritten) {
            outbox.markApplied(userId, change.id(), page.id(), page.lastEditedTime(), overwritten,
                    overwritten == null ? null : "local_wins");
        }

        /**
         * Stores Notion's version of the page in the mirror at once, so that the next pull finds it
         * unchanged: from the page and, after a content write, its content read back; otherwise with
         * the content the mirror already has.
         */
        private void mirror(NotionPage page, boolean contentChanged) {
            if (page.inTrash()) {
                repository.markDeleted(userId, db.kind(), List.of(page.id()), SyncRepository.REASON_TRASHED,
                        clock.instant());
                return;
            }
            PageRecord record;
            if (contentChanged) {
                BlockTree tree = client.retrieveBlockTree(page.id(), settings.contentDepth(), settings.maxBlocksPerPage());
                record = extractor.extract(page, tree, db.mapping());
            } else {
                record = extractor.extract(page, null, db.mapping());
                OutboxRepository.StoredContent stored = outbox.storedContent(userId, db.kind(), page.id()).orElse(null);
                if (stored != null) {
                    record = new PageRecord(record.pageId(), record.databaseId(), record.dataSourceId(), record.kind(),
                            record.title(), record.fields(), record.properties(), record.propertiesText(),
                            stored.text(), stored.markdown(), stored.wordCount(), record.createdTime(),
                            record.lastEditedTime(), record.url(), record.inTrash(), record.raw(), record.problems());
                }
            }
            repository.writeBatch(userId, db.kind(), List.of(new PageWrite(record, detector.hash(record))), null);
        }
    }

    /** Whether a page's normalised values are those the change sets. */
    static boolean matches(PageRecord page, JsonNode expected) {
        if (expected == null) {
            return false;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = expected.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!same(e.getValue(), page.properties().path(e.getKey()).path("value"))) {
                return false;
            }
        }
        return true;
    }

    /** Equal normalised values; null, missing, "" and [] are all empty. */
    static boolean same(JsonNode a, JsonNode b) {
        if (empty(a) || empty(b)) {
            return empty(a) && empty(b);
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean empty(JsonNode v) {
        return v == null || v.isNull() || v.isMissingNode() || (v.isTextual() && v.asText().isEmpty())
                || (v.isArray() && v.isEmpty());
    }
}
