package io.github.notionsync.spring.internal;

import io.github.notionsync.jooq.NotionSyncScheduler;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the {@link NotionSyncScheduler} once the application context is ready and stops it first
 * on shutdown, so that running executions end (or move to another instance) before the data source
 * closes.
 */
public final class SchedulerLifecycle implements SmartLifecycle {

    private final NotionSyncScheduler scheduler;
    private volatile boolean running;

    public SchedulerLifecycle(NotionSyncScheduler scheduler) {
        this.scheduler = scheduler;
    }

    @Override
    public void start() {
        scheduler.start();
        running = true;
    }

    @Override
    public void stop() {
        scheduler.stop();
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
