package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.tpc.KeyValueParticipant;
import io.dsbench.patterns.tpc.Participant;
import io.dsbench.patterns.tpc.TpcConfig;
import io.dsbench.patterns.tpc.TpcLog;
import io.dsbench.patterns.tpc.TpcResult;
import io.dsbench.patterns.tpc.TwoPhaseCommitCoordinator;
import io.dsbench.patterns.tpc.Vote;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Conformance rules TPC-1..7 and TRACE-5: the {@link TwoPhaseCommitCoordinator} and
 * {@link KeyValueParticipant}s, each with its own log in this backend's {@link DurableLog} and data in this
 * backend's {@link KeyValueStore}. Coordinator crashes are simulated with a {@link CrashHook}; every rule
 * uses fresh logs and namespaces.
 *
 * <p>This class holds the rules about votes, blocking, idempotency and tracing; the crash, recovery and ownership
 * rules (TPC-3, TPC-4, TPC-7) are inherited from {@link TpcRecoveryRules}, the cluster from {@link TpcKit}. A
 * backend extends this class only.
 */
public abstract class TwoPhaseCommitVerification extends TpcRecoveryRules {

    /**
     * All participants vote yes: every participant commits (its data holds the write, its log PREPARED then
     * COMMITTED), no locks stay held, and the coordinator's log reads BEGIN, DECISION COMMIT, END.
     * If this fails, check the backend's log (LOG-1) and KV puts (KV-2).
     */
    @Test
    @ConformanceRule(id = "TPC-1", title = "all participants vote yes: all commit")
    public void required_TPC1_allYesAllCommit() {
        Cluster c = new Cluster(3);
        String tx = unique("tx");
        try (TwoPhaseCommitCoordinator coord = c.coordinator(CrashHook.NONE)) {
            TpcResult r = coord.execute(tx, c.writes("k", "v"));
            assertThat(r.outcome()).isEqualTo(TpcResult.Outcome.COMMITTED);
            assertThat(r.votes()).containsOnlyKeys("p0", "p1", "p2").allSatisfy((p, v) -> assertThat(v).isEqualTo("yes"));
            assertThat(r.unacknowledged()).isEmpty();
        }
        c.assertCommitted(tx, "k", "v", "TPC-1");
        for (DurableLog log : c.logs) {
            assertThat(types(log, TpcLog.PARTICIPANT)).containsExactly("PREPARED", "COMMITTED");
        }
        assertThat(types(c.coordinatorLog, TpcLog.COORDINATOR)).containsExactly("BEGIN", "DECISION", "END");
        assertThat(TpcLog.read(c.coordinatorLog, TpcLog.COORDINATOR).get(1).detail()).isEqualTo("COMMIT");
    }

    /**
     * One participant votes no: every participant aborts, none has the write, all locks are released, and the
     * reason names the participant and its answer. A participant that does not answer prepare within the
     * timeout counts as a no the same way, and a late prepare of the aborted transaction votes no.
     * If this fails, check the backend's log and KV (LOG-1, KV-2).
     */
    @Test
    @ConformanceRule(id = "TPC-2", title = "any no or a prepare timeout: all abort")
    public void required_TPC2_anyNoOrTimeoutAllAbort() throws Exception {
        Cluster c = new Cluster(3, null, (tx, w) -> Optional.of("insufficient stock"));
        String tx = unique("tx");
        try (TwoPhaseCommitCoordinator coord = c.coordinator(CrashHook.NONE)) {
            TpcResult r = coord.execute(tx, c.writes("k", "v"));
            assertThat(r.outcome()).isEqualTo(TpcResult.Outcome.ABORTED);
            assertThat(r.reason()).contains("p1").contains("insufficient stock");
        }
        c.assertAborted(tx, "k", "a no vote");
        for (KeyValueParticipant p : c.participants) {
            assertThat(p.isAborted(tx)).as(p.id() + " aborted").isTrue();
        }

        Cluster t = new Cluster(3);
        CountDownLatch release = new CountDownLatch(1);
        KeyValueParticipant real = t.participants.get(2);
        Participant hanging = new Participant() {
            @Override
            public String id() {
                return real.id();
            }

            @Override
            public Vote prepare(String txId, byte[] payload) throws Exception {
                release.await();
                return real.prepare(txId, payload);
            }

            @Override
            public void commit(String txId) throws Exception {
                real.commit(txId);
            }

            @Override
            public void abort(String txId) throws Exception {
                real.abort(txId);
            }
        };
        Duration timeout = env.scaled(Duration.ofMillis(300));
        TpcConfig cfg = config().withPrepareTimeout(timeout);
        String tx2 = unique("tx");
        Map<String, byte[]> writes = t.writes("k", "v");
        try (TwoPhaseCommitCoordinator coord = new TwoPhaseCommitCoordinator(t.coordinatorLog,
                List.of(t.participants.get(0), t.participants.get(1), hanging), cfg,
                OpenTelemetry.noop().getTracer("kit"), CrashHook.NONE)) {
            TpcResult r = coord.execute(tx2, writes);
            assertThat(r.outcome()).isEqualTo(TpcResult.Outcome.ABORTED);
            assertThat(r.votes().get("p2")).startsWith("timeout");
            assertThat(r.reason()).contains("p2").contains("timed out");
        } finally {
            release.countDown();
        }
        t.assertAborted(tx2, "k", "a prepare timeout");
        assertThat(real.prepare(tx2, writes.get("p2")).yes()).as("a late prepare of an aborted transaction").isFalse();
        assertThat(real.lockedKeys()).isEmpty();
    }

    /**
     * Blocking: the coordinator dies after every participant voted yes and before it decided. The participants
     * stay prepared, holding their locks, for as long as no one tells them the decision (checked over several
     * lock-wait periods, and across a participant restart: a new instance over its log opened again by name);
     * another transaction on the same key
     * votes no because of the lock. Recovery then tells them, the locks go, and the other transaction can
     * commit. How long the participants were blocked is measured and published.
     * If this fails, check the backend's log (a restarted participant rebuilds its in-doubt state from it).
     */
    @Test
    @ConformanceRule(id = "TPC-5", title = "a participant that voted yes stays prepared, holding its locks, until it learns the decision")
    public void required_TPC5_preparedParticipantBlocksUntilDecision(TestReporter reporter) {
        Cluster c = new Cluster(2);
        String tx1 = unique("tx");
        List<String> points = dryRun(true);
        int beforeDecision = points.indexOf(points.stream().filter(p -> p.endsWith(" before DECISION")).findFirst()
                .orElseThrow()) + 1;
        try (TwoPhaseCommitCoordinator crashing = c.coordinator(CrashHook.crashAt(beforeDecision))) {
            assertThatThrownBy(() -> crashing.execute(tx1, c.writes("k", "v1"))).isInstanceOf(SimulatedCrash.class);
        }
        for (KeyValueParticipant p : c.participants) {
            assertThat(p.inDoubt()).as(p.id() + " is prepared, waiting").containsExactly(tx1);
            assertThat(p.lockHolder("k")).as(p.id() + " holds the lock for " + tx1).contains(tx1);
        }
        Duration observe = lockWait().multipliedBy(3);
        assertThat(env.holdsFor(observe, () -> c.participants.stream()
                .allMatch(p -> p.inDoubt().contains(tx1) && p.lockHolder("k").isPresent())))
                .as("a prepared participant must not decide on its own").isNull();

        DurableLog otherLog = backend.log(unique("tpc-c2"));
        String tx2 = unique("tx");
        try (TwoPhaseCommitCoordinator other = new TwoPhaseCommitCoordinator(otherLog, c.participants, config(),
                OpenTelemetry.noop().getTracer("kit"), CrashHook.NONE)) {
            TpcResult r2 = other.execute(tx2, c.writes("k", "v2"));
            assertThat(r2.outcome()).as("a transaction on the locked key").isEqualTo(TpcResult.Outcome.ABORTED);
            assertThat(r2.reason()).contains("locked by transaction " + tx1);
        }

        KeyValueParticipant restarted = c.restart(0);
        assertThat(restarted.inDoubt()).as("in doubt after a participant restart").containsExactly(tx1);
        assertThat(restarted.lockHolder("k")).as("locks re-taken after a restart").contains(tx1);
        c.participants.set(0, restarted);

        Duration blockedBeforeRecovery = c.participants.get(1).blockedFor(tx1).orElseThrow();
        try (TwoPhaseCommitCoordinator recovering = c.coordinator(CrashHook.NONE)) {
            assertThat(recovering.recover()).singleElement()
                    .satisfies(r -> assertThat(r.outcome()).isEqualTo(TpcResult.Outcome.ABORTED));
        }
        c.assertAborted(tx1, "k", "after recovery");
        Duration blocked = c.participants.get(1).blockedFor(tx1).orElseThrow();
        assertThat(blocked).as("blocked from the yes vote until recovery").isGreaterThanOrEqualTo(blockedBeforeRecovery)
                .isGreaterThanOrEqualTo(observe);
        publish(reporter, "TPC-5.blockedMillis", String.valueOf(blocked.toMillis()));

        String tx3 = unique("tx");
        try (TwoPhaseCommitCoordinator next = new TwoPhaseCommitCoordinator(backend.log(unique("tpc-c3")),
                c.participants, config(), OpenTelemetry.noop().getTracer("kit"), CrashHook.NONE)) {
            assertThat(next.execute(tx3, c.writes("k", "v3")).outcome()).as("after the decision the key is free")
                    .isEqualTo(TpcResult.Outcome.COMMITTED);
        }
        c.assertCommitted(tx3, "k", "v3", "after recovery");
    }

    /**
     * Commit and abort are idempotent at participants: a repeated commit applies nothing more (same data
     * version, same count of applied writes), also when it reaches the participant after a restart (which knows
     * the outcome from its log only), a repeated abort is a no-op, a commit whose acknowledgement was
     * lost is resent by the coordinator and applied once; contradicting messages (abort after commit, commit
     * after abort or without prepare) are refused as protocol violations; an abort of an unknown transaction
     * makes its late prepare vote no.
     * If this fails, check the backend's log and KV versions (KV-3).
     */
    @Test
    @ConformanceRule(id = "TPC-6", title = "commit and abort messages are idempotent at participants")
    public void required_TPC6_commitAndAbortAreIdempotent() throws Exception {
        Cluster c = new Cluster(1);
        KeyValueParticipant p = c.participants.get(0);
        KeyValueStore kv = c.data.get(0);
        String tx = unique("tx");
        byte[] payload = KeyValueParticipant.encodeWrites(Map.of("a", b("1"), "b", b("2")));
        assertThat(p.prepare(tx, payload).yes()).isTrue();
        assertThat(p.prepare(tx, payload).yes()).as("a repeated prepare").isTrue();
        p.commit(tx);
        long version = kv.get("a").orElseThrow().version();
        long applied = p.appliedWrites();
        p.commit(tx);
        assertThat(kv.get("a").orElseThrow().version()).as("a repeated commit must not write again").isEqualTo(version);
        assertThat(p.appliedWrites()).isEqualTo(applied);
        assertThatThrownBy(() -> p.abort(tx)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("protocol violation");
        // the participant restarts after committing, before its acknowledgement left: the coordinator resends the
        // commit to the new instance, which knows the outcome only from its log
        KeyValueParticipant restarted = c.restart(0);
        assertThat(restarted.isCommitted(tx)).as("committed after a restart (replayed from its log)").isTrue();
        restarted.commit(tx);
        assertThat(kv.get("a").orElseThrow().version()).as("a commit resent after a restart must not write again")
                .isEqualTo(version);
        assertThat(restarted.appliedWrites()).as("writes applied by the restarted participant").isZero();

        String tx2 = unique("tx");
        assertThat(p.prepare(tx2, KeyValueParticipant.encodeWrites(Map.of("c", b("3")))).yes()).isTrue();
        p.abort(tx2);
        p.abort(tx2);
        assertThat(p.isAborted(tx2)).isTrue();
        assertThat(kv.get("c")).isEmpty();
        assertThat(p.lockedKeys()).isEmpty();
        assertThatThrownBy(() -> p.commit(tx2)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("protocol violation");
        assertThatThrownBy(() -> p.commit(unique("never-prepared"))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never prepared");
        String tx3 = unique("tx");
        p.abort(tx3);
        assertThat(p.prepare(tx3, KeyValueParticipant.encodeWrites(Map.of("d", b("4")))).yes())
                .as("prepare after an abort of an unknown transaction").isFalse();

        Cluster l = new Cluster(1);
        KeyValueParticipant realP = l.participants.get(0);
        AtomicInteger deliveries = new AtomicInteger();
        Participant lossy = new Participant() {
            @Override
            public String id() {
                return realP.id();
            }

            @Override
            public Vote prepare(String txId, byte[] body) throws Exception {
                return realP.prepare(txId, body);
            }

            @Override
            public void commit(String txId) throws Exception {
                realP.commit(txId);
                if (deliveries.incrementAndGet() == 1) {
                    throw new BackendException(BackendException.Kind.TIMEOUT, true, "commit acknowledgement lost");
                }
            }

            @Override
            public void abort(String txId) throws Exception {
                realP.abort(txId);
            }
        };
        String tx4 = unique("tx");
        try (TwoPhaseCommitCoordinator coord = l.coordinator(List.of(lossy), CrashHook.NONE)) {
            TpcResult r = coord.execute(tx4, Map.of("p0", KeyValueParticipant.encodeWrites(Map.of("e", b("5")))));
            assertThat(r.outcome()).isEqualTo(TpcResult.Outcome.COMMITTED);
            assertThat(r.unacknowledged()).isEmpty();
        }
        assertThat(deliveries.get()).as("the commit was delivered twice").isEqualTo(2);
        assertThat(realP.appliedWrites()).as("and applied once").isEqualTo(1);
    }

    /**
     * A 2PC run is one trace: root {@code 2pc <tx>} with the phases {@code 2pc.prepare} and {@code 2pc.commit}
     * (or {@code 2pc.abort}) as children, each with one span per participant; a no vote has status ERROR.
     * If this fails, check that nothing in the backend's calls replaces the current OpenTelemetry context.
     */
    @Test
    @ConformanceRule(id = "TRACE-5", title = "a 2PC run produces one trace with prepare and commit/abort phases per participant")
    public void required_TRACE5_twoPhaseCommitIsOneTrace() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracer tracer = provider.get("dsbench-kit");
            for (boolean commit : new boolean[] {true, false}) {
                exporter.reset();
                Cluster c = commit ? new Cluster(2) : new Cluster(2, null, (tx, w) -> Optional.of("veto"));
                String tx = unique("tx");
                try (TwoPhaseCommitCoordinator coord = new TwoPhaseCommitCoordinator(c.coordinatorLog, c.participants,
                        config(), tracer, CrashHook.NONE)) {
                    coord.execute(tx, c.writes("k", "v"));
                }
                List<SpanData> spans = exporter.getFinishedSpanItems();
                Set<String> traces = spans.stream().map(SpanData::getTraceId).collect(Collectors.toSet());
                assertThat(traces).as("one trace").hasSize(1);
                String verb = commit ? "commit" : "abort";
                SpanData root = one(spans, "2pc " + tx);
                SpanData prepare = one(spans, "2pc.prepare");
                SpanData decide = one(spans, "2pc." + verb);
                assertThat(prepare.getParentSpanId()).isEqualTo(root.getSpanId());
                assertThat(decide.getParentSpanId()).isEqualTo(root.getSpanId());
                for (String p : List.of("p0", "p1")) {
                    assertThat(one(spans, "prepare " + p).getParentSpanId()).as("prepare " + p).isEqualTo(prepare.getSpanId());
                    assertThat(one(spans, verb + " " + p).getParentSpanId()).as(verb + " " + p).isEqualTo(decide.getSpanId());
                }
                assertThat(spans).hasSize(7);
                assertThat(one(spans, "prepare p1").getStatus().getStatusCode())
                        .isEqualTo(commit ? StatusCode.UNSET : StatusCode.ERROR);
            }
        }
    }

    private static SpanData one(List<SpanData> spans, String name) {
        List<SpanData> found = spans.stream().filter(s -> s.getName().equals(name)).toList();
        assertThat(found).as("spans named '" + name + "' among " + spans.stream().map(SpanData::getName).toList())
                .hasSize(1);
        return found.get(0);
    }
}
