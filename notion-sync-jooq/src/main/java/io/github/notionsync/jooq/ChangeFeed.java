package io.github.notionsync.jooq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.notionsync.SyncConnection;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed changes of the mirror, as they happen, from every instance writing to the
 * database: listens on the PostgreSQL channel {@value #CHANNEL} (which the migration's triggers
 * notify only when a write commits) and calls the registered listeners with each change. Also
 * reads the short-lived change log, {@code notion_sync_changes}, and deletes its rows older than
 * the retention.
 *
 * <pre>{@code
 * ChangeFeed feed = postgres.changeFeed().build();
 * feed.addListener(change -> log.info("{} {} {}", change.type(), change.pageId(), change.title()));
 * feed.start();                                        // close() on shutdown
 * }</pre>
 *
 * Listeners are called one at a time on the feed's thread, in the order the notifications
 * arrive: they must return quickly (hand the change to a queue). A listener that throws is
 * logged and does not stop the feed. While the listening connection is down (a restart of
 * PostgreSQL, a dropped connection) PostgreSQL cannot deliver notifications; when the feed has
 * listened again it catches up from the log: every change logged after the last one it delivered
 * (and any of the {@value #CATCH_UP_WINDOW} before it that it never delivered, committed late by
 * a longer transaction) is delivered once, in log order, before the notifications that follow.
 * Changes already pruned from the log (older than the retention) cannot be caught up.
 */
public final class ChangeFeed implements AutoCloseable {

    /** The PostgreSQL channel every change is announced on. */
    public static final String CHANNEL = "notion_sync_changes";
    /** The default time changes stay in the log. */
    public static final Duration DEFAULT_RETENTION = Duration.ofHours(1);

    /**
     * How far below the last delivered change id a catch-up looks for changes committed after
     * it (ids are taken when a write starts, so a longer transaction can commit a lower id later).
     */
    public static final int CATCH_UP_WINDOW = 1_000;

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The PostgreSQL application name of the listening connection, to tell it in pg_stat_activity. */
    static final String APPLICATION_NAME = "notion-sync-change-feed";
    private static final int CATCH_UP_PAGE = 500;
    /** How many delivered ids are remembered, so a catch-up delivers nothing twice. */
    private static final int REMEMBERED = 4 * CATCH_UP_WINDOW;

    /** One committed change. */
    public record Change(long id, String userId, String type, String kind, String databaseId, String pageId,
            String title, String runId, Instant at, JsonNode json) {

        /** A page was inserted. */
        public static final String PAGE_INSERTED = "page_inserted";
        /** A page's content or title changed. */
        public static final String PAGE_UPDATED = "page_updated";
        /** A page was marked deleted. */
        public static final String PAGE_DELETED = "page_deleted";
        /** A page marked deleted came back. */
        public static final String PAGE_RESTORED = "page_restored";
        /** A run of a database started. */
        public static final String RUN_STARTED = "run_started";
        /** A running run of a database stored a batch ({@code pages_seen} and the other counts so far in {@link #json()}). */
        public static final String RUN_PROGRESS = "run_progress";
        /** A run of a database ended ({@code outcome} and counts in {@link #json()}). */
        public static final String RUN_FINISHED = "run_finished";

        static Change of(JsonNode n) {
            return new Change(n.path("id").asLong(), text(n, "user_id"), text(n, "type"), text(n, "kind"),
                    text(n, "database_id"), text(n, "page_id"), text(n, "title"), text(n, "run_id"),
                    n.hasNonNull("at") ? java.time.OffsetDateTime.parse(n.get("at").asText()).toInstant() : null, n);
        }

        private static String text(JsonNode n, String field) {
            return n.hasNonNull(field) ? n.get(field).asText() : null;
        }
    }

    /** Called with each committed change. */
    @FunctionalInterface
    public interface Listener {
        void onChange(Change change);
    }

    private final DataSource dataSource;
    private final String schema;
    private final DSLContext dsl;
    private final Duration retention;
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Thread thread;
    private volatile boolean listening;
    /** The ids delivered lately, oldest first; only the feed's thread touches it. */
    private final java.util.LinkedHashSet<Long> delivered = new java.util.LinkedHashSet<>();
    /** The highest id delivered (or logged when the feed first listened); only the feed's thread touches it. */
    private long lastDelivered = -1;
    /** The highest id logged when the feed first listened: a catch-up never goes below it. */
    private long floor = -1;

    private ChangeFeed(Builder b) {
        this.dataSource = b.dataSource;
        this.schema = b.schema;
        this.dsl = Jooq.dsl(b.dataSource);
        this.retention = b.retention;
    }

    /** A builder of a feed on {@code dataSource}, schema {@code public} unless set. */
    public static Builder builder(DataSource dataSource) {
        return new Builder(dataSource);
    }

    /** Registers a listener; closing the returned handle removes it. */
    public AutoCloseable addListener(Listener listener) {
        Objects.requireNonNull(listener, "listener");
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Starts listening, on a daemon thread. */
    public ChangeFeed start() {
        if (running.compareAndSet(false, true)) {
            Thread t = new Thread(this::listen, "notion-sync-change-feed");
            t.setDaemon(true);
            thread = t;
            t.start();
        }
        return this;
    }

    /** Whether the feed's connection is listening now. */
    public boolean isListening() {
        return listening;
    }

    /** The logged changes of {@code userId} after the change {@code afterId}, oldest first, at most {@code limit}. */
    public List<Change> changesAfter(String userId, long afterId, int limit) {
        SyncConnection.requireValidUserId(userId);
        return StoreCalls.call("read the change log", () -> dsl.resultQuery(
                        "SELECT {0}.notion_sync_change_payload(c) FROM {0}.notion_sync_changes c"
                                + " WHERE c.user_id = {1} AND c.change_id > {2} ORDER BY c.change_id LIMIT {3}",
                        DSL.name(schema), DSL.val(userId), DSL.val(afterId), DSL.val(Math.max(0, limit)))
                .fetch(r -> parse(r.get(0, String.class))));
    }

    /** Deletes logged changes older than {@code age}; returns how many. */
    public int deleteOlderThan(Duration age) {
        Instant cutoff = Instant.now().minus(age);
        return StoreCalls.call("prune the change log", () -> dsl.execute(
                "DELETE FROM {0}.notion_sync_changes WHERE created_at < {1}", DSL.name(schema), DSL.val(cutoff)));
    }

    private void listen() {
        Instant nextPrune = Instant.now();
        Duration pruneEvery = retention.dividedBy(4).compareTo(Duration.ofMinutes(5)) > 0 ? Duration.ofMinutes(5)
                : retention.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : retention.dividedBy(4);
        while (running.get()) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("SET application_name = '" + APPLICATION_NAME + "'");
                s.execute("LISTEN " + CHANNEL);
                if (floor < 0) {
                    floor = lastLogged(s);
                    lastDelivered = Math.max(lastDelivered, floor);
                } else {
                    // Listening again after a loss: what was committed meanwhile comes from the log.
                    catchUp(c);
                }
                listening = true;
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running.get()) {
                    PGNotification[] notes = pg.getNotifications(500);
                    if (notes != null) {
                        for (PGNotification note : notes) {
                            dispatch(note.getParameter());
                        }
                    }
                    if (Instant.now().isAfter(nextPrune)) {
                        nextPrune = Instant.now().plus(pruneEvery);
                        try (Statement prune = c.createStatement()) {
                            prune.executeUpdate("DELETE FROM \"" + schema + "\".notion_sync_changes WHERE created_at"
                                    + " < now() - interval '" + retention.toMillis() + " milliseconds'");
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (running.get()) {
                    log.debug("Change feed reconnecting: {}", e.getMessage());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            } finally {
                listening = false;
            }
        }
    }

    /**
     * Delivers the logged changes after the last delivered one (from {@link #CATCH_UP_WINDOW}
     * below it) that were not delivered, in log order, on the listening connection: notifications
     * of changes committed from now on queue up behind it, and those the log already gave are
     * skipped when they arrive.
     */
    private void catchUp(Connection c) throws SQLException {
        long after = Math.max(floor, lastDelivered - CATCH_UP_WINDOW);
        int caught = 0;
        String sql = "SELECT \"" + schema + "\".notion_sync_change_payload(c) FROM \"" + schema
                + "\".notion_sync_changes c WHERE c.change_id > ? ORDER BY c.change_id LIMIT " + CATCH_UP_PAGE;
        try (java.sql.PreparedStatement ps = c.prepareStatement(sql)) {
            while (running.get()) {
                ps.setLong(1, after);
                int rows = 0;
                try (java.sql.ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows++;
                        Change change = parse(rs.getString(1));
                        after = change.id();
                        if (deliver(change)) {
                            caught++;
                        }
                    }
                }
                if (rows < CATCH_UP_PAGE) {
                    break;
                }
            }
        }
        if (caught > 0) {
            log.info("Change feed listening again; caught up {} changes from the log", caught);
        }
    }

    private long lastLogged(Statement s) throws SQLException {
        try (java.sql.ResultSet rs = s.executeQuery("SELECT coalesce(max(change_id), 0) FROM \"" + schema
                + "\".notion_sync_changes")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private void dispatch(String payload) {
        Change change;
        try {
            change = parse(payload);
        } catch (RuntimeException e) {
            log.warn("Ignored a malformed change notification: {}", e.toString());
            return;
        }
        if (!schema.equals(change.json().path("schema").asText())) {
            return;
        }
        deliver(change);
    }

    /** Calls the listeners with a change not delivered before; whether it was new. */
    private boolean deliver(Change change) {
        if (!delivered.add(change.id())) {
            return false;
        }
        if (delivered.size() > REMEMBERED) {
            java.util.Iterator<Long> oldest = delivered.iterator();
            oldest.next();
            oldest.remove();
        }
        lastDelivered = Math.max(lastDelivered, change.id());
        for (Listener l : listeners) {
            try {
                l.onChange(change);
            } catch (RuntimeException e) {
                log.warn("A change listener failed: {}", e.toString());
            }
        }
        return true;
    }

    private static Change parse(String payload) {
        try {
            JsonNode n = MAPPER.readTree(payload);
            if (!(n instanceof ObjectNode)) {
                throw new IllegalArgumentException("not an object");
            }
            return Change.of(n);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    /** Stops listening. */
    @Override
    public void close() {
        running.set(false);
        Thread t = thread;
        if (t != null) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Builds a {@link ChangeFeed}. */
    public static final class Builder {
        private final DataSource dataSource;
        private String schema = NotionSyncMigrations.DEFAULT_SCHEMA;
        private Duration retention = DEFAULT_RETENTION;

        private Builder(DataSource dataSource) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        }

        /** The schema notion-sync was migrated into. */
        public Builder schema(String schema) {
            this.schema = SchemaName.require(schema);
            return this;
        }

        /** How long changes stay in the log (default one hour). */
        public Builder retention(Duration retention) {
            if (retention == null || retention.isNegative() || retention.isZero()) {
                throw new IllegalArgumentException("retention must be positive, not " + retention);
            }
            this.retention = retention;
            return this;
        }

        public ChangeFeed build() {
            return new ChangeFeed(this);
        }
    }
}
