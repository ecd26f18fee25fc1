/**
 * Linearizability checking for dsbench: Jepsen-style histories ({@link io.dsbench.lin.history}), EDN and other
 * formats ({@link io.dsbench.lin.format}), pure sequential models ({@link io.dsbench.lin.model}), a Wing-Gong
 * checker with Lowe's memoization and P-compositionality ({@link io.dsbench.lin.checker}), evidence and HTML
 * timelines ({@link io.dsbench.lin.report}), the {@code check} command's logic ({@link io.dsbench.lin.cli}) and the
 * conformance kit's LIN rules ({@link io.dsbench.lin.kit}).
 */
package io.dsbench.lin;
