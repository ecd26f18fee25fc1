package io.dsbench.lin.consistency;

import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.history.History;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.RegisterModel;
import io.dsbench.lin.model.VersionedKvModel;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Sequential consistency on hand-made histories: held without real time, violated in each process's order. */
class SequentialCheckerTest {
    private static final Model KV = new VersionedKvModel();

    private static ModelCheck sc(History h, Model m) {
        return SequentialChecker.defaults().check(Operations.of(h, m, FailMode.DROP), m);
    }

    private static Verdict lin(History h, Model m) {
        return new LinearizabilityChecker().check(h, m, FailMode.DROP).verdict();
    }

    @Test
    void aStaleReadByAnotherProcessIsSequentialButNotLinearizable() {
        // p1's read starts after p0's put was acknowledged and finds nothing: real time is broken, program order not
        History h = new Hist().put(0, "a", "x", 1).getNil(1, "a").build();
        assertThat(lin(h, KV)).isEqualTo(Verdict.NOT_LINEARIZABLE);
        ModelCheck c = sc(h, KV);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.HOLDS);
        assertThat(c.detail()).contains("a sequential order was found");
    }

    @Test
    void aProcessMissingItsOwnWriteIsNotSequential() {
        History h = new Hist().put(0, "a", "x", 1).getNil(0, "a").build();
        ModelCheck c = sc(h, KV);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.VIOLATED);
        // the cycle: the put precedes the get (process order), the get of nothing precedes the first write of a
        assertThat(c.first().ops()).hasSize(2).anyMatch(o -> o.contains("p0 :get \"a\" nil -> ok")
                && o.contains("read before the next write")).anyMatch(o -> o.contains("p0 :put") && o.contains("process order"));
    }

    @Test
    void dekkerAcrossTwoKeysIsNotSequentialThoughEachKeyAloneIs() {
        // each process writes its key, then reads the other's as absent: whichever write comes first in one order,
        // the other process's read comes after it. Per key, each history alone is sequential.
        History h = new Hist().put(0, "a", "x", 1).put(1, "b", "y", 1).getNil(0, "b").getNil(1, "a").build();
        assertThat(sc(h, KV).status()).isEqualTo(ModelCheck.Status.VIOLATED);
        History onlyA = new Hist().put(0, "a", "x", 1).getNil(1, "a").build();
        assertThat(sc(onlyA, KV).status()).isEqualTo(ModelCheck.Status.HOLDS);
        // all four session guarantees hold: the ladder's "session" rung, below sequential
        KvHistory kv = KvHistory.of(h);
        assertThat(SessionGuarantees.checkAll(kv).values()).allMatch(m -> m.status() == ModelCheck.Status.HOLDS);
    }

    @Test
    void registerHistoriesToo() {
        Model reg = new RegisterModel(false, 0L, false);
        // p1 reads 1 then 0 while p0 wrote 1: p1's reads go back in its own order
        History bad = new Hist().invoke(0, "write", null, 1L).ok(0, "write", null, 1L)
                .invoke(1, "read", null, null).ok(1, "read", null, 1L)
                .invoke(1, "read", null, null).ok(1, "read", null, 0L).build();
        assertThat(sc(bad, reg).status()).isEqualTo(ModelCheck.Status.VIOLATED);
        History ok = new Hist().invoke(0, "write", null, 1L).ok(0, "write", null, 1L)
                .invoke(1, "read", null, null).ok(1, "read", null, 0L)
                .invoke(1, "read", null, null).ok(1, "read", null, 1L).build();
        assertThat(sc(ok, reg).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void anUnknownWriteMayBeLeftOutOrApplied() {
        // p0's put timed out (:info); p1 sees it once: sequential with the put applied
        History applied = new Hist().invoke(0, "put", "a", "x").info(0, "put", "a").get(1, "a", "x", 7).build();
        assertThat(sc(applied, KV).status()).isEqualTo(ModelCheck.Status.HOLDS);
        History left = new Hist().invoke(0, "put", "a", "x").info(0, "put", "a").getNil(1, "a").build();
        assertThat(sc(left, KV).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void withoutVersionsTheSearchDecides() {
        // deletes make the version order incomplete: the general search decides, guided by it
        History bad = new Hist().put(0, "a", "x", 1).delete(1, "b", false).put(1, "b", "y", 2).getNil(0, "b")
                .getNil(1, "a").build();
        ModelCheck c = sc(bad, KV);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.VIOLATED);
        assertThat(c.first().explanation()).contains("longest legal sequence");
        History good = new Hist().put(0, "a", "x", 1).delete(1, "b", false).put(1, "b", "y", 2).getNil(0, "b")
                .get(1, "a", "x", 1).build();
        assertThat(sc(good, KV).status()).isEqualTo(ModelCheck.Status.HOLDS);
    }

    @Test
    void theBudgetGivesUnknownNotAVerdict() {
        History h = new Hist().put(0, "a", "x", 1).delete(1, "b", false).put(1, "b", "y", 2).getNil(0, "b")
                .getNil(1, "a").build();
        ModelCheck c = new SequentialChecker(2, Duration.ofSeconds(10)).check(Operations.of(h, KV, FailMode.DROP), KV);
        assertThat(c.status()).isEqualTo(ModelCheck.Status.UNKNOWN);
        assertThat(c.detail()).contains("more than 2 configurations");
    }
}
