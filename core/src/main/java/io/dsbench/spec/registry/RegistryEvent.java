package io.dsbench.spec.registry;

import java.util.Objects;

/**
 * A change seen by a watch.
 *
 * @param type     what happened
 * @param instance the instance as registered (for removals: as last known)
 */
public record RegistryEvent(Type type, ServiceInstance instance) {
    /** Kinds of change. */
    public enum Type {
        /** A new instance id was registered. */
        ADDED,
        /** An existing id was re-registered with other host, port or metadata. */
        UPDATED,
        /** The instance was deregistered. */
        REMOVED,
        /** The instance's TTL ran out without a heartbeat. */
        EXPIRED
    }

    public RegistryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instance, "instance");
    }
}
