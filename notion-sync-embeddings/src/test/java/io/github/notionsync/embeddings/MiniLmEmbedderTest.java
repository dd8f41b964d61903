package io.github.notionsync.embeddings;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The model in the jar loads offline and places close meanings close together. */
class MiniLmEmbedderTest {

    @Test
    void closeMeaningsAreCloserThanUnrelatedOnes() {
        MiniLmEmbedder e = MiniLmEmbedder.shared();
        List<float[]> v = e.embed(List.of("Who rules the kingdom?", "The queen reigns over the realm.",
                "A recipe for apple pie with cinnamon."));
        assertThat(v).hasSize(3).allSatisfy(x -> assertThat(x).hasSize(MiniLmEmbedder.DIMENSIONS));
        assertThat(cos(v.get(0), v.get(1))).isGreaterThan(cos(v.get(0), v.get(2)) + 0.1);
        assertThat(e.embed(List.of())).isEmpty();
        assertThat(e.embed(List.of(""))).hasSize(1);
    }

    private static double cos(float[] a, float[] b) {
        double dot = 0, na = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }
}
