package io.dsbench.patterns.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.spec.log.DurableLog;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SagaLogTest {
    @Test
    void record_roundTrips_oddCharacters() {
        for (String detail : List.of("", "-", "a b;c=d&e", "ünïcødé / slash", "%2D", "+")) {
            SagaLogRecord r = new SagaLogRecord(SagaLogRecord.Type.STEP_FAILED, "id with space", "order", 3, detail);
            assertThat(SagaLogRecord.decode("log", 1, r.encode())).isEqualTo(r);
        }
    }

    @Test
    void decode_notASagaRecord_namesLogAndSequence() {
        assertThatThrownBy(() -> SagaLogRecord.decode("orders", 17, "hello world".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("log 'orders' record 17")
                .hasMessageContaining("saga/1");
        assertThatThrownBy(() -> SagaLogRecord.decode("orders", 5,
                "saga/1 BOGUS id name 1 -".getBytes(StandardCharsets.UTF_8)))
                .hasMessageContaining("record 5 is malformed");
    }

    @Test
    void states_replay_isIdempotentForDuplicates() {
        DurableLog log = new TinyBackend().log("l");
        SagaLogRecord started = new SagaLogRecord(SagaLogRecord.Type.STARTED, "s1", "order", -1, "2;a=1&b=x+y");
        SagaLogRecord s0 = new SagaLogRecord(SagaLogRecord.Type.STEP_STARTED, "s1", "order", 0, "");
        SagaLogRecord d0 = new SagaLogRecord(SagaLogRecord.Type.STEP_DONE, "s1", "order", 0, "");
        for (SagaLogRecord r : List.of(started, s0, s0, d0, s0, d0)) {
            log.append(r.encode());
        }
        SagaState st = SagaLog.states(log).get("s1");
        assertThat(st.stepCount()).isEqualTo(2);
        assertThat(st.input()).isEqualTo(Map.of("a", "1", "b", "x y"));
        assertThat(st.step(0)).isEqualTo(SagaState.StepStatus.DONE);
        assertThat(st.step(1)).isEqualTo(SagaState.StepStatus.NOT_STARTED);
        assertThat(st.finished()).isEmpty();
        assertThat(st.compensating()).isFalse();
    }

    @Test
    void definition_validation() {
        SagaStep a = SagaStep.of("a", c -> { }, c -> { });
        assertThatThrownBy(() -> SagaDefinition.of("x")).hasMessageContaining("has no steps");
        assertThatThrownBy(() -> SagaDefinition.of("x", a, a)).hasMessageContaining("duplicate name 'a'");
        assertThatThrownBy(() -> SagaDefinition.of("has space", a)).hasMessageContaining("whitespace");
    }

    @Test
    void orchestrator_unknownSaga_clearError() {
        SagaOrchestrator o = new SagaOrchestrator(new TinyBackend().log("l"),
                List.of(SagaDefinition.of("order", SagaStep.of("a", c -> { }, c -> { }))));
        assertThatThrownBy(() -> o.run("refund", "id", Map.of())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'refund' is not a known saga").hasMessageContaining("order");
    }

    @Test
    void recovery_unknownDefinition_clearError() {
        DurableLog log = new TinyBackend().log("l");
        log.append(new SagaLogRecord(SagaLogRecord.Type.STARTED, "s1", "gone", -1, "1;").encode());
        SagaOrchestrator o = new SagaOrchestrator(log, List.of(SagaDefinition.of("order", SagaStep.of("a", c -> { }, c -> { }))));
        assertThatThrownBy(o::recover).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("saga 's1'").hasMessageContaining("'gone' is unknown");
    }
}
