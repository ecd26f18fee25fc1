package io.dsbench.tradeoffs.experiments;

import java.util.Arrays;
import java.util.Random;

/**
 * Keys {@code <prefix>0 .. <prefix>(n-1)} drawn with Zipf-distributed popularity: key of rank {@code r} (0-based)
 * has probability proportional to {@code 1 / (r + 1)^s}. Exponent {@code s = 0.99} is YCSB's default skew (a few
 * hot keys take most of the reads). Sampling inverts the cumulative distribution (binary search), so it is exact
 * for any {@code s >= 0} ({@code s = 0}: uniform). Immutable and thread-safe; each caller passes its own seeded
 * {@link Random}.
 */
public final class ZipfKeys {
    private final String prefix;
    private final double exponent;
    private final double[] cumulative;

    /**
     * @param prefix   the key prefix
     * @param n        number of keys (&gt; 0)
     * @param exponent the skew {@code s} (&gt;= 0)
     */
    public ZipfKeys(String prefix, int n, double exponent) {
        if (n <= 0) {
            throw new IllegalArgumentException("n = " + n + " is out of range (legal range: > 0)");
        }
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("exponent = " + exponent + " is out of range (legal range: >= 0)");
        }
        this.prefix = prefix;
        this.exponent = exponent;
        this.cumulative = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1 / Math.pow(r + 1, exponent);
            cumulative[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cumulative[r] /= sum;
        }
    }

    /** Number of keys. */
    public int size() {
        return cumulative.length;
    }

    /** The skew exponent. */
    public double exponent() {
        return exponent;
    }

    /** The key of rank {@code r}. */
    public String key(int r) {
        return prefix + r;
    }

    /** A rank drawn from the distribution. */
    public int nextRank(Random random) {
        int i = Arrays.binarySearch(cumulative, random.nextDouble());
        int r = i >= 0 ? i + 1 : -i - 1; // the first rank whose cumulative probability exceeds the draw
        return Math.min(r, cumulative.length - 1);
    }

    /** A key drawn from the distribution. */
    public String next(Random random) {
        return key(nextRank(random));
    }

    /** The probability of rank {@code r}. */
    public double probability(int r) {
        return r == 0 ? cumulative[0] : cumulative[r] - cumulative[r - 1];
    }
}
