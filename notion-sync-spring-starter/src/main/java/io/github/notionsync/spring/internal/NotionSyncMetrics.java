package io.github.notionsync.spring.internal;

import io.github.notionsync.DatabaseSyncReport;
import io.github.notionsync.SyncListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;

/**
 * Micrometer metrics of sync runs: {@code notion.sync.runs} (by outcome), {@code notion.sync.pages}
 * (by result), {@code notion.sync.requests}, {@code notion.sync.retries} and the timer
 * {@code notion.sync.duration}, each tagged with the database name and kind.
 */
public final class NotionSyncMetrics implements SyncListener {

    private final MeterRegistry registry;

    public NotionSyncMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onDatabaseFinished(String userId, DatabaseSyncReport r) {
        Tags tags = Tags.of("database", r.databaseName(), "kind", r.kind().name());
        registry.counter("notion.sync.runs", tags.and("outcome", r.outcome().name())).increment();
        registry.counter("notion.sync.pages", tags.and("result", "inserted")).increment(r.inserted());
        registry.counter("notion.sync.pages", tags.and("result", "updated")).increment(r.updated());
        registry.counter("notion.sync.pages", tags.and("result", "unchanged")).increment(r.unchanged());
        registry.counter("notion.sync.pages", tags.and("result", "deleted")).increment(r.deleted());
        registry.counter("notion.sync.pages", tags.and("result", "failed")).increment(r.failed());
        registry.counter("notion.sync.requests", tags).increment(r.requests());
        registry.counter("notion.sync.retries", tags).increment(r.retries());
        registry.timer("notion.sync.duration", tags.and("full_pass", Boolean.toString(r.fullPass())))
                .record(r.duration());
    }
}
