package io.dsbench.spec.registry;

import io.dsbench.spec.Checks;

/**
 * Configuration of a {@link ServiceRegistry}.
 *
 * @param namespace isolates registries from each other (non-empty); two registries with different
 *                  namespaces never see each other's services
 */
public record RegistryConfig(String namespace) {
    public RegistryConfig {
        Checks.requireKey("namespace", namespace);
    }

    /** A registry in {@code namespace}. */
    public static RegistryConfig of(String namespace) {
        return new RegistryConfig(namespace);
    }
}
