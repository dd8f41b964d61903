package io.github.notionsync.spring.internal;

import io.github.notionsync.jooq.NotionSyncMaintenance;
import io.github.notionsync.spring.NotionSyncProperties;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.scheduling.support.CronTrigger;

/**
 * The seed's cron jobs: sync-notion-databases, cleanup-temporary-chats, aggregate-writing-stats,
 * refresh-notion-indexes and cleanup-old-sync-records. Each firing runs on exactly one instance:
 * the one that claims it in {@code notion_sync_job_runs}.
 */
public final class ScheduledJobs implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(ScheduledJobs.class);

    private final TaskScheduler scheduler;
    private final NotionSyncProperties.Schedule schedule;
    private final SyncCoordinator coordinator;
    private final NotionSyncMaintenance maintenance;
    private final ClusterLocks locks;
    private final List<ScheduledFuture<?>> futures = new ArrayList<>();
    private volatile boolean running;

    public ScheduledJobs(TaskScheduler scheduler, NotionSyncProperties.Schedule schedule, SyncCoordinator coordinator,
            NotionSyncMaintenance maintenance, ClusterLocks locks) {
        this.scheduler = scheduler;
        this.schedule = schedule;
        this.coordinator = coordinator;
        this.maintenance = maintenance;
        this.locks = locks;
        validate("sync", schedule.getSync());
        validate("cleanup-temporary-chats", schedule.getCleanupTemporaryChats());
        validate("aggregate-writing-stats", schedule.getAggregateWritingStats());
        validate("refresh-indexes", schedule.getRefreshIndexes());
        validate("cleanup-old-sync-records", schedule.getCleanupOldSyncRecords());
    }

    private static void validate(String name, NotionSyncProperties.Job job) {
        if (job.isEnabled() && (job.getCron() == null || !CronExpression.isValidExpression(job.getCron()))) {
            throw new io.github.notionsync.spring.NotionSyncConfigurationException("notion.sync.schedule." + name
                    + ".cron is not a valid cron expression: '" + job.getCron()
                    + "' (six fields: second minute hour day month weekday)");
        }
    }

    @Override
    public void start() {
        add("sync-notion-databases", schedule.getSync(), coordinator::syncEverything);
        add("cleanup-temporary-chats", schedule.getCleanupTemporaryChats(),
                () -> maintenance.deleteTemporaryChats(schedule.getCleanupTemporaryChats().getRetention()));
        add("aggregate-writing-stats", schedule.getAggregateWritingStats(),
                () -> maintenance.aggregateWritingStats(LocalDate.now(ZoneOffset.UTC).minusDays(1)));
        add("refresh-notion-indexes", schedule.getRefreshIndexes(), maintenance::refreshIndexes);
        add("cleanup-old-sync-records", schedule.getCleanupOldSyncRecords(),
                () -> maintenance.deleteOldSyncRecords(schedule.getCleanupOldSyncRecords().getRetention()));
        running = true;
    }

    private void add(String name, NotionSyncProperties.Job job, Runnable action) {
        if (!job.isEnabled()) {
            log.info("Scheduled job {} is switched off", name);
            return;
        }
        CronExpression cron = CronExpression.parse(job.getCron());
        futures.add(scheduler.schedule(() -> fire(name, cron, action), new CronTrigger(job.getCron(), ZoneOffset.UTC)));
        log.info("Scheduled job {} at '{}' (UTC)", name, job.getCron());
    }

    /** Runs one firing if this instance claims it; the firing is named by its scheduled time. */
    void fire(String name, CronExpression cron, Runnable action) {
        Instant now = Instant.now();
        // The firing this run belongs to: the latest scheduled time at or before now.
        Instant scheduledFor = previousFiring(cron, now);
        if (!locks.claimJob(name, scheduledFor)) {
            log.debug("Job {} of {} runs on another instance", name, scheduledFor);
            return;
        }
        String outcome = "done";
        try {
            action.run();
        } catch (RuntimeException e) {
            outcome = "failed: " + e.getMessage();
            log.warn("Scheduled job {} failed: {}", name, e.getMessage());
        } finally {
            locks.finishJob(name, scheduledFor, outcome.length() > 500 ? outcome.substring(0, 500) : outcome);
        }
    }

    static Instant previousFiring(CronExpression cron, Instant now) {
        // A trigger may fire a few milliseconds early: half a second still names the firing due.
        var t = now.atOffset(ZoneOffset.UTC).plusNanos(500_000_000L);
        for (java.time.Duration window : new java.time.Duration[] {java.time.Duration.ofMinutes(2),
                java.time.Duration.ofHours(2), java.time.Duration.ofDays(2), java.time.Duration.ofDays(32),
                java.time.Duration.ofDays(400)}) {
            var last = (java.time.OffsetDateTime) null;
            var next = cron.next(t.minus(window));
            while (next != null && !next.isAfter(t)) {
                last = next;
                next = cron.next(next);
            }
            if (last != null) {
                return last.toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
            }
        }
        return now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    }

    @Override
    public void stop() {
        futures.forEach(f -> f.cancel(false));
        futures.clear();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public void destroy() {
        stop();
    }
}
