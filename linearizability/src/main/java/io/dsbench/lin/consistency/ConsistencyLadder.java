package io.dsbench.lin.consistency;

import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.Counterexample;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.history.History;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;
import io.dsbench.lin.model.VersionedKvModel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The consistency ladder of one recorded history: which of the {@link ConsistencyModel}s it satisfies, the strongest
 * one, and the counterexample for the first rung it missed. The rungs, strongest first: linearizable, sequential,
 * then the four session guarantees together ("session"); below that the guarantees that still hold are listed.
 * Each rung implies the ones below it (for a versioned key-value store), so a history that misses a rung and
 * satisfies a higher one shows a checker bug, and {@link #of} reports it as an inconsistency.
 *
 * <p>Works for a history from <em>any</em> store: the input is a Jepsen history of {@code get}/{@code put}/
 * {@code cas}/{@code delete} calls on keys (see {@link KvHistory}), however the store replicates. Histories of other
 * models get the linearizable and sequential rungs only. Stateless apart from its limits; thread-safe.
 */
public final class ConsistencyLadder {

    private final Duration timeLimit;
    private final long maxConfigurations;

    /**
     * @param timeLimit         for each of the linearizability and sequential searches
     * @param maxConfigurations for the sequential search
     */
    public ConsistencyLadder(Duration timeLimit, long maxConfigurations) {
        this.timeLimit = timeLimit;
        this.maxConfigurations = maxConfigurations;
    }

    /** 30 s per search, 2,000,000 sequential configurations. */
    public static ConsistencyLadder defaults() {
        return new ConsistencyLadder(Duration.ofSeconds(30), 2_000_000);
    }

    /**
     * The ladder of one history.
     *
     * @param checks     one check per model, strongest first
     * @param strongest  the strongest rung that holds: {@code linearizable}, {@code sequential}, {@code session}, or
     *                   the session guarantees that hold joined with {@code +}, or {@code none}
     * @param firstMissed the strongest model that does not hold (violated or unknown), or null when all hold
     * @param staleness  how far behind the reads were (null for histories that are not versioned key-value ones)
     */
    public record Ladder(List<ModelCheck> checks, String strongest, ModelCheck firstMissed, Staleness.Report staleness) {
        /** The check of one model, or null when it was not checked. */
        public ModelCheck get(ConsistencyModel m) {
            return checks.stream().filter(c -> c.model() == m).findFirst().orElse(null);
        }

        /** JSON-ready tree with snake_case keys (for {@code conformance.json} and {@code check --json}). */
        public Map<String, Object> toJson() {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("strongest", strongest);
            List<Map<String, Object>> rungs = new ArrayList<>();
            for (ModelCheck c : checks) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("model", c.model().cliName());
                r.put("status", c.status().text());
                r.put("detail", c.detail());
                r.put("violations", c.count());
                rungs.add(r);
            }
            root.put("models", rungs);
            if (firstMissed != null) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("model", firstMissed.model().cliName());
                m.put("status", firstMissed.status().text());
                Violation v = firstMissed.first();
                m.put("explanation", v == null ? firstMissed.detail() : v.explanation());
                m.put("ops", v == null ? List.of() : v.ops());
                root.put("first_missed", m);
            }
            if (staleness != null) {
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("reads", staleness.reads());
                s.put("stale_reads", staleness.staleReads());
                s.put("max_versions_behind", staleness.maxVersions());
                s.put("p99_versions_behind", staleness.p99Versions());
                s.put("max_ms_behind", staleness.maxMs());
                s.put("p99_ms_behind", staleness.p99Ms());
                root.put("staleness", s);
            }
            return root;
        }

        /** Multi-line text: one line per model, the first missed one's counterexample, and staleness. */
        public String describe() {
            StringBuilder b = new StringBuilder("strongest: ").append(strongest).append('\n');
            for (ModelCheck c : checks) {
                b.append(String.format(java.util.Locale.ROOT, "  %-20s %-8s %s%n", c.model().cliName(),
                        c.status().text(), c.count() > 0 ? c.count() + " violation(s); " + c.detail() : c.detail()));
            }
            if (firstMissed != null) {
                b.append("first missed: ").append(firstMissed.model().cliName()).append(": ")
                        .append(firstMissed.first() == null ? firstMissed.detail() : firstMissed.first().describe())
                        .append('\n');
            }
            if (staleness != null) {
                b.append("staleness: ").append(staleness.line()).append('\n');
            }
            return b.toString();
        }
    }

    /**
     * The ladder of a history against {@code model}; the session rungs and staleness only for
     * {@link VersionedKvModel} histories.
     *
     * @throws IllegalArgumentException naming the op when the history does not fit the model
     */
    public Ladder of(History history, Model model, FailMode failMode) {
        List<Operation> ops = Operations.of(history, model, failMode);
        List<ModelCheck> checks = new ArrayList<>();
        ModelCheck lin = linearizable(ops, model);
        checks.add(lin);
        ModelCheck seq = new SequentialChecker(maxConfigurations, timeLimit).check(ops, model);
        if (seq.status() == ModelCheck.Status.UNKNOWN && lin.status() == ModelCheck.Status.HOLDS) {
            seq = ModelCheck.holds(ConsistencyModel.SEQUENTIAL, "implied by linearizable (" + seq.detail() + ")");
        }
        checks.add(seq);
        Staleness.Report staleness = null;
        if (model instanceof VersionedKvModel) {
            KvHistory kv = KvHistory.of(history);
            checks.addAll(SessionGuarantees.checkAll(kv).values());
            staleness = Staleness.of(kv);
        }
        return ladder(checks, staleness);
    }

    static Ladder ladder(List<ModelCheck> checks, Staleness.Report staleness) {
        ModelCheck firstMissed = null;
        for (ModelCheck c : checks) {
            if (c.status() != ModelCheck.Status.HOLDS) {
                firstMissed = c;
                break;
            }
        }
        boolean kv = checks.size() > 2;
        String strongest = checks.get(0).status() == ModelCheck.Status.HOLDS ? "linearizable"
                : checks.get(1).status() == ModelCheck.Status.HOLDS ? "sequential"
                : kv ? sessionRung(checks) : "none";
        return new Ladder(List.copyOf(checks), strongest, firstMissed, staleness);
    }

    private static String sessionRung(List<ModelCheck> checks) {
        List<String> held = new ArrayList<>();
        for (ModelCheck c : checks) {
            if (c.model().isSession() && c.status() == ModelCheck.Status.HOLDS) {
                held.add(c.model().cliName());
            }
        }
        return held.size() == ConsistencyModel.SESSION.size() ? "session" : held.isEmpty() ? "none"
                : String.join("+", held);
    }

    private ModelCheck linearizable(List<Operation> ops, Model model) {
        CheckOptions o = CheckOptions.defaults().withTimeLimit(timeLimit);
        CheckResult r = new LinearizabilityChecker(o).check(ops, model);
        return fromLinearizability(r);
    }

    /** A WGL result as a ladder rung. */
    public static ModelCheck fromLinearizability(CheckResult r) {
        String detail = r.operations() + " operations, " + r.partitions() + " partition(s)";
        if (r.verdict() == Verdict.LINEARIZABLE) {
            return ModelCheck.holds(ConsistencyModel.LINEARIZABLE, detail);
        }
        if (r.verdict() == Verdict.UNKNOWN) {
            return new ModelCheck(ConsistencyModel.LINEARIZABLE, ModelCheck.Status.UNKNOWN, detail + "; undecided: "
                    + r.reason(), List.of(), 0);
        }
        Counterexample ce = r.counterexample();
        List<String> ops = new ArrayList<>();
        if (ce != null) {
            int from = Math.max(0, ce.prefix().size() - 3);
            for (Operation o : ce.prefix().subList(from, ce.prefix().size())) {
                ops.add(o.describe() + " (op " + o.callPos() + ", linearized before)");
            }
            if (ce.failing() != null) {
                ops.add(ce.failing().describe() + " (op " + ce.failing().callPos() + ".." + ce.failing().returnPos()
                        + ", cannot be placed)");
            }
        }
        String why = "no order respects real time" + (ce != null && ce.partition() != null ? " on key "
                + io.dsbench.lin.format.Edn.write(ce.partition()) : "") + ": after the longest linearizable prefix ("
                + (ce == null ? "?" : ce.prefix().size()) + " ops, last ones shown) the next operation cannot take effect";
        return new ModelCheck(ConsistencyModel.LINEARIZABLE, ModelCheck.Status.VIOLATED, detail,
                List.of(new Violation(ConsistencyModel.LINEARIZABLE, why, ops)), 1);
    }
}
