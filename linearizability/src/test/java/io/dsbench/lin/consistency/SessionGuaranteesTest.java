package io.dsbench.lin.consistency;

import io.dsbench.lin.history.History;
import org.junit.jupiter.api.Test;

import static io.dsbench.lin.consistency.ConsistencyModel.MONOTONIC_READS;
import static io.dsbench.lin.consistency.ConsistencyModel.MONOTONIC_WRITES;
import static io.dsbench.lin.consistency.ConsistencyModel.READ_YOUR_WRITES;
import static io.dsbench.lin.consistency.ConsistencyModel.WRITES_FOLLOW_READS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Each session guarantee on a hand-made history that satisfies it and one that violates it. */
class SessionGuaranteesTest {

    private static ModelCheck check(History h, ConsistencyModel m) {
        return SessionGuarantees.check(KvHistory.of(h), m);
    }

    @Test
    void readYourWrites_holdsWhenOnlyOtherSessionsReadStale() {
        // p1 reads a before p0's write is visible to it: stale, but not p0's own read
        History h = new Hist().put(0, "a", "x", 1).get(0, "a", "x", 1).getNil(1, "a").build();
        assertThat(check(h, READ_YOUR_WRITES).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void readYourWrites_violatedWhenTheWriterReadsAnOlderVersion() {
        History h = new Hist().put(1, "a", "old", 1).put(0, "a", "mine", 2).get(0, "a", "old", 1).build();
        ModelCheck c = check(h, READ_YOUR_WRITES);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.VIOLATED);
        assertThat(c.first().explanation()).contains("process 0 wrote \"a\" at version 2, then read it at version 1");
        assertThat(c.first().ops()).hasSize(2);
        assertThat(c.first().ops().get(0)).contains(":put").contains("ops 2..3");
        assertThat(c.first().ops().get(1)).contains(":get").contains("ops 4..5");
    }

    @Test
    void readYourWrites_aDeleteByTheSessionResetsIt() {
        History h = new Hist().put(0, "a", "x", 1).delete(0, "a", true).getNil(0, "a").build();
        assertThat(check(h, READ_YOUR_WRITES).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void monotonicReads_holdsWhenReadsMoveForward() {
        History h = new Hist().put(0, "a", "x", 1).get(1, "a", "x", 1).put(0, "a", "y", 2).get(1, "a", "y", 2)
                .get(1, "a", "y", 2).build();
        assertThat(check(h, MONOTONIC_READS).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void monotonicReads_violatedWhenASessionReadGoesBack() {
        History h = new Hist().put(0, "a", "x", 1).put(0, "a", "y", 2).get(1, "a", "y", 2).get(1, "a", "x", 1)
                .build();
        ModelCheck c = check(h, MONOTONIC_READS);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.VIOLATED);
        assertThat(c.first().explanation()).contains("read \"a\" at version 2, then at version 1");
    }

    @Test
    void monotonicReads_aCompareFailureIsARead() {
        // the failed cas observed version 2; the later get returning 1 goes back
        History h = new Hist().put(0, "a", "x", 1).put(0, "a", "y", 2).cas(1, "a", 1, "z", false, 2)
                .get(1, "a", "x", 1).build();
        assertThat(check(h, MONOTONIC_READS).status()).isEqualTo(ModelCheck.Status.VIOLATED);
    }

    @Test
    void monotonicWrites_holdsWhenAnObserverSeesTheEarlierWrite() {
        History h = new Hist().put(0, "a", "x", 1).put(0, "b", "y", 2).get(1, "b", "y", 2).get(1, "a", "x", 1)
                .build();
        assertThat(check(h, MONOTONIC_WRITES).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void monotonicWrites_violatedWhenAnObserverSeesTheLaterWriteButNotTheEarlier() {
        History h = new Hist().put(0, "a", "x", 1).put(0, "b", "y", 2).get(1, "b", "y", 2).getNil(1, "a").build();
        ModelCheck c = check(h, MONOTONIC_WRITES);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.VIOLATED);
        assertThat(c.first().ops()).hasSize(4);
        assertThat(c.first().explanation()).contains("process 0 wrote \"a\" at version 1 before writing \"b\" at "
                + "version 2; process 1 read \"b\" at version 2");
    }

    @Test
    void monotonicWrites_violatedWhenASessionsWritesToOneKeyGoBack() {
        History h = new Hist().put(0, "a", "x", 5).put(0, "a", "y", 3).build();
        assertThat(check(h, MONOTONIC_WRITES).status()).isEqualTo(ModelCheck.Status.VIOLATED);
    }

    @Test
    void writesFollowReads_holdsWhenAnObserverSeesWhatTheWriterRead() {
        History h = new Hist().put(1, "a", "x", 1).get(0, "a", "x", 1).put(0, "b", "y", 2).get(2, "b", "y", 2)
                .get(2, "a", "x", 1).build();
        assertThat(check(h, WRITES_FOLLOW_READS).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void writesFollowReads_violatedWhenAnObserverSeesTheWriteButNotWhatItFollowed() {
        History h = new Hist().put(1, "a", "x", 1).get(0, "a", "x", 1).put(0, "b", "y", 2).get(2, "b", "y", 2)
                .getNil(2, "a").build();
        ModelCheck c = check(h, WRITES_FOLLOW_READS);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.VIOLATED);
        assertThat(c.first().explanation()).contains("process 0 read \"a\" at version 1 before writing \"b\"");
        // monotonic writes holds: process 0 wrote nothing to a
        assertThat(check(h, MONOTONIC_WRITES).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void writesFollowReads_violatedWhenAWriteIsNotAboveWhatTheSessionRead() {
        History h = new Hist().get(0, "a", "x", 5).put(0, "a", "y", 3).build();
        assertThat(check(h, WRITES_FOLLOW_READS).status()).isEqualTo(ModelCheck.Status.VIOLATED);
    }

    @Test
    void readsOfDeletedKeysThatFindNothingAreSkipped() {
        // nil after version 1 would go back, but a delete exists: the nil read may follow it
        History h = new Hist().put(0, "a", "x", 1).get(1, "a", "x", 1).delete(0, "a", true).getNil(1, "a").build();
        ModelCheck c = check(h, MONOTONIC_READS);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.HOLDS);
        assertThat(c.detail()).contains("1 reads of deleted keys skipped");
    }

    @Test
    void aHistoryThatIsNotVersionedKvIsRefusedNamingTheOp() {
        History bad = new Hist().invoke(0, "get", "a", null).ok(0, "get", "a", "x").build();
        assertThatThrownBy(() -> KvHistory.of(bad)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("op 1").hasMessageContaining("[value version]");
        History read = new Hist().invoke(0, "read", "a", null).ok(0, "read", "a", 1).build();
        assertThatThrownBy(() -> KvHistory.of(read)).hasMessageContaining("op 0")
                .hasMessageContaining(":read is not a versioned key-value operation");
    }
}
