package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.cache;
import static io.dsbench.conformance.controls.PlantedBug.idempotency;
import static io.dsbench.conformance.controls.PlantedBug.kv;
import static io.dsbench.conformance.controls.PlantedBug.log;
import static io.dsbench.conformance.controls.PlantedBug.registry;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.log.LogRecord;
import io.dsbench.spec.registry.ServiceInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Planted bugs of the DISC, CACHE-S, QUORUM, SHARD, SAGA and TPC rules: each a realistic defect of a primitive (the pattern rules over them). */
final class PatternBugs {
    private PatternBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(
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
                        Bugs.LATER.schedule(() -> d.put(key, copy, ttl), 300, TimeUnit.MILLISECONDS);
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
                        Bugs.LATER.schedule(() -> d.compareAndSet(key, expectedVersion, copy), 500, TimeUnit.MILLISECONDS);
                        return CasResult.success(v + 1);
                    }

                    @Override
                    public long put(String key, byte[] value) {
                        byte[] copy = value.clone();
                        long v = d.get(key).map(Versioned::version).orElse(0L) + 1;
                        Bugs.LATER.schedule(() -> d.put(key, copy), 500, TimeUnit.MILLISECONDS);
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
                new PlantedBug("SHARD-6", "the namespace is ignored (one keyspace for all)", Bugs.backend(b -> new ForwardingBackend(b,
                        "planted-bug") {
                    @Override
                    public KeyValueStore keyValue(String namespace) {
                        return delegate.keyValue("shared");
                    }
                })),
                new PlantedBug("SAGA-4", Bugs.LEX, log(Bugs::lexicographicLog)),
                new PlantedBug("SAGA-6", "the idempotency store forgets completed requests", idempotency(s -> new Forwarding.Idempotency(s) {
                    @Override
                    public boolean complete(Claim claim, byte[] result) {
                        return d.release(claim);
                    }
                })),
                new PlantedBug("SAGA-1", Bugs.LEX, log(Bugs::lexicographicLog)),
                new PlantedBug("SAGA-2", Bugs.LEX, log(Bugs::lexicographicLog)),
                new PlantedBug("SAGA-3", Bugs.LEX, log(Bugs::lexicographicLog)),
                new PlantedBug("TPC-1", "acknowledged puts silently lost", kv(s -> new Forwarding.Kv(s) {
                    @Override
                    public long put(String key, byte[] value) {
                        return d.get(key).map(Versioned::version).orElse(0L) + 1;
                    }
                })),
                new PlantedBug("TPC-4", Bugs.MISSES_LAST, log(Bugs::missesLastRecord)),
                new PlantedBug("DISC-3", "discover returns only the first instance (LIMIT 1)", registry(r -> new Forwarding.Registry(r) {
                    @Override
                    public List<ServiceInstance> discover(String service) {
                        List<ServiceInstance> l = d.discover(service);
                        return l.isEmpty() ? l : List.of(l.get(0));
                    }
                })),
                new PlantedBug("TPC-3", Bugs.MISSES_LAST, log(Bugs::missesLastRecord)));
    }
}
