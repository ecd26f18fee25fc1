package io.dsbench.lin.model;

import java.util.Objects;

/**
 * A counter with {@code add n} (n may be negative) and {@code read}; the state is a {@code Long}. Immutable,
 * thread-safe.
 */
public final class CounterModel implements Model {
    private final long initial;

    public CounterModel(long initial) {
        this.initial = initial;
    }

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public Object initialState() {
        return initial;
    }

    @Override
    public boolean mayChangeState(Operation op) {
        return !op.f().equals("read");
    }

    @Override
    public Object step(Object state, Operation op) {
        long s = (Long) state;
        switch (op.f()) {
            case "add":
            case "incr":
                if (op.outcome() == Outcome.FAILED) {
                    return state;
                }
                return s + (op.value() == null ? 1 : Values.asLong(op.value(), ":add value"));
            case "read":
                if (op.outcome() != Outcome.OK || op.value() == null) {
                    return state;
                }
                return Values.asLong(op.value(), ":read value") == s ? state : INCONSISTENT;
            default:
                throw Values.unknownF(this, op);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CounterModel c && c.initial == initial;
    }

    @Override
    public int hashCode() {
        return Objects.hash("counter", initial);
    }
}
