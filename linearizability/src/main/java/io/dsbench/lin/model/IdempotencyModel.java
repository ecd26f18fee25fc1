package io.dsbench.lin.model;

import io.dsbench.lin.history.Keyword;

import java.util.List;
import java.util.Objects;

/**
 * dsbench's idempotency store ({@code io.dsbench.spec.idempotency.IdempotencyStore}), partitioned by key:
 * <ul>
 *   <li>{@code claim fingerprint} returns {@code [:new token]}, {@code :in-progress}, {@code [:completed result]}
 *       or {@code :mismatch};</li>
 *   <li>{@code complete [token result]} and {@code release token} return true/false.</li>
 * </ul>
 * Exactly one claim of an absent key wins; later claims with the same fingerprint see in-progress, then completed
 * with the stored result; a different fingerprint sees mismatch. Claim expiry is not modelled. The state is a
 * {@link State}. Immutable, thread-safe.
 */
public final class IdempotencyModel implements Model {

    /**
     * @param status      0 absent, 1 claimed, 2 completed
     * @param fingerprint the claim's fingerprint (null when absent)
     * @param token       the winning claim's token (-1 unknown)
     * @param result      the completed result
     */
    public record State(int status, Object fingerprint, long token, Object result) {
    }

    private static final State ABSENT = new State(0, null, 0, null);

    @Override
    public String name() {
        return "idempotency";
    }

    @Override
    public Object initialState() {
        return ABSENT;
    }

    @Override
    public Object partitionKey(Operation op) {
        return op.key() == null ? "" : op.key();
    }

    @Override
    public Object step(Object state, Operation op) {
        State s = (State) state;
        boolean known = op.outcome() == Outcome.OK;
        switch (op.f()) {
            case "claim": {
                Object fp = op.invoke().value();
                Object r = op.value();
                String kind = r instanceof List<?> l && !l.isEmpty() ? Values.name(l.get(0)) : Values.name(r);
                if (s.status == 0) {
                    if (!known) {
                        return new State(1, fp, -1, null);
                    }
                    if (!"new".equals(kind)) {
                        return INCONSISTENT;
                    }
                    return new State(1, fp, Values.asLong(((List<?>) r).get(1), ":new token"), null);
                }
                if (!Objects.equals(s.fingerprint, fp)) {
                    return !known || "mismatch".equals(kind) ? s : INCONSISTENT;
                }
                if (!known) {
                    return s;
                }
                if (s.status == 1) {
                    return "in-progress".equals(kind) ? s : INCONSISTENT;
                }
                return "completed".equals(kind) && r instanceof List<?> l2 && l2.size() == 2
                        && Objects.equals(l2.get(1), s.result) ? s : INCONSISTENT;
            }
            case "complete": {
                List<?> tr = Values.list(op.invoke().value());
                long t = Values.asLong(tr.get(0), ":complete token");
                boolean can = s.status == 1 && (s.token == t || s.token == -1);
                State after = new State(2, s.fingerprint, t, tr.get(1));
                if (!known) {
                    return can ? after : INCONSISTENT;
                }
                boolean ok = Boolean.TRUE.equals(op.value());
                return ok == can ? (ok ? after : s) : INCONSISTENT;
            }
            case "release": {
                long t = Values.asLong(op.invoke().value(), ":release token");
                boolean can = s.status == 1 && (s.token == t || s.token == -1);
                if (!known) {
                    return can ? ABSENT : INCONSISTENT;
                }
                boolean ok = Boolean.TRUE.equals(op.value());
                return ok == can ? (ok ? ABSENT : s) : INCONSISTENT;
            }
            default:
                throw Values.unknownF(this, op);
        }
    }

    /** The claim result keyword for "in progress" etc., for recorders. */
    public static Keyword kw(String name) {
        return new Keyword(name);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdempotencyModel;
    }

    @Override
    public int hashCode() {
        return IdempotencyModel.class.hashCode();
    }
}
