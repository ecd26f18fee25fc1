package io.dsbench.conformance;

import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendTiming;
import io.dsbench.spi.Capability;
import java.util.Objects;
import java.util.Set;

/**
 * A backend that forwards every call to another one; override what should differ (the name of the CLI's
 * {@code core} run, one primitive of a planted-bug backend).
 */
public class ForwardingBackend implements Backend {
    protected final Backend delegate;
    private final String name;

    /** Forwards everything to {@code delegate}, under {@code name}. */
    public ForwardingBackend(Backend delegate, String name) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.name = Objects.requireNonNull(name, "name");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<Capability> capabilities() {
        return delegate.capabilities();
    }

    @Override
    public BackendTiming timing() {
        return delegate.timing();
    }

    @Override
    public String describe() {
        return name + " over " + delegate.describe();
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        return delegate.keyValue(namespace);
    }

    @Override
    public ServiceRegistry registry(RegistryConfig config) {
        return delegate.registry(config);
    }

    @Override
    public CacheStore cache(String cacheName) {
        return delegate.cache(cacheName);
    }

    @Override
    public IdempotencyStore idempotency(IdempotencyConfig config) {
        return delegate.idempotency(config);
    }

    @Override
    public LockService locks(LockConfig config) {
        return delegate.locks(config);
    }

    @Override
    public DurableLog log(String logName) {
        return delegate.log(logName);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
