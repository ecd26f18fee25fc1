package io.dsbench.patterns.sharding;

import java.nio.charset.StandardCharsets;

/**
 * A fast, well-mixed, seedable 64-bit hash of strings, used by every router. Deterministic across JVMs, platforms
 * and restarts (it depends only on the UTF-8 bytes and the seed), which is what routing stability (SHARD-1) needs;
 * {@link String#hashCode()} is not good enough (32 bits, poorly mixed low bits).
 *
 * <p>Construction (written for dsbench, after the structure of MurmurHash3's 64-bit lane): the UTF-8 bytes are read
 * as little-endian 64-bit words; each word is multiplied by an odd constant, rotated and multiplied again, then
 * xor-ed into the state, which is rotated, multiplied by 5 and offset; the 0..7 tail bytes form a last word; the
 * state is xor-ed with the length and put through the murmur3 64-bit finaliser ({@link #mix(long)}), whose
 * avalanche behaviour (each input bit flips each output bit with probability close to 1/2) is well documented. Not a
 * cryptographic hash: an adversary choosing keys can create collisions.
 *
 * <p>Stateless and thread-safe.
 */
public final class Hash64 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;
    private static final long C3 = 0x52dce729L;

    private Hash64() {
    }

    /** The hash of {@code s} with seed 0. */
    public static long hash(String s) {
        return hash(s, 0L);
    }

    /**
     * The hash of {@code s}'s UTF-8 bytes with {@code seed}; different seeds give independent-looking hashes. An
     * ASCII string (each char its own UTF-8 byte) is hashed from its chars without encoding it (no allocation);
     * any other goes through {@link String#getBytes}: the result is the same either way.
     */
    public static long hash(String s, long seed) {
        long h = seed ^ 0x9e3779b97f4a7c15L;
        int n = s.length();
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long k = 0;
            for (int b = 7; b >= 0; b--) {
                char c = s.charAt(i + b);
                if (c >= 0x80) {
                    return hash(s.getBytes(StandardCharsets.UTF_8), seed);
                }
                k = (k << 8) | c;
            }
            h ^= scramble(k);
            h = Long.rotateLeft(h, 27) * 5 + C3;
        }
        if (i < n) {
            long k = 0;
            for (int b = n - 1; b >= i; b--) {
                char c = s.charAt(b);
                if (c >= 0x80) {
                    return hash(s.getBytes(StandardCharsets.UTF_8), seed);
                }
                k = (k << 8) | c;
            }
            h ^= scramble(k);
        }
        h ^= n;
        return mix(h);
    }

    /** The hash of {@code data} with {@code seed}. */
    public static long hash(byte[] data, long seed) {
        long h = seed ^ 0x9e3779b97f4a7c15L;
        int n = data.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            long k = 0;
            for (int b = 7; b >= 0; b--) {
                k = (k << 8) | (data[i + b] & 0xffL);
            }
            h ^= scramble(k);
            h = Long.rotateLeft(h, 27) * 5 + C3;
        }
        if (i < n) {
            long k = 0;
            for (int b = n - 1; b >= i; b--) {
                k = (k << 8) | (data[b] & 0xffL);
            }
            h ^= scramble(k);
        }
        h ^= n;
        return mix(h);
    }

    private static long scramble(long k) {
        k *= C1;
        k = Long.rotateLeft(k, 31);
        return k * C2;
    }

    /** The murmur3 64-bit finaliser: a bijective mix of all 64 bits. */
    public static long mix(long z) {
        z ^= z >>> 33;
        z *= 0xff51afd7ed558ccdL;
        z ^= z >>> 33;
        z *= 0xc4ceb9fe1a85ec53L;
        z ^= z >>> 33;
        return z;
    }

    /** {@code hash} reduced to [0, n) without modulo bias worth mentioning (multiply-high). */
    public static int reduce(long hash, int n) {
        return (int) Math.multiplyHigh(hash >>> 1, (long) n << 1);
    }
}
