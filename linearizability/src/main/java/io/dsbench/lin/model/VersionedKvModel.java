package io.dsbench.lin.model;

import java.util.List;

/**
 * dsbench's versioned key-value store ({@code io.dsbench.spec.kv.KeyValueStore}), partitioned by key. Operations:
 * <ul>
 *   <li>{@code get}: result nil (absent) or {@code [value version]};</li>
 *   <li>{@code put value}: result the new version, which must exceed every version the key had;</li>
 *   <li>{@code cas [expectedVersion value]}: result {@code [true newVersion]} or {@code [false currentVersion]}
 *       (an observed compare failure linearizes where the version differs and equals currentVersion);</li>
 *   <li>{@code delete}: result true/false.</li>
 * </ul>
 * Versions strictly increase per key, including across delete and re-create. A write with an unknown outcome sets
 * the value with an unknown version, learnt at the next read. The state is a {@link State}. Immutable, thread-safe.
 */
public final class VersionedKvModel implements Model {

    /**
     * @param value   the value, or null when absent
     * @param version the current version (0 when absent, -1 when unknown)
     * @param floor   the greatest version seen so far
     */
    public record State(Object value, long version, long floor) {
    }

    @Override
    public String name() {
        return "versioned-kv";
    }

    @Override
    public Object initialState() {
        return new State(null, 0, 0);
    }

    @Override
    public Object partitionKey(Operation op) {
        return op.key() == null ? "" : op.key();
    }

    @Override
    public boolean mayChangeState(Operation op) {
        return !op.f().equals("get");
    }

    @Override
    public Object step(Object state, Operation op) {
        State s = (State) state;
        boolean known = op.outcome() == Outcome.OK;
        Object in = op.invoke().value();
        switch (op.f()) {
            case "get": {
                if (!known) {
                    return s;
                }
                Object r = op.value();
                if (r == null) {
                    return s.value == null ? s : INCONSISTENT;
                }
                List<?> vv = Values.list(r);
                long ver = Values.asLong(vv.get(1), ":get version");
                if (s.value == null || !Values.eq(s.value, vv.get(0))) {
                    return INCONSISTENT;
                }
                if (s.version == -1) {
                    return ver > s.floor ? new State(s.value, ver, ver) : INCONSISTENT;
                }
                return ver == s.version ? s : INCONSISTENT;
            }
            case "put": {
                if (!known) {
                    return new State(in, -1, s.floor);
                }
                long ver = Values.asLong(op.value(), ":put version");
                return ver > s.floor && ver > s.version ? new State(in, ver, ver) : INCONSISTENT;
            }
            case "cas": {
                List<?> ev = Values.list(in);
                long expected = Values.asLong(ev.get(0), ":cas expected version");
                if (s.version == -1) {
                    return INCONSISTENT; // comparing against an unknown version: cannot be decided, not modelled
                }
                boolean matches = s.version == expected;
                if (!known) {
                    return matches ? new State(ev.get(1), -1, s.floor) : INCONSISTENT;
                }
                List<?> res = Values.list(op.value());
                boolean ok = Boolean.TRUE.equals(res.get(0));
                long ver = Values.asLong(res.get(1), ":cas version");
                if (ok) {
                    return matches && ver > s.floor ? new State(ev.get(1), ver, ver) : INCONSISTENT;
                }
                return !matches && ver == s.version ? s : INCONSISTENT;
            }
            case "delete": {
                if (!known) {
                    return new State(null, 0, s.floor);
                }
                boolean ok = Boolean.TRUE.equals(op.value());
                if (ok) {
                    return s.value != null ? new State(null, 0, s.floor) : INCONSISTENT;
                }
                return s.value == null ? s : INCONSISTENT;
            }
            default:
                throw Values.unknownF(this, op);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionedKvModel;
    }

    @Override
    public int hashCode() {
        return VersionedKvModel.class.hashCode();
    }
}
