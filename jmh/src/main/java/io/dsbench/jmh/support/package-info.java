/**
 * What benchmarks reach their subjects through: {@link io.dsbench.jmh.support.BenchBackend} (a backend opened by
 * name through the SPI, managed or external), enums of factories chosen by {@code @Param} (caching
 * {@link io.dsbench.jmh.support.Strategy}, baselines {@link io.dsbench.jmh.support.KvImpl},
 * {@link io.dsbench.jmh.support.CacheImpl}, {@link io.dsbench.jmh.support.JumpImpl}) and small helpers.
 */
package io.dsbench.jmh.support;
