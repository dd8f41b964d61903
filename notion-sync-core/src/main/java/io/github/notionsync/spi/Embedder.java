package io.github.notionsync.spi;

import java.util.List;

/**
 * Turns texts into vectors for semantic search: the model behind {@code notion_sync_embeddings}.
 * The engine stays free of any model; {@code notion-sync-embeddings} provides a default that runs
 * a small sentence model inside the JVM.
 *
 * <p>Implementations must be thread-safe. Vectors are compared by cosine similarity; they need not
 * be normalised (notion-sync normalises them).
 */
public interface Embedder {

    /**
     * A stable name of the model and its settings, at most 200 characters. Vectors of different
     * model ids are never compared: changing it re-embeds every page in the background.
     */
    String modelId();

    /** The length of every vector, 1 to 16,000. */
    int dimensions();

    /**
     * One vector of {@link #dimensions()} floats per text, in the order of the texts.
     *
     * @throws RuntimeException when the model fails; the page being embedded is then skipped and
     *     logged, and tried again when its content changes
     */
    List<float[]> embed(List<String> texts);
}
