package io.dsbench.lin.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Knossos' multi-register: a map of registers changed by {@code :txn} operations whose value is a list of
 * micro-ops {@code [:read k v]} / {@code [:write k v]}, applied atomically in order. A read of nil matches any value.
 * The state is an unmodifiable map; absent keys read as nil. Immutable, thread-safe.
 */
public final class MultiRegisterModel implements Model {
    private final Map<Object, Object> initial;

    /** @param initial the initial registers (e.g. {@code {:x 0 :y 0}}); null means empty */
    public MultiRegisterModel(Map<?, ?> initial) {
        Map<Object, Object> m = new HashMap<>();
        if (initial != null) {
            initial.forEach((k, v) -> m.put(k, Values.norm(v)));
        }
        this.initial = Collections.unmodifiableMap(m);
    }

    @Override
    public String name() {
        return "multi-register";
    }

    @Override
    public Object initialState() {
        return initial;
    }

    @Override
    public Object step(Object state, Operation op) {
        if (!op.f().equals("txn")) {
            throw Values.unknownF(this, op);
        }
        @SuppressWarnings("unchecked")
        Map<Object, Object> s = (Map<Object, Object>) state;
        List<?> txn = Values.list(op.value());
        if (txn == null) {
            throw new IllegalArgumentException(":txn value must be a list of [:read k v] / [:write k v], found "
                    + op.value() + " (op at position " + op.callPos() + ")");
        }
        Map<Object, Object> next = null;
        for (Object o : txn) {
            List<?> mop = Values.list(o);
            if (mop == null || mop.size() != 3) {
                throw new IllegalArgumentException("micro-op must be [:read k v] or [:write k v], found " + o
                        + " (op at position " + op.callPos() + ")");
            }
            String f = Values.name(mop.get(0));
            Object k = mop.get(1);
            Object v = mop.get(2);
            Map<Object, Object> cur = next == null ? s : next;
            if ("read".equals(f)) {
                if (op.outcome() == Outcome.OK && v != null && !Values.eq(cur.get(k), v)) {
                    return INCONSISTENT;
                }
            } else if ("write".equals(f)) {
                if (next == null) {
                    next = new HashMap<>(s);
                }
                next.put(k, Values.norm(v));
            } else {
                throw new IllegalArgumentException("micro-op must be :read or :write, found " + mop.get(0)
                        + " (op at position " + op.callPos() + ")");
            }
        }
        return next == null ? s : Collections.unmodifiableMap(next);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MultiRegisterModel m && m.initial.equals(initial);
    }

    @Override
    public int hashCode() {
        return Objects.hash("multi-register", initial);
    }
}
