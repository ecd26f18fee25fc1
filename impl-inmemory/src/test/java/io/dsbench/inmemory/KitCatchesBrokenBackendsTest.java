package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.CacheStoreVerification;
import io.dsbench.conformance.DurableLogVerification;
import io.dsbench.conformance.IdempotencyVerification;
import io.dsbench.conformance.KeyValueVerification;
import io.dsbench.conformance.LockVerification;
import io.dsbench.conformance.RegistryVerification;
import io.dsbench.conformance.SagaVerification;
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
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The kit's rules can fail: each test plants one known bug in the inmemory backend (through a delegating
 * wrapper) and checks that the rule written for it reports it. Guards against rules that pass whatever the
 * backend does.
 */
class KitCatchesBrokenBackendsTest {
    private Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    /** Versions counted per key and forgotten on delete: they restart at 1 after delete + re-create. */
    @Test
    void kv3_catchesVersionsRestartingAfterDelete() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public KeyValueStore keyValue(String namespace) {
                return new PerKeyVersionStore(namespace);
            }
        };
        KeyValueVerification kit = new KeyValueVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(kit::required_KV3_versionsStrictlyIncrease).isInstanceOf(AssertionError.class)
                .hasMessageContaining("KV-3");
    }

    /** A cache that keeps entries forever (a TTL that never reaches the server). */
    @Test
    void cache2_catchesEntriesThatNeverExpire() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public CacheStore cache(String name) {
                CacheStore c = delegate.cache(name);
                return new CacheStore() {
                    @Override
                    public String name() {
                        return c.name();
                    }

                    @Override
                    public Optional<byte[]> get(String key) {
                        return c.get(key);
                    }

                    @Override
                    public void put(String key, byte[] value, Duration ttl) {
                        c.put(key, value, Duration.ofHours(1));
                    }

                    @Override
                    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                        return c.putIfAbsent(key, value, Duration.ofHours(1));
                    }

                    @Override
                    public boolean invalidate(String key) {
                        return c.invalidate(key);
                    }
                };
            }
        };
        CacheStoreVerification kit = new CacheStoreVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(kit::required_CACHE2_entryExpiresWithinTolerance).isInstanceOf(AssertionError.class)
                .hasMessageContaining("CACHE-2").hasMessageContaining("still present");
    }

    /** Fencing tokens stored with the lock and restarted at 1 whenever the lock is free. */
    @Test
    void lock4_catchesTokensThatRestart() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public LockService locks(LockConfig config) {
                LockService l = delegate.locks(config);
                return new LockService() {
                    @Override
                    public LockConfig config() {
                        return l.config();
                    }

                    @Override
                    public Optional<LockGrant> tryAcquire(String name) {
                        return l.tryAcquire(name).map(g -> new LockGrant(name, 1));
                    }

                    @Override
                    public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
                        return l.acquire(name, maxWait).map(g -> new LockGrant(name, 1));
                    }

                    @Override
                    public boolean release(LockGrant grant) {
                        return false;
                    }

                    @Override
                    public boolean renew(LockGrant grant) {
                        return false;
                    }
                };
            }
        };
        LockVerification kit = new LockVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(kit::required_LOCK4_tokensIncrease).isInstanceOf(AssertionError.class);
    }

    /** A heartbeat that re-creates missing instances (an upsert) instead of reporting them. */
    @Test
    void reg8_catchesHeartbeatsThatResurrect() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public ServiceRegistry registry(RegistryConfig config) {
                ServiceRegistry r = delegate.registry(config);
                return new ServiceRegistry() {
                    @Override
                    public void register(ServiceInstance instance, Duration ttl) {
                        r.register(instance, ttl);
                    }

                    @Override
                    public boolean heartbeat(String service, String instanceId) {
                        if (!r.heartbeat(service, instanceId)) {
                            r.register(ServiceInstance.of(service, instanceId, "127.0.0.1", 1), Duration.ofMinutes(1));
                        }
                        return true;
                    }

                    @Override
                    public boolean deregister(String service, String instanceId) {
                        return r.deregister(service, instanceId);
                    }

                    @Override
                    public List<ServiceInstance> discover(String service) {
                        return r.discover(service);
                    }

                    @Override
                    public void close() {
                        r.close();
                    }
                };
            }
        };
        RegistryVerification kit = new RegistryVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(kit::required_REG8_heartbeatOfMissingInstanceFails).isInstanceOf(AssertionError.class)
                .hasMessageContaining("REG-8");
    }

    /** A store that ignores fingerprints: a different request with a used key replays the other's result. */
    @Test
    void idem4_catchesIgnoredFingerprints() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public IdempotencyStore idempotency(IdempotencyConfig config) {
                IdempotencyStore s = delegate.idempotency(config);
                return new IdempotencyStore() {
                    @Override
                    public IdempotencyConfig config() {
                        return s.config();
                    }

                    @Override
                    public ClaimResult claim(String key, String fingerprint) {
                        Optional<IdempotencyRecord> rec = s.lookup(key);
                        return s.claim(key, rec.map(IdempotencyRecord::fingerprint).orElse(fingerprint));
                    }

                    @Override
                    public boolean complete(Claim claim, byte[] result) {
                        return s.complete(claim, result);
                    }

                    @Override
                    public boolean release(Claim claim) {
                        return s.release(claim);
                    }

                    @Override
                    public Optional<IdempotencyRecord> lookup(String key) {
                        return s.lookup(key);
                    }
                };
            }
        };
        IdempotencyVerification kit = new IdempotencyVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(kit::required_IDEM4_fingerprintMismatch).isInstanceOf(AssertionError.class)
                .hasMessageContaining("IDEM-4");
    }

    /** A heartbeat that answers true but does not restart the TTL. */
    @Test
    void reg4_catchesHeartbeatsThatDoNotRenew() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public ServiceRegistry registry(RegistryConfig config) {
                ServiceRegistry r = delegate.registry(config);
                return new ServiceRegistry() {
                    @Override
                    public void register(ServiceInstance instance, Duration ttl) {
                        r.register(instance, ttl);
                    }

                    @Override
                    public boolean heartbeat(String service, String instanceId) {
                        return r.discover(service).stream().anyMatch(i -> i.id().equals(instanceId));
                    }

                    @Override
                    public boolean deregister(String service, String instanceId) {
                        return r.deregister(service, instanceId);
                    }

                    @Override
                    public List<ServiceInstance> discover(String service) {
                        return r.discover(service);
                    }

                    @Override
                    public void close() {
                        r.close();
                    }
                };
            }
        };
        RegistryVerification kit = new RegistryVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(kit::required_REG4_heartbeatsKeepInstanceAlive).isInstanceOf(AssertionError.class)
                .hasMessageContaining("REG-4").hasMessageNotContaining("could not keep its own timing");
    }

    /** A renew that answers true but does not extend the lease. */
    @Test
    void lock6_catchesRenewThatDoesNotExtend() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public LockService locks(LockConfig config) {
                LockService l = delegate.locks(config);
                return new LockService() {
                    @Override
                    public LockConfig config() {
                        return l.config();
                    }

                    @Override
                    public Optional<LockGrant> tryAcquire(String name) {
                        return l.tryAcquire(name);
                    }

                    @Override
                    public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
                        return l.acquire(name, maxWait);
                    }

                    @Override
                    public boolean release(LockGrant grant) {
                        return l.release(grant);
                    }

                    @Override
                    public boolean renew(LockGrant grant) {
                        return true;
                    }
                };
            }
        };
        LockVerification kit = new LockVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(kit::required_LOCK6_renewExtendsLease).isInstanceOf(AssertionError.class)
                .hasMessageContaining("LOCK-6").hasMessageNotContaining("could not keep its own timing");
    }

    /** LOG-4 through the reopenBackend hook: passes when data survives, fails when the reopened backend is empty. */
    @Test
    void log4_reopenHook_passesWhenDataSurvives_andCatchesALogThatForgets() {
        // "durable": every reopen hands out a new wrapper over the same underlying data
        DurableLogVerification durable = new DurableLogVerification() {
            {
                backend = new DelegatingBackend(real);
            }

            @Override
            protected Backend openBackend() {
                return new DelegatingBackend(real);
            }

            @Override
            protected void closeBackend(Backend b) {
                // the data outlives the wrapper, as it outlives a server restart
            }
        };
        durable.optional_LOG4_recordsSurviveReopen();

        // forgetful: a reopen starts from nothing
        Backend[] opened = {real};
        DurableLogVerification forgetful = new DurableLogVerification() {
            {
                backend = real;
            }

            @Override
            protected Backend openBackend() {
                opened[0] = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
                return opened[0];
            }
        };
        try {
            assertThatThrownBy(forgetful::optional_LOG4_recordsSurviveReopen).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("LOG-4");
        } finally {
            opened[0].close();
        }

        // a hook that returns the same instance proves nothing and is refused
        Backend same = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
        DurableLogVerification noReopen = new DurableLogVerification() {
            {
                backend = same;
            }

            @Override
            protected Backend openBackend() {
                return same;
            }

            @Override
            protected Backend reopenBackend(Backend current) {
                return current;
            }
        };
        try {
            assertThatThrownBy(noReopen::optional_LOG4_recordsSurviveReopen).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("new Backend instance");
        } finally {
            same.close();
        }
    }

    /**
     * Two broken conditional appends: one that ignores the expected position (always appends), and the read
     * followed by an append (not atomic: concurrent callers all see the same last sequence; the planted pause
     * only widens the window that exists anyway).
     */
    @Test
    void log8_catchesConditionalAppendThatIsNotConditionalOrNotAtomic() {
        for (boolean checkThenAppend : new boolean[] {false, true}) {
            Backend broken = new DelegatingBackend(real) {
                @Override
                public DurableLog log(String name) {
                    return new NonAtomicAppendAt(delegate.log(name), checkThenAppend);
                }
            };
            DurableLogVerification kit = new DurableLogVerification() {
                {
                    backend = broken;
                }

                @Override
                protected Backend openBackend() {
                    return broken;
                }
            };
            assertThatThrownBy(kit::required_LOG8_conditionalAppendHasOneWinner).as("check then append: %s", checkThenAppend)
                    .isInstanceOf(AssertionError.class).hasMessageContaining("LOG-8");
        }
    }

    /** An idempotency store that acknowledges complete() but forgets the result: a dead step looks never run. */
    @Test
    void saga7_catchesAnIdempotencyStoreThatForgetsResults() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public IdempotencyStore idempotency(IdempotencyConfig config) {
                IdempotencyStore d = delegate.idempotency(config);
                return new IdempotencyStore() {
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
                        return d.release(claim);
                    }

                    @Override
                    public boolean release(Claim claim) {
                        return d.release(claim);
                    }

                    @Override
                    public Optional<IdempotencyRecord> lookup(String key) {
                        return d.lookup(key);
                    }
                };
            }
        };
        SagaVerification saga = new SagaVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(saga::required_SAGA7_expiredClaimIsUnknownOutcomeNotNeverRan)
                .isInstanceOf(AssertionError.class).hasMessageContaining("SAGA-7");
    }

    /** {@link DurableLog#appendAt} done wrong: unconditional, or a check and an append as two steps. */
    static final class NonAtomicAppendAt implements DurableLog {
        private final DurableLog d;
        private final boolean checkThenAppend;

        NonAtomicAppendAt(DurableLog d, boolean checkThenAppend) {
            this.d = d;
            this.checkThenAppend = checkThenAppend;
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
            if (sequence < 1) {
                throw new IllegalArgumentException("sequence = " + sequence + " is out of range (legal range: >= 1)");
            }
            if (!checkThenAppend) {
                d.append(payload);
                return true;
            }
            if (d.lastSequence() != sequence - 1) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            d.append(payload);
            return true;
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

    /** A key-value store with a version counter per key that a delete forgets. */
    private static final class PerKeyVersionStore implements KeyValueStore {
        private final String namespace;
        private final Map<String, Versioned> data = new HashMap<>();

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
            if (cur != expectedVersion) {
                return CasResult.failure(cur);
            }
            return CasResult.success(put(key, value));
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
}
