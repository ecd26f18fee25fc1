package io.dsbench.lin.model;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * A set with {@code add v} and {@code read} (value: the whole set, any collection). The state is an unmodifiable
 * set. A read with an unknown result matches any state. Immutable, thread-safe.
 */
public final class SetModel implements Model {
    @Override
    public String name() {
        return "set";
    }

    @Override
    public Object initialState() {
        return Set.of();
    }

    @Override
    public boolean mayChangeState(Operation op) {
        return !op.f().equals("read");
    }

    @Override
    public Object step(Object state, Operation op) {
        @SuppressWarnings("unchecked")
        Set<Object> s = (Set<Object>) state;
        switch (op.f()) {
            case "add": {
                if (op.outcome() == Outcome.FAILED) {
                    return state;
                }
                Object v = Values.norm(op.value());
                if (s.contains(v)) {
                    return s;
                }
                Set<Object> n = new HashSet<>(s);
                n.add(v);
                return Collections.unmodifiableSet(n);
            }
            case "read": {
                if (op.outcome() != Outcome.OK || op.value() == null) {
                    return state;
                }
                if (!(op.value() instanceof Collection<?> c)) {
                    throw new IllegalArgumentException(":read of a set must return a collection, found " + op.value()
                            + " (op at position " + op.callPos() + ")");
                }
                Set<Object> seen = new HashSet<>();
                for (Object o : c) {
                    seen.add(Values.norm(o));
                }
                return seen.equals(s) ? state : INCONSISTENT;
            }
            default:
                throw Values.unknownF(this, op);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SetModel;
    }

    @Override
    public int hashCode() {
        return SetModel.class.hashCode();
    }
}
