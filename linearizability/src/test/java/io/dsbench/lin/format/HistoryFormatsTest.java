package io.dsbench.lin.format;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Keyword;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryFormatsTest {

    static final String LOG = "INFO  jepsen.util - 4\t:invoke\t:read\tnil\n"
            + "INFO  jepsen.util - 4\t:ok\t:read\tnil\n"
            + "some other logger line\n"
            + "INFO  jepsen.util - 2\t:invoke\t:cas\t[2 4]\n"
            + "INFO  jepsen.util - 2\t:fail\t:cas\t[2 4]\n"
            + "INFO  jepsen.util - 1\t:invoke\t:write\t3\n"
            + "INFO  jepsen.util - 1\t:info\t:write\t:timed-out\n";

    @Test
    void sniff_recognisesEachFormat() {
        assertThat(HistoryFormats.sniff(LOG, "x")).isEqualTo(HistoryFormat.JEPSEN_LOG);
        assertThat(HistoryFormats.sniff("; c\n[{:process 1}]", "x")).isEqualTo(HistoryFormat.EDN);
        assertThat(HistoryFormats.sniff("{:process 0, :type :invoke, :f :get, :key \"1\", :value nil}", "x"))
                .isEqualTo(HistoryFormat.PORCUPINE_KV);
        assertThat(HistoryFormats.sniff("{\"process\":0}", "x")).isEqualTo(HistoryFormat.JSONL);
        assertThat(HistoryFormats.sniff("", "etcd_095.log")).isEqualTo(HistoryFormat.JEPSEN_LOG);
    }

    @Test
    void jepsenLog_parsesTypesValuesAndErrors() {
        History h = HistoryFormats.parse(LOG, "t.log", HistoryFormat.JEPSEN_LOG);
        assertThat(h.size()).isEqualTo(6);
        assertThat(h.get(2).value()).isEqualTo(List.of(2L, 4L));
        assertThat(h.get(3).type()).isEqualTo(OpType.FAIL);
        assertThat(h.get(5).error()).isEqualTo(Keyword.of("timed-out"));
        assertThat(h.get(5).value()).isNull();
        assertThat(h.calls()).hasSize(3);
    }

    @Test
    void jepsenLog_malformedLine_namesLine() {
        assertThatThrownBy(() -> HistoryFormats.parse("INFO  jepsen.util - x\t:ok\t:read\t1\n", "b.log",
                HistoryFormat.JEPSEN_LOG)).isInstanceOf(HistoryFormatException.class).hasMessageStartingWith("b.log:1:")
                .hasMessageContaining("process number");
        assertThatThrownBy(() -> HistoryFormats.parse("INFO  jepsen.util - 1\t:done\t:read\t1\n", "b.log",
                HistoryFormat.JEPSEN_LOG)).hasMessageContaining("expected :invoke, :ok, :fail or :info");
    }

    @Test
    void kvLines_andEdnMapsPerLine() {
        History h = HistoryFormats.parse("{:process 0, :type :invoke, :f :put, :key \"k\", :value \"x\"}\n"
                + "{:process 0, :type :ok, :f :put, :key \"k\", :value \"x\"}\n", "kv.txt", HistoryFormat.PORCUPINE_KV);
        assertThat(h.get(1).key()).isEqualTo("k");
        assertThat(h.get(1).type()).isEqualTo(OpType.OK);
    }

    @Test
    void edn_nemesisIsKeptButNotAClientOp() {
        History h = HistoryFormats.parse("[{:process :nemesis :type :info :f :start :value nil}\n"
                + "{:process 0 :type :invoke :f :read :value nil}]", "n.edn", HistoryFormat.EDN);
        assertThat(h.get(0).isNemesis()).isTrue();
        assertThat(h.calls()).hasSize(1);
    }

    @Test
    void edn_badOp_namesLineAndField() {
        assertThatThrownBy(() -> HistoryFormats.parse("[{:process 0 :type :invoke :f :read}\n", "x.edn",
                HistoryFormat.EDN)).hasMessageContaining("never closed");
        assertThatThrownBy(() -> HistoryFormats.parse("{:process 0 :type :invoke :f :read}\n{:process 0 :type :done :f :read}",
                "y.edn", HistoryFormat.EDN)).isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("y.edn:2:").hasMessageContaining(":type");
        assertThatThrownBy(() -> HistoryFormats.parse("{:process \"a\" :type :invoke :f :read}", "z.edn",
                HistoryFormat.EDN)).hasMessageContaining(":process");
    }

    @Test
    void roundTrip_ednAndJsonLines() {
        History h = History.of(List.of(
                new Op(0, 10, OpType.INVOKE, 1, "cas", List.of(1L, 2L), null, null),
                new Op(1, 20, OpType.INVOKE, Op.NEMESIS, "kill", null, null, null),
                new Op(2, 30, OpType.INFO, 1, "cas", List.of(1L, 2L), null, Keyword.of("timed-out")),
                new Op(3, 40, OpType.INVOKE, 2, "get", null, "k", null),
                new Op(4, 50, OpType.OK, 2, "get", "a \"b\"", "k", null)));
        History edn = HistoryFormats.parse(HistoryFormats.toEdn(h), "rt.edn", HistoryFormat.EDN);
        assertThat(edn.ops()).isEqualTo(h.ops());
        History json = HistoryFormats.parse(HistoryFormats.toJsonLines(h), "rt.jsonl", HistoryFormat.JSONL);
        assertThat(json.ops()).isEqualTo(h.ops());
    }

    @Test
    void jsonLines_malformed_namesLine() {
        assertThatThrownBy(() -> HistoryFormats.parse("{\"process\":0,\"type\":\"invoke\",\"f\":\"read\"}\n{oops",
                "j.jsonl", HistoryFormat.JSONL)).isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("j.jsonl:2:");
    }
}
