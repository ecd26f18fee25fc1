package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.MultiLeaderVerification;
import io.dsbench.patterns.multileader.CrdtType;
import io.dsbench.patterns.multileader.GCounter;
import io.dsbench.patterns.multileader.LwwRegister;
import io.dsbench.patterns.multileader.LwwStore;
import io.dsbench.patterns.multileader.OrSet;
import io.dsbench.patterns.multileader.PNCounter;
import io.dsbench.patterns.multileader.ReplicationConfig;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Negative controls for the MULTI rules that check core code: each test plants one defect of a resolver or of a CRDT
 * merge (the backend defects are in {@code controls.MultiLeaderBugs}, run by {@code NegativeControlsTest}) and checks
 * that the rule reports it. Each defect is caught on the rule's fixed cases, before any generated one: deterministic.
 */
class MultiLeaderKitCatchesBugsTest {
    private final Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
    private final TestReporter quiet = (Map<String, String> m) -> { };
    private final Map<String, BinaryOperator<?>> brokenMerges = new HashMap<>();

    @AfterEach
    void close() {
        real.close();
    }

    /** A kit whose LWW store or CRDT merges carry the planted defect. */
    private MultiLeaderVerification kit(boolean lwwForgetsDrops) {
        return new MultiLeaderVerification() {
            {
                backend = real;
            }

            @Override
            protected Backend openBackend() {
                return real;
            }

            @Override
            protected LwwStore lwwStore(ReplicationConfig config) {
                return !lwwForgetsDrops ? super.lwwStore(config) : new LwwStore(config) {
                    @Override
                    public List<DroppedWrite> droppedWrites() {
                        return List.of(); // resolves like LWW, but drops silently
                    }
                };
            }

            @Override
            @SuppressWarnings("unchecked")
            protected <T> CrdtType<T> crdtUnderTest(CrdtType<T> type) {
                BinaryOperator<T> broken = (BinaryOperator<T>) brokenMerges.get(type.name());
                return broken == null ? type : type.withMerge(type.name(), broken);
            }
        };
    }

    @Test
    void multi2_catchesAnLwwStoreThatDropsWithoutCounting() {
        assertThatThrownBy(() -> kit(true).required_MULTI2_lwwDeclaresExactlyTheWritesItDrops(quiet))
                .isInstanceOf(AssertionError.class).hasMessageContaining("MULTI-2: the drops LWW declares");
    }

    @Test
    void multi5_catchesAGCounterMergeThatAddsCounts() {
        brokenMerges.put("g-counter", (BinaryOperator<GCounter>) (a, b) -> {
            GCounter out = a;
            for (Map.Entry<Integer, Long> e : b.counts().entrySet()) {
                out = out.increment(e.getKey(), e.getValue()); // sum instead of max: merging twice counts twice
            }
            return out;
        });
        assertThatThrownBy(() -> kit(false).required_MULTI5_gCounterMergeIsAJoin(quiet)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("MULTI-5").hasMessageContaining("not idempotent").hasMessageContaining("(case 1)");
    }

    @Test
    void multi6_catchesAPnCounterMergeThatKeepsOnlyItsOwnDecrements() {
        brokenMerges.put("pn-counter", (BinaryOperator<PNCounter>) (a, b) ->
                PNCounter.of(a.increments().merge(b.increments()), a.decrements()));
        assertThatThrownBy(() -> kit(false).required_MULTI6_pnCounterMergeIsAJoin(quiet)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("MULTI-6").hasMessageContaining("not commutative").hasMessageContaining("(case 1)");
    }

    /** The same defect makes MULTI-1's pn-counter diverge and lose decrements on the backend. */
    @Test
    void multi1_catchesANonCommutativeCrdtMergeOnTheBackend() {
        brokenMerges.put("pn-counter", (BinaryOperator<PNCounter>) (a, b) ->
                PNCounter.of(a.increments().merge(b.increments()), a.decrements()));
        assertThatThrownBy(() -> kit(false).required_MULTI1_leadersConvergeAfterDrain(quiet)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("MULTI-1");
    }

    @Test
    void multi7_catchesAnLwwRegisterMergeThatKeepsTheLeftOnEqualStamps() {
        brokenMerges.put("lww-register", (BinaryOperator<LwwRegister>) (a, b) -> b.stamp() > a.stamp() ? b : a);
        assertThatThrownBy(() -> kit(false).required_MULTI7_lwwRegisterMergeIsAJoin(quiet)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("MULTI-7").hasMessageContaining("not commutative").hasMessageContaining("(case 1)");
    }

    @Test
    void multi8_catchesAnOrSetMergeThatIgnoresTheOtherSidesRemoves() {
        brokenMerges.put("or-set", (BinaryOperator<OrSet>) (a, b) -> {
            OrSet tagsOnly = OrSet.of(b.tags(), java.util.Set.of());
            return OrSet.of(OrSet.TYPE.merge(a, tagsOnly).tags(), a.tombstones());
        });
        assertThatThrownBy(() -> kit(false).required_MULTI8_orSetMergeIsAJoinAndAddWins(quiet)).isInstanceOf(AssertionError.class)
                .hasMessageContaining("MULTI-8").hasMessageContaining("not commutative").hasMessageContaining("(case 1)");
    }
}
