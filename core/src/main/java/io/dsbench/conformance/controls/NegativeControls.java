package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.cache;
import static io.dsbench.conformance.controls.PlantedBug.idempotency;
import static io.dsbench.conformance.controls.PlantedBug.kv;
import static io.dsbench.conformance.controls.PlantedBug.locks;
import static io.dsbench.conformance.controls.PlantedBug.log;
import static io.dsbench.conformance.controls.PlantedBug.registry;

import io.dsbench.conformance.ForwardingBackend;
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
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;

/**
 * The kit's negative controls: for each required rule that exercises a backend, a realistic planted bug
 * that the rule must fail (checked by {@code NegativeControlsTest} in impl-inmemory, over the in-memory
 * backend), and the rules for which no backend defect can be planted ({@link #GAPS}, each with the reason).
 * docs/RULES.md shows both. Each bug is a few lines over the {@link Forwarding} primitives; a call that
 * crosses a network in a real backend is modelled by {@link #roundTrip()} where the bug is a race.
 */
public final class NegativeControls {
    private NegativeControls() {
    }

    /** A simulated network round trip (0.2 ms) between a read and the write that depends on it. */
    static void roundTrip() {
        LockSupport.parkNanos(200_000);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** An empty key or name the store accepts silently (mapped to a key of its own) instead of rejecting it. */
    private static String lenient(String key) {
        return key == null || key.isEmpty() ? "<empty>" : key;
    }

    private static UnaryOperator<Backend> backend(UnaryOperator<Backend> b) {
        return b;
    }

    private static final List<PlantedBug> ALL = List.of(
            // ---- KV ----
            new PlantedBug("KV-1", "a missing key reads as an empty value", kv(s -> new Forwarding.Kv(s) {
                @Override
                public Optional<Versioned> get(String key) {
                    return Optional.of(d.get(key).orElse(new Versioned(new byte[0], 1)));
                }
            })),
            new PlantedBug("KV-2", "put reports a version one past the stored one", kv(s -> new Forwarding.Kv(s) {
                @Override
                public long put(String key, byte[] value) {
                    return d.put(key, value) + 1;
                }
            })),
            new PlantedBug("KV-3", "versions counted per key, restarting at 1 after delete",
                    kv(s -> new PerKeyVersionStore(s.namespace()))),
            new PlantedBug("KV-4", "CAS that ignores the expected version (last writer wins)", kv(s -> new Forwarding.Kv(s) {
                @Override
                public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                    return expectedVersion == ABSENT ? d.compareAndSet(key, expectedVersion, value)
                            : CasResult.success(d.put(key, value));
                }
            })),
            new PlantedBug("KV-5", "create-if-absent as get-then-set", kv(s -> new Forwarding.Kv(s) {
                @Override
                public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                    if (expectedVersion != ABSENT) {
                        return d.compareAndSet(key, expectedVersion, value);
                    }
                    Optional<Versioned> cur = d.get(key);
                    roundTrip();
                    return cur.isPresent() ? CasResult.failure(cur.get().version()) : CasResult.success(d.put(key, value));
                }
            })),
            new PlantedBug("KV-6", "delete always reports that it deleted", kv(s -> new Forwarding.Kv(s) {
                @Override
                public boolean delete(String key) {
                    d.delete(key);
                    return true;
                }
            })),
            new PlantedBug("KV-7", "CAS as get-compare-put (not atomic)", kv(s -> new Forwarding.Kv(s) {
                @Override
                public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                    Optional<Versioned> cur = d.get(key);
                    long v = cur.map(Versioned::version).orElse(ABSENT);
                    if (v != expectedVersion) {
                        return CasResult.failure(v);
                    }
                    roundTrip();
                    return CasResult.success(d.put(key, value));
                }
            })),
            new PlantedBug("KV-8", "values silently truncated at 512 KiB", kv(s -> new Forwarding.Kv(s) {
                @Override
                public long put(String key, byte[] value) {
                    return d.put(key, Arrays.copyOf(value, Math.min(value.length, 512 * 1024)));
                }
            })),
            new PlantedBug("KV-9", "the namespace is ignored (one keyspace for all)", backend(b -> new ForwardingBackend(b,
                    "planted-bug") {
                @Override
                public KeyValueStore keyValue(String namespace) {
                    return delegate.keyValue("shared");
                }
            })),
            new PlantedBug("KV-10", "an empty key is accepted", kv(s -> new Forwarding.Kv(s) {
                @Override
                public Optional<Versioned> get(String key) {
                    return d.get(lenient(key));
                }

                @Override
                public long put(String key, byte[] value) {
                    return d.put(lenient(key), value);
                }

                @Override
                public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                    return d.compareAndSet(lenient(key), expectedVersion, value);
                }

                @Override
                public boolean delete(String key) {
                    return d.delete(lenient(key));
                }

                @Override
                public CasResult compareAndDelete(String key, long expectedVersion) {
                    return d.compareAndDelete(lenient(key), expectedVersion);
                }
            })),
            new PlantedBug("KV-11", "each handle gets its own keyspace", backend(b -> new ForwardingBackend(b,
                    "planted-bug") {
                private final AtomicInteger handles = new AtomicInteger();

                @Override
                public KeyValueStore keyValue(String namespace) {
                    return delegate.keyValue(namespace + "#" + handles.incrementAndGet());
                }
            })),
            new PlantedBug("KV-12", "the store keeps the caller's array (no copy)", kv(s -> new Forwarding.Kv(s) {
                private final Map<String, byte[]> kept = new ConcurrentHashMap<>();

                @Override
                public long put(String key, byte[] value) {
                    kept.put(key, value);
                    return d.put(key, value);
                }

                @Override
                public Optional<Versioned> get(String key) {
                    return d.get(key).map(v -> new Versioned(kept.getOrDefault(key, v.value()), v.version()));
                }
            })),
            // ---- CACHE ----
            new PlantedBug("CACHE-1", "a missing entry reads as an empty value", cache(c -> new Forwarding.Cache(c) {
                @Override
                public Optional<byte[]> get(String key) {
                    return Optional.of(d.get(key).orElse(new byte[0]));
                }
            })),
            new PlantedBug("CACHE-2", "the TTL never reaches the server (entries live an hour)",
                    cache(c -> new Forwarding.Cache(c) {
                        @Override
                        public void put(String key, byte[] value, Duration ttl) {
                            d.put(key, value, Duration.ofHours(1));
                        }
                    })),
            new PlantedBug("CACHE-3", "an overwrite keeps the old TTL (SET ... KEEPTTL)", cache(c -> new KeepTtlCache(c))),
            new PlantedBug("CACHE-4", "a zero or negative TTL means 'no expiry'", cache(c -> new Forwarding.Cache(c) {
                @Override
                public void put(String key, byte[] value, Duration ttl) {
                    d.put(key, value, ttl != null && (ttl.isZero() || ttl.isNegative()) ? Duration.ofHours(1) : ttl);
                }
            })),
            new PlantedBug("CACHE-5", "putIfAbsent overwrites a live entry", cache(c -> new Forwarding.Cache(c) {
                @Override
                public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                    d.put(key, value, ttl);
                    return true;
                }
            })),
            new PlantedBug("CACHE-6", "putIfAbsent as get-then-put", cache(c -> new Forwarding.Cache(c) {
                @Override
                public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                    if (d.get(key).isPresent()) {
                        return false;
                    }
                    roundTrip();
                    d.put(key, value, ttl);
                    return true;
                }
            })),
            new PlantedBug("CACHE-7", "the cache name is ignored (one cache for all)", backend(b -> new ForwardingBackend(b,
                    "planted-bug") {
                @Override
                public CacheStore cache(String name) {
                    return delegate.cache("shared");
                }
            })),
            // ---- IDEM ----
            new PlantedBug("IDEM-1", "a just-created claim is reported IN_PROGRESS", idempotency(s -> new Forwarding.Idempotency(s) {
                @Override
                public ClaimResult claim(String key, String fingerprint) {
                    ClaimResult r = d.claim(key, fingerprint);
                    return r.status() == ClaimResult.Status.NEW ? ClaimResult.inProgress() : r;
                }
            })),
            new PlantedBug("IDEM-2", "complete releases the claim instead of storing the result",
                    idempotency(s -> new Forwarding.Idempotency(s) {
                        @Override
                        public boolean complete(Claim claim, byte[] result) {
                            return d.release(claim);
                        }
                    })),
            new PlantedBug("IDEM-3", "a claim while another is in progress is granted", idempotency(s -> new Forwarding.Idempotency(s) {
                private final AtomicLong tokens = new AtomicLong(1_000_000);

                @Override
                public ClaimResult claim(String key, String fingerprint) {
                    ClaimResult r = d.claim(key, fingerprint);
                    return r.status() == ClaimResult.Status.IN_PROGRESS
                            ? ClaimResult.won(new Claim(key, fingerprint, tokens.incrementAndGet())) : r;
                }
            })),
            new PlantedBug("IDEM-4", "fingerprints are ignored (a different request replays the stored result)",
                    idempotency(s -> new Forwarding.Idempotency(s) {
                        @Override
                        public ClaimResult claim(String key, String fingerprint) {
                            return d.claim(key, d.lookup(key).map(IdempotencyRecord::fingerprint).orElse(fingerprint));
                        }
                    })),
            new PlantedBug("IDEM-5", "the specification's get-then-record store (lookup, then claim)",
                    idempotency(s -> new Forwarding.Idempotency(s) {
                        private final AtomicLong tokens = new AtomicLong(2_000_000);

                        @Override
                        public ClaimResult claim(String key, String fingerprint) {
                            boolean seenNothing = d.lookup(key).isEmpty();
                            roundTrip();
                            ClaimResult r = d.claim(key, fingerprint);
                            // it saw no record, so it believes it is first and executes, whatever was recorded meanwhile
                            return seenNothing && r.status() != ClaimResult.Status.NEW
                                    ? ClaimResult.won(new Claim(key, fingerprint, tokens.incrementAndGet())) : r;
                        }

                        @Override
                        public boolean complete(Claim claim, byte[] result) {
                            return d.complete(claim, result) || claim.token() > 2_000_000;
                        }
                    })),
            new PlantedBug("IDEM-6", "the retention is ignored (completed entries kept an hour)", backend(b -> new ForwardingBackend(b,
                    "planted-bug") {
                @Override
                public IdempotencyStore idempotency(IdempotencyConfig c) {
                    return delegate.idempotency(new IdempotencyConfig(c.namespace(), Duration.ofHours(1), c.lockTimeout()));
                }
            })),
            new PlantedBug("IDEM-7", "the lock timeout is ignored (abandoned claims kept an hour)", backend(b -> new ForwardingBackend(b,
                    "planted-bug") {
                @Override
                public IdempotencyStore idempotency(IdempotencyConfig c) {
                    return delegate.idempotency(new IdempotencyConfig(c.namespace(), c.retention(), Duration.ofHours(1)));
                }
            })),
            new PlantedBug("IDEM-8", "complete checks key and fingerprint, not the claim's token",
                    idempotency(s -> new Forwarding.Idempotency(s) {
                        private final Map<String, Claim> latest = new ConcurrentHashMap<>();

                        @Override
                        public ClaimResult claim(String key, String fingerprint) {
                            ClaimResult r = d.claim(key, fingerprint);
                            r.claim().ifPresent(c -> latest.put(key, c));
                            return r;
                        }

                        @Override
                        public boolean complete(Claim claim, byte[] result) {
                            Claim current = latest.get(claim.key());
                            return d.complete(current != null && current.fingerprint().equals(claim.fingerprint())
                                    ? current : claim, result);
                        }
                    })),
            new PlantedBug("IDEM-9", "release answers true but keeps the claim", idempotency(s -> new Forwarding.Idempotency(s) {
                @Override
                public boolean release(Claim claim) {
                    return true;
                }
            })),
            new PlantedBug("IDEM-10", "a claim-token counter that restarts per key", idempotency(s -> new Forwarding.Idempotency(s) {
                private final Map<String, Claim> real = new ConcurrentHashMap<>();

                @Override
                public ClaimResult claim(String key, String fingerprint) {
                    ClaimResult r = d.claim(key, fingerprint);
                    if (r.claim().isEmpty()) {
                        return r;
                    }
                    real.put(key, r.claim().get());
                    return ClaimResult.won(new Claim(key, fingerprint, 1));
                }

                @Override
                public boolean complete(Claim claim, byte[] result) {
                    return d.complete(real.getOrDefault(claim.key(), claim), result);
                }

                @Override
                public boolean release(Claim claim) {
                    return d.release(real.getOrDefault(claim.key(), claim));
                }
            })),
            new PlantedBug("IDEM-11", "an empty key is accepted", idempotency(s -> new Forwarding.Idempotency(s) {
                @Override
                public ClaimResult claim(String key, String fingerprint) {
                    return d.claim(lenient(key), fingerprint);
                }

                @Override
                public Optional<IdempotencyRecord> lookup(String key) {
                    return d.lookup(lenient(key));
                }
            })),
            new PlantedBug("IDEM-12", "a second complete is acknowledged", idempotency(s -> new Forwarding.Idempotency(s) {
                @Override
                public boolean complete(Claim claim, byte[] result) {
                    d.complete(claim, result);
                    return true;
                }
            })),
            new PlantedBug("IDEM-13", "the namespace is ignored", backend(b -> new ForwardingBackend(b, "planted-bug") {
                @Override
                public IdempotencyStore idempotency(IdempotencyConfig c) {
                    return delegate.idempotency(new IdempotencyConfig("shared", c.retention(), c.lockTimeout()));
                }
            })),
            // ---- LOCK ----
            new PlantedBug("LOCK-1", "the grant carries the namespaced server key as its name", locks(l -> new Forwarding.Locks(l) {
                @Override
                public Optional<LockGrant> tryAcquire(String name) {
                    return d.tryAcquire(name).map(g -> new LockGrant("locks/" + name, g.fencingToken()));
                }
            })),
            new PlantedBug("LOCK-2", "tryAcquire of a held lock by its holder re-grants it (reentrant)",
                    locks(l -> new Forwarding.Locks(l) {
                        private final Map<String, LockGrant> mine = new ConcurrentHashMap<>();

                        @Override
                        public Optional<LockGrant> tryAcquire(String name) {
                            Optional<LockGrant> g = d.tryAcquire(name);
                            g.ifPresent(x -> mine.put(name, x));
                            return g.isPresent() ? g : Optional.ofNullable(mine.get(name));
                        }
                    })),
            new PlantedBug("LOCK-3", "release without a token check", backend(b -> {
                Map<String, LockGrant> held = new ConcurrentHashMap<>();
                return locks(l -> new Forwarding.Locks(l) {
                    @Override
                    public Optional<LockGrant> tryAcquire(String name) {
                        Optional<LockGrant> g = d.tryAcquire(name);
                        g.ifPresent(x -> held.put(config().namespace() + "/" + name, x));
                        return g;
                    }

                    @Override
                    public boolean release(LockGrant grant) {
                        LockGrant real = held.get(config().namespace() + "/" + grant.name());
                        return d.release(real != null ? real : grant);
                    }
                }).apply(b);
            })),
            new PlantedBug("LOCK-4", "fencing tokens stored with the lock, restarting at 1", locks(l -> new Forwarding.Locks(l) {
                private final Map<Long, LockGrant> real = new ConcurrentHashMap<>();

                @Override
                public Optional<LockGrant> tryAcquire(String name) {
                    return d.tryAcquire(name).map(g -> {
                        real.put(1L, g);
                        return new LockGrant(name, 1);
                    });
                }

                @Override
                public boolean release(LockGrant grant) {
                    LockGrant g = real.get(grant.fencingToken());
                    return g != null && d.release(g);
                }
            })),
            new PlantedBug("LOCK-5", "the lease is ignored (locks held an hour)", backend(b -> new ForwardingBackend(b, "planted-bug") {
                @Override
                public LockService locks(LockConfig c) {
                    return delegate.locks(new LockConfig(c.namespace(), Duration.ofHours(1)));
                }
            })),
            new PlantedBug("LOCK-6", "renew answers true but does not extend the lease", locks(l -> new Forwarding.Locks(l) {
                @Override
                public boolean renew(LockGrant grant) {
                    return true;
                }
            })),
            new PlantedBug("LOCK-7", "acquire that grants when its wait runs out", locks(l -> new Forwarding.Locks(l) {
                private final AtomicLong tokens = new AtomicLong(1_000_000);

                @Override
                public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
                    Optional<LockGrant> g = d.acquire(name, Duration.ofMillis(1));
                    return g.isPresent() ? g : Optional.of(new LockGrant(name, tokens.incrementAndGet()));
                }

                @Override
                public boolean release(LockGrant grant) {
                    return grant.fencingToken() > 1_000_000 || d.release(grant);
                }
            })),
            new PlantedBug("LOCK-9", "the lease is ignored (a stalled holder keeps the lock)", backend(b -> new ForwardingBackend(b,
                    "planted-bug") {
                @Override
                public LockService locks(LockConfig c) {
                    return delegate.locks(new LockConfig(c.namespace(), Duration.ofHours(1)));
                }
            })),
            new PlantedBug("LOCK-10", "acquire does not wait (one try)", locks(l -> new Forwarding.Locks(l) {
                @Override
                public Optional<LockGrant> acquire(String name, Duration maxWait) {
                    return d.tryAcquire(name);
                }
            })),
            new PlantedBug("LOCK-11", "the namespace is ignored", backend(b -> new ForwardingBackend(b, "planted-bug") {
                @Override
                public LockService locks(LockConfig c) {
                    return delegate.locks(new LockConfig("shared", c.lease()));
                }
            })),
            new PlantedBug("LOCK-12", "a negative wait is taken as 'no wait'", locks(l -> new Forwarding.Locks(l) {
                @Override
                public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
                    return d.acquire(name, maxWait != null && maxWait.isNegative() ? Duration.ZERO : maxWait);
                }
            })),
            // ---- LOG ----
            new PlantedBug("LOG-1", "sequences start at 0", log(l -> new Forwarding.Log(l) {
                @Override
                public long append(byte[] payload) {
                    return d.append(payload) - 1;
                }
            })),
            new PlantedBug("LOG-2", "append reports lastSequence() read after appending", log(l -> new Forwarding.Log(l) {
                @Override
                public long append(byte[] payload) {
                    d.append(payload);
                    roundTrip();
                    return d.lastSequence();
                }
            })),
            new PlantedBug("LOG-3", "a read past the end returns the last record", log(l -> new Forwarding.Log(l) {
                @Override
                public List<LogRecord> read(long fromSequence, int maxRecords) {
                    List<LogRecord> r = d.read(fromSequence, maxRecords);
                    long last = d.lastSequence();
                    return r.isEmpty() && last > 0 ? d.read(last, 1) : r;
                }
            })),
            new PlantedBug("LOG-5", "payloads stored as UTF-8 text (binary corrupted)", log(l -> new Forwarding.Log(l) {
                @Override
                public long append(byte[] payload) {
                    return d.append(new String(payload, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8));
                }
            })),
            new PlantedBug("LOG-6", "maxRecords below 1 is taken as 1", log(l -> new Forwarding.Log(l) {
                @Override
                public List<LogRecord> read(long fromSequence, int maxRecords) {
                    return d.read(fromSequence, Math.max(1, maxRecords));
                }
            })),
            new PlantedBug("LOG-7", "the log name is ignored (one log for all)", backend(b -> new ForwardingBackend(b, "planted-bug") {
                @Override
                public DurableLog log(String name) {
                    return delegate.log("shared");
                }
            })),
            // ---- REG ----
            new PlantedBug("REG-1", "registration applied asynchronously (visible 300 ms later)", registry(r -> new Forwarding.Registry(r) {
                @Override
                public void register(ServiceInstance instance, Duration ttl) {
                    LATER.schedule(() -> d.register(instance, ttl), 300, TimeUnit.MILLISECONDS);
                }
            })),
            new PlantedBug("REG-2", "an unknown service discovers as null", registry(r -> new Forwarding.Registry(r) {
                @Override
                public List<ServiceInstance> discover(String service) {
                    List<ServiceInstance> found = d.discover(service);
                    return found.isEmpty() ? null : found;
                }
            })),
            new PlantedBug("REG-3", "the TTL is ignored (instances live an hour)", registry(r -> new Forwarding.Registry(r) {
                @Override
                public void register(ServiceInstance instance, Duration ttl) {
                    d.register(instance, Duration.ofHours(1));
                }
            })),
            new PlantedBug("REG-4", "a heartbeat that answers true but does not restart the TTL", registry(r -> new Forwarding.Registry(r) {
                @Override
                public boolean heartbeat(String service, String instanceId) {
                    return d.discover(service).stream().anyMatch(i -> i.id().equals(instanceId));
                }
            })),
            new PlantedBug("REG-5", "deregister always reports that it removed", registry(r -> new Forwarding.Registry(r) {
                @Override
                public boolean deregister(String service, String instanceId) {
                    d.deregister(service, instanceId);
                    return true;
                }
            })),
            new PlantedBug("REG-6", "register is create-if-absent (a re-registration changes nothing)",
                    registry(r -> new Forwarding.Registry(r) {
                        @Override
                        public void register(ServiceInstance instance, Duration ttl) {
                            if (!d.heartbeat(instance.service(), instance.id())) {
                                d.register(instance, ttl);
                            }
                        }
                    })),
            new PlantedBug("REG-7", "registrations racing on one service lose one (read-modify-write of the list)",
                    registry(r -> new Forwarding.Registry(r) {
                        private final AtomicInteger inFlight = new AtomicInteger();

                        @Override
                        public void register(ServiceInstance instance, Duration ttl) {
                            boolean alone = inFlight.incrementAndGet() == 1;
                            try {
                                roundTrip();
                                if (alone) {
                                    d.register(instance, ttl); // a concurrent writer's list overwrote this one
                                }
                            } finally {
                                inFlight.decrementAndGet();
                            }
                        }
                    })),
            new PlantedBug("REG-8", "a heartbeat re-creates a missing instance (an upsert)", registry(r -> new Forwarding.Registry(r) {
                @Override
                public boolean heartbeat(String service, String instanceId) {
                    if (!d.heartbeat(service, instanceId)) {
                        d.register(ServiceInstance.of(service, instanceId, "127.0.0.1", 1), Duration.ofMinutes(1));
                    }
                    return true;
                }
            })),
            new PlantedBug("REG-9", "metadata dropped on register", registry(r -> new Forwarding.Registry(r) {
                @Override
                public void register(ServiceInstance i, Duration ttl) {
                    d.register(ServiceInstance.of(i.service(), i.id(), i.host(), i.port()), ttl);
                }
            })),
            new PlantedBug("REG-12", "a zero or negative TTL means 'no expiry'", registry(r -> new Forwarding.Registry(r) {
                @Override
                public void register(ServiceInstance instance, Duration ttl) {
                    d.register(instance, ttl != null && (ttl.isZero() || ttl.isNegative()) ? Duration.ofHours(1) : ttl);
                }
            })),
            new PlantedBug("REG-13", "closing a client deregisters its instances at once", registry(r -> new Forwarding.Registry(r) {
                private final List<ServiceInstance> mine = Collections.synchronizedList(new ArrayList<>());

                @Override
                public void register(ServiceInstance instance, Duration ttl) {
                    mine.add(instance);
                    d.register(instance, ttl);
                }

                @Override
                public void close() {
                    for (ServiceInstance i : List.copyOf(mine)) {
                        d.deregister(i.service(), i.id());
                    }
                    d.close();
                }
            })),
            // ---- patterns over the primitives ----
            new PlantedBug("DISC-1", "deregister answers true but removes nothing", registry(r -> new Forwarding.Registry(r) {
                @Override
                public boolean deregister(String service, String instanceId) {
                    return d.discover(service).stream().anyMatch(i -> i.id().equals(instanceId));
                }
            })),
            new PlantedBug("DISC-2", "discover lists the first instance twice (a duplicate entry)",
                    registry(r -> new Forwarding.Registry(r) {
                        @Override
                        public List<ServiceInstance> discover(String service) {
                            List<ServiceInstance> l = new ArrayList<>(d.discover(service));
                            if (!l.isEmpty()) {
                                l.add(l.get(0));
                            }
                            return l;
                        }
                    })),
            new PlantedBug("DISC-4", "the TTL is ignored (instances live an hour)", registry(r -> new Forwarding.Registry(r) {
                @Override
                public void register(ServiceInstance instance, Duration ttl) {
                    d.register(instance, Duration.ofHours(1));
                }
            })),
            new PlantedBug("DISC-5", "an unknown service is an error of the registry's own", registry(r -> new Forwarding.Registry(r) {
                @Override
                public List<ServiceInstance> discover(String service) {
                    List<ServiceInstance> found = d.discover(service);
                    if (found.isEmpty()) {
                        throw new IllegalStateException("unknown service " + service);
                    }
                    return found;
                }
            })),
            new PlantedBug("CACHE-S1", "invalidate answers true but removes nothing", cache(c -> new Forwarding.Cache(c) {
                @Override
                public boolean invalidate(String key) {
                    return d.get(key).isPresent();
                }
            })),
            new PlantedBug("CACHE-S2", "put does not overwrite an existing entry (SET NX)", cache(c -> new Forwarding.Cache(c) {
                @Override
                public void put(String key, byte[] value, Duration ttl) {
                    d.putIfAbsent(key, value, ttl);
                }
            })),
            new PlantedBug("CACHE-S3", "a cache put applied asynchronously (300 ms later)", cache(c -> new Forwarding.Cache(c) {
                @Override
                public void put(String key, byte[] value, Duration ttl) {
                    byte[] copy = value.clone();
                    LATER.schedule(() -> d.put(key, copy, ttl), 300, TimeUnit.MILLISECONDS);
                }
            })),
            new PlantedBug("CACHE-S4", "acknowledged puts silently lost for every third key", kv(s -> new Forwarding.Kv(s) {
                @Override
                public long put(String key, byte[] value) {
                    return Math.floorMod(key.hashCode(), 3) == 0 ? d.get(key).map(Versioned::version).orElse(1L) + 1
                            : d.put(key, value);
                }
            })),
            new PlantedBug("QUORUM-2", "put acknowledged before it is applied (applied 500 ms later)", kv(s -> new Forwarding.Kv(s) {
                @Override
                public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                    Optional<Versioned> cur = d.get(key);
                    long v = cur.map(Versioned::version).orElse(ABSENT);
                    if (v != expectedVersion) {
                        return CasResult.failure(v);
                    }
                    byte[] copy = value.clone();
                    LATER.schedule(() -> d.compareAndSet(key, expectedVersion, copy), 500, TimeUnit.MILLISECONDS);
                    return CasResult.success(v + 1);
                }

                @Override
                public long put(String key, byte[] value) {
                    byte[] copy = value.clone();
                    long v = d.get(key).map(Versioned::version).orElse(0L) + 1;
                    LATER.schedule(() -> d.put(key, copy), 500, TimeUnit.MILLISECONDS);
                    return v;
                }
            })),
            new PlantedBug("QUORUM-3", "acknowledged puts silently lost", kv(s -> new Forwarding.Kv(s) {
                @Override
                public long put(String key, byte[] value) {
                    return d.get(key).map(Versioned::version).orElse(0L) + 1;
                }

                @Override
                public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                    CasResult r = d.compareAndSet(key, expectedVersion, d.get(key).map(Versioned::value).orElse(value));
                    return r;
                }
            })),
            new PlantedBug("SHARD-6", "the namespace is ignored (one keyspace for all)", backend(b -> new ForwardingBackend(b,
                    "planted-bug") {
                @Override
                public KeyValueStore keyValue(String namespace) {
                    return delegate.keyValue("shared");
                }
            })),
            new PlantedBug("SAGA-4", "a read misses the last record of the log", log(l -> new Forwarding.Log(l) {
                @Override
                public List<LogRecord> read(long fromSequence, int maxRecords) {
                    List<LogRecord> r = d.read(fromSequence, maxRecords);
                    long last = d.lastSequence();
                    return r.isEmpty() || r.get(r.size() - 1).sequence() != last ? r : r.subList(0, r.size() - 1);
                }
            })),
            new PlantedBug("SAGA-6", "the idempotency store forgets completed requests", idempotency(s -> new Forwarding.Idempotency(s) {
                @Override
                public boolean complete(Claim claim, byte[] result) {
                    return d.release(claim);
                }
            })),
            new PlantedBug("TPC-3", "a read misses the last record of the log", log(l -> new Forwarding.Log(l) {
                @Override
                public List<LogRecord> read(long fromSequence, int maxRecords) {
                    List<LogRecord> r = d.read(fromSequence, maxRecords);
                    long last = d.lastSequence();
                    return r.isEmpty() || r.get(r.size() - 1).sequence() != last ? r : r.subList(0, r.size() - 1);
                }
            })));

    /** One thread for bugs that apply a call later (asynchronous registration, late cache puts). */
    private static final ScheduledExecutorService LATER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "dsbench-planted-bug-later");
        t.setDaemon(true);
        return t;
    });

    /**
     * Required rules that exercise a backend but have no negative control, each with the reason (no backend
     * defect can make the rule fail, or none is written yet). Shown in docs/RULES.md; a convention test keeps
     * this list and {@link #all()} covering every such rule.
     */
    public static final Map<String, String> GAPS = gaps();

    private static Map<String, String> gaps() {
        Map<String, String> g = new LinkedHashMap<>();
        String notYet = "gap: no planted bug yet";
        g.put("DISC-3", notYet);
        g.put("QUORUM-4", notYet);
        g.put("QUORUM-5", notYet);
        g.put("QUORUM-6", notYet);
        g.put("QUORUM-7", "gap: shows core's eventual mode (W+R<=N) misses a write; a backend defect cannot remove that");
        g.put("QUORUM-8", "gap: the quorum store keeps its own versions in its envelopes; backend versions do not show");
        g.put("QUORUM-9", "gap: shows core's plain quorum is not linearizable; a backend defect cannot remove that");
        g.put("LIN-QUORUM-PLAIN", "gap: shows core's plain quorum is not linearizable; a backend defect cannot remove that");
        g.put("SAGA-1", notYet);
        g.put("SAGA-2", notYet);
        g.put("SAGA-3", notYet);
        g.put("SAGA-5", notYet);
        g.put("TPC-1", notYet);
        g.put("TPC-2", notYet);
        g.put("TPC-4", notYet);
        g.put("TPC-5", notYet);
        g.put("TPC-6", notYet);
        g.put("TRACE-1", "gap: tests the tracing decorator (core); backend calls only feed it");
        g.put("TRACE-2", "gap: tests the tracing decorator (core); backend calls only feed it");
        g.put("TRACE-4", "gap: tests the saga's tracing (core)");
        g.put("TRACE-5", "gap: tests 2PC's tracing (core)");
        return Collections.unmodifiableMap(g);
    }

    /** Every planted bug, in rule order of this file. */
    public static List<PlantedBug> all() {
        return ALL;
    }

    /** The planted bug of {@code ruleId}, if any. */
    public static Optional<PlantedBug> of(String ruleId) {
        return ALL.stream().filter(b -> b.rule().equals(ruleId)).findFirst();
    }

    /** For docs/RULES.md: the planted bug's name, the declared gap's reason, or empty. */
    public static String describe(String ruleId) {
        return of(ruleId).map(PlantedBug::name).orElse(GAPS.getOrDefault(ruleId, ""));
    }

    /** A key-value store with a version counter per key that a delete forgets. */
    private static final class PerKeyVersionStore implements KeyValueStore {
        private final String namespace;
        private final Map<String, Versioned> data = new ConcurrentHashMap<>();

        PerKeyVersionStore(String namespace) {
            this.namespace = namespace;
        }

        @Override
        public String namespace() {
            return namespace;
        }

        @Override
        public synchronized Optional<Versioned> get(String key) {
            return Optional.ofNullable(data.get(key));
        }

        @Override
        public synchronized long put(String key, byte[] value) {
            Versioned old = data.get(key);
            Versioned v = new Versioned(value, old == null ? 1 : old.version() + 1);
            data.put(key, v);
            return v.version();
        }

        @Override
        public synchronized CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
            Versioned old = data.get(key);
            long cur = old == null ? ABSENT : old.version();
            return cur != expectedVersion ? CasResult.failure(cur) : CasResult.success(put(key, value));
        }

        @Override
        public synchronized boolean delete(String key) {
            return data.remove(key) != null;
        }

        @Override
        public synchronized CasResult compareAndDelete(String key, long expectedVersion) {
            Versioned old = data.get(key);
            if (old == null || old.version() != expectedVersion) {
                return CasResult.failure(old == null ? ABSENT : old.version());
            }
            data.remove(key);
            return CasResult.success(ABSENT);
        }
    }

    /** A cache whose overwrite keeps the entry's remaining TTL (like SET ... KEEPTTL). */
    private static final class KeepTtlCache extends Forwarding.Cache {
        private final Map<String, Long> expiresAt = new ConcurrentHashMap<>();

        KeepTtlCache(CacheStore d) {
            super(d);
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            Long at = expiresAt.get(key);
            long now = System.nanoTime();
            if (at != null && at - now > 0 && d.get(key).isPresent()) {
                d.put(key, value, Duration.ofNanos(at - now));
            } else {
                expiresAt.put(key, now + ttl.toNanos());
                d.put(key, value, ttl);
            }
        }
    }
}
