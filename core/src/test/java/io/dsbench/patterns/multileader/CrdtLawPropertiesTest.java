package io.dsbench.patterns.multileader;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.conformance.CrdtLaws;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The CRDT merge laws as jqwik properties (run by the jqwik engine beside JUnit Jupiter; named {@code *Test} so
 * that surefire's default includes pick it up; a failure is shrunk to a
 * smallest counterexample and its seed printed), on jqwik's arbitraries of small states (few leaders, small
 * counters, four elements: ties and shared tags are frequent). The MULTI kit rules MULTI-5..8 check the same laws
 * ({@link CrdtLaws}) on seeded random cases, so that {@code dsbench run} reports them too.
 */
class CrdtLawPropertiesTest {

    @Property(tries = 500)
    void gCounterMergeIsAJoin(@ForAll("gCounters") GCounter a, @ForAll("gCounters") GCounter b, @ForAll("gCounters") GCounter c) {
        assertThat(CrdtLaws.violation(GCounter.TYPE, a, b, c)).isEmpty();
        assertThat(GCounter.TYPE.merge(a, b).value()).isGreaterThanOrEqualTo(Math.max(a.value(), b.value()));
    }

    @Property(tries = 500)
    void pnCounterMergeIsAJoin(@ForAll("pnCounters") PNCounter a, @ForAll("pnCounters") PNCounter b,
            @ForAll("pnCounters") PNCounter c) {
        assertThat(CrdtLaws.violation(PNCounter.TYPE, a, b, c)).isEmpty();
    }

    @Property(tries = 500)
    void lwwRegisterMergeIsAJoin(@ForAll("lwwRegisters") LwwRegister a, @ForAll("lwwRegisters") LwwRegister b,
            @ForAll("lwwRegisters") LwwRegister c) {
        assertThat(CrdtLaws.violation(LwwRegister.TYPE, a, b, c)).isEmpty();
    }

    @Property(tries = 500)
    void orSetMergeIsAJoin(@ForAll("orSets") OrSet a, @ForAll("orSets") OrSet b, @ForAll("orSets") OrSet c) {
        assertThat(CrdtLaws.violation(OrSet.TYPE, a, b, c)).isEmpty();
        assertThat(OrSet.TYPE.merge(a, b).elements()).as("merge only adds tags and tombstones")
                .allMatch(e -> a.contains(e) || b.contains(e));
    }

    @Provide
    Arbitrary<GCounter> gCounters() {
        return Arbitraries.maps(Arbitraries.integers().between(0, 3), Arbitraries.longs().between(0, 5)).ofMaxSize(4)
                .map(GCounter::of);
    }

    @Provide
    Arbitrary<PNCounter> pnCounters() {
        return Combinators.combine(gCounters(), gCounters()).as(PNCounter::of);
    }

    @Provide
    Arbitrary<LwwRegister> lwwRegisters() {
        Arbitrary<byte[]> values = Arbitraries.bytes().between((byte) 0, (byte) 3).array(byte[].class).ofMaxSize(2);
        return Combinators.combine(values, Arbitraries.longs().between(0, 3), Arbitraries.integers().between(0, 2))
                .as(LwwRegister::of);
    }

    @Provide
    Arbitrary<OrSet> orSets() {
        Arbitrary<Dot> dots = Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.longs().between(1, 3))
                .as(Dot::new);
        return Combinators.combine(
                Arbitraries.maps(Arbitraries.of("a", "b", "c", "d"), dots.set().ofMaxSize(3)).ofMaxSize(4),
                dots.set().ofMaxSize(4)).as(OrSet::of);
    }
}
