package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.choreography.ChoreographyHistory;
import io.dsbench.patterns.saga.choreography.ChoreographyRuntime;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.idempotency.IdempotencyStore;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Conformance rules SAGA-C1..C4: sagas by choreography ({@link io.dsbench.patterns.saga.choreography}) over this
 * backend's {@link io.dsbench.spec.log.DurableLog} (the events), {@link io.dsbench.spec.kv.KeyValueStore} (consumer
 * positions) and {@link io.dsbench.spec.idempotency.IdempotencyStore} (idempotent steps). The flow: four services
 * (order, payment, inventory, shipping), each a step over a ledger of effects so every rule checks net effects
 * exactly. SAGA-C1 and C2 are here; the tracing and comparison rules (C3, C4) in {@link SagaChoreographyTraceRules}.
 * Every rule uses a fresh log, offset namespace and idempotency namespace.
 */
public abstract class SagaChoreographyVerification extends SagaChoreographyTraceRules {

    /**
     * All or nothing when any service fails or crashes mid-flow. Four sagas run at once: (a) payment's process dies
     * inside its step, after the effect and before its idempotency claim is completed (the redelivery finds the
     * claim held, then expired: an unknown outcome, so payment compensates and the saga rolls back); (b) inventory
     * dies after publishing DONE, before committing its position (redelivered: nothing new happens); (c) shipping
     * fails, and inventory dies after its compensation, before publishing COMPENSATED; (d) payment fails, and order
     * dies after publishing COMPENSATED, before committing. A dead instance is replaced by a new one that starts from
     * the committed position. After the flows settle (awaited: every saga at an end and every service has committed
     * the whole log): each saga's steps are all applied (COMPLETED) or all compensated (COMPENSATED), no effect was
     * applied twice, the outcomes are (a) COMPENSATED (b) COMPLETED (c) COMPENSATED (d) COMPENSATED, every planned
     * crash happened, and the events form a well-formed chain.
     * If this fails, check the idempotency store (IDEM-1..3) and the log's conditional append (LOG-8).
     */
    @Test
    @ConformanceRule(id = "SAGA-C1", title = "choreography: all or nothing when any service fails or crashes mid-flow")
    public void required_SAGAC1_allOrNothingDespiteFailuresAndCrashes(TestReporter reporter) {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = choreoIdempotency();
        String a = unique("a");
        String b = unique("b");
        String c = unique("c");
        String d = unique("d");
        CrashPlan crashes = CrashPlan.none()
                .crash("payment", "payment " + a + " " + IN_STEP)
                .crash("inventory", "inventory " + b + " published DONE 2")
                .crash("inventory", "inventory " + c + " compensated step 2")
                .crash("order", "order " + d + " published COMPENSATED 0");
        SagaDefinition def = flow(idem, ledger, crashes);
        Map<String, ChoreographyHistory.Outcome> expected = new LinkedHashMap<>();
        expected.put(a, ChoreographyHistory.Outcome.COMPENSATED);
        expected.put(b, ChoreographyHistory.Outcome.COMPLETED);
        expected.put(c, ChoreographyHistory.Outcome.COMPENSATED);
        expected.put(d, ChoreographyHistory.Outcome.COMPENSATED);
        long start = System.nanoTime();
        try (ChoreographyRuntime rt = runtime(def, "sagac1", Tracing.off(), crashes, e -> { }).startServices()) {
            rt.startSaga(a, Map.of());
            rt.startSaga(b, Map.of());
            rt.startSaga(c, Map.of("fail", "shipping"));
            rt.startSaga(d, Map.of("fail", "payment"));
            ChoreographyHistory h = awaitSettled("SAGA-C1", rt, expected.keySet(), settleBound(idem));
            for (Map.Entry<String, ChoreographyHistory.Outcome> e : expected.entrySet()) {
                ChoreographyHistory.Flow f = h.flow(e.getKey()).orElseThrow();
                assertThat(f.problems()).as("SAGA-C1: saga %s's events %s", f.sagaId(), f.chain()).isEmpty();
                assertAllOrNothing("SAGA-C1", ledger, f);
                assertThat(f.outcome()).as("SAGA-C1: outcome of saga %s (%s)", f.sagaId(), f.chain())
                        .isEqualTo(e.getValue());
            }
            assertThat(crashes.pending()).as("SAGA-C1: planned crashes that did not happen (fired: %s)", crashes.fired())
                    .isEmpty();
            assertThat(rt.stats().restarts().values().stream().mapToLong(Long::longValue).sum())
                    .as("SAGA-C1: instances replaced after a crash").isEqualTo(4);
            publish(reporter, "SAGA-C1.settledMs", Long.toString(since(start).toMillis()));
            publish(reporter, "SAGA-C1.deliveries", rt.stats().toString());
        }
    }

    /**
     * Compensations (and steps) take effect exactly once despite forced redelivery. Two instances of every service
     * consume the log at once (each event is delivered to both: duplicates racing), and four sagas run: three that
     * fail at shipping, inventory and payment (so compensations run) and one that completes. After they settle,
     * every service is replayed from the start of the log (its position rewound to 0: every event delivered again)
     * and the services are awaited quiescent again. Then: FAILED and COMPENSATED events were redelivered (counted),
     * the replay appended no event, each executed step of a rolled-back saga was undone exactly once and applied
     * once, a completed saga was undone never, and every fact is in the log once.
     * If this fails with an effect applied or undone twice, check that the idempotency store keeps completed results
     * (IDEM-2, IDEM-5).
     */
    @Test
    @ConformanceRule(id = "SAGA-C2", title = "choreography: compensations take effect exactly once despite redelivery (duplicate consumers, replay)")
    public void required_SAGAC2_compensationsExactlyOnceDespiteRedelivery(TestReporter reporter) {
        Ledger ledger = new Ledger();
        IdempotencyStore idem = idempotency();
        SagaDefinition def = flow(idem, ledger, CrashPlan.none());
        Map<String, String> failAt = new LinkedHashMap<>();
        failAt.put(unique("f3"), "shipping");
        failAt.put(unique("f2"), "inventory");
        failAt.put(unique("f1"), "payment");
        String ok = unique("ok");
        List<String> all = new java.util.ArrayList<>(failAt.keySet());
        all.add(ok);
        try (ChoreographyRuntime rt = runtime(def, "sagac2", Tracing.off(), CrashPlan.none(), e -> { }).startServices()) {
            for (String s : SERVICES) {
                rt.addInstance(s);
            }
            failAt.forEach((id, service) -> rt.startSaga(id, Map.of("fail", service)));
            rt.startSaga(ok, Map.of());
            ChoreographyHistory before = awaitSettled("SAGA-C2", rt, all, settleBound(idem));
            for (String s : SERVICES) {
                rt.replay(s, 0);
            }
            ChoreographyHistory after = awaitSettled("SAGA-C2 (after the replay)", rt, all, settleBound(idem));
            assertThat(after.lastSequence()).as("SAGA-C2: events in the log after every service was replayed")
                    .isEqualTo(before.lastSequence());
            Map<String, Long> redelivered = rt.stats().redeliveriesByKind();
            assertThat(redelivered.getOrDefault("FAILED", 0L) + redelivered.getOrDefault("COMPENSATED", 0L))
                    .as("SAGA-C2: compensation triggers redelivered (%s)", rt.stats()).isGreaterThanOrEqualTo(6);
            for (String id : all) {
                ChoreographyHistory.Flow f = after.flow(id).orElseThrow();
                assertThat(f.problems()).as("SAGA-C2: saga %s's events %s", id, f.chain()).isEmpty();
                assertAllOrNothing("SAGA-C2", ledger, f);
                int failed = id.equals(ok) ? SERVICES.size() : SERVICES.indexOf(failAt.get(id));
                for (int k = 0; k < SERVICES.size(); k++) {
                    String what = "SAGA-C2: saga " + id + " (" + f.chain() + ") step " + k + " '" + SERVICES.get(k) + "'";
                    int applied = k < failed ? 1 : 0;
                    assertThat(ledger.executes(id, k)).as(what + " applied").isEqualTo(applied);
                    int undone = id.equals(ok) ? 0 : applied;
                    assertThat(ledger.compensates(id, k)).as(what + " undone (exactly once when it was applied)")
                            .isEqualTo(undone);
                }
            }
            publish(reporter, "SAGA-C2.deliveries", rt.stats().toString());
        }
    }
}
