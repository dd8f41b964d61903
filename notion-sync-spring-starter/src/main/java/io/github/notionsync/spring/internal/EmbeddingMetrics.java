package io.github.notionsync.spring.internal;

import io.github.notionsync.EmbeddingWorker;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Duration;

/**
 * The gauge {@code notion.sync.embeddings.backlog}: pages waiting to be embedded (new or changed
 * since embedded, or under another model) or to lose their passages (deleted), cluster-wide. Read
 * at most once per {@code refresh} however often the registry asks.
 */
public final class EmbeddingMetrics implements MeterBinder {

    private final EmbeddingWorker worker;
    private final long refreshNanos;
    private long last;
    private long readAt;

    public EmbeddingMetrics(EmbeddingWorker worker, Duration refresh) {
        this.worker = worker;
        this.refreshNanos = refresh.toNanos();
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("notion.sync.embeddings.backlog", this, EmbeddingMetrics::backlog)
                .description("Pages waiting to be embedded or to lose their passages").register(registry);
    }

    synchronized double backlog() {
        long now = System.nanoTime();
        if (readAt == 0 || now - readAt >= refreshNanos) {
            try {
                last = worker.backlog();
            } catch (RuntimeException e) {
                // keep the last reading; the database may be briefly unreachable
            }
            readAt = now;
        }
        return last;
    }
}
