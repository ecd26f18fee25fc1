package io.dsbench.chaos;

import static io.dsbench.chaos.HandMadeHistory.kw;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.workload.Checkers;
import io.dsbench.chaos.workload.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The saga checker on hand-made histories: all-or-nothing per saga, data consistent with the reported outcome
 * (from the run or from a recovery), no step executed or compensated twice, one outcome per saga.
 */
class SagaCheckerTest {
    /** Final-read rows {@code [saga step executions compensations]} for 3 steps. */
    private static List<Object> rows(long saga, long... ec) {
        List<Object> out = new ArrayList<>();
        for (int k = 0; k < 3; k++) {
            out.add(List.of(saga, (long) k, ec[2 * k], ec[2 * k + 1]));
        }
        return out;
    }

    @SafeVarargs
    private static List<Object> all(List<Object>... parts) {
        List<Object> out = new ArrayList<>();
        for (List<Object> p : parts) {
            out.addAll(p);
        }
        return out;
    }

    @Test
    void completedCompensatedAndRecoveredSagasWithMatchingDataAreValid() {
        Outcome o = Checkers.check("saga", new HandMadeHistory()
                .ok(0, "saga", 1L, 0, kw("completed"), 10)
                .ok(1, "saga", 2L, 0, kw("compensated"), 10)
                .info(2, "saga", 3L, 0, ":killed saga g3 after STEP_DONE 0", 5)
                .ok(3, "recover", null, 20, List.of(List.of(3L, kw("compensated"))), 30)
                .ok(4, "final-recover", null, 40, List.of(), 50)
                .ok(4, "final-read", null, 60, all(rows(1, 1, 0, 1, 0, 1, 0), rows(2, 1, 1, 1, 1, 0, 0),
                        rows(3, 1, 1, 0, 0, 0, 0)), 70)
                .history());
        assertThat(o.verdict()).as(o.summary()).isEqualTo("valid");
        assertThat(o.anomalies()).containsOnlyKeys("partial_sagas", "completed_with_missing_effects",
                "compensated_with_effects_left", "double_executions", "double_compensations", "conflicting_outcomes");
        assertThat(o.anomalies().values()).containsOnly(0L);
        assertThat(o.counts()).containsEntry("sagas", 3L).containsEntry("completed", 1L).containsEntry("compensated", 2L)
                .containsEntry("orchestrators_killed", 1L).containsEntry("finished_by_recovery", 1L)
                .containsEntry("unresolved", 0L);
    }

    @Test
    void brokenAtomicityDoubleStepsAndTwoOutcomesAreCounted() {
        Outcome o = Checkers.check("saga", new HandMadeHistory()
                .ok(0, "saga", 1L, 0, kw("completed"), 10)            // step 2 missing: partial
                .ok(1, "saga", 2L, 0, kw("compensated"), 10)          // nothing undone
                .ok(2, "saga", 3L, 0, kw("completed"), 10)            // step 0 executed twice
                .ok(3, "saga", 4L, 0, kw("compensated"), 10)          // and a recovery says completed
                .ok(4, "recover", null, 20, List.of(List.of(4L, kw("completed"))), 30)
                .ok(5, "saga", 5L, 0, kw("compensated"), 10)          // step 1 compensated twice (executed twice)
                .ok(6, "final-read", null, 60, all(rows(1, 1, 0, 1, 0, 0, 0), rows(2, 1, 0, 1, 0, 1, 0),
                        rows(3, 2, 0, 1, 0, 1, 0), rows(4, 1, 1, 1, 1, 1, 1), rows(5, 1, 1, 2, 2, 0, 0)), 70)
                .history());
        assertThat(o.verdict()).isEqualTo("invalid");
        assertThat(o.anomalies()).containsEntry("partial_sagas", 1L).containsEntry("compensated_with_effects_left", 1L)
                .containsEntry("double_executions", 2L).containsEntry("double_compensations", 1L)
                .containsEntry("conflicting_outcomes", 1L).containsEntry("completed_with_missing_effects", 1L);
        assertThat(o.examples()).anySatisfy(e -> assertThat(e.ops()).anyMatch(l -> l.contains("saga g1")
                && l.contains("2=0/0")));
    }

    @Test
    void anUnresolvedSagaIsStillHeldToAllOrNothing() {
        Outcome o = Checkers.check("saga", new HandMadeHistory()
                .info(0, "saga", 1L, 0, ":killed", 10)
                .ok(1, "final-read", null, 60, rows(1, 1, 0, 0, 0, 0, 0), 70)
                .history());
        assertThat(o.anomalies()).containsEntry("partial_sagas", 1L);
        assertThat(o.counts()).containsEntry("unresolved", 1L);
    }

    @Test
    void withoutAFinalReadTheVerdictIsUnknown() {
        Outcome o = Checkers.check("saga", new HandMadeHistory().ok(0, "saga", 1L, 0, kw("completed"), 10).history());
        assertThat(o.verdict()).isEqualTo("unknown");
    }
}
