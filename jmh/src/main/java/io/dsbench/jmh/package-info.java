/**
 * JMH benchmarks per pattern and backend, in-memory baselines beside reference libraries, and the API
 * {@code dsbench bench} runs them through: {@link io.dsbench.jmh.JmhBenchmarks}. The benchmarks are in
 * {@code io.dsbench.jmh.bench} (one class per primitive or pattern, each opening with what it measures, what would
 * invalidate it and how to run it); the backend facade and the baseline enums in {@code io.dsbench.jmh.support}.
 * See {@code jmh/README.md} for the list, the run modes and the measured figures.
 */
package io.dsbench.jmh;
