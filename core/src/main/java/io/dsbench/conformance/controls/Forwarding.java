package io.dsbench.conformance.controls;

import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyRecord;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Primitives that forward every call to another one, so that a planted bug overrides only the call it breaks
 * (a few lines each). Written once, for {@link NegativeControls} and the kit's own observers of a primitive (e.g.
 * the QUORUM rules' replica history).
 */
public final class Forwarding {
    private Forwarding() {
    }

    /** A {@link KeyValueStore} forwarding to {@link #d}. */
    public static class Kv implements KeyValueStore {
        protected final KeyValueStore d;

        public Kv(KeyValueStore d) {
            this.d = d;
        }

        @Override
        public String namespace() {
            return d.namespace();
        }

        @Override
        public Optional<Versioned> get(String key) {
            return d.get(key);
        }

        @Override
        public long put(String key, byte[] value) {
            return d.put(key, value);
        }

        @Override
        public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
            return d.compareAndSet(key, expectedVersion, value);
        }

        @Override
        public boolean delete(String key) {
            return d.delete(key);
        }

        @Override
        public CasResult compareAndDelete(String key, long expectedVersion) {
            return d.compareAndDelete(key, expectedVersion);
        }
    }

    /** A {@link CacheStore} forwarding to {@link #d}. */
    public static class Cache implements CacheStore {
        protected final CacheStore d;

        public Cache(CacheStore d) {
            this.d = d;
        }

        @Override
        public String name() {
            return d.name();
        }

        @Override
        public Optional<byte[]> get(String key) {
            return d.get(key);
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            d.put(key, value, ttl);
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
            return d.putIfAbsent(key, value, ttl);
        }

        @Override
        public boolean invalidate(String key) {
            return d.invalidate(key);
        }
    }

    /** An {@link IdempotencyStore} forwarding to {@link #d}. */
    public static class Idempotency implements IdempotencyStore {
        protected final IdempotencyStore d;

        public Idempotency(IdempotencyStore d) {
            this.d = d;
        }

        @Override
        public IdempotencyConfig config() {
            return d.config();
        }

        @Override
        public ClaimResult claim(String key, String fingerprint) {
            return d.claim(key, fingerprint);
        }

        @Override
        public boolean complete(Claim claim, byte[] result) {
            return d.complete(claim, result);
        }

        @Override
        public boolean release(Claim claim) {
            return d.release(claim);
        }

        @Override
        public Optional<IdempotencyRecord> lookup(String key) {
            return d.lookup(key);
        }
    }

    /** A {@link LockService} forwarding to {@link #d}. */
    public static class Locks implements LockService {
        protected final LockService d;

        public Locks(LockService d) {
            this.d = d;
        }

        @Override
        public LockConfig config() {
            return d.config();
        }

        @Override
        public Optional<LockGrant> tryAcquire(String name) {
            return d.tryAcquire(name);
        }

        @Override
        public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
            return d.acquire(name, maxWait);
        }

        @Override
        public boolean release(LockGrant grant) {
            return d.release(grant);
        }

        @Override
        public boolean renew(LockGrant grant) {
            return d.renew(grant);
        }
    }

    /** A {@link DurableLog} forwarding to {@link #d}. */
    public static class Log implements DurableLog {
        protected final DurableLog d;

        public Log(DurableLog d) {
            this.d = d;
        }

        @Override
        public String name() {
            return d.name();
        }

        @Override
        public long append(byte[] payload) {
            return d.append(payload);
        }

        @Override
        public boolean appendAt(long sequence, byte[] payload) {
            return d.appendAt(sequence, payload);
        }

        @Override
        public List<LogRecord> read(long fromSequence, int maxRecords) {
            return d.read(fromSequence, maxRecords);
        }

        @Override
        public long lastSequence() {
            return d.lastSequence();
        }
    }

    /** A {@link ServiceRegistry} forwarding to {@link #d}. */
    public static class Registry implements ServiceRegistry {
        protected final ServiceRegistry d;

        public Registry(ServiceRegistry d) {
            this.d = d;
        }

        @Override
        public void register(ServiceInstance instance, Duration ttl) {
            d.register(instance, ttl);
        }

        @Override
        public boolean heartbeat(String service, String instanceId) {
            return d.heartbeat(service, instanceId);
        }

        @Override
        public boolean deregister(String service, String instanceId) {
            return d.deregister(service, instanceId);
        }

        @Override
        public List<ServiceInstance> discover(String service) {
            return d.discover(service);
        }

        @Override
        public Watch watch(String service, Consumer<RegistryEvent> listener) {
            return d.watch(service, listener);
        }

        @Override
        public void close() {
            d.close();
        }
    }
}
