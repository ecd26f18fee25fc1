/**
 * JMH benchmarks per pattern and backend (selected with {@code @Param backend}) and an open-loop load
 * generator recording latencies in HdrHistogram without coordinated omission. Filled by the benchmarks issue;
 * the module exists so the build and the backend SPI are ready for it.
 */
package io.dsbench.jmh;
