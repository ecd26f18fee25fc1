package io.dsbench.patterns.multileader;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.conformance.CrdtLaws;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The CRDT merge laws as jqwik properties (run by the jqwik engine beside JUnit Jupiter; a failure is shrunk to a
 * smallest counterexample and its seed printed). The MULTI kit rules MULTI-5..8 check the same laws
 * ({@link CrdtLaws}) on sampled cases, so that {@code dsbench run} reports them too.
 */
class CrdtLawProperties {

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
        return CrdtLaws.gCounters();
    }

    @Provide
    Arbitrary<PNCounter> pnCounters() {
        return CrdtLaws.pnCounters();
    }

    @Provide
    Arbitrary<LwwRegister> lwwRegisters() {
        return CrdtLaws.lwwRegisters();
    }

    @Provide
    Arbitrary<OrSet> orSets() {
        return CrdtLaws.orSets();
    }
}
