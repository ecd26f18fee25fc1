package io.dsbench.lin.consistency;

import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides sequential consistency (Lamport, 1979): is there one total order of the operations, legal for the model,
 * that keeps each process's own order? Real time between processes is dropped.
 *
 * <h2>Why not the WGL search with another order</h2>
 * The WGL search ({@code io.dsbench.lin.checker}) walks a list of call and return entries: an operation may go next
 * when its call comes before every pending return, i.e. the precedence it enforces is an <em>interval order</em>.
 * Program order is not one (two processes with two operations each form the "2+2" that no interval order contains),
 * so no re-timing of the entries expresses it. This search keeps WGL's structure, a depth-first search over
 * configurations with Lowe's memoization, but a configuration is each process's progress plus the model state, and
 * the candidates are each process's next operation.
 *
 * <h2>Not compositional</h2>
 * Unlike linearizability, sequential consistency does not follow from each key being sequentially consistent on its
 * own: a process's order spans keys. The search therefore runs over the whole history, with the model's partitions
 * (e.g. keys) kept as a tuple of per-partition states.
 *
 * <h2>Versioned key-value histories</h2>
 * For {@link io.dsbench.lin.model.VersionedKvModel} the versions the store returned fix most of the order: a
 * {@link VersionOrderGraph} of the orders every sequential execution must contain decides at once when it has a
 * cycle (not sequential; the cycle is the counterexample) or when the history is simple (no deletes, no unknown
 * outcomes: sequential). Otherwise its topological order guides the search.
 *
 * <p>A read that is legal in the current state and leaves it unchanged is placed at once without branching (moving it
 * earlier in any sequential order changes no other operation's state): only state changes branch.
 *
 * <p>Operations of unknown outcome may be applied at their place in their process's order or left out. The search
 * tries the candidate invoked earliest (or first in the guiding order) first.
 * It gives up (UNKNOWN) past {@code maxConfigurations} memoized configurations or its time limit. Not thread-safe:
 * one instance per check.
 */
public final class SequentialChecker {

    private final long maxConfigurations;
    private final Duration timeLimit;

    /**
     * @param maxConfigurations memoized configurations after which the verdict is unknown
     * @param timeLimit         wall-clock limit, or null for none
     */
    public SequentialChecker(long maxConfigurations, Duration timeLimit) {
        if (maxConfigurations < 1) {
            throw new IllegalArgumentException("maxConfigurations = " + maxConfigurations + " (legal range: >= 1)");
        }
        this.maxConfigurations = maxConfigurations;
        this.timeLimit = timeLimit;
    }

    /** 2,000,000 configurations, 60 s. */
    public static SequentialChecker defaults() {
        return new SequentialChecker(2_000_000, Duration.ofSeconds(60));
    }

    private record Config(int[] progress, Object[] states, int hash) {
        static Config of(int[] progress, Object[] states) {
            return new Config(progress, states, 31 * Arrays.hashCode(progress) + Arrays.hashCode(states));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Config c && c.hash == hash && Arrays.equals(c.progress, progress)
                    && Arrays.equals(c.states, states);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    /** A way on from a configuration: apply (or, when optional, skip) the next operation of one process. */
    private record Choice(int process, boolean skip, Object next, int order) {
    }

    /**
     * Checks prepared operations (as {@link io.dsbench.lin.checker.Operations#of} makes them).
     *
     * @throws IllegalArgumentException when the model rejects an operation (message names it)
     */
    public ModelCheck check(List<Operation> operations, Model model) {
        int[] rank = new int[operations.size()];
        for (int i = 0; i < rank.length; i++) {
            rank[i] = operations.get(i).callPos();
        }
        if (model instanceof io.dsbench.lin.model.VersionedKvModel) {
            String sizes = operations.size() + " operations";
            VersionOrderGraph g = VersionOrderGraph.of(operations);
            List<String> cycle = g.cycle();
            if (cycle != null) {
                return new ModelCheck(ConsistencyModel.SEQUENTIAL, ModelCheck.Status.VIOLATED, sizes
                        + "; decided by the version order", List.of(new Violation(ConsistencyModel.SEQUENTIAL,
                        "no order keeps every process's own order: these operations must each precede the next, "
                                + "in a cycle (process order, the versions the store assigned, what each read returned)",
                        cycle)), 1);
            }
            if (g.simple()) {
                return ModelCheck.holds(ConsistencyModel.SEQUENTIAL, sizes + "; a sequential order was found (the "
                        + "version order has no cycle)");
            }
            rank = g.ranks();
        }
        return search(operations, model, rank);
    }

    private ModelCheck search(List<Operation> operations, Model model, int[] rank) {
        long deadline = timeLimit == null ? Long.MAX_VALUE : System.nanoTime() + timeLimit.toNanos();
        Map<Integer, List<Operation>> perProcess = new LinkedHashMap<>();
        Map<Object, Integer> partIndex = new HashMap<>();
        for (Operation op : operations) {
            perProcess.computeIfAbsent(op.process(), p -> new ArrayList<>()).add(op);
            partIndex.putIfAbsent(model.partitionKey(op), partIndex.size());
        }
        List<Operation>[] seqs = perProcess.values().toArray(new List[0]);
        Operation[][] byProc = new Operation[seqs.length][];
        int[][] partOf = new int[seqs.length][];
        for (int p = 0; p < seqs.length; p++) {
            seqs[p].sort(java.util.Comparator.comparingInt(Operation::callPos));
            byProc[p] = seqs[p].toArray(new Operation[0]);
            partOf[p] = new int[byProc[p].length];
            for (int i = 0; i < byProc[p].length; i++) {
                partOf[p][i] = partIndex.get(model.partitionKey(byProc[p][i]));
            }
        }
        Object[] init = new Object[Math.max(1, partIndex.size())];
        Arrays.fill(init, model.initialState());
        int total = operations.size();
        String sizes = total + " operations, " + seqs.length + " processes, " + partIndex.size() + " partition(s)";

        Set<Config> seen = new HashSet<>();
        List<int[]> progStack = new ArrayList<>();
        List<Object[]> stateStack = new ArrayList<>();
        List<List<Choice>> choiceStack = new ArrayList<>();
        List<Integer> nextChoice = new ArrayList<>();
        int[] prog0 = new int[seqs.length];
        progStack.add(prog0);
        stateStack.add(init);
        choiceStack.add(choices(prog0, init, byProc, partOf, model, rank));
        nextChoice.add(0);
        seen.add(Config.of(prog0, init));
        int bestDepth = -1;
        int[] bestProg = prog0;
        Object[] bestStates = init;
        long iterations = 0;
        while (!progStack.isEmpty()) {
            int top = progStack.size() - 1;
            int[] prog = progStack.get(top);
            int placed = Arrays.stream(prog).sum();
            if (placed == total) {
                return ModelCheck.holds(ConsistencyModel.SEQUENTIAL, sizes + "; a sequential order was found ("
                        + seen.size() + " configurations)");
            }
            if (placed > bestDepth) {
                bestDepth = placed;
                bestProg = prog;
                bestStates = stateStack.get(top);
            }
            if ((++iterations & 0x3FF) == 0 && System.nanoTime() - deadline > 0) {
                return unknown(sizes, "time limit of " + timeLimit + " reached");
            }
            List<Choice> cs = choiceStack.get(top);
            int ci = nextChoice.get(top);
            if (ci >= cs.size()) {
                progStack.remove(top);
                stateStack.remove(top);
                choiceStack.remove(top);
                nextChoice.remove(top);
                continue;
            }
            nextChoice.set(top, ci + 1);
            Choice c = cs.get(ci);
            int[] prog2 = prog.clone();
            prog2[c.process()]++;
            Object[] states2 = stateStack.get(top);
            if (!c.skip()) {
                states2 = states2.clone();
                states2[partOf[c.process()][prog[c.process()]]] = c.next();
            }
            if (!seen.add(Config.of(prog2, states2))) {
                continue;
            }
            if (seen.size() > maxConfigurations) {
                return unknown(sizes, "more than " + maxConfigurations + " configurations explored");
            }
            progStack.add(prog2);
            stateStack.add(states2);
            choiceStack.add(choices(prog2, states2, byProc, partOf, model, rank));
            nextChoice.add(0);
        }
        return new ModelCheck(ConsistencyModel.SEQUENTIAL, ModelCheck.Status.VIOLATED, sizes, List.of(
                stuck(bestDepth, bestProg, bestStates, byProc, partOf, model)), 1);
    }

    private ModelCheck unknown(String sizes, String why) {
        return new ModelCheck(ConsistencyModel.SEQUENTIAL, ModelCheck.Status.UNKNOWN, sizes + "; undecided: " + why,
                List.of(), 0);
    }

    private static List<Choice> choices(int[] prog, Object[] states, Operation[][] byProc, int[][] partOf, Model m,
                                        int[] rank) {
        // a read that is legal now and changes nothing can go now: in any sequential order that places it later,
        // moving it here keeps its process's order and every other operation's state (partial-order reduction)
        for (int p = 0; p < byProc.length; p++) {
            if (prog[p] < byProc[p].length) {
                Operation op = byProc[p][prog[p]];
                if (!op.optional() && !m.mayChangeState(op)) {
                    Object cur = states[partOf[p][prog[p]]];
                    Object next = m.step(cur, op);
                    if (next != Model.INCONSISTENT && java.util.Objects.equals(next, cur)) {
                        return List.of(new Choice(p, false, next, rank[op.id()]));
                    }
                }
            }
        }
        List<Choice> out = new ArrayList<>();
        for (int p = 0; p < byProc.length; p++) {
            if (prog[p] >= byProc[p].length) {
                continue;
            }
            Operation op = byProc[p][prog[p]];
            Object next = m.step(states[partOf[p][prog[p]]], op);
            if (next != Model.INCONSISTENT) {
                out.add(new Choice(p, false, next, rank[op.id()]));
            }
            if (op.optional()) {
                out.add(new Choice(p, true, null, rank[op.id()]));
            }
        }
        out.sort(java.util.Comparator.comparingInt(Choice::order).thenComparing(Choice::skip));
        return out;
    }

    /** The counterexample: at the furthest configuration reached, no process's next operation fits. */
    private static Violation stuck(int depth, int[] prog, Object[] states, Operation[][] byProc, int[][] partOf,
                                   Model m) {
        List<String> ops = new ArrayList<>();
        for (int p = 0; p < byProc.length; p++) {
            if (prog[p] < byProc[p].length) {
                Operation op = byProc[p][prog[p]];
                ops.add(op.describe() + " (op " + op.callPos() + "; state of its partition: "
                        + m.describe(states[partOf[p][prog[p]]]) + ")");
            }
        }
        return new Violation(ConsistencyModel.SEQUENTIAL, "no order keeps every process's own order: the longest "
                + "legal sequence found places " + depth + " operation(s) (each process's first ones), and then none"
                + " of the processes' next operations is legal in any state it can be reached in; one such state:",
                ops);
    }
}
