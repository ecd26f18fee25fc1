/**
 * The {@code dsbench} command (picocli): {@code run} runs the conformance kit against selected backends,
 * {@code rules} lists the kit's rules, {@code check} checks histories for linearizability. Later:
 * {@code bench}, {@code chaos}, {@code report}.
 */
package io.dsbench.cli;
