package io.dsbench.lin.checker;

/**
 * The set of operations the search has linearized (or dropped) so far, with a compact canonical encoding for the
 * memo. Not thread-safe: one per search.
 *
 * <h2>Why the encoding is small</h2>
 * Operations are numbered in invocation order. Let {@code lo} be the smallest operation that has a return and is not
 * in the set: every operation with a return below {@code lo} is in the set, so the encoding need not list them. It
 * lists {@code lo}, then the operations without a return (never completed, {@code :info}) below {@code lo} that are in
 * the set, then every operation at or above {@code lo} that is in the set. This determines the set and the set
 * determines it, so two configurations are equal iff their encodings are. The search only linearizes operations
 * invoked before the first pending return, i.e. before operation {@code lo}'s return, so the operations listed at
 * or above {@code lo} are those invoked while {@code lo} was running: for a sequential history none, and in general
 * the history's concurrency, not its length. A memo entry thus costs O(concurrency + unknown operations) instead
 * of O(history length), and the memo grows linearly with the history (issue 11 item 6: it used to hold a bitset of
 * the whole history per entry, 37 KB per entry for 300,000 operations).
 */
final class LinearizedSet {
    private final long[] bits;
    private final boolean[] returning;
    private final int[] floaters;
    private final int[] returningBefore;
    private final long[] zobrist;
    private final int n;
    private int lo;
    private int size;
    private long hash;
    private int[] key = new int[16];
    private int keyLen;

    /** @param returning for each operation, whether it has a return entry */
    LinearizedSet(boolean[] returning) {
        this.n = returning.length;
        this.returning = returning;
        this.bits = new long[(n >>> 6) + 1];
        this.zobrist = new long[n];
        this.returningBefore = new int[n + 1];
        int f = 0;
        for (int i = 0; i < n; i++) {
            zobrist[i] = mix(i);
            returningBefore[i + 1] = returningBefore[i] + (returning[i] ? 1 : 0);
            if (!returning[i]) {
                f++;
            }
        }
        floaters = new int[f];
        f = 0;
        for (int i = 0; i < n; i++) {
            if (!returning[i]) {
                floaters[f++] = i;
            }
        }
        advance();
    }

    private static long mix(int i) {
        long z = (i + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    boolean contains(int i) {
        return (bits[i >>> 6] & (1L << i)) != 0;
    }

    void add(int i) {
        bits[i >>> 6] |= 1L << i;
        size++;
        hash ^= zobrist[i];
        if (i == lo) {
            advance();
        }
    }

    void remove(int i) {
        bits[i >>> 6] &= ~(1L << i);
        size--;
        hash ^= zobrist[i];
        if (returning[i] && i < lo) {
            lo = i;
        }
    }

    private void advance() {
        while (lo < n && (!returning[lo] || contains(lo))) {
            lo++;
        }
    }

    /** A hash of the set (Zobrist: updated in O(1) per change). */
    long hash() {
        return hash;
    }

    /** Encodes the set (see the class comment); the result is in {@link #key()}[0, {@link #keyLength()}). */
    void encode() {
        keyLen = 0;
        push(lo);
        int listedBelow = 0;
        for (int f : floaters) {
            if (f >= lo) {
                break;
            }
            if (contains(f)) {
                push(f);
                listedBelow++;
            }
        }
        int remaining = size - returningBefore[lo] - listedBelow;
        if (remaining > 0) {
            int w = lo >>> 6;
            long word = bits[w] & (-1L << (lo & 63));
            while (remaining > 0) {
                while (word == 0) {
                    word = bits[++w];
                }
                push((w << 6) + Long.numberOfTrailingZeros(word));
                word &= word - 1;
                remaining--;
            }
        }
    }

    private void push(int v) {
        if (keyLen == key.length) {
            key = java.util.Arrays.copyOf(key, keyLen * 2);
        }
        key[keyLen++] = v;
    }

    int[] key() {
        return key;
    }

    int keyLength() {
        return keyLen;
    }
}
