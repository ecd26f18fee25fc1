package io.dsbench.lin.consistency;

import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.history.History;
import io.dsbench.lin.model.VersionedKvModel;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Staleness figures and the ladder on hand-made histories. */
class StalenessAndLadderTest {

    @Test
    void freshReadsAreZeroBehind() {
        History h = new Hist().put(0, "a", "x", 1).get(1, "a", "x", 1).put(0, "a", "y", 2).get(1, "a", "y", 2).build();
        Staleness.Report r = Staleness.of(KvHistory.of(h));
        assertThat(r.reads()).isEqualTo(2);
        assertThat(r.staleReads()).isZero();
        assertThat(r.maxVersions()).isZero();
        assertThat(r.maxMs()).isEqualTo(0.0);
        assertThat(r.worst()).isNull();
    }

    @Test
    void aReadMissingTwoAcknowledgedWritesIsTwoVersionsBehindSinceTheFirstAck() {
        // events 1 ms apart: put v1 acked at 1 ms, put v2 acked at 3 ms; the read starts at 4 ms and returns v0
        History h = new Hist().put(0, "a", "x", 1).put(0, "a", "y", 2).getNil(1, "a")
                .get(1, "a", "y", 2).build();
        Staleness.Report r = Staleness.of(KvHistory.of(h));
        assertThat(r.reads()).isEqualTo(2);
        assertThat(r.staleReads()).isEqualTo(1);
        assertThat(r.maxVersions()).isEqualTo(2);
        assertThat(r.maxMs()).isEqualTo(3.0);
        assertThat(r.p99Versions()).isEqualTo(2);
        assertThat(r.worst().explanation()).contains("2 acknowledged version(s) behind, 3.0 ms after");
    }

    @Test
    void aWriteStillInFlightWhenTheReadBeganIsNotMissed() {
        History h = new Hist().invoke(0, "put", "a", "x").getNil(1, "a").ok(0, "put", "a", 1L).build();
        assertThat(Staleness.of(KvHistory.of(h)).staleReads()).isZero();
    }

    @Test
    void ladderOfALinearizableHistoryIsLinearizable() {
        History h = new Hist().put(0, "a", "x", 1).get(1, "a", "x", 1).build();
        ConsistencyLadder.Ladder l = ConsistencyLadder.defaults().of(h, new VersionedKvModel(), FailMode.DROP);
        assertThat(l.strongest()).isEqualTo("linearizable");
        assertThat(l.firstMissed()).isNull();
        assertThat(l.checks()).hasSize(6).allMatch(c -> c.status() == ModelCheck.Status.HOLDS);
    }

    @Test
    void ladderOfAStaleReadIsSequentialWithTheLinearizabilityCounterexample() {
        History h = new Hist().put(0, "a", "x", 1).getNil(1, "a").build();
        ConsistencyLadder.Ladder l = ConsistencyLadder.defaults().of(h, new VersionedKvModel(), FailMode.DROP);
        assertThat(l.strongest()).isEqualTo("sequential");
        assertThat(l.firstMissed().model()).isEqualTo(ConsistencyModel.LINEARIZABLE);
        assertThat(l.firstMissed().first().ops()).anyMatch(o -> o.contains(":get") && o.contains("cannot be placed"));
        Map<String, Object> json = l.toJson();
        assertThat(json).containsEntry("strongest", "sequential");
        assertThat(((Map<?, ?>) json.get("first_missed")).get("model")).isEqualTo("linearizable");
        assertThat(((Map<?, ?>) json.get("staleness")).get("max_versions_behind")).isEqualTo(1L);
    }

    @Test
    void ladderBelowSequentialNamesTheGuaranteesThatHold() {
        // p0 misses its own write (not sequential, not read-your-writes); the other guarantees hold
        History h = new Hist().put(1, "a", "old", 1).put(0, "a", "mine", 2).get(0, "a", "old", 1).build();
        ConsistencyLadder.Ladder l = ConsistencyLadder.defaults().of(h, new VersionedKvModel(), FailMode.DROP);
        assertThat(l.strongest()).isEqualTo("monotonic-reads+monotonic-writes+writes-follow-reads");
        assertThat(l.firstMissed().model()).isEqualTo(ConsistencyModel.LINEARIZABLE);
        assertThat(l.get(ConsistencyModel.SEQUENTIAL).status()).isEqualTo(ModelCheck.Status.VIOLATED);
        assertThat(l.get(ConsistencyModel.READ_YOUR_WRITES).first().ops()).hasSize(2);
        assertThat(l.describe()).contains("read-your-writes     violated");
    }

    @Test
    void ladderOfDekkerIsSession() {
        History h = new Hist().put(0, "a", "x", 1).put(1, "b", "y", 1).getNil(0, "b").getNil(1, "a").build();
        ConsistencyLadder.Ladder l = ConsistencyLadder.defaults().of(h, new VersionedKvModel(), FailMode.DROP);
        assertThat(l.strongest()).isEqualTo("session");
        assertThat(l.checks().stream().map(c -> c.status().text()).toList())
                .isEqualTo(List.of("violated", "violated", "holds", "holds", "holds", "holds"));
    }
}
