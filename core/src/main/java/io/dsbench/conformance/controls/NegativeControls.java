package io.dsbench.conformance.controls;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kit's negative controls: for each required rule that exercises a backend, a realistic planted bug
 * that the rule must fail (checked by {@code NegativeControlsTest} in impl-inmemory, over the in-memory
 * backend), and the rules for which no backend defect is planted ({@link #GAPS}, each with the reason).
 * docs/RULES.md shows both. Each bug is a few lines over the {@link Forwarding} primitives, in one class per
 * primitive ({@code KvBugs}, {@code CacheBugs}, ...); a call that crosses a network in a real backend is
 * modelled by a 0.2 ms round trip where the bug is a race.
 */
public final class NegativeControls {
    private NegativeControls() {
    }

    private static final List<PlantedBug> ALL = all(KvBugs.all(), CacheBugs.all(), IdempotencyBugs.all(),
            LockBugs.all(), LogBugs.all(), RegistryBugs.all(), PatternBugs.all(), ProtocolBugs.all(),
            MultiLeaderBugs.all(), ChoreographyBugs.all(), ConsistencyBugs.all());

    @SafeVarargs
    private static List<PlantedBug> all(List<PlantedBug>... parts) {
        List<PlantedBug> out = new ArrayList<>();
        for (List<PlantedBug> p : parts) {
            out.addAll(p);
        }
        return List.copyOf(out);
    }

    /**
     * Required rules that exercise a backend but have no negative control, each with the reason (no backend
     * defect can make the rule fail, or none is written yet). Shown in docs/RULES.md; a convention test keeps
     * this list and {@link #all()} covering every such rule.
     */
    public static final Map<String, String> GAPS = gaps();

    private static Map<String, String> gaps() {
        Map<String, String> g = new LinkedHashMap<>();
        g.put("QUORUM-7", "gap: shows core's eventual mode (W+R<=N) misses a write; a backend defect cannot remove that");
        g.put("QUORUM-8", "gap: the quorum store keeps its own versions in its envelopes; backend versions do not show");
        g.put("QUORUM-9", "gap: shows core's plain quorum is not linearizable; a backend defect cannot remove that");
        g.put("LIN-QUORUM-PLAIN", "gap: shows core's plain quorum is not linearizable; a backend defect cannot remove that");
        g.put("QUORUM-10", "gap: checks core's quorum versions (writer id as tiebreak); a backend defect cannot make two"
                + " writers tie; the control is a writer-blind quorum store (impl-inmemory QuorumCachingDiscoveryKitCatchesBugsTest)");
        g.put("IDEM-14", "control: a complete that overwrites the fingerprint (impl-inmemory KitCatchesBrokenBackendsTest)");
        g.put("REG-14", "control: heartbeats that do not extend or add to the old deadline (impl-inmemory"
                + " KitCatchesBrokenRegistriesTest)");
        g.put("REG-15", "control: a re-register that keeps the old deadline (impl-inmemory KitCatchesBrokenRegistriesTest)");
        g.put("LOG-8", "control: an unconditional and a check-then-append appendAt (impl-inmemory KitCatchesBrokenBackendsTest)");
        g.put("SAGA-7", "control: an idempotency store that forgets completed results (impl-inmemory"
                + " KitCatchesBrokenBackendsTest)");
        g.put("SAGA-C4", "gap: compares two core designs on one flow (a log defect that changes the counts breaks LOG-*"
                + " first); control: a publisher that writes each fact twice (impl-inmemory"
                + " SagaChoreographyKitCatchesBugsTest)");
        g.put("SAGA-8", "gap: checks core's fenced saga recovery (two orchestrators race); a non-atomic appendAt is LOG-8's");
        g.put("TPC-7", "gap: checks core's fenced 2PC recovery (two coordinators race); a non-atomic appendAt is LOG-8's");
        g.put("TRACE-1", "gap: tests the tracing decorator (core); backend calls only feed it");
        g.put("TRACE-2", "gap: tests the tracing decorator (core); backend calls only feed it");
        g.put("TRACE-4", "gap: tests the saga's tracing (core)");
        g.put("TRACE-5", "gap: tests 2PC's tracing (core)");
        g.put("MULTI-5", "control: a G-counter merge that adds counts, not idempotent (impl-inmemory MultiLeaderKitCatchesBugsTest)");
        g.put("MULTI-6", "control: a PN-counter merge that keeps only its own decrements (impl-inmemory MultiLeaderKitCatchesBugsTest)");
        g.put("MULTI-7", "control: an LWW-register merge that keeps the left on equal stamps (impl-inmemory"
                + " MultiLeaderKitCatchesBugsTest)");
        g.put("MULTI-8", "control: an OR-set merge that ignores the other side's removes (impl-inmemory"
                + " MultiLeaderKitCatchesBugsTest)");
        return Collections.unmodifiableMap(g);
    }

    /** Every planted bug, in rule order of this file. */
    public static List<PlantedBug> all() {
        return ALL;
    }

    /** The planted bug of {@code ruleId}, if any. */
    public static Optional<PlantedBug> of(String ruleId) {
        return ALL.stream().filter(b -> b.rule().equals(ruleId)).findFirst();
    }

    /** For docs/RULES.md: the planted bug's name, the declared gap's reason, or empty. */
    public static String describe(String ruleId) {
        return of(ruleId).map(PlantedBug::name).orElse(GAPS.getOrDefault(ruleId, ""));
    }
}
