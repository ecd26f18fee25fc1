package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.kv;
import static io.dsbench.conformance.controls.PlantedBug.log;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import java.util.List;

/**
 * Planted bugs of the MULTI rules: each a realistic defect of a primitive under the multi-leader stores (the
 * defects of core's resolvers and CRDT merges are planted by impl-inmemory's {@code MultiLeaderKitCatchesBugsTest}).
 */
final class MultiLeaderBugs {
    private MultiLeaderBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("MULTI-1", "a log read starts one record after the one asked for (exclusive start)",
                        log(l -> new Forwarding.Log(l) {
                            @Override
                            public List<LogRecord> read(long fromSequence, int maxRecords) {
                                return d.read(fromSequence + 1, maxRecords);
                            }
                        })),
                new PlantedBug("MULTI-2", "compare-and-set of an existing key answers success but writes nothing",
                        kv(s -> new Forwarding.Kv(s) {
                            @Override
                            public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                                long v = d.get(key).map(Versioned::version).orElse(ABSENT);
                                return v != ABSENT && v == expectedVersion ? CasResult.success(v + 1)
                                        : d.compareAndSet(key, expectedVersion, value);
                            }
                        })),
                new PlantedBug("MULTI-3", "the namespace is ignored (one keyspace for all)", Bugs.backend(b -> new ForwardingBackend(b,
                        "planted-bug") {
                    @Override
                    public KeyValueStore keyValue(String namespace) {
                        return delegate.keyValue("shared");
                    }
                })),
                new PlantedBug("MULTI-4", "the log name is ignored (one log for all)", Bugs.backend(b -> new ForwardingBackend(b,
                        "planted-bug") {
                    @Override
                    public DurableLog log(String name) {
                        return delegate.log("shared");
                    }
                })));
    }
}
