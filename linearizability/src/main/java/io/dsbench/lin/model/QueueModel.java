package io.dsbench.lin.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A queue with {@code enqueue v} and {@code dequeue} (result: the element, or nil for an empty queue), either
 * FIFO (state: an unmodifiable list) or unordered (state: an unmodifiable multiset {@code Map<element,count>}).
 * An unknown dequeue removes the head (FIFO) or is inconsistent unless it can be left out (unordered: its element
 * is unknown, so only leaving it out is modelled). Immutable, thread-safe.
 */
public final class QueueModel implements Model {
    private final boolean fifo;

    /** @param fifo true for "fifo-queue", false for "unordered-queue" */
    public QueueModel(boolean fifo) {
        this.fifo = fifo;
    }

    @Override
    public String name() {
        return fifo ? "fifo-queue" : "unordered-queue";
    }

    @Override
    public Object initialState() {
        return fifo ? List.of() : Map.of();
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object step(Object state, Operation op) {
        boolean enq = op.f().equals("enqueue");
        if (!enq && !op.f().equals("dequeue")) {
            throw Values.unknownF(this, op);
        }
        if (op.outcome() == Outcome.FAILED) {
            return state;
        }
        Object v = Values.norm(op.value());
        if (fifo) {
            List<Object> q = (List<Object>) state;
            if (enq) {
                List<Object> n = new ArrayList<>(q.size() + 1);
                n.addAll(q);
                n.add(v);
                return Collections.unmodifiableList(n);
            }
            if (q.isEmpty()) {
                return op.outcome() == Outcome.OK && v == null ? state : INCONSISTENT;
            }
            if (op.outcome() == Outcome.OK && !Values.eq(q.get(0), v)) {
                return INCONSISTENT;
            }
            return Collections.unmodifiableList(new ArrayList<>(q.subList(1, q.size())));
        }
        Map<Object, Integer> m = (Map<Object, Integer>) state;
        if (enq) {
            Map<Object, Integer> n = new HashMap<>(m);
            n.merge(v, 1, Integer::sum);
            return Collections.unmodifiableMap(n);
        }
        if (op.outcome() != Outcome.OK) {
            return INCONSISTENT;
        }
        if (v == null) {
            return m.isEmpty() ? state : INCONSISTENT;
        }
        Integer c = m.get(v);
        if (c == null) {
            return INCONSISTENT;
        }
        Map<Object, Integer> n = new HashMap<>(m);
        if (c == 1) {
            n.remove(v);
        } else {
            n.put(v, c - 1);
        }
        return Collections.unmodifiableMap(n);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof QueueModel q && q.fifo == fifo;
    }

    @Override
    public int hashCode() {
        return fifo ? 1 : 2;
    }
}
