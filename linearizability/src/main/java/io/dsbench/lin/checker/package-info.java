/**
 * The linearizability checker: Wing &amp; Gong's search with Lowe's memoization (a cache of (linearized-set bitset,
 * model state) pairs), P-compositionality (histories split by the model's partition key and the parts checked in
 * parallel), operations that may never take effect, a time limit and a memory budget that give
 * {@link io.dsbench.lin.checker.Verdict#UNKNOWN} rather than running forever or out of memory.
 *
 * <h2>How {@code :fail} is read ({@link io.dsbench.lin.checker.FailMode})</h2>
 * <ul>
 *   <li>{@code DROP} (Knossos, default for EDN, Porcupine kv and JSON lines): a {@code :fail} op did not happen;
 *       it and its invocation are removed.</li>
 *   <li>{@code OBSERVED} (Porcupine's etcd logs, default for Jepsen logs): a {@code :fail} without an error is an
 *       observed result (a failed {@code :cas} linearizes only where the value differs from {@code from}); a
 *       {@code :fail} with an error such as {@code :timed-out} has an unknown outcome and is read like {@code :info}: it
 *       may take effect at any time after its invocation (also after its return) or never.</li>
 * </ul>
 * In both, {@code :info} completions and invocations that never complete may or may not have taken effect, at any
 * point after their invocation.
 */
package io.dsbench.lin.checker;
