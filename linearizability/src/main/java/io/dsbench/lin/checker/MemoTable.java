package io.dsbench.lin.checker;

import java.util.Objects;

/**
 * Lowe's memo of explored configurations: (linearized-set bitset, model state) pairs in an open-addressing hash
 * table. Bitsets are copied into one growing arena of longs (no object per entry). Not thread-safe.
 */
final class MemoTable {
    private final int words;
    private long[] arena;
    private Object[] states;
    private int[] hashes;
    private int[] table;
    private int mask;
    private int count;

    MemoTable(int words) {
        this.words = Math.max(1, words);
        int cap = 1024;
        arena = new long[cap * this.words];
        states = new Object[cap];
        hashes = new int[cap];
        table = new int[cap * 2];
        mask = table.length - 1;
    }

    /** Entries stored. */
    int size() {
        return count;
    }

    /** Approximate bytes used. */
    long bytes() {
        return (long) arena.length * 8 + (long) states.length * 12 + (long) table.length * 4;
    }

    /** Bytes one more entry costs on average. */
    long bytesPerEntry() {
        return words * 8L + 12 + 8;
    }

    /** Adds the configuration; false when it was already present. */
    boolean add(long[] bits, Object state, long bitsHash) {
        long h = bitsHash ^ (state == null ? 0x5bd1e995L : state.hashCode() * 0x9E3779B97F4A7C15L);
        h ^= h >>> 29;
        h *= 0xBF58476D1CE4E5B9L;
        h ^= h >>> 32;
        int hash = (int) h;
        int slot = hash & mask;
        while (true) {
            int e = table[slot];
            if (e == 0) {
                break;
            }
            e--;
            if (hashes[e] == hash && Objects.equals(states[e], state) && regionEquals(e, bits)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        if (count == states.length) {
            grow();
        }
        System.arraycopy(bits, 0, arena, count * words, words);
        states[count] = state;
        hashes[count] = hash;
        table[slot] = count + 1;
        count++;
        if (count * 2 > table.length) {
            rehash();
        }
        return true;
    }

    private boolean regionEquals(int e, long[] bits) {
        int off = e * words;
        for (int i = 0; i < words; i++) {
            if (arena[off + i] != bits[i]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        int cap = states.length * 2;
        long[] a = new long[cap * words];
        System.arraycopy(arena, 0, a, 0, count * words);
        arena = a;
        Object[] s = new Object[cap];
        System.arraycopy(states, 0, s, 0, count);
        states = s;
        int[] h = new int[cap];
        System.arraycopy(hashes, 0, h, 0, count);
        hashes = h;
    }

    private void rehash() {
        int[] t = new int[table.length * 2];
        int m = t.length - 1;
        for (int e = 0; e < count; e++) {
            int slot = hashes[e] & m;
            while (t[slot] != 0) {
                slot = (slot + 1) & m;
            }
            t[slot] = e + 1;
        }
        table = t;
        mask = m;
    }
}
