package io.github.notionsync.jooq;

import java.util.Arrays;

/**
 * One user's vectors of one model in memory, for exact search without pgvector: every vector
 * quantised to one signed byte per dimension (with its own scale), scanned in full for each query;
 * the best candidates are then scored again with their stored floats by the caller. About
 * {@code dimensions + 21} bytes per passage (385 KB per thousand passages of 384 dimensions).
 * Immutable: a change of the user's passages builds a new index.
 */
final class VectorIndex {

    final long version;
    final int dimensions;
    final int size;
    private final long[] ids;
    private final byte[] kinds;
    private final byte[] codes;
    private final float[] scales;

    private VectorIndex(long version, int dimensions, int size, long[] ids, byte[] kinds, byte[] codes, float[] scales) {
        this.version = version;
        this.dimensions = dimensions;
        this.size = size;
        this.ids = ids;
        this.kinds = kinds;
        this.codes = codes;
        this.scales = scales;
    }

    /** Heap bytes held, roughly. */
    long bytes() {
        return (long) size * (dimensions + 8 + 1 + 4) + 64;
    }

    /** Collects vectors into an index. */
    static final class Builder {
        private final long version;
        private final int dimensions;
        private long[] ids = new long[1024];
        private byte[] kinds = new byte[1024];
        private byte[] codes;
        private float[] scales = new float[1024];
        private int size;

        Builder(long version, int dimensions) {
            this.version = version;
            this.dimensions = dimensions;
            this.codes = new byte[1024 * dimensions];
        }

        /** Adds a vector (unit length) with its row id and kind (a small number). */
        void add(long id, int kind, float[] v) {
            if (size == ids.length) {
                int n = size * 2;
                ids = Arrays.copyOf(ids, n);
                kinds = Arrays.copyOf(kinds, n);
                scales = Arrays.copyOf(scales, n);
                codes = Arrays.copyOf(codes, n * dimensions);
            }
            float max = 0;
            for (float x : v) {
                max = Math.max(max, Math.abs(x));
            }
            float s = max == 0 ? 1 : 127f / max;
            int off = size * dimensions;
            for (int i = 0; i < dimensions; i++) {
                codes[off + i] = (byte) Math.round(v[i] * s);
            }
            ids[size] = id;
            kinds[size] = (byte) kind;
            scales[size] = 1 / s;
            size++;
        }

        VectorIndex build() {
            return new VectorIndex(version, dimensions, size, Arrays.copyOf(ids, size), Arrays.copyOf(kinds, size),
                    Arrays.copyOf(codes, size * dimensions), Arrays.copyOf(scales, size));
        }
    }

    /**
     * The ids of the {@code m} passages whose quantised vectors are closest to {@code query} (unit
     * length), best first, among those whose kind is set in {@code kindMask} (bit per kind).
     */
    long[] nearest(float[] query, int m, int kindMask) {
        if (query.length != dimensions || size == 0) {
            return new long[0];
        }
        float qmax = 0;
        for (float x : query) {
            qmax = Math.max(qmax, Math.abs(x));
        }
        float qs = qmax == 0 ? 1 : 127f / qmax;
        byte[] q = new byte[dimensions];
        for (int i = 0; i < dimensions; i++) {
            q[i] = (byte) Math.round(query[i] * qs);
        }
        int k = Math.min(m, size);
        // a min-heap of the best k scores so far
        float[] heapScore = new float[k];
        int[] heapRow = new int[k];
        int filled = 0;
        final int d = dimensions;
        for (int row = 0; row < size; row++) {
            if ((kindMask & (1 << kinds[row])) == 0) {
                continue;
            }
            int off = row * d;
            int s0 = 0;
            int s1 = 0;
            int s2 = 0;
            int s3 = 0;
            int i = 0;
            for (; i + 3 < d; i += 4) {
                s0 += q[i] * codes[off + i];
                s1 += q[i + 1] * codes[off + i + 1];
                s2 += q[i + 2] * codes[off + i + 2];
                s3 += q[i + 3] * codes[off + i + 3];
            }
            for (; i < d; i++) {
                s0 += q[i] * codes[off + i];
            }
            float score = (s0 + s1 + s2 + s3) * scales[row];
            if (filled < k) {
                heapScore[filled] = score;
                heapRow[filled] = row;
                up(heapScore, heapRow, filled++);
            } else if (score > heapScore[0]) {
                heapScore[0] = score;
                heapRow[0] = row;
                down(heapScore, heapRow, filled);
            }
        }
        long[] out = new long[filled];
        for (int n = filled; n > 0; n--) {
            out[n - 1] = ids[heapRow[0]];
            heapScore[0] = heapScore[n - 1];
            heapRow[0] = heapRow[n - 1];
            down(heapScore, heapRow, n - 1);
        }
        return out;
    }

    private static void up(float[] s, int[] r, int i) {
        while (i > 0) {
            int p = (i - 1) / 2;
            if (s[p] <= s[i]) {
                return;
            }
            swap(s, r, p, i);
            i = p;
        }
    }

    private static void down(float[] s, int[] r, int n) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int m = i;
            if (l < n && s[l] < s[m]) {
                m = l;
            }
            if (l + 1 < n && s[l + 1] < s[m]) {
                m = l + 1;
            }
            if (m == i) {
                return;
            }
            swap(s, r, m, i);
            i = m;
        }
    }

    private static void swap(float[] s, int[] r, int a, int b) {
        float ts = s[a];
        s[a] = s[b];
        s[b] = ts;
        int tr = r[a];
        r[a] = r[b];
        r[b] = tr;
    }
}
