/**
 * Concrete subclasses of every kit class, bound to {@link io.dsbench.cli.kit.KitSession}: {@code dsbench run}
 * runs everything in this package through the JUnit Platform launcher, once per selected backend.
 * Adding a kit class means adding its three-line subclass here (named {@code Kit<Name>}).
 */
package io.dsbench.cli.kit;
