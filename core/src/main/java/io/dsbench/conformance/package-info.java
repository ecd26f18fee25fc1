/**
 * The conformance kit: abstract JUnit 5 classes, one per primitive and pattern, that any backend extends
 * with one factory method ({@link io.dsbench.conformance.AbstractVerification#openBackend()}).
 *
 * <p>Every test is one numbered rule ({@code KV-1}, {@code REG-3}, ...), annotated with
 * {@link io.dsbench.conformance.ConformanceRule}; method names read {@code required_KV1_...} or
 * {@code optional_REG10_...}. An optional rule needs a {@link io.dsbench.spi.Capability}; when the backend
 * does not declare it the rule is skipped with a message naming the capability. Time-based rules scale
 * with {@link io.dsbench.conformance.TestEnvironment}.
 */
package io.dsbench.conformance;
