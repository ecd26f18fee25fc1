package io.dsbench.lin.history;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * An ordered, immutable sequence of ops. The order of ops in the history is the real-time order the checker uses
 * (as Knossos does); {@link Op#time()} is informational. Each op's {@link Op#index()} equals its position.
 * Thread-safe (immutable).
 */
public final class History implements Iterable<Op> {

    /**
     * An invocation paired with its completion.
     *
     * @param invoke     the invoke op
     * @param completion the matching ok / fail / info op of the same process, or null when the history ends first
     */
    public record Call(Op invoke, Op completion) {
        /** The completion's type, or INFO when there is no completion (it may or may not have happened). */
        public OpType outcome() {
            return completion == null ? OpType.INFO : completion.type();
        }

        /** The value to check against: the completion's value when it has one, else the invocation's. */
        public Object value() {
            if (completion != null && completion.type() == OpType.OK && completion.value() != null) {
                return completion.value();
            }
            return invoke.value();
        }
    }

    private final List<Op> ops;

    private History(List<Op> ops) {
        this.ops = ops;
    }

    /** A history of these ops in this order; indexes are reassigned to positions. */
    public static History of(List<Op> ops) {
        List<Op> copy = new ArrayList<>(ops.size());
        for (int i = 0; i < ops.size(); i++) {
            Op op = ops.get(i);
            copy.add(op.index() == i ? op : op.withIndex(i));
        }
        return new History(Collections.unmodifiableList(copy));
    }

    /** All ops, nemesis included, in order. */
    public List<Op> ops() {
        return ops;
    }

    /** Number of ops (events, not calls). */
    public int size() {
        return ops.size();
    }

    /** Op at a position. */
    public Op get(int i) {
        return ops.get(i);
    }

    @Override
    public Iterator<Op> iterator() {
        return ops.iterator();
    }

    /** Number of client invocations (nemesis ops excluded). */
    public int invocationCount() {
        int n = 0;
        for (Op op : ops) {
            if (!op.isNemesis() && op.type() == OpType.INVOKE) {
                n++;
            }
        }
        return n;
    }

    /**
     * Pairs each client invocation with the next completion of the same process, in invocation order. Nemesis ops
     * are skipped. A completion with no pending invocation, or an invocation while the process has one pending,
     * is an error.
     *
     * @throws IllegalStateException naming the op index when the history is not well formed
     */
    public List<Call> calls() {
        Map<Integer, Integer> pending = new HashMap<>();
        List<Op> invokes = new ArrayList<>();
        List<Op> completions = new ArrayList<>();
        for (Op op : ops) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                Integer prev = pending.put(op.process(), invokes.size());
                if (prev != null) {
                    throw new IllegalStateException("op " + op.index() + ": process " + op.process()
                            + " invokes while its op " + invokes.get(prev).index() + " is still pending");
                }
                invokes.add(op);
                completions.add(null);
            } else {
                Integer at = pending.remove(op.process());
                if (at == null) {
                    throw new IllegalStateException("op " + op.index() + ": :" + op.type().ednName()
                            + " for process " + op.process() + " which has no pending invocation");
                }
                completions.set(at, op);
            }
        }
        List<Call> calls = new ArrayList<>(invokes.size());
        for (int i = 0; i < invokes.size(); i++) {
            calls.add(new Call(invokes.get(i), completions.get(i)));
        }
        return calls;
    }

    /**
     * Every client op's call, by op index: the invocation and its completion both map to the same {@link Call}
     * (as {@link #calls()} pairs them). For checkers that walk the history in order and need, at each completion,
     * the invocation it completes.
     *
     * @throws IllegalStateException naming the op index when the history is not well formed (see {@link #calls()})
     */
    public Map<Integer, Call> callsByOpIndex() {
        Map<Integer, Call> out = new HashMap<>();
        for (Call c : calls()) {
            out.put(c.invoke().index(), c);
            if (c.completion() != null) {
                out.put(c.completion().index(), c);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "History[" + ops.size() + " ops]";
    }
}
