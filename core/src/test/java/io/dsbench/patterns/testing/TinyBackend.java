package io.dsbench.patterns.testing;

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
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendTiming;
import io.dsbench.spi.Capability;
import java.time.Duration;
import java.util.ArrayList;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A deliberately tiny in-test backend (KV, cache, idempotency, log) so core's pattern tests run before and
 * independently of the real backends. Synchronized everywhere; no registry or locks.
 */
public final class TinyBackend implements Backend {
    private final Map<String, Kv> kvs = new ConcurrentHashMap<>();
    private final Map<String, Cache> caches = new ConcurrentHashMap<>();
    private final Map<String, Idem> idems = new ConcurrentHashMap<>();
    private final Map<String, Log> logs = new ConcurrentHashMap<>();

    @Override
    public String name() {
        return "tiny";
    }

    @Override
    public Set<Capability> capabilities() {
        return Set.of();
    }

    @Override
    public BackendTiming timing() {
        return new BackendTiming(Duration.ofMillis(20), Duration.ofMillis(1));
    }

    @Override
    public String describe() {
        return "tiny in-test backend";
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        return kvs.computeIfAbsent(namespace, Kv::new);
    }

    @Override
    public ServiceRegistry registry(RegistryConfig config) {
        throw new UnsupportedOperationException("tiny backend: no registry");
    }

    @Override
    public CacheStore cache(String name) {
        return caches.computeIfAbsent(name, Cache::new);
    }

    @Override
    public IdempotencyStore idempotency(IdempotencyConfig config) {
        return idems.computeIfAbsent(config.namespace(), n -> new Idem(config));
    }

    @Override
    public LockService locks(LockConfig config) {
        throw new UnsupportedOperationException("tiny backend: no locks");
    }

    @Override
    public DurableLog log(String name) {
        return logs.computeIfAbsent(name, Log::new);
    }

    @Override
    public void close() {
    }

    static final class Kv implements KeyValueStore {
        private final String ns;
        private final Map<String, Versioned> data = new HashMap<>();
        private long counter;

        Kv(String ns) {
            this.ns = ns;
        }

        @Override
        public String namespace() {
            return ns;
        }

        @Override
        public synchronized Optional<Versioned> get(String key) {
            return Optional.ofNullable(data.get(key));
        }

        @Override
        public synchronized long put(String key, byte[] value) {
            data.put(key, new Versioned(value, ++counter));
            return counter;
        }

        @Override
        public synchronized CasResult compareAndSet(String key, long expected, byte[] value) {
            Versioned cur = data.get(key);
            long v = cur == null ? ABSENT : cur.version();
            if (v != expected) {
                return CasResult.failure(v);
            }
            return CasResult.success(put(key, value));
        }

        @Override
        public synchronized boolean delete(String key) {
            counter++;
            return data.remove(key) != null;
        }

        @Override
        public synchronized CasResult compareAndDelete(String key, long expected) {
            Versioned cur = data.get(key);
            long v = cur == null ? ABSENT : cur.version();
            if (v != expected || cur == null) {
                return CasResult.failure(v);
            }
            delete(key);
            return CasResult.success(0);
        }
    }

    static final class Cache implements CacheStore {
        private final String name;
        private final Map<String, Object[]> data = new HashMap<>();

        Cache(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        private Object[] live(String key) {
            Object[] e = data.get(key);
            if (e != null && System.nanoTime() - (long) e[1] >= 0) {
                data.remove(key);
                return null;
            }
            return e;
        }

        @Override
        public synchronized Optional<byte[]> get(String key) {
            Object[] e = live(key);
            return e == null ? Optional.empty() : Optional.of(((byte[]) e[0]).clone());
        }

        @Override
        public synchronized void put(String key, byte[] value, Duration ttl) {
            if (ttl.isZero() || ttl.isNegative()) {
                throw new IllegalArgumentException("ttl = " + ttl + " is out of range (legal range: > 0)");
            }
            data.put(key, new Object[] {value.clone(), System.nanoTime() + ttl.toNanos()});
        }

        @Override
        public synchronized boolean putIfAbsent(String key, byte[] value, Duration ttl) {
            if (live(key) != null) {
                return false;
            }
            put(key, value, ttl);
            return true;
        }

        @Override
        public synchronized boolean invalidate(String key) {
            return live(key) != null && data.remove(key) != null;
        }
    }

    static final class Idem implements IdempotencyStore {
        private final IdempotencyConfig config;
        private final Map<String, Object[]> data = new HashMap<>(); // fingerprint, token, result or null, claimed at (nanoTime)
        private final AtomicLong tokens = new AtomicLong();

        Idem(IdempotencyConfig config) {
            this.config = config;
        }

        @Override
        public IdempotencyConfig config() {
            return config;
        }

        /** A claim in progress for longer than the lock timeout is abandoned (as the spec says). */
        private Object[] live(String key) {
            Object[] e = data.get(key);
            if (e != null && e[2] == null && System.nanoTime() - (long) e[3] > config.lockTimeout().toNanos()) {
                data.remove(key);
                return null;
            }
            return e;
        }

        @Override
        public synchronized ClaimResult claim(String key, String fingerprint) {
            Object[] e = live(key);
            if (e == null) {
                long t = tokens.incrementAndGet();
                data.put(key, new Object[] {fingerprint, t, null, System.nanoTime()});
                return ClaimResult.won(new Claim(key, fingerprint, t));
            }
            if (!e[0].equals(fingerprint)) {
                return ClaimResult.mismatch();
            }
            return e[2] == null ? ClaimResult.inProgress() : ClaimResult.completed((byte[]) e[2]);
        }

        @Override
        public synchronized boolean complete(Claim claim, byte[] result) {
            Object[] e = live(claim.key());
            if (e == null || (long) e[1] != claim.token() || e[2] != null) {
                return false;
            }
            e[2] = result.clone();
            return true;
        }

        @Override
        public synchronized boolean release(Claim claim) {
            Object[] e = live(claim.key());
            if (e == null || (long) e[1] != claim.token() || e[2] != null) {
                return false;
            }
            data.remove(claim.key());
            return true;
        }

        @Override
        public synchronized Optional<IdempotencyRecord> lookup(String key) {
            Object[] e = live(key);
            return e == null ? Optional.empty()
                    : Optional.of(new IdempotencyRecord(key, (String) e[0], e[2] != null, Optional.ofNullable((byte[]) e[2])));
        }
    }

    static final class Log implements DurableLog {
        private final String name;
        private final List<byte[]> records = new ArrayList<>();

        Log(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public synchronized long append(byte[] payload) {
            records.add(payload.clone());
            return records.size();
        }

        @Override
        public synchronized boolean appendAt(long sequence, byte[] payload) {
            if (records.size() != sequence - 1) {
                return false;
            }
            records.add(payload.clone());
            return true;
        }

        @Override
        public synchronized List<LogRecord> read(long from, int max) {
            List<LogRecord> out = new ArrayList<>();
            for (long s = from; s <= records.size() && out.size() < max; s++) {
                out.add(new LogRecord(s, records.get((int) s - 1)));
            }
            return out;
        }

        @Override
        public synchronized long lastSequence() {
            return records.size();
        }
    }

}
