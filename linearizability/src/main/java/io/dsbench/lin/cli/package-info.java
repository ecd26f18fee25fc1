/**
 * The logic of {@code dsbench check} ({@link io.dsbench.lin.cli.CheckRunner}), kept here so it is testable
 * without the CLI module; the picocli command in the cli module only maps its options onto
 * {@link io.dsbench.lin.cli.CheckRunner.Options}. Also the {@code --bench} mode
 * ({@link io.dsbench.lin.cli.CheckBench}).
 */
package io.dsbench.lin.cli;
