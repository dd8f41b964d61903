package io.github.notionsync.embeddings;

import dev.langchain4j.data.embedding.Embedding;
import dev.langchain4j.data.segment.TextSegment;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.github.notionsync.spi.Embedder;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;

/**
 * The default {@link Embedder}: all-MiniLM-L6-v2 (quantized, 384 dimensions), run inside the JVM
 * with ONNX Runtime. The model ships in the jar: nothing is downloaded, no service is called, and
 * page text never leaves the process. About 22 MB of model; loading it takes a second, so share
 * one instance per JVM ({@link #shared()}).
 */
public final class MiniLmEmbedder implements Embedder {

    /** The model id stored beside every vector. */
    public static final String MODEL_ID = "all-minilm-l6-v2-q";
    /** The vector length. */
    public static final int DIMENSIONS = 384;
    /** The most characters of one text given to the model (it reads about 256 word pieces anyway). */
    public static final int MAX_TEXT_CHARS = 4_000;

    private final AllMiniLmL6V2QuantizedEmbeddingModel model;

    private MiniLmEmbedder(AllMiniLmL6V2QuantizedEmbeddingModel model) {
        this.model = model;
    }

    /** The JVM's one instance, loaded on first use. */
    public static MiniLmEmbedder shared() {
        return Holder.INSTANCE;
    }

    /** A new instance embedding on the calling thread (no thread pool of its own). */
    public static MiniLmEmbedder create() {
        Executor callingThread = Runnable::run;
        return new MiniLmEmbedder(new AllMiniLmL6V2QuantizedEmbeddingModel(callingThread));
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }

    @Override
    public int dimensions() {
        return DIMENSIONS;
    }

    @Override
    public List<float[]> embed(List<String> texts) {
        Objects.requireNonNull(texts, "texts");
        if (texts.isEmpty()) {
            return List.of();
        }
        List<TextSegment> segments = new ArrayList<>(texts.size());
        for (String t : texts) {
            String s = t == null || t.isBlank() ? "-" : t;
            segments.add(TextSegment.from(s.length() > MAX_TEXT_CHARS ? s.substring(0, MAX_TEXT_CHARS) : s));
        }
        List<Embedding> out = model.embedAll(segments).content();
        List<float[]> vectors = new ArrayList<>(out.size());
        for (Embedding e : out) {
            vectors.add(e.vector());
        }
        return vectors;
    }

    @Override
    public String toString() {
        return "MiniLmEmbedder[" + MODEL_ID + ", " + DIMENSIONS + " dimensions]";
    }

    private static final class Holder {
        static final MiniLmEmbedder INSTANCE = create();
    }
}
