package io.dsbench.jmh.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A fixed set of keys walked round-robin, so a benchmark touches a realistic spread of keys without generating
 * strings (or random numbers) inside the measured call. Not thread-safe on purpose: under several threads the index
 * races, which only changes which key is read next.
 */
public final class Keys {
    private final String[] keys;
    private final int mask;
    private int next;

    /** {@code count} keys {@code prefix0 .. prefix(count-1)}; {@code count} must be a power of two. */
    public Keys(String prefix, int count) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("count = " + count + " must be a power of two");
        }
        keys = new String[count];
        for (int i = 0; i < count; i++) {
            keys[i] = prefix + i;
        }
        mask = count - 1;
    }

    /** The next key. */
    public String next() {
        next = (next + 1) & mask;
        return keys[next];
    }

    /** Every key, in order. */
    public String[] all() {
        return keys.clone();
    }

    /** A value of {@code size} bytes, the same for every call (benchmarks measure the store, not the payload). */
    public static byte[] value(int size) {
        byte[] v = new byte[size];
        Arrays.fill(v, (byte) 'v');
        return v;
    }

    /** UTF-8 bytes. */
    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
