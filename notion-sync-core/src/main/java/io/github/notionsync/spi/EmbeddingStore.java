package io.github.notionsync.spi;

import io.github.notionsync.NotionId;
import io.github.notionsync.TargetKind;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where the passages of mirrored pages and their vectors are kept. The algorithm (what to embed,
 * which vectors to reuse) lives in the engine's {@link io.github.notionsync.EmbeddingWorker}; a
 * store only reads the mirror and persists. Implementations must be thread-safe.
 */
public interface EmbeddingStore {

    /**
     * Live pages whose passages are missing or out of date for {@code modelId}: never embedded,
     * embedded at another content hash, or with another model. Pages whose embedding failed at
     * their current hash are not returned again. Pages come in a fixed order (kind, user, page id),
     * so that a worker walks the mirror once per pass instead of scanning it from the start for
     * every batch.
     *
     * @param after the last page of the previous batch of this pass, or {@code null} to start a pass
     * @param limit the most pages to return
     */
    List<PageText> pagesToEmbed(String modelId, PageText after, int limit);

    /** The stored vectors of a page's passages under {@code modelId}, by passage hash. */
    Map<String, float[]> vectorsByHash(String userId, TargetKind kind, NotionId pageId, String modelId);

    /**
     * Replaces a page's passages (of every model) with {@code passages}, atomically, and records
     * the page as embedded at {@code contentHash}. A page deleted or changed meanwhile is left to a
     * later round: implementations may skip the write when the mirror's hash is no longer
     * {@code contentHash}.
     */
    void replacePassages(PageText page, String modelId, List<PassageVector> passages);

    /** Records that a page could not be embedded at its hash, so that it is not tried again until it changes. */
    void recordFailure(PageText page, String modelId, String message);

    /**
     * Removes the passages of pages deleted from the mirror (marked deleted or gone).
     *
     * @return how many pages lost their passages
     */
    int removeDeletedPages(int limit);

    /**
     * How many pages wait to be embedded for {@code modelId} or to lose their passages.
     *
     * @param userId one user's pages, or {@code null} for every user's
     */
    long backlog(String modelId, String userId);

    /**
     * A mirrored page's text, as the worker splits it into passages.
     *
     * @param fields the typed fields worth embedding, by name ({@code role}, {@code summary}, …), in order
     * @param markdown the content as Markdown
     * @param contentHash the mirror's hash of the page
     */
    record PageText(String userId, TargetKind kind, NotionId pageId, String title, Map<String, String> fields,
            String markdown, String contentHash) {
        public PageText {
            Objects.requireNonNull(userId, "userId");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(pageId, "pageId");
            Objects.requireNonNull(contentHash, "contentHash");
            title = title == null ? "" : title;
            fields = fields == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fields));
            markdown = markdown == null ? "" : markdown;
        }
    }

    /**
     * A passage with its vector.
     *
     * @param number its position in the page, from 0
     * @param text what was embedded
     * @param hash the hash of the text
     * @param vector unit length
     */
    record PassageVector(int number, String text, String hash, float[] vector) {
        public PassageVector {
            Objects.requireNonNull(text, "text");
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(vector, "vector");
        }
    }
}
