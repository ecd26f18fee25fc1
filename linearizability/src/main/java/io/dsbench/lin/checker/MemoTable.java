package io.dsbench.lin.checker;

import java.util.Objects;

/**
 * Lowe's memo of explored configurations: (linearized set, model state) pairs in an open-addressing hash table.
 * The set is stored in its compact encoding ({@link LinearizedSet#encode()}), variable-length, copied into one
 * growing arena of ints (no object per entry). Not thread-safe.
 */
final class MemoTable {
    private int[] arena = new int[4096];
    private int arenaLen;
    private int[] starts;
    private Object[] states;
    private int[] hashes;
    private int[] table;
    private int mask;
    private int count;

    MemoTable() {
        int cap = 1024;
        starts = new int[cap + 1];
        states = new Object[cap];
        hashes = new int[cap];
        table = new int[cap * 2];
        mask = table.length - 1;
    }

    /** Entries stored. */
    int size() {
        return count;
    }

    /** Bytes an entry with a key of {@code len} ints costs (key, start, state reference, hash, two table slots). */
    static long bytesPerEntry(int len) {
        return 4L * len + 4 + 8 + 4 + 8;
    }

    /** Adds the configuration; false when it was already present. */
    boolean add(int[] key, int len, Object state, long keyHash) {
        long h = keyHash ^ (state == null ? 0x5bd1e995L : state.hashCode() * 0x9E3779B97F4A7C15L);
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
            if (hashes[e] == hash && keyEquals(e, key, len) && Objects.equals(states[e], state)) {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        if (count == states.length) {
            grow();
        }
        if (arenaLen + len > arena.length) {
            arena = java.util.Arrays.copyOf(arena, Math.max(arena.length * 2, arenaLen + len));
        }
        System.arraycopy(key, 0, arena, arenaLen, len);
        arenaLen += len;
        states[count] = state;
        hashes[count] = hash;
        starts[count + 1] = arenaLen;
        table[slot] = count + 1;
        count++;
        if (count * 2 > table.length) {
            rehash();
        }
        return true;
    }

    private boolean keyEquals(int e, int[] key, int len) {
        int off = starts[e];
        if (starts[e + 1] - off != len) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (arena[off + i] != key[i]) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        int cap = states.length * 2;
        starts = java.util.Arrays.copyOf(starts, cap + 1);
        states = java.util.Arrays.copyOf(states, cap);
        hashes = java.util.Arrays.copyOf(hashes, cap);
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
