package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.kv;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.Versioned;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Planted bugs of the consistency ladder (CONS-LADDER). */
final class ConsistencyBugs {
    private ConsistencyBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(new PlantedBug("CONS-LADDER", "gets served by a replica one write behind (the value before the"
                + " key's last write) while LINEARIZABLE_KV is declared", kv(s -> new Forwarding.Kv(s) {
                    /** Per key: what a get returns, the state before the last write through this store. */
                    private final Map<String, Optional<Versioned>> lagging = new ConcurrentHashMap<>();

                    @Override
                    public Optional<Versioned> get(String key) {
                        Optional<Versioned> behind = lagging.get(key);
                        return behind != null ? behind : d.get(key);
                    }

                    @Override
                    public synchronized long put(String key, byte[] value) {
                        lagging.put(key, d.get(key));
                        return d.put(key, value);
                    }

                    @Override
                    public synchronized CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                        Optional<Versioned> before = d.get(key);
                        CasResult r = d.compareAndSet(key, expectedVersion, value);
                        if (r.succeeded()) {
                            lagging.put(key, before);
                        }
                        return r;
                    }
                })));
    }
}
