package io.github.notionsync.spring.internal;

import io.github.notionsync.jooq.NotionSyncScheduler;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;

/**
 * Gauges of the work waiting cluster-wide: {@code notion.sync.scheduler.due} (executions due and
 * not yet picked by any instance) and {@code notion.sync.scheduler.lag} (seconds between now and
 * the due time of the oldest of them; 0 when none waits). A lag that grows means the instances
 * cannot keep up: add threads or instances. Both come from one query, run at most once per
 * {@code refresh} however often the registry reads them.
 */
public final class SchedulerMetrics implements MeterBinder {

    private final NotionSyncScheduler scheduler;
    private final long refreshNanos;
    private NotionSyncScheduler.Backlog last = new NotionSyncScheduler.Backlog(0, Duration.ZERO);
    private long readAt;

    public SchedulerMetrics(NotionSyncScheduler scheduler, Duration refresh) {
        this.scheduler = scheduler;
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("notion.sync.scheduler.due", this, m -> m.backlog().executions())
                .description("Sync executions due and not yet picked by any instance").register(registry);
        Gauge.builder("notion.sync.scheduler.lag", this, m -> m.backlog().lag().toMillis() / 1000.0)
                .description("How late the oldest due execution is").baseUnit("seconds").register(registry);
    }

    synchronized NotionSyncScheduler.Backlog backlog() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt >= refreshNanos) {
            try {
                last = scheduler.backlog();
            } catch (RuntimeException e) {
                // keep the last reading; the database may be briefly unreachable
            }
            readAt = now;
        }
        return last;
    }
}
