package io.dsbench.lin.checker;

import io.dsbench.lin.cli.CheckBench;
import io.dsbench.lin.format.HistoryFormat;
import io.dsbench.lin.format.HistoryFormats;
import io.dsbench.lin.history.History;
import io.dsbench.lin.model.KvModel;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Models;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CheckerTest {

    static final Model CAS0 = Models.byName("cas-register", "0", true);

    static CheckResult check(String edn, Model m, FailMode fm) {
        History h = HistoryFormats.parse(edn, "t.edn", HistoryFormat.EDN);
        return new LinearizabilityChecker().check(h, m, fm);
    }

    @Test
    void empty_isLinearizable() {
        assertThat(check("[]", CAS0, FailMode.DROP).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void concurrentWriteAndRead_eitherOrderAllowed() {
        String h = "[{:process 0 :type :invoke :f :write :value 1}\n"
                + "{:process 1 :type :invoke :f :read :value nil}\n"
                + "{:process 1 :type :ok :f :read :value 1}\n"
                + "{:process 0 :type :ok :f :write :value 1}]";
        assertThat(check(h, CAS0, FailMode.DROP).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void staleReadAfterWriteCompleted_isNotLinearizable_withEvidence() {
        String h = "[{:process 0 :type :invoke :f :write :value 1}\n"
                + "{:process 0 :type :ok :f :write :value 1}\n"
                + "{:process 1 :type :invoke :f :read :value nil}\n"
                + "{:process 1 :type :ok :f :read :value 0}]";
        CheckResult r = check(h, CAS0, FailMode.DROP);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        Counterexample ce = r.counterexample();
        assertThat(ce.failing().f()).isEqualTo("read");
        assertThat(ce.failing().value()).isEqualTo(0L);
        assertThat(ce.prefix()).extracting(o -> o.f()).containsExactly("write");
        assertThat(ce.statesBefore()).containsExactly(1L);
    }

    @Test
    void infoWrite_mayOrMayNotHaveHappened() {
        String base = "[{:process 0 :type :invoke :f :write :value 5}\n"
                + "{:process 0 :type :info :f :write :value 5}\n"
                + "{:process 1 :type :invoke :f :read :value nil}\n"
                + "{:process 1 :type :ok :f :read :value %s}]";
        assertThat(check(String.format(base, "5"), CAS0, FailMode.DROP).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(check(String.format(base, "0"), CAS0, FailMode.DROP).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(check(String.format(base, "7"), CAS0, FailMode.DROP).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void infoWrite_cannotTakeEffectBeforeItsInvocation() {
        String h = "[{:process 1 :type :invoke :f :read :value nil}\n"
                + "{:process 1 :type :ok :f :read :value 5}\n"
                + "{:process 0 :type :invoke :f :write :value 5}\n"
                + "{:process 0 :type :info :f :write :value 5}]";
        assertThat(check(h, CAS0, FailMode.DROP).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void failedCas_dropVersusObserved() {
        // value is 0; a cas [0 1] "fails": dropped (Knossos) it is harmless, observed (Porcupine) it is impossible
        String h = "[{:process 0 :type :invoke :f :cas :value [0 1]}\n"
                + "{:process 0 :type :fail :f :cas :value [0 1]}]";
        assertThat(check(h, CAS0, FailMode.DROP).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(check(h, CAS0, FailMode.OBSERVED).verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        String h2 = "[{:process 0 :type :invoke :f :cas :value [3 1]}\n"
                + "{:process 0 :type :fail :f :cas :value [3 1]}]";
        assertThat(check(h2, CAS0, FailMode.OBSERVED).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void failWithError_underObserved_isUnknownAndMayBeLeftOut() {
        String h = "[{:process 0 :type :invoke :f :write :value 9}\n"
                + "{:process 0 :type :fail :f :write :value nil :error :timed-out}\n"
                + "{:process 1 :type :invoke :f :read :value nil}\n"
                + "{:process 1 :type :ok :f :read :value %s}]";
        assertThat(check(String.format(h, "0"), CAS0, FailMode.OBSERVED).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        assertThat(check(String.format(h, "9"), CAS0, FailMode.OBSERVED).verdict()).isEqualTo(Verdict.LINEARIZABLE);
    }

    @Test
    void failWithError_underObserved_mayTakeEffectAfterItsReturn() {
        // issue 9 item 14: the server applies a timed-out write after the client gave up
        String h = "[{:process 0 :type :invoke :f :write :value 9}\n"
                + "{:process 0 :type :fail :f :write :value nil :error :timed-out}\n"
                + "{:process 1 :type :invoke :f :read :value nil}\n"
                + "{:process 1 :type :ok :f :read :value %s}\n"
                + "{:process 1 :type :invoke :f :read :value nil}\n"
                + "{:process 1 :type :ok :f :read :value %s}]";
        assertThat(check(String.format(h, "0", "9"), CAS0, FailMode.OBSERVED).verdict())
                .isEqualTo(Verdict.LINEARIZABLE);
        assertThat(check(String.format(h, "9", "0"), CAS0, FailMode.OBSERVED).verdict())
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void pCompositionality_badKeyIsFound_andNamed() {
        String h = "{:process 0, :type :invoke, :f :put, :key \"a\", :value \"x\"}\n"
                + "{:process 0, :type :ok, :f :put, :key \"a\", :value \"x\"}\n"
                + "{:process 1, :type :invoke, :f :get, :key \"b\", :value nil}\n"
                + "{:process 1, :type :ok, :f :get, :key \"b\", :value \"x\"}\n";
        History hist = HistoryFormats.parse(h, "kv.txt", HistoryFormat.PORCUPINE_KV);
        CheckResult r = new LinearizabilityChecker().check(hist, new KvModel(""), FailMode.DROP);
        assertThat(r.verdict()).isEqualTo(Verdict.NOT_LINEARIZABLE);
        assertThat(r.partitions()).isEqualTo(2);
        assertThat(r.counterexample().partition()).isEqualTo("b");
    }

    @Test
    void generatedHistory_isLinearizable_andTamperingIsCaught() {
        History h = CheckBench.generatedKv(3000, 5, 8, 7);
        KvModel m = new KvModel("");
        assertThat(new LinearizabilityChecker().check(h, m, FailMode.DROP).verdict()).isEqualTo(Verdict.LINEARIZABLE);
        // corrupt the last get's result
        java.util.List<io.dsbench.lin.history.Op> ops = new java.util.ArrayList<>(h.ops());
        for (int i = ops.size() - 1; i >= 0; i--) {
            var op = ops.get(i);
            if (op.f().equals("get") && op.type() == io.dsbench.lin.history.OpType.OK) {
                ops.set(i, op.withValue(op.value() + "tampered"));
                break;
            }
        }
        assertThat(new LinearizabilityChecker().check(History.of(ops), m, FailMode.DROP).verdict())
                .isEqualTo(Verdict.NOT_LINEARIZABLE);
    }

    @Test
    void timeLimit_givesUnknown() {
        History h = CheckBench.generatedKv(40_000, 1, 10, 3);
        CheckOptions o = CheckOptions.defaults().withTimeLimit(Duration.ofNanos(1));
        CheckResult r = new LinearizabilityChecker(o).check(h, new KvModel(""), FailMode.DROP);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("time limit");
    }

    @Test
    void memoBudget_givesUnknownTooLarge_notOutOfMemory() {
        History h = CheckBench.generatedKv(40_000, 1, 10, 3);
        CheckOptions o = CheckOptions.defaults().withMemoBudgetBytes(64 * 1024);
        CheckResult r = new LinearizabilityChecker(o).check(h, new KvModel(""), FailMode.DROP);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("too large");
    }

    @Test
    void maxOps_givesUnknownTooLarge() {
        History h = CheckBench.generatedKv(500, 1, 3, 3);
        CheckResult r = new LinearizabilityChecker(CheckOptions.defaults().withMaxOps(100))
                .check(h, new KvModel(""), FailMode.DROP);
        assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
        assertThat(r.reason()).contains("too large").contains("500");
    }

    @Test
    void malformedHistory_isReportedNotSearched() {
        String h = "[{:process 0 :type :ok :f :read :value 1}]";
        assertThatThrownBy(() -> check(h, CAS0, FailMode.DROP)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no pending invocation");
    }
}
