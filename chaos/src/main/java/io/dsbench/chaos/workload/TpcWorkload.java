package io.dsbench.chaos.workload;

import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.history.Keyword;
import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.tpc.KeyValueParticipant;
import io.dsbench.patterns.tpc.TpcConfig;
import io.dsbench.patterns.tpc.TpcResult;
import io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator;
import io.dsbench.spi.Backend;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * {@code 2pc}: two-phase commit ({@link TwoPhaseCommitCoordinator}) over {@value #PARTICIPANTS}
 * {@link KeyValueParticipant}s, every log and every participant's data in the backend, while the nemeses hit the
 * servers and the coordinator itself is killed. Each step is one transaction writing key {@code t<id>} at every
 * participant; a tenth of them are vetoed by one participant (they must abort); a tenth have their coordinator
 * killed at a random boundary ({@link CrashHook}), which leaves the participants that voted yes <em>blocked</em>
 * (prepared, locks held) until a recovery tells them the outcome. Every {@value #RECOVER_EVERY}th step a fresh
 * coordinator runs {@code recover()}. After healing: a last recovery, then a read of every transaction's key at
 * every participant, with how long each participant was blocked. Checked by {@link TpcChecker}: atomicity (all
 * participants or none), consistent with the decision, one decision per transaction, nothing left in doubt; the
 * blocked times are reported.
 *
 * <p>Ops: {@code :tx id} (ok {@code :committed}/{@code :aborted}; info when the coordinator was killed or
 * failed), {@code :recover} and {@code :final-recover} (ok: a list of {@code [id outcome]}), {@code :final-read}
 * (ok: a list of {@code [id participant present blocked-ms in-doubt]}, blocked-ms -1 when it never voted yes).
 */
public final class TpcWorkload implements Workload {
    static final int PARTICIPANTS = 3;
    static final int RECOVER_EVERY = 100;

    private final Backend backend;
    private final List<KeyValueParticipant> participants = new ArrayList<>();
    private final TpcConfig config;
    private final TwoPhaseCommitCoordinator coordinator;
    private final ConcurrentSkipListSet<Long> started = new ConcurrentSkipListSet<>();

    public TpcWorkload(Backend backend) {
        this.backend = backend;
        RemoteCalls.Settings patient = new RemoteCalls.Settings(Duration.ofSeconds(3), 20, Duration.ofMillis(100),
                2.0, 0.5, Duration.ofSeconds(1));
        for (int i = 0; i < PARTICIPANTS; i++) {
            participants.add(new KeyValueParticipant("p" + i, backend.log("chaos-2pc-p" + i),
                    backend.keyValue("chaos-2pc-p" + i), Duration.ofMillis(500),
                    (tx, writes) -> writes.containsKey("veto") ? Optional.of("vetoed") : Optional.empty(),
                    RemoteCalls.of(patient.withMaxAttempts(5))));
        }
        this.config = new TpcConfig(patient.withMaxAttempts(2), patient, patient);
        this.coordinator = coordinator(CrashHook.NONE);
    }

    private TwoPhaseCommitCoordinator coordinator(CrashHook crash) {
        return new TwoPhaseCommitCoordinator(backend.log("chaos-2pc-coordinator"), participants, config,
                OpenTelemetry.noop().getTracer("chaos-2pc"), crash);
    }

    @Override
    public String name() {
        return "2pc";
    }

    /** A transaction is about 15 round trips (two logs per participant, the coordinator's log, the writes). */
    @Override
    public double defaultMinRate(double rate) {
        return rate / 20;
    }

    @Override
    public void step(HistoryRecorder.Client c, Random rnd, long seq) {
        if (seq > 0 && seq % RECOVER_EVERY == 0) {
            recover(c, "recover");
            return;
        }
        int veto = rnd.nextInt(10) == 0 ? rnd.nextInt(PARTICIPANTS) : -1;
        boolean crash = rnd.nextInt(10) == 0;
        Map<String, byte[]> payloads = new LinkedHashMap<>();
        for (int i = 0; i < PARTICIPANTS; i++) {
            Map<String, byte[]> writes = new LinkedHashMap<>();
            writes.put("t" + seq, Long.toString(seq).getBytes(StandardCharsets.UTF_8));
            if (i == veto) {
                writes.put("veto", new byte[] {1});
            }
            payloads.put("p" + i, KeyValueParticipant.encodeWrites(writes));
        }
        started.add(seq);
        c.invoke("tx", seq);
        TwoPhaseCommitCoordinator co = crash ? coordinator(CrashHook.crashAt(1 + rnd.nextInt(4 + PARTICIPANTS)))
                : coordinator;
        try {
            TpcResult r = co.execute("x" + seq, payloads);
            c.ok(new Keyword(r.committed() ? "committed" : "aborted"));
        } catch (SimulatedCrash e) {
            c.info(null, ":killed " + e.getMessage());
        } catch (RuntimeException e) {
            c.failed(e, true);
        } finally {
            if (co != coordinator) {
                co.close();
            }
        }
    }

    private boolean recover(HistoryRecorder.Client c, String f) {
        c.invoke(f, null);
        try (TwoPhaseCommitCoordinator co = coordinator(CrashHook.NONE)) {
            List<Object> out = new ArrayList<>();
            for (TpcResult r : co.recover()) {
                out.add(List.of(Long.parseLong(r.txId().substring(1)),
                        new Keyword(r.committed() ? "committed" : "aborted")));
            }
            c.ok(out);
            return true;
        } catch (RuntimeException e) {
            c.fail(null, e.getClass().getSimpleName() + ": " + e.getMessage());
            return false;
        }
    }

    @Override
    public void finish(HistoryRecorder rec) throws InterruptedException {
        HistoryRecorder.Client c = rec.client();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!recover(c, "final-recover") && System.nanoTime() - deadline < 0) {
            Thread.sleep(500); // the deployment is still recovering: retry the recovery
        }
        coordinator.close();
        c.invoke("final-read", null);
        List<Object> rows = new ArrayList<>();
        List<java.util.Set<String>> inDoubt = new ArrayList<>();
        List<io.dsbench.spec.kv.KeyValueStore> data = new ArrayList<>();
        for (int i = 0; i < PARTICIPANTS; i++) {
            inDoubt.add(new java.util.HashSet<>(participants.get(i).inDoubt()));
            data.add(backend.keyValue("chaos-2pc-p" + i));
        }
        for (long t : started) {
            for (int i = 0; i < PARTICIPANTS; i++) {
                KeyValueParticipant p = participants.get(i);
                io.dsbench.spec.kv.KeyValueStore kv = data.get(i);
                boolean doubt = inDoubt.get(i).contains("x" + t);
                long tx = t;
                long participant = i;
                try {
                    rows.add(FinalReads.retry(deadline, () -> {
                        boolean present = kv.get("t" + tx).isPresent();
                        long blocked = p.blockedFor("x" + tx).map(Duration::toMillis).orElse(-1L);
                        return List.of(tx, participant, present ? 1L : 0L, blocked, doubt ? 1L : 0L);
                    }));
                } catch (RuntimeException e) {
                    c.fail(null, "final read failed at transaction " + t + ": " + e.getMessage());
                    return;
                }
            }
        }
        c.ok(rows);
    }
}
