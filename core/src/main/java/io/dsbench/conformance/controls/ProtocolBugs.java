package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.idempotency;
import static io.dsbench.conformance.controls.PlantedBug.kv;
import static io.dsbench.conformance.controls.PlantedBug.log;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Planted bugs of the protocol rules that drive a primitive through core's patterns: QUORUM-4..6 (replicas are
 * key-value namespaces), SAGA-5 (step outcomes in the idempotency store) and TPC-2, TPC-5, TPC-6 (participant
 * data and logs). Each is one defect of the primitive, not of the pattern.
 */
final class ProtocolBugs {
    private ProtocolBugs() {
    }

    /** Longest namespace the QUORUM-4 bug keeps; the kit's replica namespaces differ only in their last characters. */
    static final int NAMESPACE_WIDTH = 16;

    /** Records the TPC-5 bug's log client holds before it sends them. */
    static final int BATCH = 16;

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("QUORUM-4", "namespaces cut to " + NAMESPACE_WIDTH + " characters (names that differ"
                        + " at the end share one keyspace)", Bugs.backend(b -> new ForwardingBackend(b, "planted-bug") {
                            @Override
                            public KeyValueStore keyValue(String namespace) {
                                return delegate.keyValue(namespace.length() > NAMESPACE_WIDTH
                                        ? namespace.substring(0, NAMESPACE_WIDTH) : namespace);
                            }
                        })),
                new PlantedBug("QUORUM-5", "a compare-and-set whose reply is lost is retried by the client and"
                        + " reports a conflict with its own first attempt", kv(s -> new Forwarding.Kv(s) {
                            @Override
                            public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                                CasResult first = d.compareAndSet(key, expectedVersion, value);
                                return first.succeeded() ? d.compareAndSet(key, expectedVersion, value) : first;
                            }
                        })),
                new PlantedBug("QUORUM-6", Bugs.BLIND_CAS, kv(Bugs::blindCas)),
                new PlantedBug("SAGA-5", "results cut to 4 bytes (kept as a 4-character status code)",
                        idempotency(s -> new Forwarding.Idempotency(s) {
                            @Override
                            public boolean complete(Claim claim, byte[] result) {
                                return d.complete(claim, result.length > 4 ? Arrays.copyOf(result, 4) : result);
                            }
                        })),
                new PlantedBug("TPC-2", Bugs.MISSING_READS_EMPTY, kv(Bugs::missingKeyReadsEmpty)),
                new PlantedBug("TPC-5", "appends acknowledged from a client-side batch of " + BATCH + " records: a log"
                        + " opened again does not see them", log(ProtocolBugs::batchedAppends)),
                new PlantedBug("TPC-6", Bugs.MISSES_LAST, log(Bugs::missesLastRecord)));
    }

    /**
     * A log client that acknowledges appends from its own batch and sends them when {@link #BATCH} records are
     * waiting (or before a conditional append): its own reads see the batch, a handle opened again on the same log
     * (a restarted process) does not. A producer that acknowledges on enqueue.
     */
    private static DurableLog batchedAppends(DurableLog l) {
        return new Forwarding.Log(l) {
            private final List<byte[]> batch = new ArrayList<>();

            private void send() {
                batch.forEach(d::append);
                batch.clear();
            }

            @Override
            public synchronized long append(byte[] payload) {
                batch.add(payload.clone());
                long sequence = d.lastSequence() + batch.size();
                if (batch.size() >= BATCH) {
                    send();
                }
                return sequence;
            }

            @Override
            public synchronized boolean appendAt(long sequence, byte[] payload) {
                send();
                return d.appendAt(sequence, payload);
            }

            @Override
            public synchronized List<LogRecord> read(long fromSequence, int maxRecords) {
                List<LogRecord> out = new ArrayList<>(d.read(fromSequence, maxRecords));
                long sent = d.lastSequence();
                for (int i = 0; i < batch.size() && out.size() < maxRecords; i++) {
                    if (sent + 1 + i >= fromSequence) {
                        out.add(new LogRecord(sent + 1 + i, batch.get(i).clone()));
                    }
                }
                return out;
            }

            @Override
            public synchronized long lastSequence() {
                return d.lastSequence() + batch.size();
            }
        };
    }
}
