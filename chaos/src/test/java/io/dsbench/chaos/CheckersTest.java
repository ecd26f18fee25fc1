package io.dsbench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.workload.Checkers;
import io.dsbench.chaos.workload.Outcome;
import io.dsbench.lin.history.HistoryRecorder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each workload checker finds its anomaly in a small hand-made history, and passes its clean twin. */
class CheckersTest {

    @Test
    void setCountsLostAcknowledgedAddsAndRecoveredIndeterminateOnes() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client c = rec.client();
        for (long e = 1; e <= 3; e++) {
            c.invoke("add", e);
            if (e == 3) {
                c.info(null, ":timed-out");
            } else {
                c.ok(e);
            }
        }
        HistoryRecorder.Client r = rec.client();
        r.invoke("read", null);
        r.ok(List.of(1L, 3L));
        Outcome o = Checkers.check("set", rec.history());
        assertThat(o.verdict()).isEqualTo("invalid");
        assertThat(o.anomalies()).containsEntry("lost_acknowledged_writes", 1L);
        assertThat(o.counts()).containsEntry("recovered_indeterminate_adds", 1L);
        assertThat(o.examples().get(0).ops().get(0)).contains(":value 2");
    }

    @Test
    void setWithEveryAcknowledgedAddReadIsValid() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client c = rec.client();
        c.invoke("add", 1L);
        c.ok(1L);
        HistoryRecorder.Client r = rec.client();
        r.invoke("read", null);
        r.ok(List.of(1L));
        assertThat(Checkers.check("set", rec.history()).verdict()).isEqualTo("valid");
    }

    @Test
    void setWithoutFinalReadIsUnknownNeverValid() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client c = rec.client();
        c.invoke("add", 1L);
        c.ok(1L);
        assertThat(Checkers.check("set", rec.history()).verdict()).isEqualTo("unknown");
    }

    @Test
    void lockCountsDoubleGrantsStaleWritesAndLostIncrements() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client a = rec.client();
        HistoryRecorder.Client b = rec.client();
        a.invoke("acquire", "guard");
        a.ok(1L);
        a.invoke("read", "counter", null);
        a.ok(0L);
        // a is frozen; its lease runs out; b is granted
        b.invoke("acquire", "guard");
        b.ok(2L);
        b.invoke("read", "counter", null);
        b.ok(0L);
        b.invoke("write", "counter", List.of(2L, 1L));
        b.ok(List.of(2L, 1L));
        a.invoke("write", "counter", List.of(1L, 1L));
        a.ok(List.of(1L, 1L));
        HistoryRecorder.Client f = rec.client();
        f.invoke("final-read", "counter", null);
        f.ok(1L);
        Outcome o = Checkers.check("lock", rec.history());
        assertThat(o.verdict()).isEqualTo("invalid");
        assertThat(o.anomalies()).containsEntry("double_grants", 1L).containsEntry("stale_writes_accepted", 1L)
                .containsEntry("lost_increments", 1L);
    }

    @Test
    void lockWhoseStaleWriteWasRejectedIsValidDespiteTheDoubleGrant() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client a = rec.client();
        HistoryRecorder.Client b = rec.client();
        a.invoke("acquire", "guard");
        a.ok(1L);
        b.invoke("acquire", "guard");
        b.ok(2L);
        b.invoke("write", "counter", List.of(2L, 1L));
        b.ok(List.of(2L, 1L));
        a.invoke("write", "counter", List.of(1L, 1L));
        a.fail(List.of(1L, 1L), null);
        HistoryRecorder.Client f = rec.client();
        f.invoke("final-read", "counter", null);
        f.ok(1L);
        Outcome o = Checkers.check("lock-fenced", rec.history());
        assertThat(o.verdict()).isEqualTo("valid");
        assertThat(o.anomalies()).containsEntry("double_grants", 1L).containsEntry("stale_writes_accepted", 0L);
        assertThat(o.counts()).containsEntry("writes_rejected_by_fencing", 1L);
    }

    @Test
    void registerFindsAReadOfAnOverwrittenValue() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client a = rec.client();
        a.invoke("put", "r0", "v1");
        a.ok(1L);
        a.invoke("put", "r0", "v2");
        a.ok(2L);
        a.invoke("get", "r0", null);
        a.ok(List.of("v1", 1L));
        Outcome o = Checkers.check("register", rec.history());
        assertThat(o.verdict()).isEqualTo("invalid");
        assertThat(o.examples()).isNotEmpty();
    }

    @Test
    void registerLinearizableHistoryIsValid() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client a = rec.client();
        a.invoke("put", "r0", "v1");
        a.ok(1L);
        a.invoke("get", "r0", null);
        a.ok(List.of("v1", 1L));
        a.invoke("cas", "r0", List.of(1L, "v2"));
        a.ok(List.of(true, 2L));
        assertThat(Checkers.check("register", rec.history()).verdict()).isEqualTo("valid");
    }

    @Test
    void idempotencyCountsDoubleAndLostExecutions() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client c = rec.client();
        for (long r = 1; r <= 3; r++) {
            c.invoke("request", r);
            c.ok(new io.dsbench.lin.history.Keyword("executed"));
        }
        HistoryRecorder.Client f = rec.client();
        f.invoke("final-read", null);
        f.ok(List.of(List.of(1L, 1L), List.of(2L, 2L), List.of(3L, 0L)));
        Outcome o = Checkers.check("idempotency", rec.history());
        assertThat(o.verdict()).isEqualTo("invalid");
        assertThat(o.anomalies()).containsEntry("double_executions", 1L).containsEntry("lost_executions", 1L);
    }

    @Test
    void idempotencyExactlyOnceIsValid() {
        HistoryRecorder rec = new HistoryRecorder();
        HistoryRecorder.Client c = rec.client();
        c.invoke("request", 1L);
        c.ok(new io.dsbench.lin.history.Keyword("executed"));
        c.invoke("request", 1L);
        c.ok(new io.dsbench.lin.history.Keyword("replayed"));
        HistoryRecorder.Client f = rec.client();
        f.invoke("final-read", null);
        f.ok(List.of(List.of(1L, 1L)));
        assertThat(Checkers.check("idempotency", rec.history()).verdict()).isEqualTo("valid");
    }
}
