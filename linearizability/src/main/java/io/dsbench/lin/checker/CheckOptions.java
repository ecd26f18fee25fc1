package io.dsbench.lin.checker;

import java.time.Duration;

/**
 * Checker limits. Immutable.
 *
 * @param timeLimit      wall-clock limit for the whole check (null = none); exceeding it gives UNKNOWN
 * @param memoBudgetBytes estimated bytes the memo cache may use across partitions; exceeding it gives UNKNOWN
 *                       ("too large")
 * @param maxOps         the largest number of operations in one partition; more gives UNKNOWN ("too large")
 * @param parallelism    partitions checked at once (>= 1)
 */
public record CheckOptions(Duration timeLimit, long memoBudgetBytes, int maxOps, int parallelism) {

    public CheckOptions {
        if (memoBudgetBytes <= 0) {
            throw new IllegalArgumentException("memoBudgetBytes = " + memoBudgetBytes + " (legal range: > 0)");
        }
        if (maxOps <= 0) {
            throw new IllegalArgumentException("maxOps = " + maxOps + " (legal range: > 0)");
        }
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism = " + parallelism + " (legal range: >= 1)");
        }
    }

    /** No time limit, a memo budget of a quarter of the max heap, 2,000,000 ops per partition, one thread per core. */
    public static CheckOptions defaults() {
        return new CheckOptions(null, Runtime.getRuntime().maxMemory() / 4, 2_000_000,
                Runtime.getRuntime().availableProcessors());
    }

    /** A copy with a time limit. */
    public CheckOptions withTimeLimit(Duration limit) {
        return new CheckOptions(limit, memoBudgetBytes, maxOps, parallelism);
    }

    /** A copy with a memo budget. */
    public CheckOptions withMemoBudgetBytes(long bytes) {
        return new CheckOptions(timeLimit, bytes, maxOps, parallelism);
    }

    /** A copy with a partition size cap. */
    public CheckOptions withMaxOps(int max) {
        return new CheckOptions(timeLimit, memoBudgetBytes, max, parallelism);
    }

    /** A copy with another parallelism. */
    public CheckOptions withParallelism(int p) {
        return new CheckOptions(timeLimit, memoBudgetBytes, maxOps, p);
    }
}
