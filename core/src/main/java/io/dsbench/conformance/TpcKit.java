package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.tpc.KeyValueParticipant;
import io.dsbench.patterns.tpc.Participant;
import io.dsbench.patterns.tpc.TpcConfig;
import io.dsbench.patterns.tpc.TpcLog;
import io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
/**
 * What the two-phase commit rules share: a cluster of {@link KeyValueParticipant}s, each with its own log in this
 * backend's {@link DurableLog} and data in this backend's {@link KeyValueStore}, coordinators over a shared
 * coordinator log, and assertions on the outcome. The rules are in {@link TpcRecoveryRules} (crashes, recovery,
 * ownership) and {@link TwoPhaseCommitVerification} (votes, blocking, idempotency, tracing).
 */
public abstract class TpcKit extends AbstractVerification {

    protected static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    protected static String s(Optional<Versioned> v) {
        return v.map(x -> new String(x.value(), StandardCharsets.UTF_8)).orElse(null);
    }

    protected Duration lockWait() {
        return env.scaled(Duration.ofMillis(200));
    }

    protected TpcConfig config() {
        RemoteCalls.Settings fast = new RemoteCalls.Settings(env.scaled(Duration.ofSeconds(5)), 4, Duration.ofMillis(20),
                2.0, 0.5, Duration.ofMillis(500));
        return new TpcConfig(fast.withTimeout(env.scaled(Duration.ofSeconds(3))).withMaxAttempts(1), fast, fast);
    }

    /** Participants p0..p(n-1), each with its own log and data namespace. */
    protected final class Cluster {
        final List<KeyValueParticipant> participants = new ArrayList<>();
        final List<DurableLog> logs = new ArrayList<>();
        final List<KeyValueStore> data = new ArrayList<>();
        private final List<String> logNames = new ArrayList<>();
        private final List<String> dataNames = new ArrayList<>();
        final DurableLog coordinatorLog = backend.log(unique("tpc-c"));

        Cluster(int n, KeyValueParticipant.PrepareCheck... checks) {
            for (int i = 0; i < n; i++) {
                logNames.add(unique("tpc-p" + i));
                dataNames.add(unique("tpc-d" + i));
                DurableLog log = backend.log(logNames.get(i));
                KeyValueStore kv = backend.keyValue(dataNames.get(i));
                KeyValueParticipant.PrepareCheck check = i < checks.length && checks[i] != null ? checks[i]
                        : (tx, w) -> Optional.empty();
                participants.add(new KeyValueParticipant("p" + i, log, kv, lockWait(), check, RemoteCalls.defaults()));
                logs.add(log);
                data.add(kv);
            }
        }

        /**
         * Participant {@code i} restarted: a new instance over its log and data opened again by name, as a restarted
         * process would (it knows its transactions from the log only). Not put into {@link #participants}.
         */
        KeyValueParticipant restart(int i) {
            return new KeyValueParticipant(participants.get(i).id(), backend.log(logNames.get(i)),
                    backend.keyValue(dataNames.get(i)), lockWait(), (tx, w) -> Optional.empty(), RemoteCalls.defaults());
        }

        TwoPhaseCommitCoordinator coordinator(CrashHook crash) {
            return coordinator(participants, crash);
        }

        TwoPhaseCommitCoordinator coordinator(List<? extends Participant> ps, CrashHook crash) {
            return new TwoPhaseCommitCoordinator(coordinatorLog, ps, config(), OpenTelemetry.noop().getTracer("kit"), crash);
        }

        /** Writes {@code key=value} on every participant. */
        Map<String, byte[]> writes(String key, String value) {
            Map<String, byte[]> m = new LinkedHashMap<>();
            for (KeyValueParticipant p : participants) {
                m.put(p.id(), KeyValueParticipant.encodeWrites(Map.of(key, b(value + "@" + p.id()))));
            }
            return m;
        }

        void assertCommitted(String tx, String key, String value, String where) {
            for (int i = 0; i < participants.size(); i++) {
                KeyValueParticipant p = participants.get(i);
                assertThat(p.isCommitted(tx)).as(where + ": " + p.id() + " committed " + tx).isTrue();
                assertThat(s(data.get(i).get(key))).as(where + ": " + p.id() + " data").isEqualTo(value + "@" + p.id());
                assertThat(p.inDoubt()).as(where + ": " + p.id() + " in doubt").isEmpty();
                assertThat(p.lockedKeys()).as(where + ": " + p.id() + " locks").isEmpty();
            }
        }

        void assertAborted(String tx, String key, String where) {
            for (int i = 0; i < participants.size(); i++) {
                KeyValueParticipant p = participants.get(i);
                assertThat(p.isCommitted(tx)).as(where + ": " + p.id() + " must not commit " + tx).isFalse();
                assertThat(data.get(i).get(key)).as(where + ": " + p.id() + " data").isEmpty();
                assertThat(p.inDoubt()).as(where + ": " + p.id() + " in doubt").isEmpty();
                assertThat(p.lockedKeys()).as(where + ": " + p.id() + " locks").isEmpty();
            }
        }
    }

    protected static List<String> types(DurableLog log, String format) {
        return TpcLog.read(log, format).stream().map(TpcLog::type).toList();
    }
}
