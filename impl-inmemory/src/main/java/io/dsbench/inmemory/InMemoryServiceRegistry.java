package io.dsbench.inmemory;

import io.dsbench.spec.Checks;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One client of an {@code inmemory} registry namespace. Every client of the same namespace (of the same
 * backend) shares the registrations; {@link #close()} ends this client's watches and leaves its
 * registrations to expire, as a crashed process would.
 *
 * <p>Linearizability scope: every operation runs under one lock per namespace, so register, heartbeat,
 * deregister and discover are linearizable, and every client sees every registration at once. TTLs are
 * measured on the backend's ticker and checked lazily on every access (an expired instance is never
 * returned, whether or not the sweeper ran). Watch listeners run on the backend's dispatcher thread, in
 * event order.
 */
final class InMemoryServiceRegistry implements ServiceRegistry {
    private final RegistryState state;
    private final RegistryConfig config;
    private final InMemoryBackend backend;
    private final Set<RegistryState.WatchHandle> myWatches = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    InMemoryServiceRegistry(RegistryState state, RegistryConfig config) {
        this.state = state;
        this.config = config;
        this.backend = state.backend();
    }

    private void ensureOpen() {
        backend.ensureOpen();
        if (closed) {
            throw new IllegalStateException("registry client for namespace '" + config.namespace() + "' is closed");
        }
    }

    @Override
    public void register(ServiceInstance instance, Duration ttl) {
        Checks.requireNonNull("instance", instance);
        InMemoryBackend.requireTtl("ttl", ttl);
        ensureOpen();
        state.register(instance, ttl);
    }

    @Override
    public boolean heartbeat(String service, String instanceId) {
        Checks.requireKey("service", service);
        Checks.requireKey("instanceId", instanceId);
        ensureOpen();
        return state.heartbeat(service, instanceId);
    }

    @Override
    public boolean deregister(String service, String instanceId) {
        Checks.requireKey("service", service);
        Checks.requireKey("instanceId", instanceId);
        ensureOpen();
        return state.deregister(service, instanceId);
    }

    @Override
    public List<ServiceInstance> discover(String service) {
        Checks.requireKey("service", service);
        ensureOpen();
        return state.discover(service);
    }

    @Override
    public Watch watch(String service, Consumer<RegistryEvent> listener) {
        Checks.requireKey("service", service);
        Checks.requireNonNull("listener", listener);
        ensureOpen();
        RegistryState.WatchHandle handle = state.watch(service, listener);
        myWatches.add(handle);
        return () -> {
            handle.close();
            myWatches.remove(handle);
        };
    }

    @Override
    public void close() {
        closed = true;
        for (RegistryState.WatchHandle w : myWatches) {
            w.close();
        }
        myWatches.clear();
    }

    @Override
    public String toString() {
        return "InMemoryServiceRegistry[namespace=" + config.namespace() + "]";
    }
}
