package io.dsbench.jmh.bench;

import io.dsbench.jmh.support.Keys;
import io.dsbench.patterns.tpc.KeyValueParticipant;
import io.dsbench.patterns.tpc.TpcResult;
import io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * <b>Measures</b> a two-phase commit with three {@link KeyValueParticipant}s, committed, one caller: each
 * participant has its own log and data namespace in the backend and prepares a write of one 100-byte value; the
 * coordinator logs BEGIN and the decision in its own log, prepares in parallel and sends COMMIT. Compare with
 * {@code kv.three_puts} of the same run: the difference is the five logs' appends, the key locks and the prepare
 * fan-out.
 *
 * <p><b>Invalidated by</b>: a transaction that aborts (the benchmark throws: an abort is a different path); the logs
 * and the participants' per-transaction state growing through the run (the backend, coordinator and participants
 * are rebuilt after every iteration, outside the measurement).
 *
 * <p><b>Run</b>: {@code ./dsbench bench --backends inmemory,etcd --include '^tpc\.'}.
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
public class TpcBenchmark extends BackendBenchmark {
    private final byte[] value = Keys.value(100);
    private TwoPhaseCommitCoordinator coordinator;
    private Map<String, byte[]> payloads;
    private long next;

    @Override
    protected void setUp() {
        List<KeyValueParticipant> participants = new ArrayList<>();
        payloads = new LinkedHashMap<>();
        for (int i = 0; i < 3; i++) {
            KeyValueParticipant p = new KeyValueParticipant("p" + i, target.backend().log(target.unique("tpc-p")),
                    target.backend().keyValue(target.unique("tpc-d")), Duration.ofSeconds(1));
            participants.add(p);
            payloads.put(p.id(), KeyValueParticipant.encodeWrites(Map.of("k" + i, value)));
        }
        coordinator = new TwoPhaseCommitCoordinator(target.backend().log(target.unique("tpc-c")), participants);
        threeParticipants(); // the first call opens connections; not in the measurement
    }

    @Override
    protected void tearDown() {
        coordinator.close();
    }

    @Override
    protected boolean reopenEachIteration() {
        return true;
    }

    @Benchmark
    public TpcResult threeParticipants() {
        TpcResult r = coordinator.execute("tx" + next++, payloads);
        if (!r.committed()) {
            throw new IllegalStateException("transaction " + r.txId() + " did not commit: " + r.reason());
        }
        return r;
    }
}
