/**
 * The backend SPI. A backend is a {@link io.dsbench.spi.BackendProvider} registered in
 * {@code META-INF/services/io.dsbench.spi.BackendProvider}; {@link io.dsbench.spi.Backends} finds it by
 * name. An opened {@link io.dsbench.spi.Backend} hands out the primitives of {@code io.dsbench.spec}, and
 * declares its {@link io.dsbench.spi.Capability capabilities} and {@link io.dsbench.spi.BackendTiming
 * timing tolerances}: the conformance kit skips optional rules whose capability is not declared, and
 * never infers capabilities from failures.
 */
package io.dsbench.spi;
