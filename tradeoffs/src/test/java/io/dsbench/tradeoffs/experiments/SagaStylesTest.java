package io.dsbench.tradeoffs.experiments;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.saga.OrderFlow;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-saga counts of both styles on the in-memory backend: what the flow's design predicts, saga by saga. */
class SagaStylesTest {
    private static final int N = OrderFlow.SERVICES.size();

    @Test
    void eachSagasMessagesStepsAndRecordersAreWhatTheFlowPredicts() throws Exception {
        List<SagaStyles.Plan> orchPlans = new ArrayList<>();
        List<SagaStyles.Plan> choreoPlans = new ArrayList<>();
        for (int k = 1; k <= N; k++) {
            Map<String, String> input = k == N ? Map.of() : Map.of(OrderFlow.FAIL, OrderFlow.SERVICES.get(k));
            orchPlans.add(new SagaStyles.Plan("o" + k, input, k < N));
            choreoPlans.add(new SagaStyles.Plan("c" + k, input, k < N));
        }
        try (Backend backend = Backends.open(BackendConfig.managed("inmemory")); SagaTraces traces = new SagaTraces()) {
            SagaStyles styles = new SagaStyles(backend, "t", traces, Duration.ofSeconds(30));
            SagaStyles.Run orch = styles.orchestrate(List.of(), orchPlans, Long.MAX_VALUE, orchPlans.size());
            SagaStyles.Run choreo;
            SagaStyles.Run crashed;
            long redeliveriesBefore;
            long redeliveries;
            long restarts;
            try (SagaStyles.Choreography c = styles.new Choreography()) {
                List<Long> nanos = new ArrayList<>();
                for (SagaStyles.Plan p : choreoPlans) {
                    nanos.add(c.run(p, null));
                }
                choreo = c.collect(choreoPlans, nanos);
                redeliveriesBefore = c.redeliveries();
                SagaStyles.Plan k = new SagaStyles.Plan("k", Map.of(), false);
                crashed = c.collect(List.of(k), List.of(c.run(k, "inventory")));
                redeliveries = c.redeliveries() - redeliveriesBefore;
                restarts = c.restarts();
            }
            for (int i = 0; i < N; i++) {
                SagaStyles.Saga o = orch.sagas().get(i);
                SagaStyles.Saga c = choreo.sagas().get(i);
                boolean fails = o.plan().fails();
                int k = i + 1; // the refusing step when it fails
                String what = fails ? "failing at step " + k : "completing";
                assertThat(o.messages() - o.deliveries()).as("saga-log records, " + what)
                        .isEqualTo(fails ? 4 * k + 4 : 2 * N + 2);
                assertThat(o.deliveries()).as("step calls, " + what).isEqualTo(fails ? 2 * k + 1 : N);
                assertThat(c.messages()).as("events, " + what).isEqualTo(fails ? 2 * k + 2 : N + 1);
                assertThat(c.stepsRun()).as("steps run, " + what).isEqualTo(o.stepsRun()).isEqualTo(o.deliveries());
                assertThat(o.traces()).as("traces of the orchestrated saga").isEqualTo(1);
                assertThat(c.traces()).as("traces of the choreographed saga").isEqualTo(1);
                assertThat(o.processes()).as("processes recording the orchestrated saga").isEqualTo(1);
                assertThat(c.processes()).as("the initiator and the services reached, " + what)
                        .isEqualTo(fails ? k + 2 : N + 1);
            }
            assertThat(orch.callsByProcess()).containsKeys(SagaStyles.ORCHESTRATOR, "order", "shipping");
            assertThat(choreo.callsByProcess()).containsKeys(SagaStyles.INITIATOR, "order", "shipping")
                    .doesNotContainKey(SagaStyles.ORCHESTRATOR);
            SagaStyles.Saga k = crashed.sagas().get(0);
            assertThat(restarts).as("the killed service restarted once").isEqualTo(1);
            assertThat(redeliveries).as("its step's trigger delivered again").isGreaterThanOrEqualTo(1);
            assertThat(k.messages()).as("events of the saga with a crash (each fact once)").isEqualTo(N + 1);
            assertThat(k.stepsRun()).as("steps run despite the redelivery").isEqualTo(N);
        }
    }
}
