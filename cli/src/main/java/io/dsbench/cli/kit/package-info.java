/**
 * {@link io.dsbench.cli.kit.CliKitSuite}: every kit class, bound to {@link io.dsbench.cli.kit.KitSession}.
 * {@code dsbench run} runs it through the JUnit Platform launcher, once per selected backend (and once as
 * backend {@code core} for the rules that test only core code). A new kit class is added to
 * {@code io.dsbench.conformance.KitSuite} (or {@code FullKitSuite}), not here.
 */
package io.dsbench.cli.kit;
