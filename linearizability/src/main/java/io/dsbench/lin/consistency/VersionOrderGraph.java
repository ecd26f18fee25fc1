package io.dsbench.lin.consistency;

import io.dsbench.lin.format.Edn;
import io.dsbench.lin.model.Operation;
import io.dsbench.lin.model.Outcome;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;

/**
 * The orders every sequential execution of a versioned key-value history must contain, as a graph over its
 * completed operations: each process's own order; per key, writes in version order (versions strictly increase);
 * a read of version v after the write of v and before the next higher write on that key; a read of an absent key
 * (never deleted) before the key's first write. A cycle proves the history is not sequentially consistent and is
 * the counterexample. Without a cycle, and when the history is <em>simple</em> (no deletes, no operations of unknown
 * outcome, every version read was written by an acknowledged write with the value read), a topological order is a
 * legal sequential order, so the history is sequentially consistent; otherwise the order guides the general search.
 * Immutable after construction.
 */
final class VersionOrderGraph {

    private final List<Operation> ops;
    private final Map<Integer, Map<Integer, String>> edges = new HashMap<>(); // from -> (to -> why)
    private final Set<Integer> nodes = new HashSet<>();
    private boolean simple = true;
    private String whyNotSimple;

    private VersionOrderGraph(List<Operation> ops) {
        this.ops = ops;
    }

    /** Builds the graph of operations prepared by {@code Operations.of} for the versioned-kv model. */
    static VersionOrderGraph of(List<Operation> ops) {
        VersionOrderGraph g = new VersionOrderGraph(ops);
        g.build();
        return g;
    }

    private void notSimple(String why) {
        if (simple) {
            simple = false;
            whyNotSimple = why;
        }
    }

    private void edge(int from, int to, String why) {
        if (from != to) {
            edges.computeIfAbsent(from, x -> new LinkedHashMap<>()).putIfAbsent(to, why);
        }
    }

    private static long num(Object v) {
        return v instanceof Number n ? n.longValue() : Long.MIN_VALUE;
    }

    private void build() {
        Map<Object, TreeMap<Long, Integer>> writes = new HashMap<>();
        Map<Object, List<long[]>> reads = new HashMap<>(); // key -> {op, version}
        Set<Object> deleted = new HashSet<>();
        Map<Integer, Integer> lastOfProcess = new HashMap<>();
        for (Operation op : ops) {
            if (op.optional() || op.outcome() != Outcome.OK) {
                if (op.outcome() != Outcome.FAILED) {
                    notSimple("an operation of unknown outcome (" + op.describe() + ")");
                }
                if (op.f().equals("delete")) {
                    deleted.add(op.key());
                }
                continue;
            }
            int id = op.id();
            nodes.add(id);
            Integer prev = lastOfProcess.put(op.process(), id);
            if (prev != null) {
                edge(prev, id, "process order");
            }
            Object key = op.key();
            Object r = op.value();
            switch (op.f()) {
                case "get" -> reads.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {id,
                        r == null ? 0 : num(((List<?>) r).get(1))});
                case "put" -> addWrite(writes, key, num(r), id);
                case "cas" -> {
                    List<?> res = (List<?>) r;
                    if (Boolean.TRUE.equals(res.get(0))) {
                        reads.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {id,
                                num(((List<?>) op.invoke().value()).get(0))});
                        addWrite(writes, key, num(res.get(1)), id);
                    } else {
                        reads.computeIfAbsent(key, k -> new ArrayList<>()).add(new long[] {id, num(res.get(1))});
                    }
                }
                default -> {
                    deleted.add(key);
                    notSimple("a delete (" + op.describe() + ")");
                }
            }
        }
        for (Map.Entry<Object, TreeMap<Long, Integer>> kw : writes.entrySet()) {
            Integer prev = null;
            for (Map.Entry<Long, Integer> w : kw.getValue().entrySet()) {
                if (prev != null) {
                    edge(prev, w.getValue(), "version order on " + Edn.write(kw.getKey()));
                }
                prev = w.getValue();
            }
        }
        for (Map.Entry<Object, List<long[]>> kr : reads.entrySet()) {
            Object key = kr.getKey();
            TreeMap<Long, Integer> ws = writes.getOrDefault(key, new TreeMap<>());
            for (long[] rv : kr.getValue()) {
                int id = (int) rv[0];
                long v = rv[1];
                if (v == 0 && deleted.contains(key)) {
                    continue; // absent after some delete: its place is unknown
                }
                if (v > 0) {
                    Integer w = ws.get(v);
                    if (w == null) {
                        notSimple("a read of version " + v + " of " + Edn.write(key) + " that no acknowledged write "
                                + "returned (" + ops.get(id).describe() + ")");
                    } else {
                        edge(w, id, "reads from");
                        checkValue(ops.get(w), ops.get(id));
                    }
                }
                Map.Entry<Long, Integer> next = ws.higherEntry(v);
                while (next != null && next.getValue() == id) {
                    next = ws.higherEntry(next.getKey());
                }
                if (next != null) {
                    edge(id, next.getValue(), "read before the next write of " + Edn.write(key));
                }
            }
        }
    }

    private void addWrite(Map<Object, TreeMap<Long, Integer>> writes, Object key, long version, int id) {
        Integer other = writes.computeIfAbsent(key, k -> new TreeMap<>()).put(version, id);
        if (other != null) {
            edge(other, id, "same version " + version + " written twice");
            edge(id, other, "same version " + version + " written twice");
        }
    }

    private void checkValue(Operation write, Operation read) {
        if (!read.f().equals("get")) {
            return;
        }
        Object written = write.f().equals("put") ? write.invoke().value() : ((List<?>) write.invoke().value()).get(1);
        Object got = ((List<?>) read.value()).get(0);
        if (!io.dsbench.lin.model.Values.eq(written, got)) {
            notSimple("a read of a value its version's write did not write (" + read.describe() + ")");
        }
    }

    /** Whether an acyclic graph decides sequential consistency on its own. */
    boolean simple() {
        return simple;
    }

    String whyNotSimple() {
        return whyNotSimple;
    }

    /**
     * A cycle as "op --why--> op" lines, or null when the graph is acyclic.
     */
    List<String> cycle() {
        Map<Integer, Integer> indeg = new HashMap<>();
        for (int n : nodes) {
            indeg.putIfAbsent(n, 0);
        }
        edges.values().forEach(m -> m.keySet().forEach(t -> indeg.merge(t, 1, Integer::sum)));
        ArrayDeque<Integer> q = new ArrayDeque<>();
        indeg.forEach((n, d) -> {
            if (d == 0) {
                q.add(n);
            }
        });
        Set<Integer> done = new HashSet<>();
        while (!q.isEmpty()) {
            int n = q.poll();
            done.add(n);
            for (int t : edges.getOrDefault(n, Map.of()).keySet()) {
                if (indeg.merge(t, -1, Integer::sum) == 0) {
                    q.add(t);
                }
            }
        }
        if (done.size() == indeg.size()) {
            return null;
        }
        // walk forward inside the remaining nodes (each has a predecessor there) until a node repeats
        int start = -1;
        for (int n : indeg.keySet()) {
            if (!done.contains(n)) {
                start = n;
                break;
            }
        }
        Map<Integer, Integer> pred = new HashMap<>();
        for (Map.Entry<Integer, Map<Integer, String>> e : edges.entrySet()) {
            if (done.contains(e.getKey())) {
                continue;
            }
            for (int t : e.getValue().keySet()) {
                if (!done.contains(t)) {
                    pred.putIfAbsent(t, e.getKey());
                }
            }
        }
        List<Integer> walk = new ArrayList<>();
        Map<Integer, Integer> at = new HashMap<>();
        int n = start;
        while (!at.containsKey(n)) {
            at.put(n, walk.size());
            walk.add(n);
            n = pred.get(n);
        }
        List<Integer> cyc = new ArrayList<>(walk.subList(at.get(n), walk.size()));
        java.util.Collections.reverse(cyc); // pred walk runs backwards
        List<String> out = new ArrayList<>();
        for (int i = 0; i < cyc.size(); i++) {
            int a = cyc.get(i);
            int b = cyc.get((i + 1) % cyc.size());
            Operation o = ops.get(a);
            out.add(o.describe() + " (op " + o.callPos() + ") must precede the next: " + edges.get(a).get(b));
        }
        return out;
    }

    /**
     * A rank per operation id guiding the search: position in a topological order (ties broken by invocation),
     * operations outside the graph ranked by invocation. Only for acyclic graphs.
     */
    int[] ranks() {
        Map<Integer, Integer> indeg = new HashMap<>();
        for (int n : nodes) {
            indeg.putIfAbsent(n, 0);
        }
        edges.values().forEach(m -> m.keySet().forEach(t -> indeg.merge(t, 1, Integer::sum)));
        PriorityQueue<Integer> q = new PriorityQueue<>((a, b) -> Integer.compare(ops.get(a).callPos(),
                ops.get(b).callPos()));
        indeg.forEach((n, d) -> {
            if (d == 0) {
                q.add(n);
            }
        });
        int[] rank = new int[ops.size()];
        Arrays.fill(rank, -1);
        int r = 0;
        while (!q.isEmpty()) {
            int n = q.poll();
            rank[n] = 2 * r++;
            for (int t : edges.getOrDefault(n, Map.of()).keySet()) {
                if (indeg.merge(t, -1, Integer::sum) == 0) {
                    q.add(t);
                }
            }
        }
        // operations outside the graph: just after the graph operation invoked last before them
        int last = -1;
        Integer[] byCall = new Integer[ops.size()];
        for (int i = 0; i < byCall.length; i++) {
            byCall[i] = i;
        }
        Arrays.sort(byCall, (a, b) -> Integer.compare(ops.get(a).callPos(), ops.get(b).callPos()));
        for (int i : byCall) {
            if (rank[i] >= 0) {
                last = Math.max(last, rank[i]);
            } else {
                rank[i] = last + 1;
            }
        }
        return rank;
    }
}
