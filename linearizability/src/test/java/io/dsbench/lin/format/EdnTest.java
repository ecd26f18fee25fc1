package io.dsbench.lin.format;

import io.dsbench.lin.history.Keyword;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EdnTest {

    @Test
    @SuppressWarnings("unchecked")
    void read_scalarsAndCollections() {
        Object v = Edn.read("{:a 1, :b \"x\\ny\" :c [nil true false -7 2.5] :d #{:k} :e (1 2)}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertThat(m.get(Keyword.of("a"))).isEqualTo(1L);
        assertThat(m.get(Keyword.of("b"))).isEqualTo("x\ny");
        assertThat((List<Object>) m.get(Keyword.of("c"))).containsExactly(null, true, false, -7L, 2.5);
        assertThat((Set<Object>) m.get(Keyword.of("d"))).containsExactly(Keyword.of("k"));
        assertThat((List<Object>) m.get(Keyword.of("e"))).containsExactly(1L, 2L);
    }

    @Test
    void read_commentsDiscardsTagsAndMultilineMaps() {
        List<Object> all = Edn.readAll("; header\n[{:type :invoke,\n :f :read ; inline\n :value nil}\n #_ {:x 1}\n"
                + " #jepsen.history.Op{:f :write}]", "t.edn");
        assertThat(all).hasSize(1);
        List<?> ops = (List<?>) all.get(0);
        assertThat(ops).hasSize(2);
        assertThat(((Map<?, ?>) ops.get(0)).get(Keyword.of("f"))).isEqualTo(Keyword.of("read"));
        assertThat(((Map<?, ?>) ops.get(1)).get(Keyword.of("f"))).isEqualTo(Keyword.of("write"));
    }

    @Test
    void roundTrip_writeThenRead_givesEqualValue() {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(Keyword.of("s"), "q\"uo\\te\t");
        m.put(Keyword.of("n"), null);
        m.put(Keyword.of("l"), Arrays.asList(1L, -2L, Keyword.of("x"), List.of("a"), Boolean.TRUE));
        m.put("str-key", Set.of(3L));
        m.put(Keyword.of("big"), new java.math.BigInteger("123456789012345678901234567890"));
        Object back = Edn.read(Edn.write(m));
        assertThat(back).isEqualTo(m);
    }

    @Test
    void malformed_namesFileLineAndExpectation() {
        assertThatThrownBy(() -> Edn.readAll("[{:a 1}\n{:b 2\n", "bad.edn"))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageContaining("bad.edn:")
                .hasMessageContaining("expected '}'");
        assertThatThrownBy(() -> Edn.readAll("{:a 1}\n\n{:a}", "odd.edn"))
                .isInstanceOf(HistoryFormatException.class)
                .hasMessageStartingWith("odd.edn:3:")
                .hasMessageContaining("odd number");
        assertThatThrownBy(() -> Edn.readAll("[1 2]]", "x.edn"))
                .hasMessageContaining("unexpected ']'");
        assertThatThrownBy(() -> Edn.readAll("\"abc", "s.edn"))
                .hasMessageContaining("never closed");
    }
}
