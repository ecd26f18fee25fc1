package io.dsbench.lin.model;

import io.dsbench.lin.history.Keyword;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.dsbench.lin.model.Model.INCONSISTENT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelsTest {

    static Operation op(String f, Object value, Outcome outcome) {
        return op(f, null, value, outcome);
    }

    static Operation op(String f, Object key, Object value, Outcome outcome) {
        io.dsbench.lin.history.Op inv = io.dsbench.lin.history.Op.of(io.dsbench.lin.history.OpType.INVOKE, 0, f, value);
        return new Operation(0, 0, f, key, value, outcome, 0, 1, outcome == Outcome.UNKNOWN, inv, null);
    }

    @Test
    void casRegister_readWriteCas() {
        Model m = Models.byName("cas-register", "0", true);
        assertThat(m.initialState()).isEqualTo(0L);
        assertThat(m.step(0L, op("read", 0L, Outcome.OK))).isEqualTo(0L);
        assertThat(m.step(0L, op("read", 1L, Outcome.OK))).isSameAs(INCONSISTENT);
        assertThat(m.step(0L, op("read", null, Outcome.OK))).as("nil read = unknown (Knossos)").isEqualTo(0L);
        assertThat(m.step(0L, op("write", 3L, Outcome.OK))).isEqualTo(3L);
        assertThat(m.step(3L, op("cas", List.of(3L, 4L), Outcome.OK))).isEqualTo(4L);
        assertThat(m.step(2L, op("cas", List.of(3L, 4L), Outcome.OK))).isSameAs(INCONSISTENT);
        assertThat(m.step(2L, op("cas", List.of(3L, 4L), Outcome.FAILED))).as("observed compare failure").isEqualTo(2L);
        assertThat(m.step(3L, op("cas", List.of(3L, 4L), Outcome.FAILED))).isSameAs(INCONSISTENT);
        assertThat(m.step(3L, op("cas", List.of(3L, 4L), Outcome.UNKNOWN))).isEqualTo(4L);
    }

    @Test
    void casRegister_nilReadExact_asPorcupineEtcd() {
        Model m = Models.byName("cas-register", null, false);
        assertThat(m.step(null, op("read", null, Outcome.OK))).isNull();
        assertThat(m.step(1L, op("read", null, Outcome.OK))).isSameAs(INCONSISTENT);
        assertThat(m.step(1L, op("read", null, Outcome.UNKNOWN))).isEqualTo(1L);
    }

    @Test
    void register_rejectsCas() {
        Model m = Models.byName("register", null, true);
        assertThatThrownBy(() -> m.step(null, op("cas", List.of(1L, 2L), Outcome.OK)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no operation :cas");
    }

    @Test
    void multiRegister_txn() {
        Model m = Models.byName("multi-register", "{:x 0 :y 0}", true);
        Object s = m.initialState();
        Keyword x = Keyword.of("x");
        Keyword y = Keyword.of("y");
        Keyword r = Keyword.of("read");
        Keyword w = Keyword.of("write");
        Object s2 = m.step(s, op("txn", List.of(List.of(w, x, 1L), List.of(r, y, 0L)), Outcome.OK));
        assertThat(s2).isEqualTo(Map.of(x, 1L, y, 0L));
        assertThat(m.step(s2, op("txn", List.of(List.of(r, x, 0L)), Outcome.OK))).isSameAs(INCONSISTENT);
        assertThat(m.step(s2, op("txn", java.util.Arrays.asList(java.util.Arrays.asList(r, x, null)), Outcome.OK))).isEqualTo(s2);
    }

    @Test
    void mutex_acquireRelease() {
        Model m = new MutexModel();
        assertThat(m.step(false, op("acquire", null, Outcome.OK))).isEqualTo(true);
        assertThat(m.step(true, op("acquire", null, Outcome.OK))).isSameAs(INCONSISTENT);
        assertThat(m.step(false, op("release", null, Outcome.OK))).isSameAs(INCONSISTENT);
        assertThat(m.step(true, op("release", null, Outcome.OK))).isEqualTo(false);
    }

    @Test
    void set_addRead() {
        Model m = new SetModel();
        Object s = m.step(m.initialState(), op("add", 1L, Outcome.OK));
        s = m.step(s, op("add", 2L, Outcome.OK));
        assertThat(m.step(s, op("read", List.of(2L, 1L), Outcome.OK))).isEqualTo(s);
        assertThat(m.step(s, op("read", List.of(1L), Outcome.OK))).isSameAs(INCONSISTENT);
    }

    @Test
    void queues_fifoAndUnordered() {
        Model fifo = new QueueModel(true);
        Object s = fifo.step(fifo.initialState(), op("enqueue", 1L, Outcome.OK));
        s = fifo.step(s, op("enqueue", 2L, Outcome.OK));
        assertThat(fifo.step(s, op("dequeue", 2L, Outcome.OK))).isSameAs(INCONSISTENT);
        assertThat(fifo.step(s, op("dequeue", 1L, Outcome.OK))).isEqualTo(List.of(2L));
        assertThat(fifo.step(List.of(), op("dequeue", null, Outcome.OK))).isEqualTo(List.of());
        Model uq = new QueueModel(false);
        Object u = uq.step(uq.initialState(), op("enqueue", 1L, Outcome.OK));
        u = uq.step(u, op("enqueue", 2L, Outcome.OK));
        assertThat(uq.step(u, op("dequeue", 2L, Outcome.OK))).isEqualTo(Map.of(1L, 1));
        assertThat(uq.step(u, op("dequeue", 3L, Outcome.OK))).isSameAs(INCONSISTENT);
    }

    @Test
    void kv_getPutAppend_partitionedByKey() {
        Model m = new KvModel("");
        assertThat(m.partitionKey(op("get", "k", "", Outcome.OK))).isEqualTo("k");
        Object s = m.step("", op("put", "k", "a", Outcome.OK));
        s = m.step(s, op("append", "k", "b", Outcome.OK));
        assertThat(s).isEqualTo("ab");
        assertThat(m.step(s, op("get", "k", "ab", Outcome.OK))).isEqualTo("ab");
        assertThat(m.step(s, op("get", "k", "a", Outcome.OK))).isSameAs(INCONSISTENT);
    }

    @Test
    void counter() {
        Model m = new CounterModel(0);
        Object s = m.step(0L, op("add", 5L, Outcome.OK));
        assertThat(m.step(s, op("read", 5L, Outcome.OK))).isEqualTo(5L);
        assertThat(m.step(s, op("read", 4L, Outcome.OK))).isSameAs(INCONSISTENT);
    }

    @Test
    void fencedLock_tokensIncreaseAndReleaseNeedsHolder() {
        Model m = new FencedLockModel();
        Object s = m.step(m.initialState(), op("acquire", "l", 5L, Outcome.OK));
        assertThat(m.step(s, op("acquire", "l", 6L, Outcome.OK))).as("held").isSameAs(INCONSISTENT);
        assertThat(m.step(s, op("acquire", "l", null, Outcome.FAILED))).as("observed busy").isEqualTo(s);
        Object free = m.step(s, op("release", "l", 5L, Outcome.OK));
        assertThat(m.step(free, op("acquire", "l", 5L, Outcome.OK))).as("token must increase").isSameAs(INCONSISTENT);
        assertThat(m.step(free, op("acquire", "l", 9L, Outcome.OK))).isEqualTo(new FencedLockModel.State(true, 9, 9));
        assertThat(m.step(s, op("release", "l", 4L, Outcome.OK))).isSameAs(INCONSISTENT);
        assertThat(m.step(s, op("release", "l", 4L, Outcome.FAILED))).isEqualTo(s);
    }

    @Test
    void idempotency_oneWinnerThenInProgressThenCompleted() {
        Model m = new IdempotencyModel();
        Object s = m.initialState();
        Object won = List.of(Keyword.of("new"), 7L);
        Object s1 = m.step(s, opIdem("claim", "fp", won));
        assertThat(m.step(s1, opIdem("claim", "fp", won))).as("second winner").isSameAs(INCONSISTENT);
        assertThat(m.step(s1, opIdem("claim", "fp", Keyword.of("in-progress")))).isEqualTo(s1);
        assertThat(m.step(s1, opIdem("claim", "other", Keyword.of("mismatch")))).isEqualTo(s1);
        Object s2 = m.step(s1, opIdem("complete", List.of(7L, "r"), true));
        assertThat(m.step(s2, opIdem("claim", "fp", List.of(Keyword.of("completed"), "r")))).isEqualTo(s2);
        assertThat(m.step(s2, opIdem("claim", "fp", List.of(Keyword.of("completed"), "x")))).isSameAs(INCONSISTENT);
        assertThat(m.step(s1, opIdem("complete", List.of(8L, "r"), true))).as("wrong token").isSameAs(INCONSISTENT);
    }

    static Operation opIdem(String f, Object input, Object result) {
        io.dsbench.lin.history.Op inv = io.dsbench.lin.history.Op.of(io.dsbench.lin.history.OpType.INVOKE, 0, f, input);
        return new Operation(0, 0, f, "k", result, Outcome.OK, 0, 1, false, inv, null);
    }

    @Test
    void versionedKv_versionsStrictlyIncrease() {
        Model m = new VersionedKvModel();
        Object s = m.step(m.initialState(), opIdem("put", "a", 3L));
        assertThat(m.step(s, opIdem("get", null, List.of("a", 3L)))).isEqualTo(s);
        assertThat(m.step(s, opIdem("get", null, List.of("a", 2L)))).isSameAs(INCONSISTENT);
        assertThat(m.step(s, opIdem("put", "b", 3L))).as("version must grow").isSameAs(INCONSISTENT);
        assertThat(m.step(s, opIdem("cas", List.of(3L, "c"), List.of(true, 4L))))
                .isEqualTo(new VersionedKvModel.State("c", 4, 4));
        assertThat(m.step(s, opIdem("cas", List.of(2L, "c"), List.of(false, 3L)))).isEqualTo(s);
        assertThat(m.step(s, opIdem("cas", List.of(3L, "c"), List.of(false, 3L)))).isSameAs(INCONSISTENT);
    }

    static Operation unknown(String f, Object input) {
        io.dsbench.lin.history.Op inv = io.dsbench.lin.history.Op.of(io.dsbench.lin.history.OpType.INVOKE, 0, f, input);
        return new Operation(0, 0, f, "k", input, Outcome.UNKNOWN, 0, Integer.MAX_VALUE, true, inv, null);
    }

    @Test
    void versionedKv_casAfterUnknownPut_isDecidedAgainstThePossibleVersions() {
        // issue 9 item 13: after a put of unknown outcome the version is unknown but greater than every earlier one
        Model m = new VersionedKvModel();
        Object known = m.step(m.initialState(), opIdem("put", "a", 1L));
        Object s = m.step(known, unknown("put", "b"));
        assertThat(m.step(s, opIdem("cas", List.of(2L, "c"), List.of(true, 3L))))
                .as("cas on the unknown put's version").isEqualTo(m.step(m.step(known, opIdem("put", "b", 2L)),
                        opIdem("cas", List.of(2L, "c"), List.of(true, 3L))));
        assertThat(m.step(s, opIdem("cas", List.of(1L, "c"), List.of(true, 3L))))
                .as("the unknown version is above 1").isSameAs(INCONSISTENT);
        assertThat(m.step(s, opIdem("cas", List.of(2L, "c"), List.of(true, 2L))))
                .as("a cas's new version exceeds the one it replaced").isSameAs(INCONSISTENT);
        assertThat(m.step(s, opIdem("cas", List.of(1L, "c"), List.of(false, 4L))))
                .as("a compare failure pins the unknown version").isEqualTo(m.step(known, opIdem("put", "b", 4L)));
        assertThat(m.step(s, opIdem("cas", List.of(4L, "c"), List.of(false, 4L)))).isSameAs(INCONSISTENT);
        assertThat(m.step(s, opIdem("put", "c", 2L)))
                .as("a put after an unknown version needs a version above it (at least 3)").isSameAs(INCONSISTENT);
        assertThat(m.step(s, opIdem("put", "c", 3L))).isNotSameAs(INCONSISTENT);
    }

    @Test
    void models_haveValueEquality() {
        assertThat(Models.byName("cas-register", "0", true)).isEqualTo(Models.byName("cas-register", "0", true))
                .hasSameHashCodeAs(Models.byName("cas-register", "0", true));
        assertThat(Models.byName("cas-register", "0", true)).isNotEqualTo(Models.byName("cas-register", "1", true));
        assertThat(new KvModel("")).isEqualTo(new KvModel(""));
        assertThatThrownBy(() -> Models.byName("nope", null, true)).hasMessageContaining("unknown model 'nope'");
    }
}
