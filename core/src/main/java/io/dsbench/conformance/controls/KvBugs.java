package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.kv;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Planted bugs of the KV rules: each a realistic defect of a key-value store. */
final class KvBugs {
    private KvBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("KV-1", Bugs.MISSING_READS_EMPTY, kv(Bugs::missingKeyReadsEmpty)),
                new PlantedBug("KV-2", "put reports a version one past the stored one", kv(s -> new Forwarding.Kv(s) {
                    @Override
                    public long put(String key, byte[] value) {
                        return d.put(key, value) + 1;
                    }
                })),
                new PlantedBug("KV-3", "versions counted per key, restarting at 1 after delete",
                        kv(s -> new PerKeyVersionStore(s.namespace()))),
                new PlantedBug("KV-4", Bugs.BLIND_CAS, kv(Bugs::blindCas)),
                new PlantedBug("KV-5", "create-if-absent as get-then-set", kv(s -> new Forwarding.Kv(s) {
                    @Override
                    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                        if (expectedVersion != ABSENT) {
                            return d.compareAndSet(key, expectedVersion, value);
                        }
                        Optional<Versioned> cur = d.get(key);
                        Bugs.roundTrip();
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
                        Bugs.roundTrip();
                        return CasResult.success(d.put(key, value));
                    }
                })),
                new PlantedBug("KV-8", "values silently truncated at 512 KiB", kv(s -> new Forwarding.Kv(s) {
                    @Override
                    public long put(String key, byte[] value) {
                        return d.put(key, Arrays.copyOf(value, Math.min(value.length, 512 * 1024)));
                    }
                })),
                new PlantedBug("KV-9", "the namespace is ignored (one keyspace for all)", Bugs.backend(b -> new ForwardingBackend(b,
                        "planted-bug") {
                    @Override
                    public KeyValueStore keyValue(String namespace) {
                        return delegate.keyValue("shared");
                    }
                })),
                new PlantedBug("KV-10", "an empty key is accepted", kv(s -> new Forwarding.Kv(s) {
                    @Override
                    public Optional<Versioned> get(String key) {
                        return d.get(Bugs.lenient(key));
                    }

                    @Override
                    public long put(String key, byte[] value) {
                        return d.put(Bugs.lenient(key), value);
                    }

                    @Override
                    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                        return d.compareAndSet(Bugs.lenient(key), expectedVersion, value);
                    }

                    @Override
                    public boolean delete(String key) {
                        return d.delete(Bugs.lenient(key));
                    }

                    @Override
                    public CasResult compareAndDelete(String key, long expectedVersion) {
                        return d.compareAndDelete(Bugs.lenient(key), expectedVersion);
                    }
                })),
                new PlantedBug("KV-11", "each handle gets its own keyspace", Bugs.backend(b -> new ForwardingBackend(b,
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
                })));
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
}
