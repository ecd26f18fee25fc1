package io.dsbench.spec.registry;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * A change seen by a watch, or a {@link Type#RESET RESET}: the watch could not deliver every change (it
 * fell behind the backend's retained history, or was disconnected for longer than that history lasts) and
 * tells the listener so, with the service's full current list of instances, instead of skipping events
 * silently.
 *
 * @param type      what happened
 * @param instance  the instance as registered (for removals: as last known); null only for RESET
 * @param instances for RESET: every live instance of the service at the point the watch resumes from,
 *                  sorted by id (possibly empty); empty for every other type
 */
public record RegistryEvent(Type type, ServiceInstance instance, List<ServiceInstance> instances) {
    /** Kinds of change. */
    public enum Type {
        /** A new instance id was registered. */
        ADDED,
        /** An existing id was re-registered with other host, port or metadata. */
        UPDATED,
        /** The instance was deregistered. */
        REMOVED,
        /** The instance's TTL ran out without a heartbeat. */
        EXPIRED,
        /**
         * Changes were lost to this watch: replace everything known about the service by {@link #instances()};
         * the events that follow are the changes after that list, in order.
         */
        RESET
    }

    public RegistryEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instances, "instances");
        if (type == Type.RESET) {
            if (instance != null) {
                throw new IllegalArgumentException("instance must be null for RESET (its list is in instances)");
            }
            List<ServiceInstance> sorted = new ArrayList<>(instances);
            sorted.sort(Comparator.comparing(ServiceInstance::id));
            instances = List.copyOf(sorted);
        } else {
            Objects.requireNonNull(instance, "instance");
            if (!instances.isEmpty()) {
                throw new IllegalArgumentException("instances is only for RESET, not " + type);
            }
            instances = List.of();
        }
    }

    /** A change of one instance (any type but RESET). */
    public RegistryEvent(Type type, ServiceInstance instance) {
        this(type, instance, List.of());
    }

    /** A RESET carrying the service's live instances. */
    public static RegistryEvent reset(List<ServiceInstance> current) {
        return new RegistryEvent(Type.RESET, null, current);
    }
}
