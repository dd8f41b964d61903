package io.github.notionsync.jooq;

import static io.github.notionsync.jooq.StoreCalls.call;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.kagkarlsson.scheduler.ScheduledExecution;
import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.CompletionHandler;
import com.github.kagkarlsson.scheduler.task.Task;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.TaskInstanceId;
import com.github.kagkarlsson.scheduler.task.helper.CustomTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import io.github.notionsync.NotionSync;
import io.github.notionsync.SyncConnection;
import io.github.notionsync.SyncInProgressException;
import io.github.notionsync.SyncReport;
import io.github.notionsync.UnknownDatabaseException;
import io.github.notionsync.WhenBusy;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.Name;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link NotionSync} engine's work on <a href="https://github.com/kagkarlsson/db-scheduler">db-scheduler</a>
 * across every instance of an application that shares one PostgreSQL database, with or without
 * Spring. Start one per instance, each with its own engine built on the same
 * {@link PostgresSyncLocks}:
 *
 * <pre>{@code
 * PostgresSyncLocks locks = PostgresSyncLocks.create(dataSource, "notion_sync");
 * NotionSync engine = NotionSync.builder().repository(repository).connections(source).locks(locks).build();
 * NotionSyncScheduler scheduler = NotionSyncScheduler.builder(dataSource, engine).schema("notion_sync")
 *         .seedMaintenance(NotionSyncMaintenance.create(dataSource, "notion_sync"))
 *         .build();
 * scheduler.start();
 * }</pre>
 *
 * <p>What it runs, each execution on one instance at a time:
 * <ul>
 *   <li><b>a recurring execution per connection</b> ({@value #CONNECTION_TASK}, one per user and
 *       connection name), due every {@link Builder#connectionInterval(Duration) interval}, first
 *       spread over the interval so that many connections do not fire in the same second. It
 *       syncs the connection's databases; one that is busy elsewhere is tried again shortly.
 *       Every {@link Builder#reconcileInterval(Duration) reconcile interval} one instance compares
 *       the executions with the engine's connections: new connections get one, removed or
 *       disabled ones lose theirs, without a restart.</li>
 *   <li><b>one-off executions for sync requests</b> ({@value #REQUEST_TASK}): a row inserted in
 *       {@code notion_sync_requests}, by {@code sync_notion_database(...)} from any SQL client or by
 *       {@link #requestSync}, schedules its execution in the same transaction. A request for a
 *       target that already has one pending joins it. Its result, status and error are written
 *       back to the row.</li>
 *   <li><b>one-off executions for changes to Notion</b> ({@value #WRITE_TASK}): a change inserted
 *       in {@code notion_sync_outbox} (by {@code notion_update_page(...)} and friends, REST or
 *       {@link NotionSync#writes()}) schedules its execution in the same transaction; it pushes the
 *       user's due changes in order under the user's write lock (see
 *       {@link io.github.notionsync.NotionWrites}).</li>
 *   <li><b>recurring jobs</b> such as the seed's maintenance, once per firing cluster-wide.</li>
 * </ul>
 * An instance that dies mid-execution stops sending heartbeats; after
 * {@link Builder#heartbeatInterval(Duration) the heartbeat interval} times
 * {@link Builder#missedHeartbeatsLimit(int) the missed-heartbeat limit}, another instance runs the
 * execution again, and the engine's watermark makes that repeat lose nothing.
 */
public final class NotionSyncScheduler implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(NotionSyncScheduler.class);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The task of the recurring per-connection executions. */
    public static final String CONNECTION_TASK = "notion-sync-connection";
    /** The task of the one-off executions that serve {@code notion_sync_requests}. */
    public static final String REQUEST_TASK = "notion-sync-request";
    /** The task of the one-off executions that push a change of {@code notion_sync_outbox} to Notion. */
    public static final String WRITE_TASK = "notion-sync-write";
    /**
     * When a change's execution finds the user's changes being pushed elsewhere, it looks again
     * this much later (the pushing instance takes the change in the meantime; this is a fallback).
     */
    static final Duration WRITE_RECHECK = Duration.ofSeconds(30);
    /** The task that keeps one connection execution per connection. */
    public static final String RECONCILE_TASK = "notion-sync-reconcile";
    /** The task that keeps the passages of changed pages embedded, when {@link Builder#embeddings} is set. */
    public static final String EMBEDDINGS_TASK = "notion-sync-embeddings";
    /** The channel a new request is announced on, so that it starts at once. */
    public static final String REQUEST_CHANNEL = "notion_sync_requests";

    private final NotionSync engine;
    private final DataSource dataSource;
    private final DSLContext dsl;
    private final String schema;
    private final Name requests;
    private final Name outbox;
    private final Name tasksTable;
    private final Duration interval;
    private final Duration spread;
    private final Duration busyRetry;
    private final boolean syncConnections;
    private final Scheduler scheduler;
    private final CustomTask<Void> connectionTask;
    private final AtomicBoolean running = new AtomicBoolean();
    private Thread listener;

    private NotionSyncScheduler(Builder b) {
        this.engine = b.engine;
        this.dataSource = b.dataSource;
        this.dsl = Jooq.dsl(b.dataSource);
        this.schema = b.schema;
        this.requests = DSL.name(schema, "notion_sync_requests");
        this.outbox = DSL.name(schema, "notion_sync_outbox");
        this.tasksTable = DSL.name(schema, "notion_sync_scheduled_tasks");
        this.interval = b.interval;
        this.spread = b.spread == null ? b.interval : b.spread;
        this.busyRetry = b.busyRetry;
        this.syncConnections = b.syncConnections;

        this.connectionTask = Tasks.custom(CONNECTION_TASK, Void.class)
                .onDeadExecutionRevive()
                .execute(this::runConnection);
        CustomTask<Void> requestTask = Tasks.custom(REQUEST_TASK, Void.class)
                .onDeadExecutionRevive()
                .execute(this::runRequest);
        CustomTask<Void> writeTask = Tasks.custom(WRITE_TASK, Void.class)
                .onDeadExecutionRevive()
                .execute(this::runWrite);
        List<Task<?>> known = new ArrayList<>(List.of(connectionTask, requestTask, writeTask));
        List<RecurringTask<Void>> recurring = new ArrayList<>();
        if (syncConnections) {
            recurring.add(Tasks.recurring(RECONCILE_TASK, Schedules.fixedDelay(b.reconcileInterval))
                    .execute((instance, ctx) -> reconcile()));
        }
        if (b.embeddings != null) {
            io.github.notionsync.EmbeddingWorker worker = b.embeddings;
            Duration budget = b.embeddingsBudget;
            recurring.add(Tasks.recurring(EMBEDDINGS_TASK, Schedules.fixedDelay(b.embeddingsInterval))
                    .execute((instance, ctx) -> worker.drain(budget)));
        }
        b.jobs.forEach((name, job) -> recurring.add(Tasks.recurring(name, Schedules.cron(job.cron(), ZoneOffset.UTC))
                .execute((instance, ctx) -> runJob(name, job.action()))));
        this.scheduler = Scheduler.create(b.dataSource, known)
                .startTasks(recurring)
                .tableName(schema + ".notion_sync_scheduled_tasks")
                .schedulerName(engine::instanceName)
                .threads(b.threads)
                .pollingInterval(b.pollingInterval)
                .heartbeatInterval(b.heartbeatInterval)
                .missedHeartbeatsLimit(b.missedHeartbeats)
                .enableImmediateExecution()
                .shutdownMaxWait(b.shutdownMaxWait)
                .build();
    }

    /** A scheduler for {@code engine}, whose tables are in the database behind {@code dataSource}. */
    public static Builder builder(DataSource dataSource, NotionSync engine) {
        return new Builder(dataSource, engine);
    }

    /**
     * Starts executing due work, keeps the connections' executions in step with the engine's
     * connections at once, and listens for new requests.
     */
    public void start() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            if (syncConnections) {
                reconcile();
            }
            scheduler.start();
        } catch (RuntimeException e) {
            running.set(false); // so that a later start() tries again
            throw e;
        }
        listener = new Thread(this::listen, "notion-sync-request-listener");
        listener.setDaemon(true);
        listener.start();
        log.info("notion-sync scheduler started as {} ({} schema)", engine.instanceName(), schema);
    }

    /** Stops taking work; running executions get the shutdown wait to finish, then run elsewhere. */
    public void stop() {
        if (running.compareAndSet(true, false)) {
            if (listener != null) {
                listener.interrupt();
            }
            scheduler.stop();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The engine this scheduler runs. */
    public NotionSync engine() {
        return engine;
    }

    // ------------------------------------------------------------------ requests

    /**
     * Queues a sync of one database ({@code database} an id, URL or configured name) or, with
     * {@code database == null}, of every database of the user; served once, by whichever instance
     * picks it. A request for the same target that is still pending is joined: its id is returned.
     *
     * @param wait whether the sync may wait for a sync of the same connection running elsewhere;
     *     if not, such a request fails as {@link RequestResult#busy() busy}
     * @return the request's id in {@code notion_sync_requests}
     */
    public long requestSync(String userId, String database, boolean fullPass, boolean wait) {
        SyncConnection.requireValidUserId(userId);
        return call("queue a sync request", () -> dsl.resultQuery("SELECT {0}({1}, {2}, {3}, {4})",
                DSL.name(schema, "sync_notion_database"), DSL.val(userId), DSL.val(database), DSL.val(fullPass),
                DSL.val(wait)).fetchOne(0, Long.class));
    }

    /** How a sync request ended, or where it stands. */
    public record RequestResult(long requestId, String status, String errorKind, String error, String resultJson) {

        /** Whether it ended, done or failed. */
        public boolean finished() {
            return "done".equals(status) || "failed".equals(status);
        }

        /** Whether it failed because its connection was syncing elsewhere and it was not to wait. */
        public boolean busy() {
            return "busy".equals(errorKind);
        }

        /** Whether it failed because the user has no such database. */
        public boolean unknownDatabase() {
            return "unknown_database".equals(errorKind);
        }
    }

    /** The request's state now, if it exists. */
    public Optional<RequestResult> request(String userId, long requestId) {
        Record r = call("read sync request " + requestId, () -> dsl.resultQuery(
                "SELECT status, error_kind, error, result::text FROM {0} WHERE user_id = {1} AND request_id = {2}",
                requests, DSL.val(userId), DSL.val(requestId)).fetchOne());
        return r == null ? Optional.empty() : Optional.of(new RequestResult(requestId, r.get(0, String.class),
                r.get(1, String.class), r.get(2, String.class), r.get(3, String.class)));
    }

    /**
     * Waits until the request ended, or {@code timeout} passed.
     *
     * @return its final state, or its state at the timeout ({@link RequestResult#finished()} false)
     * @throws IllegalArgumentException if there is no such request
     */
    public RequestResult awaitRequest(String userId, long requestId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = 20;
        while (true) {
            RequestResult r = request(userId, requestId).orElseThrow(() ->
                    new IllegalArgumentException("No sync request " + requestId + " for user " + userId));
            if (r.finished() || System.nanoTime() > deadline) {
                return r;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
            pause = Math.min(pause * 2, 250);
        }
    }

    /** The row id a one-off execution serves, or -1 (logged) when its instance id is malformed. */
    private static long rowId(TaskInstance<Void> instance) {
        try {
            return Long.parseLong(instance.getId());
        } catch (NumberFormatException e) {
            log.warn("Ignoring a {} execution with a malformed id", instance.getTaskName());
            return -1;
        }
    }

    private CompletionHandler<Void> runRequest(TaskInstance<Void> instance,
            com.github.kagkarlsson.scheduler.task.ExecutionContext ctx) {
        long id = rowId(instance);
        if (id < 0) {
            return (done, ops) -> ops.remove();
        }
        Record r = dsl.transactionResult(tx -> {
            DSLContext t = tx.dsl();
            Record row = t.resultQuery("SELECT user_id, notion_database_id, full_pass, wait, status FROM {0}"
                    + " WHERE request_id = {1} FOR UPDATE", requests, DSL.val(id)).fetchOne();
            if (row == null || !List.of("pending", "running").contains(row.get(4, String.class))) {
                return null;
            }
            // The same lock sync_notion_database takes: no caller joins a request as it starts.
            t.execute("SELECT pg_advisory_xact_lock(hashtextextended('notion-sync-request:' || {0} || '/'"
                    + " || coalesce({1}, '*'), 0))", DSL.val(row.get(0, String.class)), DSL.val(row.get(1, String.class)));
            t.execute("UPDATE {0} SET status = 'running', started_at = now(), claimed_by = {1} WHERE request_id = {2}",
                    requests, DSL.val(engine.instanceName()), DSL.val(id));
            return row;
        });
        if (r == null) {
            return (done, ops) -> ops.remove();
        }
        String user = r.get(0, String.class);
        String database = r.get(1, String.class);
        boolean full = Boolean.TRUE.equals(r.get(2, Boolean.class));
        WhenBusy whenBusy = Boolean.FALSE.equals(r.get(3, Boolean.class)) ? WhenBusy.FAIL : WhenBusy.WAIT;
        String status = "done";
        String errorKind = null;
        String error = null;
        String result = null;
        SyncReport report = null;
        try {
            report = database == null ? engine.syncAll(user, full, whenBusy)
                    : engine.syncDatabase(user, database, full, whenBusy);
            result = MAPPER.writeValueAsString(SyncReportJson.of(report));
            log.info("Served sync request {} for user {}: {}", id, user, report.outcome());
        } catch (SyncInProgressException e) {
            status = "failed";
            errorKind = "busy";
            error = e.getMessage();
        } catch (UnknownDatabaseException e) {
            status = "failed";
            errorKind = "unknown_database";
            error = e.getMessage();
        } catch (JsonProcessingException | RuntimeException e) {
            status = "failed";
            errorKind = "error";
            error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            log.warn("Sync request {} for user {} failed: {}", id, user, error);
        }
        if (!running.get() && (errorKind != null || (report != null
                && report.outcome() == io.github.notionsync.SyncOutcome.CANCELLED))) {
            // This instance is stopping and cut the sync short: the request goes back to the queue
            // for any instance, instead of ending as cancelled or busy.
            dsl.execute("UPDATE {0} SET status = 'pending', started_at = NULL, claimed_by = NULL WHERE request_id = {1}",
                    requests, DSL.val(id));
            log.info("Sync request {} for user {} goes back to the queue: this instance is stopping", id, user);
            Instant again = Instant.now();
            return (done, ops) -> ops.reschedule(done, again);
        }
        String s = status;
        String k = errorKind;
        String m = error == null ? null : error.length() > 2_000 ? error.substring(0, 2_000) : error;
        String j = result;
        dsl.execute("UPDATE {0} SET status = {1}, finished_at = now(), result = {2}::jsonb, error = {3},"
                + " error_kind = {4} WHERE request_id = {5}", requests, DSL.val(s), DSL.val(j), DSL.val(m), DSL.val(k),
                DSL.val(id));
        return (done, ops) -> ops.remove();
    }

    // ------------------------------------------------------------------ writes

    /**
     * Pushes the user's due changes, this one among them (a change inserted in
     * {@code notion_sync_outbox} schedules its execution in the same transaction). The execution
     * ends once its change is finished; until then it comes back when the change is due again
     * (after a retried failure) or, when another instance was pushing the user's changes, a little
     * later to make sure.
     */
    private CompletionHandler<Void> runWrite(TaskInstance<Void> instance,
            com.github.kagkarlsson.scheduler.task.ExecutionContext ctx) {
        long id = rowId(instance);
        Record change = id < 0 ? null : change(id);
        if (change == null) {
            return (done, ops) -> ops.remove();
        }
        String user = change.get(0, String.class);
        int tried;
        try {
            tried = engine.writes().push(user);
        } catch (IllegalStateException e) {
            log.warn("Change {} of user {} waits: {}", id, user, e.getMessage());
            Instant later = Instant.now().plus(WRITE_RECHECK);
            return (done, ops) -> ops.reschedule(done, later);
        } catch (RuntimeException e) {
            log.warn("Pushing the changes of user {} failed: {}", user, e.toString());
            tried = 0;
        }
        Record now = change(id);
        if (now == null) {
            return (done, ops) -> ops.remove();
        }
        OffsetDateTime next = now.get(2, OffsetDateTime.class);
        Instant due = next == null ? Instant.EPOCH : next.toInstant();
        Instant floor = Instant.now().plus(tried < 0 ? WRITE_RECHECK : Duration.ofSeconds(1));
        Instant at = due.isAfter(floor) ? due : floor;
        return (done, ops) -> ops.reschedule(done, at);
    }

    /** The user, status and next attempt of an unfinished change, or null. */
    private Record change(long id) {
        return dsl.resultQuery("SELECT user_id, status, next_attempt_at FROM {0} WHERE change_id = {1}"
                + " AND status IN ('pending', 'applying')", outbox, DSL.val(id)).fetchOne();
    }

    private void listen() {
        while (running.get()) {
            try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
                c.setAutoCommit(true);
                s.execute("LISTEN " + REQUEST_CHANNEL);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running.get()) {
                    var notes = pg.getNotifications(1_000);
                    if (notes != null && notes.length > 0) {
                        scheduler.triggerCheckForDueExecutions();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running.get()) {
                    log.debug("Sync request listener reconnecting: {}", e.getMessage());
                    try {
                        Thread.sleep(1_000);
                    } catch (InterruptedException ie) {
                        return;
                    }
                }
            }
        }
    }

    // ------------------------------------------------------------------ connections

    private CompletionHandler<Void> runConnection(TaskInstance<Void> instance,
            com.github.kagkarlsson.scheduler.task.ExecutionContext ctx) {
        if (!syncConnections) {
            // Scheduled syncs are switched off (set it alike on every instance): the execution ends.
            return (done, ops) -> ops.remove();
        }
        Instant due = ctx.getExecution().executionTime;
        Instant next = due.plus(interval);
        String[] key = decode(instance.getId());
        if (key == null) {
            return (done, ops) -> ops.remove();
        }
        String user = key[0];
        String name = key[1];
        List<SyncConnection> named;
        try {
            named = engine.connections(user).stream().filter(c -> c.name().equals(name)).toList();
        } catch (RuntimeException e) {
            log.warn("Connection '{}' of user {} cannot be read now: {}", name, user, e.getMessage());
            Instant retry = later(next);
            return (done, ops) -> ops.reschedule(done, retry);
        }
        int expected = named.stream().mapToInt(c -> c.databases().size()).sum();
        if (expected == 0) {
            log.info("Connection '{}' of user {} is gone or disabled: its schedule ends", name, user);
            return (done, ops) -> ops.remove();
        }
        try {
            SyncReport report = engine.syncConnections(named, false, WhenBusy.SKIP);
            if (report.databases().size() < expected) {
                // Some were busy elsewhere (a request, or a dead instance's lock running out).
                next = Instant.now().plus(busyRetry);
            }
        } catch (UnknownDatabaseException e) {
            return (done, ops) -> ops.remove();
        } catch (RuntimeException e) {
            log.warn("Scheduled sync of connection '{}' of user {} failed: {}", name, user, e.getMessage());
        }
        Instant at = later(next);
        return (done, ops) -> ops.reschedule(done, at);
    }

    /** {@code next}, or if that already passed (a run took longer than the interval), now. */
    private static Instant later(Instant next) {
        Instant now = Instant.now();
        return next.isBefore(now) ? now : next;
    }

    /**
     * Gives every connection of the engine its recurring execution, first due at a point of the
     * spread window fixed by its key, and ends those of connections that are gone.
     *
     * @return how many executions were added and removed
     */
    public int reconcile() {
        Set<String> wanted = new LinkedHashSet<>();
        for (SyncConnection c : engine.connections()) {
            if (!c.databases().isEmpty()) {
                wanted.add(encode(c.userId(), c.name()));
            }
        }
        Map<String, Boolean> existing = new HashMap<>();
        scheduler.fetchScheduledExecutionsForTask(CONNECTION_TASK, Void.class,
                e -> existing.put(e.getTaskInstance().getId(), e.isPicked()));
        int changed = 0;
        Instant now = Instant.now();
        for (String key : wanted) {
            if (!existing.containsKey(key)) {
                if (scheduler.scheduleIfNotExists(connectionTask.instance(key), now.plus(offset(key)))) {
                    changed++;
                }
            }
        }
        for (Map.Entry<String, Boolean> e : existing.entrySet()) {
            if (!wanted.contains(e.getKey()) && !e.getValue()) {
                try {
                    scheduler.cancel(TaskInstanceId.of(CONNECTION_TASK, e.getKey()));
                    changed++;
                } catch (RuntimeException ex) {
                    log.debug("Could not end the schedule {}: {}", e.getKey(), ex.getMessage());
                }
            }
        }
        if (changed > 0) {
            log.info("Connection schedules: {} of {} connections changed", changed, wanted.size());
        }
        return changed;
    }

    /** Where in the spread window a connection first falls: fixed by its key, even over the window. */
    Duration offset(String key) {
        long window = spread.toMillis();
        if (window <= 0) {
            return Duration.ZERO;
        }
        long h = Integer.toUnsignedLong(key.hashCode() * 0x9E3779B9);
        return Duration.ofMillis(h % window);
    }

    static String encode(String userId, String connectionName) {
        return URLEncoder.encode(userId, StandardCharsets.UTF_8) + '/'
                + URLEncoder.encode(connectionName, StandardCharsets.UTF_8);
    }

    static String[] decode(String key) {
        int slash = key.indexOf('/');
        if (slash < 0) {
            return null;
        }
        return new String[] {URLDecoder.decode(key.substring(0, slash), StandardCharsets.UTF_8),
                URLDecoder.decode(key.substring(slash + 1), StandardCharsets.UTF_8)};
    }

    private void runJob(String name, Runnable action) {
        long t0 = System.nanoTime();
        try {
            action.run();
            log.info("Job {} done in {} ms", name, (System.nanoTime() - t0) / 1_000_000);
        } catch (RuntimeException e) {
            log.warn("Job {} failed: {}", name, e.getMessage());
            throw e;
        }
    }

    // ------------------------------------------------------------------ status

    /**
     * A connection's schedule.
     *
     * @param userId the user
     * @param connectionName the connection
     * @param nextDue when its next sync is due (or was, if it runs now or waits for a thread)
     * @param runningOn the instance running it now, or {@code null}
     * @param lastSuccess when a run of it last ended normally, or {@code null}
     * @param lastFailure when a run of it last failed, or {@code null}
     */
    public record ConnectionSchedule(String userId, String connectionName, Instant nextDue, String runningOn,
            Instant lastSuccess, Instant lastFailure) {
    }

    /** The schedules of the user's connections. */
    public List<ConnectionSchedule> schedules(String userId) {
        String prefix = URLEncoder.encode(userId, StandardCharsets.UTF_8) + '/';
        List<ConnectionSchedule> out = new ArrayList<>();
        call("read the connection schedules", () -> dsl.resultQuery(
                "SELECT task_instance, execution_time, picked, picked_by, last_success, last_failure FROM {0}"
                        + " WHERE task_name = {1} AND starts_with(task_instance, {2}) ORDER BY task_instance",
                tasksTable, DSL.val(CONNECTION_TASK), DSL.val(prefix)).fetch()).forEach(r -> {
                    String[] key = decode(r.get(0, String.class));
                    if (key != null && key[0].equals(userId)) {
                        out.add(new ConnectionSchedule(key[0], key[1], instant(r.get(1, OffsetDateTime.class)),
                                Boolean.TRUE.equals(r.get(2, Boolean.class)) ? r.get(3, String.class) : null,
                                instant(r.get(4, OffsetDateTime.class)), instant(r.get(5, OffsetDateTime.class))));
                    }
                });
        return out;
    }

    /**
     * Work that is due and not yet picked, cluster-wide.
     *
     * @param executions how many executions are due
     * @param lag now minus the due time of the oldest of them (zero when none is due)
     */
    public record Backlog(long executions, Duration lag) {
    }

    /** The due, unpicked executions cluster-wide and how late the oldest is. */
    public Backlog backlog() {
        Record r = call("read the scheduler backlog", () -> dsl.resultQuery(
                "SELECT count(*), extract(epoch FROM now() - min(execution_time)) * 1000 FROM {0}"
                        + " WHERE NOT picked AND execution_time <= now()", tasksTable).fetchOne());
        long n = r.get(0, Long.class);
        Double lagMs = r.get(1, Double.class);
        return new Backlog(n, lagMs == null ? Duration.ZERO : Duration.ofMillis(Math.max(0, lagMs.longValue())));
    }

    private static Instant instant(OffsetDateTime t) {
        return t == null ? null : t.toInstant();
    }

    @Override
    public String toString() {
        return "NotionSyncScheduler[" + engine.instanceName() + ", " + schema + ", every " + interval + "]";
    }

    /** A recurring job: a cron expression (six fields, UTC) and what to run. */
    private record Job(String cron, Runnable action) {
    }

    /** Builds a {@link NotionSyncScheduler}. */
    public static final class Builder {

        /** How often each connection is synced. */
        public static final Duration DEFAULT_CONNECTION_INTERVAL = Duration.ofMinutes(15);
        /** cleanup-temporary-chats: daily at 02:00 UTC. */
        public static final String CLEANUP_TEMPORARY_CHATS_CRON = "0 0 2 * * *";
        /** How long temporary chats are kept. */
        public static final Duration TEMPORARY_CHATS_RETENTION = Duration.ofDays(1);
        /** aggregate-writing-stats: daily at 03:00 UTC, for the day before. */
        public static final String AGGREGATE_WRITING_STATS_CRON = "0 0 3 * * *";
        /** refresh-notion-indexes: Sundays at 01:00 UTC. */
        public static final String REFRESH_INDEXES_CRON = "0 0 1 * * SUN";
        /** cleanup-old-sync-records: Sundays at 04:00 UTC. */
        public static final String CLEANUP_OLD_SYNC_RECORDS_CRON = "0 0 4 * * SUN";
        /** How long sync runs, errors and finished requests are kept. */
        public static final Duration SYNC_RECORDS_RETENTION = Duration.ofDays(30);
        /** How often one instance compares the connections' executions with the connections. */
        public static final Duration DEFAULT_RECONCILE_INTERVAL = Duration.ofSeconds(30);
        /** How often each instance looks for due work (new requests are announced at once). */
        public static final Duration DEFAULT_POLLING_INTERVAL = Duration.ofSeconds(5);
        /** How often a running execution tells the others its instance is alive. */
        public static final Duration DEFAULT_HEARTBEAT_INTERVAL = Duration.ofSeconds(15);
        /** Heartbeats missed before an execution is run again elsewhere. */
        public static final int DEFAULT_MISSED_HEARTBEATS = 4;
        /** How long the embedding task rests between rounds once nothing is left to embed. */
        public static final Duration DEFAULT_EMBEDDINGS_INTERVAL = Duration.ofSeconds(10);
        /** How long one execution of the embedding task embeds before it lets the next one continue. */
        public static final Duration DEFAULT_EMBEDDINGS_BUDGET = Duration.ofMinutes(1);
        /** When a busy connection's sync is tried again. */
        public static final Duration DEFAULT_BUSY_RETRY = Duration.ofSeconds(10);

        private final DataSource dataSource;
        private final NotionSync engine;
        private final Map<String, Job> jobs = new java.util.LinkedHashMap<>();
        private String schema = NotionSyncMigrations.DEFAULT_SCHEMA;
        private int threads;
        private Duration interval = DEFAULT_CONNECTION_INTERVAL;
        private Duration spread;
        private Duration reconcileInterval = DEFAULT_RECONCILE_INTERVAL;
        private Duration pollingInterval = DEFAULT_POLLING_INTERVAL;
        private Duration heartbeatInterval = DEFAULT_HEARTBEAT_INTERVAL;
        private int missedHeartbeats = DEFAULT_MISSED_HEARTBEATS;
        private Duration busyRetry = DEFAULT_BUSY_RETRY;
        private Duration shutdownMaxWait = Duration.ofSeconds(30);
        private boolean syncConnections = true;
        private io.github.notionsync.EmbeddingWorker embeddings;
        private Duration embeddingsInterval = DEFAULT_EMBEDDINGS_INTERVAL;
        private Duration embeddingsBudget = DEFAULT_EMBEDDINGS_BUDGET;

        private Builder(DataSource dataSource, NotionSync engine) {
            this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
            this.engine = Objects.requireNonNull(engine, "engine");
            this.threads = engine.parallelism();
        }

        /** The schema notion-sync was migrated into; default {@code public}. */
        public Builder schema(String schema) {
            this.schema = SchemaName.require(schema);
            return this;
        }

        /** Executions run at once on this instance; default the engine's parallelism. */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 256) {
                throw new IllegalArgumentException("threads must be between 1 and 256, got " + threads);
            }
            this.threads = threads;
            return this;
        }

        /** How often each connection is synced; default 15 minutes. */
        public Builder connectionInterval(Duration interval) {
            this.interval = positive(interval, "connectionInterval");
            return this;
        }

        /**
         * The window a new connection's first sync falls in, at a point fixed by the connection, so
         * that many connections do not fire in the same second; default the connection interval.
         * Zero makes every new connection due at once.
         */
        public Builder spread(Duration spread) {
            Objects.requireNonNull(spread, "spread");
            if (spread.isNegative()) {
                throw new IllegalArgumentException("spread must not be negative, got " + spread);
            }
            this.spread = spread;
            return this;
        }

        /** How often connections added or removed are picked up; default 30 seconds. */
        public Builder reconcileInterval(Duration interval) {
            this.reconcileInterval = positive(interval, "reconcileInterval");
            return this;
        }

        /** How often this instance looks for due work; default 5 seconds. */
        public Builder pollingInterval(Duration interval) {
            this.pollingInterval = positive(interval, "pollingInterval");
            return this;
        }

        /** How often a running execution's heartbeat is written; default 15 seconds. */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive(interval, "heartbeatInterval");
            return this;
        }

        /** Heartbeats missed before another instance runs an execution again; default 4. */
        public Builder missedHeartbeatsLimit(int limit) {
            if (limit < 4) {
                throw new IllegalArgumentException("missedHeartbeatsLimit must be at least 4, got " + limit);
            }
            this.missedHeartbeats = limit;
            return this;
        }

        /** When a connection whose lock was held elsewhere is tried again; default 10 seconds. */
        public Builder busyRetry(Duration delay) {
            this.busyRetry = positive(delay, "busyRetry");
            return this;
        }

        /** How long {@link #stop()} lets running executions finish; default 30 seconds. */
        public Builder shutdownMaxWait(Duration wait) {
            this.shutdownMaxWait = positive(wait, "shutdownMaxWait");
            return this;
        }

        /**
         * Whether connections are synced on their interval; default true (requests are served either
         * way). Set it alike on every instance: one with false ends the connections' executions it
         * picks, and one with true brings them back.
         */
        public Builder syncConnections(boolean sync) {
            this.syncConnections = sync;
            return this;
        }

        /**
         * Embeds changed pages in the background: a recurring execution ({@value #EMBEDDINGS_TASK},
         * one instance at a time cluster-wide) that runs the worker's rounds for up to a minute,
         * then rests {@code interval} (default 10 seconds) before looking again. Syncs never wait
         * for it.
         */
        public Builder embeddings(io.github.notionsync.EmbeddingWorker worker, Duration interval) {
            this.embeddings = Objects.requireNonNull(worker, "worker");
            this.embeddingsInterval = positive(interval, "interval");
            return this;
        }

        /**
         * Adds a recurring job, run once per firing across every instance.
         *
         * @param name a unique name, also the job's task name
         * @param cron six fields (second minute hour day month weekday), in UTC
         */
        public Builder job(String name, String cron, Runnable action) {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(cron, "cron");
            Objects.requireNonNull(action, "action");
            if (List.of(CONNECTION_TASK, REQUEST_TASK, RECONCILE_TASK, EMBEDDINGS_TASK).contains(name) || jobs.containsKey(name)) {
                throw new IllegalArgumentException("A job named '" + name + "' exists already");
            }
            try {
                Schedules.cron(cron, ZoneOffset.UTC);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Job " + name + ": '" + cron + "' is not a cron expression of six"
                        + " fields (second minute hour day month weekday): " + e.getMessage(), e);
            }
            jobs.put(name, new Job(cron, action));
            return this;
        }

        /**
         * Adds the seed's maintenance jobs at their default times (UTC): cleanup-temporary-chats
         * daily at 02:00 (older than a day), aggregate-writing-stats daily at 03:00 (yesterday),
         * refresh-notion-indexes Sundays at 01:00, cleanup-old-sync-records Sundays at 04:00 (older
         * than 30 days). Add them with {@link #job} instead to choose other times.
         */
        public Builder seedMaintenance(NotionSyncMaintenance maintenance) {
            Objects.requireNonNull(maintenance, "maintenance");
            job("cleanup-temporary-chats", CLEANUP_TEMPORARY_CHATS_CRON,
                    () -> maintenance.deleteTemporaryChats(TEMPORARY_CHATS_RETENTION));
            job("aggregate-writing-stats", AGGREGATE_WRITING_STATS_CRON,
                    () -> maintenance.aggregateWritingStats(java.time.LocalDate.now(ZoneOffset.UTC).minusDays(1)));
            job("refresh-notion-indexes", REFRESH_INDEXES_CRON, maintenance::refreshIndexes);
            job("cleanup-old-sync-records", CLEANUP_OLD_SYNC_RECORDS_CRON,
                    () -> maintenance.deleteOldSyncRecords(SYNC_RECORDS_RETENTION));
            return this;
        }

        /** Builds the scheduler; {@link NotionSyncScheduler#start()} starts it. */
        public NotionSyncScheduler build() {
            return new NotionSyncScheduler(this);
        }

        private static Duration positive(Duration d, String name) {
            Objects.requireNonNull(d, name);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
