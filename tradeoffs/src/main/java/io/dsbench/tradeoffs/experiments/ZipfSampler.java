package io.dsbench.tradeoffs.experiments;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Draws ranks {@code 0..n-1} with Zipf probabilities: rank {@code r} (0-based) has probability proportional to
 * {@code 1 / (r + 1)^s}. Inverse transform over a precomputed cumulative table (n doubles), so a draw is one uniform
 * number and a binary search; seeded, so a stream is reproducible. Not thread-safe (one per thread).
 */
final class ZipfSampler {
    private final double[] cdf;
    private final SplittableRandom random;

    /**
     * @param n        number of ranks (1..10,000,000)
     * @param exponent the skew {@code s} (0 = uniform; YCSB uses 0.99)
     * @param seed     the random stream's seed
     */
    ZipfSampler(int n, double exponent, long seed) {
        if (n < 1 || n > 10_000_000) {
            throw new IllegalArgumentException("n = " + n + " is out of range (legal range: 1..10000000)");
        }
        if (!(exponent >= 0) || Double.isInfinite(exponent)) {
            throw new IllegalArgumentException("exponent = " + exponent + " is not a finite number >= 0");
        }
        cdf = new double[n];
        double sum = 0;
        for (int r = 0; r < n; r++) {
            sum += 1 / Math.pow(r + 1, exponent);
            cdf[r] = sum;
        }
        for (int r = 0; r < n; r++) {
            cdf[r] /= sum;
        }
        cdf[n - 1] = 1.0;
        random = new SplittableRandom(seed);
    }

    /** The next rank, 0-based (0 is the most frequent). */
    int next() {
        double u = random.nextDouble();
        int i = Arrays.binarySearch(cdf, u);
        return i >= 0 ? i : Math.min(-i - 1, cdf.length - 1);
    }

    /** The probability of rank {@code r}. */
    double probability(int r) {
        return r == 0 ? cdf[0] : cdf[r] - cdf[r - 1];
    }
}
