package io.dsbench.conformance;

import io.dsbench.patterns.multileader.CrdtType;
import io.dsbench.patterns.multileader.Dot;
import io.dsbench.patterns.multileader.GCounter;
import io.dsbench.patterns.multileader.LwwRegister;
import io.dsbench.patterns.multileader.OrSet;
import io.dsbench.patterns.multileader.PNCounter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * The laws a state-based CRDT's merge must obey to make replicas converge whatever the order and repetition of
 * merges (commutative, associative, idempotent), checked on one triple of states, and jqwik arbitraries of the
 * built-in types' states: used by the MULTI kit rules (which sample them) and by core's jqwik properties (which
 * also shrink a counterexample). The states are small on purpose (few leaders, small counters, a four-letter
 * alphabet) so that ties and shared tags are frequent.
 */
public final class CrdtLaws {
    private CrdtLaws() {
    }

    /** The first law {@code (a, b, c)} breaks under {@code type}'s merge, empty if none (and encode/decode round-trips). */
    public static <T> Optional<String> violation(CrdtType<T> type, T a, T b, T c) {
        T ab = type.merge(a, b);
        T ba = type.merge(b, a);
        if (!ab.equals(ba)) {
            return Optional.of("not commutative: merge(a, b) = " + ab + " but merge(b, a) = " + ba + " for a = " + a
                    + ", b = " + b);
        }
        T left = type.merge(ab, c);
        T right = type.merge(a, type.merge(b, c));
        if (!left.equals(right)) {
            return Optional.of("not associative: merge(merge(a, b), c) = " + left + " but merge(a, merge(b, c)) = "
                    + right + " for a = " + a + ", b = " + b + ", c = " + c);
        }
        T aa = type.merge(a, a);
        if (!aa.equals(a)) {
            return Optional.of("not idempotent: merge(a, a) = " + aa + " for a = " + a);
        }
        T back = type.decode(type.encode(a));
        if (!back.equals(a)) {
            return Optional.of("encoding does not round-trip: " + a + " came back as " + back);
        }
        return Optional.empty();
    }

    /** G-counter states of up to 4 leaders with counts up to 5. */
    public static Arbitrary<GCounter> gCounters() {
        return Arbitraries.maps(Arbitraries.integers().between(0, 3), Arbitraries.longs().between(0, 5)).ofMaxSize(4)
                .map(GCounter::of);
    }

    /** PN-counter states: two G-counters. */
    public static Arbitrary<PNCounter> pnCounters() {
        return Combinators.combine(gCounters(), gCounters()).as(PNCounter::of);
    }

    /** LWW-register states with stamps 0..3 and leaders 0..2 (frequent ties of stamp and of stamp and leader). */
    public static Arbitrary<LwwRegister> lwwRegisters() {
        Arbitrary<byte[]> values = Arbitraries.bytes().between((byte) 0, (byte) 3).array(byte[].class).ofMaxSize(2);
        return Combinators.combine(values, Arbitraries.longs().between(0, 3), Arbitraries.integers().between(0, 2))
                .as(LwwRegister::of);
    }

    /** OR-set states over elements a..d with tags of leaders 0..2, counters 1..3, some tombstoned. */
    public static Arbitrary<OrSet> orSets() {
        Arbitrary<Dot> dots = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.longs().between(1, 3))
                .as(Dot::new);
        return Combinators.combine(
                Arbitraries.maps(Arbitraries.of("a", "b", "c", "d"), dots.set().ofMaxSize(3)).ofMaxSize(4),
                dots.set().ofMaxSize(4)).as(OrSet::of);
    }

    /**
     * Fixed triples tried before the generated ones, so that a broken merge is caught on every run whatever the
     * generator draws: states with non-zero counts, tied stamps and a tombstoned tag.
     */
    @SuppressWarnings("unchecked")
    static <T> List<List<T>> fixedTriples(CrdtType<T> type) {
        List<List<Object>> out = new ArrayList<>();
        GCounter g1 = GCounter.TYPE.empty().increment(0, 2);
        GCounter g2 = GCounter.TYPE.empty().increment(1, 1).increment(0, 1);
        GCounter g3 = GCounter.TYPE.empty().increment(2, 3);
        switch (type.name().replaceAll("-broken.*", "")) {
            case "g-counter" -> out.add(List.of(g1, g2, g3));
            case "pn-counter" -> out.add(List.of(PNCounter.of(g1, g3), PNCounter.of(g2, g1), PNCounter.of(g3, g2)));
            case "lww-register" -> out.add(List.of(LwwRegister.of(new byte[] {1}, 2, 0), LwwRegister.of(new byte[] {2}, 2, 0),
                    LwwRegister.of(new byte[] {3}, 2, 1)));
            case "or-set" -> {
                OrSet base = OrSet.TYPE.empty().add(0, "a");
                out.add(List.of(base.remove("a"), base.add(1, "b"), base.add(2, "a")));
            }
            default -> {
            }
        }
        return (List<List<T>>) (List<?>) out;
    }
}
