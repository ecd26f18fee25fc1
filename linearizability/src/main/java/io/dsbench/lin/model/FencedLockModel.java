package io.dsbench.lin.model;

/**
 * dsbench's lock with fencing tokens ({@code io.dsbench.spec.lock.LockService}): per lock name (partitioned by
 * key), {@code acquire} returns a token that must be strictly greater than every token granted before; an
 * observed failed acquire ({@link Outcome#FAILED}: busy) linearizes only while the lock is held; {@code release}
 * with a token succeeds only for the current holder's token, and an observed failed release only when it is not.
 * An unknown acquire may take the lock with an unknown token. Lease expiry is not modelled: use leases longer
 * than the workload. The state is a {@link State}. Immutable, thread-safe.
 */
public final class FencedLockModel implements Model {

    /**
     * @param held   whether the lock is held
     * @param holder the holder's token (-1 when held with an unknown token, 0 when free)
     * @param last   the greatest token granted so far (0 initially)
     */
    public record State(boolean held, long holder, long last) {
    }

    @Override
    public String name() {
        return "lock";
    }

    @Override
    public Object initialState() {
        return new State(false, 0, 0);
    }

    @Override
    public Object partitionKey(Operation op) {
        return op.key() == null ? "" : op.key();
    }

    @Override
    public Object step(Object state, Operation op) {
        State s = (State) state;
        switch (op.f()) {
            case "acquire": {
                if (op.outcome() == Outcome.FAILED) {
                    return s.held ? s : INCONSISTENT;
                }
                if (s.held) {
                    return INCONSISTENT;
                }
                if (op.outcome() == Outcome.UNKNOWN || op.value() == null) {
                    return new State(true, -1, s.last);
                }
                long t = Values.asLong(op.value(), ":acquire token");
                return t > s.last ? new State(true, t, t) : INCONSISTENT;
            }
            case "release": {
                long t = Values.asLong(op.value(), ":release token");
                boolean mine = s.held && (s.holder == t || s.holder == -1);
                if (op.outcome() == Outcome.FAILED) {
                    return mine && s.holder == t ? INCONSISTENT : s;
                }
                return mine ? new State(false, 0, Math.max(s.last, t)) : INCONSISTENT;
            }
            default:
                throw Values.unknownF(this, op);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FencedLockModel;
    }

    @Override
    public int hashCode() {
        return FencedLockModel.class.hashCode();
    }
}
