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
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The laws a state-based CRDT's merge must obey to make replicas converge whatever the order and repetition of
 * merges (commutative, associative, idempotent), checked on one triple of states, and seeded generators of the
 * built-in types' states for the MULTI kit rules (core's jqwik properties, {@code CrdtLawPropertiesTest}, check the same
 * laws on jqwik's own arbitraries, with shrinking). The states are small on purpose (few leaders, small counters, a
 * four-letter alphabet) so that ties and shared tags are frequent.
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

    /** A G-counter state of up to 4 leaders (0..3) with counts 0..5. */
    public static GCounter gCounter(SplittableRandom r) {
        Map<Integer, Long> m = new TreeMap<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            m.put(r.nextInt(4), (long) r.nextInt(6));
        }
        return GCounter.of(m);
    }

    /** A PN-counter state: two G-counters. */
    public static PNCounter pnCounter(SplittableRandom r) {
        return PNCounter.of(gCounter(r), gCounter(r));
    }

    /** An LWW-register state with a value of 0..2 bytes 0..3, stamp 0..3 and leader 0..2 (ties are frequent). */
    public static LwwRegister lwwRegister(SplittableRandom r) {
        byte[] v = new byte[r.nextInt(3)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (byte) r.nextInt(4);
        }
        return LwwRegister.of(v, r.nextInt(4), r.nextInt(3));
    }

    /** An OR-set state over elements a..d, tags of leaders 0..2 with counters 1..3, some of them tombstoned. */
    public static OrSet orSet(SplittableRandom r) {
        Map<String, Set<Dot>> tags = new TreeMap<>();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            tags.put(String.valueOf((char) ('a' + r.nextInt(4))), dots(r, 3));
        }
        return OrSet.of(tags, dots(r, 4));
    }

    private static Set<Dot> dots(SplittableRandom r, int max) {
        Set<Dot> out = new TreeSet<>();
        int n = r.nextInt(max + 1);
        for (int i = 0; i < n; i++) {
            out.add(new Dot(r.nextInt(3), 1 + r.nextInt(3)));
        }
        return out;
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
