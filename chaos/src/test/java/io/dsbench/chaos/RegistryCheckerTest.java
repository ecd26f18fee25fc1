package io.dsbench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.workload.Checkers;
import io.dsbench.chaos.workload.Outcome;
import io.dsbench.lin.history.OpType;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The registry checker on hand-made timed histories (TTL 3000 ms, tolerance 100 ms): a clean run is valid; a
 * deregistered instance discovered, an instance discovered past its TTL bound, and a certainly live instance
 * missing (from a discover, or refused a heartbeat) are each counted; indeterminate and concurrent ops are never
 * held against the backend.
 */
class RegistryCheckerTest {
    private static List<Long> reg(long id) {
        return List.of(id, 3000L, 100L);
    }

    /** Instance 1 registered, heartbeated, deregistered; instance 2 registered and abandoned. */
    private static HandMadeHistory base() {
        return new HandMadeHistory()
                .ok(0, "register", reg(1), 0, reg(1), 10)
                .ok(1, "register", reg(2), 0, reg(2), 5)
                .ok(0, "discover", null, 100, List.of(1L, 2L), 110)
                .ok(0, "heartbeat", 1L, 2000, true, 2010)
                .ok(1, "discover", null, 2500, List.of(1L, 2L), 2510)
                .ok(0, "discover", null, 4000, List.of(1L), 4010)
                .ok(0, "deregister", 1L, 5000, true, 5010);
    }

    @Test
    void aCleanHistoryIsValid() {
        Outcome o = Checkers.check("registry", base().ok(1, "discover", null, 5100, List.of(), 5110).history());
        assertThat(o.verdict()).as(o.summary()).isEqualTo("valid");
        assertThat(o.anomalies()).containsEntry("deregistered_discovered", 0L).containsEntry("expired_discovered", 0L)
                .containsEntry("live_missing", 0L);
        assertThat(o.counts()).containsEntry("instances", 2L).containsEntry("discovers_checked", 4L)
                .containsEntry("ttl_ms", 3000L).containsEntry("tolerance_ms", 100L);
    }

    @Test
    void eachAnomalyIsCountedWithItsOps() {
        Outcome o = Checkers.check("registry", base()
                .ok(1, "discover", null, 5100, List.of(1L), 5110)       // 1 was deregistered at 5010
                .ok(1, "discover", null, 9000, List.of(2L), 9010)       // 2's bound: 5 + 3000 + 100 = 3105
                .ok(2, "discover", null, 1000, List.of(), 1010)         // 1 and 2 certainly live until 2900
                .ok(2, "heartbeat", 1L, 1500, false, 1510)              // refused while 1 was certainly live
                .history());
        assertThat(o.verdict()).isEqualTo("invalid");
        assertThat(o.anomalies()).containsEntry("deregistered_discovered", 1L).containsEntry("expired_discovered", 1L)
                .containsEntry("live_missing", 3L);
        assertThat(o.counts()).containsEntry("heartbeats_refused", 1L);
        assertThat(o.examples()).extracting(Outcome.Example::kind).containsExactly("deregistered instance discovered",
                "instance discovered after its TTL bound", "certainly live instance missing");
        assertThat(o.examples().get(1).ops().get(0)).contains("instance 2").contains("5895 ms past its TTL bound");
    }

    @Test
    void indeterminateAndConcurrentOpsAreNotHeldAgainstTheBackend() {
        Outcome o = Checkers.check("registry", new HandMadeHistory()
                // a register that timed out may land at any time: instance 3 listed late is not judged
                .info(0, "register", reg(3), 0, "timeout", 2000)
                .ok(1, "discover", null, 20_000, List.of(3L), 20_010)
                // a register concurrent with the deregister may come after it: instance 4 listed again is allowed
                .ok(2, "register", reg(4), 0, reg(4), 10)
                .ok(2, "deregister", 4L, 100, true, 300)
                .ok(3, "register", reg(4), 200, reg(4), 400)
                .ok(1, "discover", null, 500, List.of(4L), 510)
                // a discover that began before the register ended need not list it
                .ok(4, "register", reg(5), 1000, reg(5), 1100)
                .ok(5, "discover", null, 1050, List.of(4L), 1200)
                .call(6, "discover", null, 1300, OpType.FAIL, null, 1400)
                .history());
        assertThat(o.verdict()).as(o.summary() + " " + o.examples()).isEqualTo("valid");
    }

    @Test
    void withoutAnySuccessfulDiscoverTheVerdictIsUnknown() {
        Outcome o = Checkers.check("registry", new HandMadeHistory().ok(0, "register", reg(1), 0, reg(1), 10)
                .call(1, "discover", null, 20, OpType.FAIL, null, 30).history());
        assertThat(o.verdict()).isEqualTo("unknown");
    }
}
