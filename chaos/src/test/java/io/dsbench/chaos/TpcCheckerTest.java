package io.dsbench.chaos;

import static io.dsbench.chaos.HandMadeHistory.kw;
import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.workload.Checkers;
import io.dsbench.chaos.workload.Outcome;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The 2PC checker on hand-made histories: atomicity across the participants, data consistent with the decision,
 * one decision per transaction, nothing in doubt after the final recovery; the blocked times are reported.
 */
class TpcCheckerTest {
    /** Final-read rows {@code [tx participant present blocked-ms in-doubt]}, one per participant. */
    private static List<Object> rows(long tx, long[]... perParticipant) {
        List<Object> out = new ArrayList<>();
        for (int i = 0; i < perParticipant.length; i++) {
            long[] r = perParticipant[i];
            out.add(List.of(tx, (long) i, r[0], r[1], r[2]));
        }
        return out;
    }

    private static long[] p(long present, long blockedMs, long inDoubt) {
        return new long[] {present, blockedMs, inDoubt};
    }

    @SafeVarargs
    private static List<Object> all(List<Object>... parts) {
        List<Object> out = new ArrayList<>();
        for (List<Object> x : parts) {
            out.addAll(x);
        }
        return out;
    }

    @Test
    void atomicDecidedTransactionsAreValidAndTheBlockingAfterAKillIsReported() {
        Outcome o = Checkers.check("2pc", new HandMadeHistory()
                .ok(0, "tx", 1L, 0, kw("committed"), 10)
                .ok(1, "tx", 2L, 0, kw("aborted"), 10)
                .info(2, "tx", 3L, 0, ":killed 2pc x3 before DECISION", 5)
                .ok(3, "final-recover", null, 20, List.of(List.of(3L, kw("aborted"))), 30)
                .ok(3, "final-read", null, 40, all(rows(1, p(1, 4, 0), p(1, 6, 0), p(1, 5, 0)),
                        rows(2, p(0, 3, 0), p(0, -1, 0), p(0, 2, 0)),
                        rows(3, p(0, 2000, 0), p(0, 1990, 0), p(0, 2010, 0))), 50)
                .history());
        assertThat(o.verdict()).as(o.summary()).isEqualTo("valid");
        assertThat(o.anomalies().values()).containsOnly(0L);
        assertThat(o.counts()).containsEntry("committed", 1L).containsEntry("aborted", 2L)
                .containsEntry("coordinators_killed", 1L).containsEntry("blocked_after_kill_ms_max", 2010L)
                .containsEntry("blocked_ms_max", 2010L).containsEntry("blocked_ms_p50", 6L);
    }

    @Test
    void partialCommitsContradictionsTwoDecisionsAndDoubtAreCounted() {
        Outcome o = Checkers.check("2pc", new HandMadeHistory()
                .ok(0, "tx", 1L, 0, kw("committed"), 10)      // p2 lacks the write
                .ok(1, "tx", 2L, 0, kw("aborted"), 10)        // every write landed
                .ok(2, "tx", 3L, 0, kw("committed"), 10)      // none landed
                .ok(3, "tx", 4L, 0, kw("committed"), 10)      // and a recovery aborted it
                .ok(4, "recover", null, 20, List.of(List.of(4L, kw("aborted"))), 30)
                .info(5, "tx", 5L, 0, ":killed", 10)          // still prepared at p1
                .ok(6, "final-read", null, 40, all(rows(1, p(1, 5, 0), p(1, 5, 0), p(0, 5, 0)),
                        rows(2, p(1, 5, 0), p(1, 5, 0), p(1, 5, 0)), rows(3, p(0, 5, 0), p(0, 5, 0), p(0, 5, 0)),
                        rows(4, p(0, 5, 0), p(0, 5, 0), p(0, 5, 0)), rows(5, p(0, 9000, 0), p(0, 9000, 1),
                                p(0, -1, 0))), 50)
                .history());
        assertThat(o.verdict()).isEqualTo("invalid");
        assertThat(o.anomalies()).containsEntry("partial_commits", 1L).containsEntry("aborted_with_writes", 1L)
                .containsEntry("committed_without_writes", 1L).containsEntry("conflicting_outcomes", 1L)
                .containsEntry("still_in_doubt", 1L);
        assertThat(o.counts()).containsEntry("unresolved", 1L);
        assertThat(o.examples()).anySatisfy(e -> assertThat(e.kind()).isEqualTo("partial commits"));
    }

    @Test
    void withoutAFinalReadTheVerdictIsUnknown() {
        assertThat(Checkers.check("2pc", new HandMadeHistory().ok(0, "tx", 1L, 0, kw("committed"), 10).history())
                .verdict()).isEqualTo("unknown");
    }
}
