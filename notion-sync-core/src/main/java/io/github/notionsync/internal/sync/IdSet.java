package io.github.notionsync.internal.sync;

import io.github.notionsync.NotionId;

/**
 * A compact set of Notion ids (two longs each, open addressing), so that a full pass over a
 * million pages remembers which it saw in about 32 MB rather than in a {@code HashSet}'s 150.
 */
final class IdSet {

    private long[] keys = new long[2 * 1024];
    private int size;

    boolean add(NotionId id) {
        long hi = high(id);
        long lo = low(id);
        if (hi == 0 && lo == 0) {
            lo = 1; // the all-zero slot marks "empty"; the zero UUID maps to a neighbour value
        }
        if ((size + 1) * 2 > keys.length / 2) {
            grow();
        }
        return insert(keys, hi, lo);
    }

    boolean contains(NotionId id) {
        long hi = high(id);
        long lo = low(id);
        if (hi == 0 && lo == 0) {
            lo = 1;
        }
        int slots = keys.length / 2;
        int i = index(hi, lo, slots);
        while (true) {
            long h = keys[2 * i];
            long l = keys[2 * i + 1];
            if (h == 0 && l == 0) {
                return false;
            }
            if (h == hi && l == lo) {
                return true;
            }
            i = (i + 1) & (slots - 1);
        }
    }

    int size() {
        return size;
    }

    private boolean insert(long[] table, long hi, long lo) {
        int slots = table.length / 2;
        int i = index(hi, lo, slots);
        while (true) {
            long h = table[2 * i];
            long l = table[2 * i + 1];
            if (h == 0 && l == 0) {
                table[2 * i] = hi;
                table[2 * i + 1] = lo;
                if (table == keys) {
                    size++;
                }
                return true;
            }
            if (h == hi && l == lo) {
                return false;
            }
            i = (i + 1) & (slots - 1);
        }
    }

    private void grow() {
        long[] old = keys;
        long[] bigger = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(bigger, old[i], old[i + 1]);
            }
        }
        keys = bigger;
    }

    private static int index(long hi, long lo, int slots) {
        long h = hi * 0x9E3779B97F4A7C15L ^ lo * 0xC2B2AE3D27D4EB4FL;
        return (int) (h ^ (h >>> 32)) & (slots - 1);
    }

    private static long high(NotionId id) {
        String v = id.value();
        return Long.parseUnsignedLong(v.substring(0, 8) + v.substring(9, 13) + v.substring(14, 18), 16);
    }

    private static long low(NotionId id) {
        String v = id.value();
        return Long.parseUnsignedLong(v.substring(19, 23) + v.substring(24), 16);
    }
}
