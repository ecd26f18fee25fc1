package io.dsbench.inmemory;

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
import java.util.Set;

/** A backend that forwards everything; tests override one primitive to plant a bug. */
class DelegatingBackend implements Backend {
    protected final Backend delegate;

    DelegatingBackend(Backend delegate) {
        this.delegate = delegate;
    }

    @Override
    public String name() {
        return "broken-" + delegate.name();
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
        return "broken " + delegate.describe();
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
    public CacheStore cache(String name) {
        return delegate.cache(name);
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
    public DurableLog log(String name) {
        return delegate.log(name);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
