package io.dsbench.patterns.tracing;

import io.dsbench.spec.Checks;
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
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendTiming;
import io.dsbench.spi.Capability;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * A {@link Backend} decorator that makes every primitive operation one OpenTelemetry span.
 *
 * <h2>Spans</h2>
 * Each call of a primitive's method (not the accessors {@code namespace()}, {@code name()}, {@code config()})
 * is one span of kind {@link SpanKind#CLIENT}, a child of the caller's current span, named
 * {@code <primitive>.<method>}:
 * <ul>
 *   <li>{@code kv.get}, {@code kv.put}, {@code kv.compareAndSet}, {@code kv.delete}, {@code kv.compareAndDelete}</li>
 *   <li>{@code registry.register}, {@code registry.heartbeat}, {@code registry.deregister},
 *       {@code registry.discover}, {@code registry.watch}</li>
 *   <li>{@code cache.get}, {@code cache.put}, {@code cache.putIfAbsent}, {@code cache.invalidate}</li>
 *   <li>{@code idempotency.claim}, {@code idempotency.complete}, {@code idempotency.release},
 *       {@code idempotency.lookup}</li>
 *   <li>{@code lock.tryAcquire}, {@code lock.acquire}, {@code lock.release}, {@code lock.renew}</li>
 *   <li>{@code log.append}, {@code log.read}, {@code log.lastSequence}</li>
 * </ul>
 * with attributes {@value Tracing#BACKEND_NAME} (the backend's name), {@value Tracing#OPERATION_NAME} (the span
 * name) and {@value Tracing#NAMESPACE_NAME} (the namespace, registry namespace, cache, lock, idempotency or log
 * name). Keys and values are not recorded (they may be large or sensitive). A failing operation's span gets the
 * exception as an event, status ERROR and, for a {@link io.dsbench.spec.BackendException}, its kind
 * ({@value Tracing#ERROR_KIND_NAME}); the exception is rethrown unchanged.
 *
 * <h2>Cost when off</h2>
 * {@link #wrap(Backend, Tracing)} returns the backend itself when tracing is off: there is no decorator, no span and
 * no context lookup. (A {@code TracingBackend} constructed directly with {@link Tracing#off()} also creates no span;
 * it costs one branch per call.)
 *
 * <p>Thread-safe when the wrapped backend is. Closing the decorator closes the wrapped backend.
 */
public final class TracingBackend implements Backend {
    private final Backend delegate;
    private final Tracing tracing;

    /** Decorates {@code delegate}; prefer {@link #wrap}, which skips the decorator when tracing is off. */
    public TracingBackend(Backend delegate, Tracing tracing) {
        this.delegate = Checks.requireNonNull("delegate", delegate);
        this.tracing = Checks.requireNonNull("tracing", tracing);
    }

    /** {@code backend} traced by {@code tracing}, or {@code backend} itself when tracing is off. */
    public static Backend wrap(Backend backend, Tracing tracing) {
        Checks.requireNonNull("backend", backend);
        Checks.requireNonNull("tracing", tracing);
        return tracing.enabled() ? new TracingBackend(backend, tracing) : backend;
    }

    /** The undecorated backend. */
    public Backend delegate() {
        return delegate;
    }

    /** The tracing this decorator uses. */
    public Tracing tracing() {
        return tracing;
    }

    @Override
    public String name() {
        return delegate.name();
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
        return delegate.describe() + " (traced)";
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        return traced(delegate.keyValue(namespace));
    }

    /** A traced view of any key-value store (e.g. a quorum or sharded store) attributed to this backend. */
    public KeyValueStore traced(KeyValueStore store) {
        return new TracedKv(store, new Spans(tracing, delegate.name(), store.namespace()));
    }

    @Override
    public ServiceRegistry registry(RegistryConfig config) {
        return new TracedRegistry(delegate.registry(config), new Spans(tracing, delegate.name(), config.namespace()));
    }

    @Override
    public CacheStore cache(String name) {
        CacheStore c = delegate.cache(name);
        return new TracedCache(c, new Spans(tracing, delegate.name(), c.name()));
    }

    @Override
    public IdempotencyStore idempotency(IdempotencyConfig config) {
        IdempotencyStore s = delegate.idempotency(config);
        return new TracedIdempotency(s, new Spans(tracing, delegate.name(), config.namespace()));
    }

    @Override
    public LockService locks(LockConfig config) {
        LockService s = delegate.locks(config);
        return new TracedLocks(s, new Spans(tracing, delegate.name(), config.namespace()));
    }

    @Override
    public DurableLog log(String name) {
        DurableLog l = delegate.log(name);
        return new TracedLog(l, new Spans(tracing, delegate.name(), l.name()));
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return "TracingBackend[" + delegate.name() + "]";
    }

    /** Span factory for one primitive instance. */
    private static final class Spans {
        private final Tracing tracing;
        private final String backend;
        private final String namespace;

        Spans(Tracing tracing, String backend, String namespace) {
            this.tracing = tracing;
            this.backend = backend;
            this.namespace = namespace;
        }

        /** The attributes of each operation's spans, built once (they differ only by operation). */
        private final java.util.concurrent.ConcurrentHashMap<String, Attributes> attributes =
                new java.util.concurrent.ConcurrentHashMap<>();

        <T, E extends Throwable> T run(String operation, Tracing.SpanBody<T, E> body) throws E {
            if (!tracing.enabled()) {
                return body.run(io.opentelemetry.api.trace.Span.getInvalid());
            }
            Attributes attrs = attributes.get(operation);
            if (attrs == null) {
                attrs = Attributes.of(Tracing.BACKEND, backend, Tracing.OPERATION, operation, Tracing.NAMESPACE,
                        namespace);
                attributes.putIfAbsent(operation, attrs);
            }
            return tracing.inSpan(operation, SpanKind.CLIENT, attrs, body);
        }
    }

    private static final AttributeKey<Boolean> FOUND = AttributeKey.booleanKey("dsbench.found");
    private static final AttributeKey<Boolean> SUCCEEDED = AttributeKey.booleanKey("dsbench.succeeded");

    private record TracedKv(KeyValueStore d, Spans s) implements KeyValueStore {
        @Override
        public String namespace() {
            return d.namespace();
        }

        @Override
        public Optional<Versioned> get(String key) {
            return s.run("kv.get", span -> {
                Optional<Versioned> r = d.get(key);
                span.setAttribute(FOUND, r.isPresent());
                return r;
            });
        }

        @Override
        public long put(String key, byte[] value) {
            return s.run("kv.put", span -> d.put(key, value));
        }

        @Override
        public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
            return s.run("kv.compareAndSet", span -> {
                CasResult r = d.compareAndSet(key, expectedVersion, value);
                span.setAttribute(SUCCEEDED, r.succeeded());
                return r;
            });
        }

        @Override
        public boolean delete(String key) {
            return s.run("kv.delete", span -> d.delete(key));
        }

        @Override
        public CasResult compareAndDelete(String key, long expectedVersion) {
            return s.run("kv.compareAndDelete", span -> {
                CasResult r = d.compareAndDelete(key, expectedVersion);
                span.setAttribute(SUCCEEDED, r.succeeded());
                return r;
            });
        }
    }

    private record TracedRegistry(ServiceRegistry d, Spans s) implements ServiceRegistry {
        @Override
        public void register(ServiceInstance instance, Duration ttl) {
            s.run("registry.register", span -> {
                d.register(instance, ttl);
                return null;
            });
        }

        @Override
        public boolean heartbeat(String service, String instanceId) {
            return s.run("registry.heartbeat", span -> d.heartbeat(service, instanceId));
        }

        @Override
        public boolean deregister(String service, String instanceId) {
            return s.run("registry.deregister", span -> d.deregister(service, instanceId));
        }

        @Override
        public List<ServiceInstance> discover(String service) {
            return s.run("registry.discover", span -> d.discover(service));
        }

        @Override
        public Watch watch(String service, Consumer<RegistryEvent> listener) {
            return s.run("registry.watch", span -> d.watch(service, listener));
        }

        @Override
        public void close() {
            d.close();
        }
    }

    private record TracedCache(CacheStore d, Spans s) implements CacheStore {
        @Override
        public String name() {
            return d.name();
        }

        @Override
        public Optional<byte[]> get(String key) {
            return s.run("cache.get", span -> {
                Optional<byte[]> r = d.get(key);
                span.setAttribute(FOUND, r.isPresent());
                return r;
            });
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            s.run("cache.put", span -> {
                d.put(key, value, ttl);
                return null;
            });
        }

        @Override
        public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
            return s.run("cache.putIfAbsent", span -> d.putIfAbsent(key, value, ttl));
        }

        @Override
        public boolean invalidate(String key) {
            return s.run("cache.invalidate", span -> d.invalidate(key));
        }
    }

    private record TracedIdempotency(IdempotencyStore d, Spans s) implements IdempotencyStore {
        @Override
        public IdempotencyConfig config() {
            return d.config();
        }

        @Override
        public ClaimResult claim(String key, String fingerprint) {
            return s.run("idempotency.claim", span -> d.claim(key, fingerprint));
        }

        @Override
        public boolean complete(Claim claim, byte[] result) {
            return s.run("idempotency.complete", span -> d.complete(claim, result));
        }

        @Override
        public boolean release(Claim claim) {
            return s.run("idempotency.release", span -> d.release(claim));
        }

        @Override
        public Optional<IdempotencyRecord> lookup(String key) {
            return s.run("idempotency.lookup", span -> d.lookup(key));
        }
    }

    private record TracedLocks(LockService d, Spans s) implements LockService {
        @Override
        public LockConfig config() {
            return d.config();
        }

        @Override
        public Optional<LockGrant> tryAcquire(String name) {
            return s.run("lock.tryAcquire", span -> d.tryAcquire(name));
        }

        @Override
        public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
            return s.<Optional<LockGrant>, InterruptedException>run("lock.acquire", span -> d.acquire(name, maxWait));
        }

        @Override
        public boolean release(LockGrant grant) {
            return s.run("lock.release", span -> d.release(grant));
        }

        @Override
        public boolean renew(LockGrant grant) {
            return s.run("lock.renew", span -> d.renew(grant));
        }
    }

    private record TracedLog(DurableLog d, Spans s) implements DurableLog {
        @Override
        public String name() {
            return d.name();
        }

        @Override
        public long append(byte[] payload) {
            return s.run("log.append", span -> d.append(payload));
        }

        @Override
        public boolean appendAt(long sequence, byte[] payload) {
            return s.run("log.appendAt", span -> d.appendAt(sequence, payload));
        }

        @Override
        public List<LogRecord> read(long fromSequence, int maxRecords) {
            return s.run("log.read", span -> d.read(fromSequence, maxRecords));
        }

        @Override
        public long lastSequence() {
            return s.run("log.lastSequence", span -> d.lastSequence());
        }
    }
}
