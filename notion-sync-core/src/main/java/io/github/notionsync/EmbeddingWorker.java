package io.github.notionsync;

import io.github.notionsync.internal.embed.Passages;
import io.github.notionsync.spi.Embedder;
import io.github.notionsync.spi.EmbeddingStore;
import io.github.notionsync.spi.EmbeddingStore.PageText;
import io.github.notionsync.spi.EmbeddingStore.PassageVector;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the passages of the mirror embedded, off the sync's path: each {@link #runOnce() round}
 * asks the {@link EmbeddingStore} for pages whose content hash (or model) changed since they were
 * embedded, splits each into passages, embeds only the passages whose text is new (a passage whose
 * hash the page already had keeps its vector), and removes the passages of deleted pages. A page
 * the model fails on is logged, recorded and skipped until it changes; the others go on.
 *
 * <p>Run it from a scheduler ({@code NotionSyncScheduler.Builder#embeddings} in notion-sync-jooq);
 * a sync never waits for it. Thread-safe, but rounds are meant to run one at a time across the
 * instances of an application (the scheduler sees to it).
 */
public final class EmbeddingWorker {

    private static final Logger log = LoggerFactory.getLogger(EmbeddingWorker.class);

    private final Embedder embedder;
    private final EmbeddingStore store;
    private final int pagesPerRound;
    private final int batchSize;

    private EmbeddingWorker(Builder b) {
        this.embedder = Objects.requireNonNull(b.embedder, "embedder");
        this.store = Objects.requireNonNull(b.store, "store");
        this.pagesPerRound = b.pagesPerRound;
        this.batchSize = b.batchSize;
        String model = embedder.modelId();
        if (model == null || model.isBlank() || model.length() > 200) {
            throw new IllegalArgumentException("An embedder's model id has 1 to 200 characters, got " + model);
        }
        if (embedder.dimensions() < 1 || embedder.dimensions() > 16_000) {
            throw new IllegalArgumentException("An embedder has 1 to 16000 dimensions, got " + embedder.dimensions());
        }
    }

    /** A new builder. */
    public static Builder builder() {
        return new Builder();
    }

    /** The model whose vectors this worker keeps. */
    public String modelId() {
        return embedder.modelId();
    }

    /** The embedder. */
    public Embedder embedder() {
        return embedder;
    }

    /** Pages of every user waiting to be embedded or to lose their passages. */
    public long backlog() {
        return store.backlog(embedder.modelId(), null);
    }

    /** The user's pages waiting to be embedded or to lose their passages. */
    public long backlog(String userId) {
        SyncConnection.requireValidUserId(userId);
        return store.backlog(embedder.modelId(), userId);
    }

    /**
     * What one round did.
     *
     * @param pagesEmbedded pages whose passages were written
     * @param passagesEmbedded passages sent to the model
     * @param passagesReused passages that kept their vector (same text as before)
     * @param pagesFailed pages the model failed on
     * @param pagesRemoved deleted pages that lost their passages
     */
    public record Round(int pagesEmbedded, int passagesEmbedded, int passagesReused, int pagesFailed,
            int pagesRemoved) {

        /** Whether the round found anything to do. */
        public boolean didWork() {
            return pagesEmbedded + pagesFailed + pagesRemoved > 0;
        }

        Round plus(Round o) {
            return new Round(pagesEmbedded + o.pagesEmbedded, passagesEmbedded + o.passagesEmbedded,
                    passagesReused + o.passagesReused, pagesFailed + o.pagesFailed, pagesRemoved + o.pagesRemoved);
        }
    }

    /** One round: up to the round's number of pages embedded, then deleted pages cleared. */
    public Round runOnce() {
        Round embedded = embedRound(new PageText[1]);
        int removed = store.removeDeletedPages(pagesPerRound);
        return new Round(embedded.pagesEmbedded(), embedded.passagesEmbedded(), embedded.passagesReused(),
                embedded.pagesFailed(), removed);
    }

    /**
     * Rounds until nothing is left or {@code budget} has passed (a round that started is finished):
     * changed pages first, then the passages of deleted pages.
     *
     * @return the rounds' totals
     */
    public Round drain(Duration budget) {
        long deadline = System.nanoTime() + budget.toNanos();
        long t0 = System.nanoTime();
        Round total = new Round(0, 0, 0, 0, 0);
        Round r;
        PageText[] cursor = new PageText[1]; // one pass over the mirror
        do {
            r = embedRound(cursor);
            total = total.plus(r);
        } while (r.didWork() && System.nanoTime() < deadline);
        int removed;
        do {
            removed = store.removeDeletedPages(pagesPerRound);
            total = total.plus(new Round(0, 0, 0, 0, removed));
        } while (removed > 0 && System.nanoTime() < deadline);
        if (total.didWork()) {
            log.info("Embedded {} pages ({} passages embedded, {} kept), {} failed, {} deleted pages cleared in {} ms"
                    + " with {}", total.pagesEmbedded(), total.passagesEmbedded(), total.passagesReused(),
                    total.pagesFailed(), total.pagesRemoved(), (System.nanoTime() - t0) / 1_000_000,
                    embedder.modelId());
        }
        return total;
    }

    /** Embeds the next pages of the pass after {@code cursor[0]}, and moves the cursor. */
    private Round embedRound(PageText[] cursor) {
        String model = embedder.modelId();
        int embedded = 0;
        int sent = 0;
        int reused = 0;
        int failed = 0;
        List<PageText> pages = store.pagesToEmbed(model, cursor[0], pagesPerRound);
        if (!pages.isEmpty()) {
            cursor[0] = pages.get(pages.size() - 1);
        }
        for (PageText page : pages) {
            try {
                int[] counts = embed(page, model);
                sent += counts[0];
                reused += counts[1];
                embedded++;
            } catch (RuntimeException e) {
                failed++;
                String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                log.warn("Page {} of user {} not embedded: {}", page.pageId(), page.userId(), message);
                store.recordFailure(page, model, message.length() > 1_000 ? message.substring(0, 1_000) : message);
            }
        }
        Round round = new Round(embedded, sent, reused, failed, 0);
        if (round.didWork()) {
            log.debug("Embedding round with {}: {}", model, round);
        }
        return round;
    }

    /** Embeds one page; returns the passages sent to the model and those reused. */
    private int[] embed(PageText page, String model) {
        List<Passages.Passage> passages = Passages.split(page.title(), page.fields(), page.markdown());
        Map<String, float[]> known = store.vectorsByHash(page.userId(), page.kind(), page.pageId(), model);
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < passages.size(); i++) {
            if (!known.containsKey(passages.get(i).hash())) {
                missing.add(i);
            }
        }
        float[][] vectors = new float[passages.size()][];
        for (int from = 0; from < missing.size(); from += batchSize) {
            List<Integer> batch = missing.subList(from, Math.min(missing.size(), from + batchSize));
            List<float[]> out = embedder.embed(batch.stream().map(i -> passages.get(i).text()).toList());
            if (out == null || out.size() != batch.size()) {
                throw new IllegalStateException("The embedder returned " + (out == null ? "nothing" : out.size()
                        + " vectors") + " for " + batch.size() + " texts");
            }
            for (int j = 0; j < batch.size(); j++) {
                vectors[batch.get(j)] = unit(out.get(j));
            }
        }
        List<PassageVector> write = new ArrayList<>(passages.size());
        for (int i = 0; i < passages.size(); i++) {
            Passages.Passage p = passages.get(i);
            float[] v = vectors[i] != null ? vectors[i] : known.get(p.hash());
            write.add(new PassageVector(i, p.text(), p.hash(), v));
        }
        store.replacePassages(page, model, write);
        return new int[] {missing.size(), passages.size() - missing.size()};
    }

    /** The vector scaled to length 1; refuses a wrong length, NaN, infinity or the zero vector. */
    private float[] unit(float[] v) {
        if (v == null || v.length != embedder.dimensions()) {
            throw new IllegalStateException("The embedder returned a vector of " + (v == null ? 0 : v.length)
                    + " dimensions, not " + embedder.dimensions());
        }
        double sum = 0;
        for (float x : v) {
            sum += (double) x * x;
        }
        if (!(sum > 0) || Double.isInfinite(sum)) {
            throw new IllegalStateException("The embedder returned a zero or non-finite vector");
        }
        float inv = (float) (1 / Math.sqrt(sum));
        float[] out = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] * inv;
        }
        return out;
    }

    /** Builds an {@link EmbeddingWorker}. */
    public static final class Builder {

        /** Pages a round embeds at most. */
        public static final int DEFAULT_PAGES_PER_ROUND = 32;
        /** Passages sent to the model in one call at most. */
        public static final int DEFAULT_BATCH_SIZE = 16;

        private Embedder embedder;
        private EmbeddingStore store;
        private int pagesPerRound = DEFAULT_PAGES_PER_ROUND;
        private int batchSize = DEFAULT_BATCH_SIZE;

        private Builder() {
        }

        /** The model. */
        public Builder embedder(Embedder embedder) {
            this.embedder = Objects.requireNonNull(embedder, "embedder");
            return this;
        }

        /** Where passages are kept. */
        public Builder store(EmbeddingStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        /** Pages one round embeds at most, 1 to 1,000; default 32. */
        public Builder pagesPerRound(int pages) {
            if (pages < 1 || pages > 1_000) {
                throw new IllegalArgumentException("pagesPerRound must be between 1 and 1000, got " + pages);
            }
            this.pagesPerRound = pages;
            return this;
        }

        /** Passages per call of the model, 1 to 256; default 16. */
        public Builder batchSize(int size) {
            if (size < 1 || size > 256) {
                throw new IllegalArgumentException("batchSize must be between 1 and 256, got " + size);
            }
            this.batchSize = size;
            return this;
        }

        /** Builds the worker. */
        public EmbeddingWorker build() {
            return new EmbeddingWorker(this);
        }
    }
}
