package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.multileader.CrdtType;
import io.dsbench.patterns.multileader.GCounter;
import io.dsbench.patterns.multileader.LwwRegister;
import io.dsbench.patterns.multileader.OrSet;
import io.dsbench.patterns.multileader.PNCounter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * The MULTI rules about the CRDTs themselves (MULTI-5..MULTI-8): each type's merge is a join (commutative,
 * associative, idempotent) on fixed cases and on {@value #CASES} random triples of states ({@link CrdtLaws}'s
 * generators, drawn from the rule's {@link #seed()}: {@code --seed} replays them), and its value means what the
 * type promises. They test only core code: scope CORE, run once. The backend rules are in
 * {@link MultiLeaderVerification}, which a backend extends.
 *
 * <p>The same laws run as jqwik properties in core's tests ({@code CrdtLawPropertiesTest}), where a failure is shrunk to
 * a smallest counterexample; the kit's rules print the failing triple in full.
 */
public abstract class CrdtLawRules extends AbstractVerification {
    /** Generated triples per rule. */
    static final int CASES = 300;

    /**
     * The CRDT type the law rules check (the built-in one); the negative controls override it with a broken
     * merge.
     */
    protected <T> CrdtType<T> crdtUnderTest(CrdtType<T> type) {
        return type;
    }

    /**
     * MULTI-5: G-counter merge is a join, and increments made at three leaders and merged in any order count each
     * increment once.
     */
    @Test
    @ConformanceRule(id = "MULTI-5", title = "G-counter merge is commutative, associative, idempotent; merged increments add up",
            scope = ConformanceRule.Scope.CORE)
    public void required_MULTI5_gCounterMergeIsAJoin(TestReporter reporter) {
        CrdtType<GCounter> t = crdtUnderTest(GCounter.TYPE);
        checkLaws("MULTI-5", t, CrdtLaws::gCounter, reporter);
        GCounter a = t.empty().increment(0, 3);
        GCounter b = t.empty().increment(1, 4).increment(1, 1);
        GCounter c = t.empty().increment(2, 2);
        assertThat(t.merge(t.merge(a, b), t.merge(c, a)).value()).as("MULTI-5: 3 + 5 + 2 merged in any order").isEqualTo(10);
        assertThat(t.merge(c, t.merge(b, t.merge(a, c))).value()).as("MULTI-5: 3 + 5 + 2 merged in any order").isEqualTo(10);
    }

    /** MULTI-6: PN-counter merge is a join, and merged increments and decrements add up. */
    @Test
    @ConformanceRule(id = "MULTI-6", title = "PN-counter merge is commutative, associative, idempotent; merged adds and subtracts add up",
            scope = ConformanceRule.Scope.CORE)
    public void required_MULTI6_pnCounterMergeIsAJoin(TestReporter reporter) {
        CrdtType<PNCounter> t = crdtUnderTest(PNCounter.TYPE);
        checkLaws("MULTI-6", t, CrdtLaws::pnCounter, reporter);
        PNCounter a = t.empty().add(0, 5);
        PNCounter b = t.empty().add(1, -2);
        PNCounter c = t.empty().add(2, 1).add(2, -3);
        assertThat(t.merge(a, t.merge(b, t.merge(c, b))).value()).as("MULTI-6: 5 - 2 + 1 - 3").isEqualTo(1);
    }

    /**
     * MULTI-7: LWW-register merge is a join (ties of stamp and leader included), an assignment made after merging
     * another wins over it, and of two assignments with equal stamps the larger leader wins in both merge orders.
     */
    @Test
    @ConformanceRule(id = "MULTI-7", title = "LWW-register merge is commutative, associative, idempotent; the later assignment wins",
            scope = ConformanceRule.Scope.CORE)
    public void required_MULTI7_lwwRegisterMergeIsAJoin(TestReporter reporter) {
        CrdtType<LwwRegister> t = crdtUnderTest(LwwRegister.TYPE);
        checkLaws("MULTI-7", t, CrdtLaws::lwwRegister, reporter);
        LwwRegister first = t.empty().assign(0, bytes("first"), 100);
        LwwRegister later = t.merge(t.empty(), first).assign(1, bytes("later"), 50); // clock behind: still later
        assertThat(new String(t.merge(first, later).value(), StandardCharsets.UTF_8)).as("MULTI-7: causal overwrite")
                .isEqualTo("later");
        LwwRegister x = t.empty().assign(0, bytes("x"), 7);
        LwwRegister y = t.empty().assign(2, bytes("y"), 7);
        assertThat(t.merge(x, y)).as("MULTI-7: equal stamps, leader 2 wins").isEqualTo(t.merge(y, x)).isEqualTo(y);
    }

    /**
     * MULTI-8: OR-set merge is a join, an add concurrent with a remove of the same element wins (add-wins), and a
     * remove that observed every add removes the element everywhere.
     */
    @Test
    @ConformanceRule(id = "MULTI-8", title = "OR-set merge is commutative, associative, idempotent; a concurrent add wins over a remove",
            scope = ConformanceRule.Scope.CORE)
    public void required_MULTI8_orSetMergeIsAJoinAndAddWins(TestReporter reporter) {
        CrdtType<OrSet> t = crdtUnderTest(OrSet.TYPE);
        checkLaws("MULTI-8", t, CrdtLaws::orSet, reporter);
        OrSet shared = t.empty().add(0, "x");
        OrSet removed = shared.remove("x"); // leader 0 removes what it saw
        OrSet readded = t.merge(t.empty(), shared).add(1, "x"); // leader 1 adds again, concurrently
        assertThat(t.merge(removed, readded).contains("x")).as("MULTI-8: add concurrent with remove wins").isTrue();
        assertThat(t.merge(readded, removed).contains("x")).as("MULTI-8: add concurrent with remove wins").isTrue();
        OrSet all = t.merge(removed, readded);
        OrSet gone = all.remove("x");
        assertThat(t.merge(gone, all).contains("x")).as("MULTI-8: a remove that observed every add").isFalse();
    }

    private <T> void checkLaws(String rule, CrdtType<T> type, Function<SplittableRandom, T> states, TestReporter reporter) {
        AtomicInteger tried = new AtomicInteger();
        for (List<T> fixed : CrdtLaws.fixedTriples(type)) {
            check(rule, type, fixed, tried.incrementAndGet());
        }
        SplittableRandom rnd = new SplittableRandom(seed());
        for (int i = 0; i < CASES; i++) {
            check(rule, type, List.of(states.apply(rnd), states.apply(rnd), states.apply(rnd)), tried.incrementAndGet());
        }
        Measurements.publish(reporter, "cases", Integer.toString(tried.get()));
    }

    private static <T> void check(String rule, CrdtType<T> type, List<T> triple, int n) {
        Optional<String> v = CrdtLaws.violation(type, triple.get(0), triple.get(1), triple.get(2));
        if (v.isPresent()) {
            throw new AssertionError(rule + ": " + type.name() + " merge is " + v.get() + " (case " + n + ")");
        }
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
