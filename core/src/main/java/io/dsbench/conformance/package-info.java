/**
 * The conformance kit: abstract JUnit 5 classes, one per primitive and pattern, that any backend extends
 * with one factory method ({@link io.dsbench.conformance.AbstractVerification#openBackend()}).
 *
 * <p>Kit classes for the storage primitives: {@link io.dsbench.conformance.KeyValueVerification} (KV),
 * {@link io.dsbench.conformance.RegistryVerification} (REG), {@link io.dsbench.conformance.CacheStoreVerification}
 * (CACHE), {@link io.dsbench.conformance.IdempotencyVerification} (IDEM),
 * {@link io.dsbench.conformance.LockVerification} (LOCK) and {@link io.dsbench.conformance.DurableLogVerification}
 * (LOG). {@link io.dsbench.conformance.FaultVerification} (FAULT) injects crashes, restarts, failovers and frozen
 * servers through {@link io.dsbench.spi.Backend#faults()}. {@link io.dsbench.conformance.RuleCatalog} lists their
 * rules by reflection.
 *
 * <p>Every test is one numbered rule ({@code KV-1}, {@code REG-3}, ...), annotated with
 * {@link io.dsbench.conformance.ConformanceRule}; method names read {@code required_KV1_...},
 * {@code optional_REG10_...} or {@code stochastic_LOCK9_...}, and each rule's javadoc says what it verifies
 * and what to check if it fails. An optional rule needs a {@link io.dsbench.spi.Capability}; when the backend
 * does not declare it the rule is skipped with a message naming the capability.
 *
 * <p>Time-based rules use short TTLs ({@link io.dsbench.conformance.AbstractVerification#shortTtl()}, at least
 * the backend's minimum) and check exactly the backend's declared tolerance
 * ({@link io.dsbench.conformance.AbstractVerification#tolerance()}): something must be present until TTL -
 * tolerance and gone by TTL + tolerance. The kit's own lateness on a busy machine is measured by a canary
 * thread and only what was measured is discounted ({@link io.dsbench.conformance.TestEnvironment#kitLateness});
 * {@code DSBENCH_TIMEOUT_SCALE} widens that allowance and the kit's waits, never the backend's tolerance.
 * Rules poll and await conditions rather than sleeping to synchronise, and blame the backend only for
 * observations that finished inside the window. Concurrency rules use at most
 * 16 threads, bounded iterations, and join with timeouts.
 */
package io.dsbench.conformance;
