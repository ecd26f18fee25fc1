package io.dsbench.spec.registry;

import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * A service registry with TTL registrations.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #register} makes an instance discoverable at once for the registering client, with a TTL.
 *       Re-registering the same (service, id) replaces host, port, metadata and TTL; it never creates a
 *       duplicate.</li>
 *   <li>Without a {@link #heartbeat} the instance disappears from {@link #discover} within
 *       TTL + the backend's {@link io.dsbench.spi.BackendTiming#ttlTolerance() tolerance}, and not before
 *       TTL - tolerance. Each heartbeat restarts the TTL.</li>
 *   <li>{@link #discover} returns only instances whose TTL has not run out, in a stable order (by id).</li>
 * </ul>
 *
 * <h2>Thread safety and consistency</h2>
 * Thread-safe. A client sees its own registrations at once; other clients of a replicated backend may
 * see them later (consistency scope is declared by the backend).
 *
 * <h2>Errors</h2>
 * Null or empty names, a null instance, a zero or negative TTL, or a TTL below the backend's
 * {@link io.dsbench.spi.BackendTiming#minTtl() minimum} are {@link IllegalArgumentException}s.
 */
public interface ServiceRegistry extends AutoCloseable {
    /** Registers (or re-registers) an instance with a TTL. */
    void register(ServiceInstance instance, Duration ttl);

    /**
     * Restarts the instance's TTL. Returns false when the instance is not registered (unknown, deregistered
     * or already expired): the caller must register again.
     */
    boolean heartbeat(String service, String instanceId);

    /** Removes an instance at once; returns false (and does nothing) if it was not registered. */
    boolean deregister(String service, String instanceId);

    /** The healthy instances of a service, sorted by id; empty (never null) for an unknown service. */
    List<ServiceInstance> discover(String service);

    /**
     * Watches one service: the listener gets {@link RegistryEvent}s for that service only, in order,
     * without duplicates. Optional: backends without {@link io.dsbench.spi.Capability#WATCH} throw
     * {@link UnsupportedOperationException}. Listeners are called from a backend thread and should not block.
     *
     * <p><b>No silent gaps.</b> A backend keeps a bounded history of changes (a stream length, a compacted
     * revision, a buffer). A watch that cannot deliver every change since its last event (its listener was
     * slow, or it was disconnected for longer than the history lasts) delivers one
     * {@link RegistryEvent.Type#RESET RESET} carrying the service's current instances and then goes on with
     * the changes after that list. So a listener that applies every event (replacing its view on RESET) always
     * ends with the same view as a fresh {@link #discover}, once the changes stop.
     *
     * @return a handle whose {@code close()} stops the watch
     */
    default Watch watch(String service, Consumer<RegistryEvent> listener) {
        throw new UnsupportedOperationException("watch needs capability WATCH");
    }

    /** Releases client resources (heartbeat threads, connections); registrations are left to expire. */
    @Override
    void close();

    /** A running watch. */
    interface Watch extends AutoCloseable {
        @Override
        void close();
    }
}
