package io.dsbench.conformance;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaLog;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaResult;
import io.dsbench.patterns.saga.choreography.ChoreoEvent;
import io.dsbench.patterns.saga.choreography.ChoreographyHistory;
import io.dsbench.patterns.saga.choreography.ChoreographyRuntime;
import io.dsbench.patterns.saga.choreography.EventLog;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * SAGA-C3 (the flow reconstructed from the events, one trace across the services) and SAGA-C4 (orchestration and
 * choreography on the same business flow, measured side by side). Part of {@link SagaChoreographyVerification}.
 */
public abstract class SagaChoreographyTraceRules extends SagaChoreographyKit {
    private static final AttributeKey<String> SAGA_ID = AttributeKey.stringKey("saga.id");
    private static final AttributeKey<String> SERVICE = AttributeKey.stringKey("dsbench.service");
    private static final AttributeKey<Long> EVENT_SEQUENCE = AttributeKey.longKey("dsbench.event.sequence");

    /** Runs of each flow per style in SAGA-C4 (a real server's flows take tens of milliseconds each). */
    private static final int RUNS = 2;

    private static final List<String> SUCCESS_CHAIN = List.of("STARTED (initiator)", "DONE 0 (order)", "DONE 1 (payment)",
            "DONE 2 (inventory)", "DONE 3 (shipping)");
    private static final List<String> ROLLBACK_CHAIN = List.of("STARTED (initiator)", "DONE 0 (order)",
            "DONE 1 (payment)", "DONE 2 (inventory)", "FAILED 3 (shipping)", "COMPENSATED 2 (inventory)",
            "COMPENSATED 1 (payment)", "COMPENSATED 0 (order)");

    /**
     * The flow can be reconstructed from the events alone, and the services' spans form one trace. A saga that
     * completes and one whose last step fails run one after the other (13 events in the log). Read back from the
     * log: each saga's events are exactly the chain the reactions predict, each naming a cause read before it, the
     * step states agree with the services' ledger, and the log holds nothing else. Traced: each saga is one trace
     * (the two are different traces) with a handling span in every service; each handling span's parent is the span
     * whose context the delivered event carries, a span of the service that published that event; and every event
     * carries the context of a handling span of its publisher.
     * If this fails with events out of order, check the log's read order (LOG-1).
     */
    @Test
    @ConformanceRule(id = "SAGA-C3", title = "choreography: the flow is reconstructed from the events, and one trace links the services")
    public void required_SAGAC3_flowReconstructedFromEventsOneTrace() {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        try (SdkTracerProvider provider = SdkTracerProvider.builder()
                .addSpanProcessor(SimpleSpanProcessor.create(exporter)).build()) {
            Tracing tracing = Tracing.of(provider.get("dsbench-kit"));
            Ledger ledger = new Ledger();
            IdempotencyStore idem = idempotency();
            SagaDefinition def = flow(idem, ledger, CrashPlan.none());
            String ok = unique("ok");
            String rolled = unique("rb");
            ChoreographyHistory h;
            try (ChoreographyRuntime rt = runtime(def, "sagac3", tracing, CrashPlan.none(), e -> { }).startServices()) {
                rt.startSaga(ok, Map.of("item", "42"));
                awaitSettled("SAGA-C3", rt, List.of(ok), settleBound(idem));
                rt.startSaga(rolled, Map.of("item", "43", "fail", "shipping"));
                h = awaitSettled("SAGA-C3", rt, List.of(ok, rolled), settleBound(idem));
            }
            ChoreographyHistory.Flow f1 = h.flow(ok).orElseThrow();
            ChoreographyHistory.Flow f2 = h.flow(rolled).orElseThrow();
            for (ChoreographyHistory.Flow f : List.of(f1, f2)) {
                assertThat(f.problems()).as("SAGA-C3: saga %s reconstructed from %s", f.sagaId(), f.chain()).isEmpty();
                for (int k = 0; k < SERVICES.size(); k++) {
                    int net = f.states().get(k) == ChoreographyHistory.StepState.DONE ? 1 : 0;
                    assertThat(ledger.net(f.sagaId(), k)).as("SAGA-C3: saga %s step %d is %s in the events", f.sagaId(), k,
                            f.states().get(k)).isEqualTo(net);
                }
            }
            assertThat(f1.chain()).as("SAGA-C3: the completed saga's events").containsExactlyElementsOf(SUCCESS_CHAIN);
            assertThat(f1.outcome()).isEqualTo(ChoreographyHistory.Outcome.COMPLETED);
            assertThat(f2.chain()).as("SAGA-C3: the rolled-back saga's events").containsExactlyElementsOf(ROLLBACK_CHAIN);
            assertThat(f2.outcome()).isEqualTo(ChoreographyHistory.Outcome.COMPENSATED);
            assertThat(f2.events().get(4).event().detail()).as("SAGA-C3: the failure's reason").contains("shipping refuses");
            assertThat(h.flows().keySet()).as("SAGA-C3: sagas in the log").containsExactly(ok, rolled);
            assertThat(h.lastSequence()).as("SAGA-C3: events in the log").isEqualTo(SUCCESS_CHAIN.size() + ROLLBACK_CHAIN.size());
            List<SpanData> spans = exporter.getFinishedSpanItems();
            String t1 = assertOneTrace(f1, spans);
            String t2 = assertOneTrace(f2, spans);
            assertThat(t1).as("SAGA-C3: two sagas, two traces").isNotEqualTo(t2);
        }
    }

    /** Checks the links between the saga's events and spans; returns its trace id. */
    private static String assertOneTrace(ChoreographyHistory.Flow f, List<SpanData> all) {
        Set<String> traces = all.stream().filter(s -> f.sagaId().equals(s.getAttributes().get(SAGA_ID)))
                .map(SpanData::getTraceId).collect(Collectors.toSet());
        assertThat(traces).as("SAGA-C3: traces of saga %s", f.sagaId()).hasSize(1);
        String trace = traces.iterator().next();
        List<SpanData> spans = all.stream().filter(s -> s.getTraceId().equals(trace)).toList();
        Map<String, SpanData> byId = spans.stream().collect(Collectors.toMap(SpanData::getSpanId, s -> s));
        Map<Long, ChoreoEvent> events = f.events().stream()
                .collect(Collectors.toMap(EventLog.Delivered::sequence, EventLog.Delivered::event));
        List<SpanData> handlings = spans.stream().filter(s -> s.getName().startsWith("choreo.handle")).toList();
        assertThat(handlings.stream().map(s -> s.getAttributes().get(SERVICE)).collect(Collectors.toSet()))
                .as("SAGA-C3: services with a handling span in saga %s's trace", f.sagaId())
                .containsExactlyInAnyOrderElementsOf(SERVICES);
        assertThat(handlings).as("SAGA-C3: one handling per reaction of saga %s", f.sagaId()).hasSize(f.events().size() - 1);
        for (SpanData s : handlings) {
            ChoreoEvent delivered = events.get(s.getAttributes().get(EVENT_SEQUENCE));
            assertThat(delivered).as("SAGA-C3: span %s names an event of saga %s", s.getName(), f.sagaId()).isNotNull();
            SpanData parent = byId.get(s.getParentSpanId());
            assertThat(parent).as("SAGA-C3: the parent of span %s (in trace %s)", s.getName(), trace).isNotNull();
            assertThat(s.getParentSpanId()).as("SAGA-C3: span %s's parent is the span the event %s carries", s.getName(),
                    delivered.label()).isEqualTo(spanIdOf(delivered));
            assertThat(parent.getAttributes().get(SERVICE)).as("SAGA-C3: the service of span %s's parent", s.getName())
                    .isEqualTo(delivered.service());
        }
        for (EventLog.Delivered d : f.events()) {
            SpanData publisher = byId.get(spanIdOf(d.event()));
            assertThat(publisher).as("SAGA-C3: the span that published %s is in the trace", d.event().label()).isNotNull();
            assertThat(publisher.getAttributes().get(SERVICE)).as("SAGA-C3: service of the span that published %s",
                    d.event().label()).isEqualTo(d.event().service());
        }
        return trace;
    }

    private static String spanIdOf(ChoreoEvent e) {
        String tp = e.trace().getOrDefault("traceparent", "");
        String[] parts = tp.split("-");
        assertThat(parts).as("SAGA-C3: the W3C traceparent carried by %s: '%s'", e.label(), tp).hasSize(4);
        return parts[2];
    }

    /**
     * Orchestration and choreography on the same business flow (the same four steps, the same {@link SagaDefinition}
     * over the same ledger): a saga that completes and one whose third step fails, each run twice per style. Both
     * styles must reach the same end state (every step's net effect equal), and the message counts must be what each
     * design predicts: for n = 4 steps, the orchestrator's saga log holds 2n + 2 records on success and 4k + 4 when
     * step k = 2 fails; choreography publishes n + 1 and 2k + 2 events. Measured and published, not asserted: the time
     * from start to consistency (the orchestrator's run returned; the terminal event published), the step calls, and
     * the deliveries (every service reads every event); times as fastest..slowest run.
     */
    @Test
    @ConformanceRule(id = "SAGA-C4", title = "choreography vs orchestration on one flow: same end state, the predicted message counts; times measured")
    public void required_SAGAC4_comparedWithOrchestration(TestReporter reporter) {
        int n = SERVICES.size();
        int k = 2;
        Ledger ledger = new Ledger();
        IdempotencyStore idem = idempotency();
        SagaDefinition def = flow(idem, ledger, CrashPlan.none());
        DurableLog sagaLog = backend.log(unique("sagac4-orch"));
        SagaOrchestrator orch = orchestrator(sagaLog, def, fastConfig(), CrashHook.NONE);
        Map<String, Long> terminal = new ConcurrentHashMap<>();
        List<Long> orchOk = new ArrayList<>();
        List<Long> orchFail = new ArrayList<>();
        List<Long> choreoOk = new ArrayList<>();
        List<Long> choreoFail = new ArrayList<>();
        long deliveriesBefore;
        try (ChoreographyRuntime rt = runtime(def, "sagac4", Tracing.off(), CrashPlan.none(), e -> {
            boolean end = (e.kind() == ChoreoEvent.Kind.DONE && e.step() == n - 1)
                    || (e.step() == 0 && e.kind() != ChoreoEvent.Kind.DONE);
            if (end) {
                terminal.putIfAbsent(e.sagaId(), System.nanoTime());
            }
        }).startServices()) {
            deliveriesBefore = rt.stats().reads();
            for (int rep = 0; rep < RUNS; rep++) {
                for (boolean fails : new boolean[] {false, true}) {
                    Map<String, String> input = fails ? Map.of("fail", SERVICES.get(k)) : Map.of();
                    String o = unique("o");
                    long t0 = System.nanoTime();
                    SagaResult r = orch.run("order", o, input);
                    (fails ? orchFail : orchOk).add(System.nanoTime() - t0);
                    assertThat(r.outcome()).as("SAGA-C4: the orchestrated saga").isEqualTo(
                            fails ? SagaResult.Outcome.COMPENSATED : SagaResult.Outcome.COMPLETED);
                    long records = SagaLog.records(sagaLog).stream().filter(x -> x.sagaId().equals(o)).count();
                    assertThat(records).as("SAGA-C4: orchestrator saga-log records (%s)", fails ? "4k + 4" : "2n + 2")
                            .isEqualTo(fails ? 4L * k + 4 : 2L * n + 2);
                    String c = unique("c");
                    long t1 = System.nanoTime();
                    rt.startSaga(c, input);
                    ChoreographyHistory h = awaitSettled("SAGA-C4", rt, List.of(c), settleBound(idem));
                    (fails ? choreoFail : choreoOk).add(terminal.get(c) - t1);
                    ChoreographyHistory.Flow f = h.flow(c).orElseThrow();
                    assertThat(f.outcome()).as("SAGA-C4: the choreographed saga (%s)", f.chain()).isEqualTo(fails
                            ? ChoreographyHistory.Outcome.COMPENSATED : ChoreographyHistory.Outcome.COMPLETED);
                    assertThat(f.events()).as("SAGA-C4: choreography events (%s): %s", fails ? "2k + 2" : "n + 1",
                            f.chain()).hasSize(fails ? 2 * k + 2 : n + 1);
                    for (int j = 0; j < n; j++) {
                        assertThat(ledger.net(c, j)).as("SAGA-C4: step %d's net effect, choreography vs orchestration", j)
                                .isEqualTo(ledger.net(o, j));
                    }
                }
            }
            long deliveries = rt.stats().reads() - deliveriesBefore;
            long events = (long) RUNS * ((n + 1) + (2L * k + 2));
            publish(reporter, "SAGA-C4.success", String.format("orchestration: %d saga-log records, %d step calls,"
                    + " %s ms; choreography: %d events, %s ms", 2 * n + 2, n, spread(orchOk), n + 1,
                    spread(choreoOk)));
            publish(reporter, "SAGA-C4.failureAtStep" + k, String.format("orchestration: %d saga-log records, %d step"
                    + " calls + %d compensation calls, %s ms; choreography: %d events, %s ms",
                    4 * k + 4, k + 1, k, spread(orchFail), 2 * k + 2, spread(choreoFail)));
            publish(reporter, "SAGA-C4.choreographyDeliveries", deliveries + " reads of " + events + " events by " + n
                    + " services (" + rt.stats() + ")");
        }
    }

    /** The runs' times, e.g. {@code 12.1..14.0} (fastest..slowest, ms). */
    private static String spread(List<Long> nanos) {
        List<Long> s = nanos.stream().sorted().toList();
        return String.format("%.1f..%.1f", s.get(0) / 1e6, s.get(s.size() - 1) / 1e6);
    }
}
