package io.dsbench.lin.model;

import java.util.List;
import java.util.Objects;

/**
 * A single register with {@code read} and {@code write}, and for the "cas-register" flavour {@code cas [from to]}.
 * The state is the register's value. Immutable, thread-safe.
 *
 * <p>Reads of nil: with {@code readNilIsUnknown} (Knossos' semantics) an ok read whose value is nil matches any
 * state; without it (Porcupine's etcd model) nil is the value of an absent key and must match a nil state.
 * A {@code cas} that failed as observed ({@link Outcome#FAILED}) linearizes only where the value differs from
 * {@code from}, leaving it unchanged.
 */
public final class RegisterModel implements Model {
    private final boolean cas;
    private final Object initial;
    private final boolean readNilIsUnknown;

    /**
     * @param cas              true for "cas-register", false for "register"
     * @param initial          the initial value (null allowed)
     * @param readNilIsUnknown whether a read of nil matches any state
     */
    public RegisterModel(boolean cas, Object initial, boolean readNilIsUnknown) {
        this.cas = cas;
        this.initial = Values.norm(initial);
        this.readNilIsUnknown = readNilIsUnknown;
    }

    @Override
    public String name() {
        return cas ? "cas-register" : "register";
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
        switch (op.f()) {
            case "read":
                if (op.outcome() != Outcome.OK) {
                    return state;
                }
                if (op.value() == null && readNilIsUnknown) {
                    return state;
                }
                return Values.eq(state, op.value()) ? state : INCONSISTENT;
            case "write":
                return op.outcome() == Outcome.FAILED ? state : Values.norm(op.value());
            case "cas": {
                if (!cas) {
                    throw Values.unknownF(this, op);
                }
                List<?> ft = Values.list(op.value());
                if (ft == null || ft.size() != 2) {
                    throw new IllegalArgumentException(":cas value must be [from to], found " + op.value()
                            + " (op at position " + op.callPos() + ")");
                }
                boolean matches = Values.eq(state, ft.get(0));
                if (op.outcome() == Outcome.FAILED) {
                    return matches ? INCONSISTENT : state;
                }
                return matches ? Values.norm(ft.get(1)) : INCONSISTENT;
            }
            default:
                throw Values.unknownF(this, op);
        }
    }

    /** Removes or bounds writes of unknown outcome; see {@link UnknownWrites} for what and why it is exact. */
    @Override
    public List<Operation> simplify(List<Operation> partition) {
        return UnknownWrites.simplify(partition, initial, readNilIsUnknown);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RegisterModel m && m.cas == cas && Objects.equals(m.initial, initial)
                && m.readNilIsUnknown == readNilIsUnknown;
    }

    @Override
    public int hashCode() {
        return Objects.hash(cas, initial, readNilIsUnknown);
    }

    @Override
    public String toString() {
        return name() + "(initial=" + io.dsbench.lin.format.Edn.write(initial) + ")";
    }
}
