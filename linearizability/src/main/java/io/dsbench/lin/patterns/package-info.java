/**
 * Linearizability rules for the patterns of {@code io.dsbench.patterns}: histories recorded from pattern clients
 * over a real backend and checked by {@link io.dsbench.lin.checker.LinearizabilityChecker}. Currently LIN-QUORUM
 * (the quorum store's ABD mode is linearizable) and LIN-QUORUM-PLAIN (plain W + R &gt; N quorums are not).
 */
package io.dsbench.lin.patterns;
