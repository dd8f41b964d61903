package io.github.notionsync.jooq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VectorIndexTest {

    private static final int D = 384;

    @Test
    void aSmallIndexScansEveryVectorAndFindsTheExactNearest() {
        Random r = new Random(7);
        float[][] v = clustered(r, 5_000);
        VectorIndex index = build(v, 0);
        for (int t = 0; t < 20; t++) {
            float[] q = noisy(r, v[r.nextInt(v.length)]);
            assertThat(index.nearest(q, 1, -1)[0]).isEqualTo(exact(v, q, 1)[0]);
        }
        assertThat(index.nearest(q(r), 3, 0)).as("no kind allowed").isEmpty();
        assertThat(index.nearest(new float[D - 1], 3, -1)).as("wrong dimensions").isEmpty();
    }

    @Test
    void aLargeIndexShortlistsBySignsAndKeepsRecall() {
        Random r = new Random(11);
        float[][] v = clustered(r, 30_000);
        VectorIndex index = build(v, 1);
        double recall = 0;
        for (int t = 0; t < 20; t++) {
            float[] q = noisy(r, v[r.nextInt(v.length)]);
            Set<Long> want = new HashSet<>();
            Arrays.stream(exact(v, q, 10)).forEach(want::add);
            long[] got = index.nearest(q, 10, 1 << 1);
            assertThat(got).hasSize(10);
            recall += Arrays.stream(got).filter(want::contains).count() / 10.0;
        }
        assertThat(recall / 20).isGreaterThan(0.9);
        assertThat(index.nearest(v[0], 5, 1 << 2)).as("another kind").isEmpty();
        assertThat(index.bytes()).isBetween(30_000L * D, 30_000L * (D + 80));
    }

    private static VectorIndex build(float[][] v, int kind) {
        VectorIndex.Builder b = new VectorIndex.Builder(1, D);
        for (int i = 0; i < v.length; i++) {
            b.add(i, kind, v[i]);
        }
        return b.build();
    }

    private static long[] exact(float[][] v, float[] q, int k) {
        Integer[] order = new Integer[v.length];
        double[] s = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            order[i] = i;
            for (int j = 0; j < D; j++) {
                s[i] += v[i][j] * q[j];
            }
        }
        Arrays.sort(order, (a, b) -> Double.compare(s[b], s[a]));
        return Arrays.stream(order).limit(k).mapToLong(Integer::longValue).toArray();
    }

    private static float[][] clustered(Random r, int n) {
        float[][] centres = new float[n / 20][];
        for (int i = 0; i < centres.length; i++) {
            centres[i] = q(r);
        }
        float[][] v = new float[n][];
        for (int i = 0; i < n; i++) {
            v[i] = noisy(r, centres[r.nextInt(centres.length)]);
        }
        return v;
    }

    private static float[] q(Random r) {
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return unit(v);
    }

    private static float[] noisy(Random r, float[] c) {
        float[] v = new float[D];
        for (int i = 0; i < D; i++) {
            v[i] = c[i] + (float) (r.nextGaussian() * 1.5 / Math.sqrt(D));
        }
        return unit(v);
    }

    private static float[] unit(float[] v) {
        double s = 0;
        for (float x : v) {
            s += x * x;
        }
        for (int i = 0; i < v.length; i++) {
            v[i] /= (float) Math.sqrt(s);
        }
        return v;
    }
}
