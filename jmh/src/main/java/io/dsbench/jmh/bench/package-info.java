/**
 * The JMH benchmark classes. Backend benchmarks extend {@link io.dsbench.jmh.bench.BackendBenchmark} and are
 * selected by {@code @Param backend} (any backend provider on the class path); in-process ones (routers, baselines,
 * checker) have no backend parameter. JMH's annotation processor generates their harness into
 * {@code io.dsbench.jmh.bench.jmh_generated} and lists them in {@code META-INF/BenchmarkList}.
 */
package io.dsbench.jmh.bench;
