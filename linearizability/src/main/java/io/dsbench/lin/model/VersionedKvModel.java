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
 * Versions strictly increase per key, including across delete and re-create. The state is a {@link State}.
 * Immutable, thread-safe.
 *
 * <h2>Unknown versions</h2>
 * A put or cas whose outcome is unknown ({@code :info}) that took effect set the value with a version nobody saw.
 * The model keeps it exactly: the version is some integer greater than {@link State#floor} (every version the key
 * had before is at most {@code floor}). Later operations either pin it (a get returning {@code [value v]}, a
 * successful cas expecting {@code v}, a compare failure reporting current version {@code v}: each requires
 * {@code v > floor}) or replace it. When it is replaced unpinned, the only thing that still matters about it is
 * that every later version exceeds it; the smallest choice, {@code floor + 1}, is the one that allows the most
 * futures, so continuing with {@code floor + 1} as the greatest past version loses no linearization and adds none.
 */
public final class VersionedKvModel implements Model {

    /**
     * @param value   the value, or null when absent
     * @param version the current version (0 when absent, {@link #UNKNOWN} when unknown: then it is some integer
     *                greater than {@code floor})
     * @param floor   the greatest version the key is known to have had (for an unknown version: before it)
     */
    public record State(Object value, long version, long floor) {
        /** The smallest value the greatest version so far can have: the next version must exceed it. */
        long top() {
            return version == UNKNOWN ? floor + 1 : floor;
        }

        /** Whether the current version can be {@code v}. */
        boolean canBe(long v) {
            return version == UNKNOWN ? v > floor : version == v;
        }
    }

    /** {@link State#version} when the version is unknown. */
    public static final long UNKNOWN = -1;

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
                if (s.value == null || !Values.eq(s.value, vv.get(0)) || !s.canBe(ver)) {
                    return INCONSISTENT;
                }
                return s.version == UNKNOWN ? new State(s.value, ver, ver) : s;
            }
            case "put": {
                if (!known) {
                    return new State(in, UNKNOWN, s.top());
                }
                long ver = Values.asLong(op.value(), ":put version");
                return ver > s.top() ? new State(in, ver, ver) : INCONSISTENT;
            }
            case "cas": {
                List<?> ev = Values.list(in);
                long expected = Values.asLong(ev.get(0), ":cas expected version");
                boolean canMatch = s.canBe(expected);
                // after a match every earlier version is at most max(expected, top): an unknown one is pinned
                long before = Math.max(expected, s.top());
                if (!known) {
                    // took effect: it compared equal; its new version is unknown
                    return canMatch ? new State(ev.get(1), UNKNOWN, before) : INCONSISTENT;
                }
                List<?> res = Values.list(op.value());
                boolean ok = Boolean.TRUE.equals(res.get(0));
                long ver = Values.asLong(res.get(1), ":cas version");
                if (ok) {
                    return canMatch && ver > before ? new State(ev.get(1), ver, ver)
                            : INCONSISTENT;
                }
                // an observed compare failure: the current version is ver, which differs from expected
                if (ver == expected || !s.canBe(ver)) {
                    return INCONSISTENT;
                }
                return s.version == UNKNOWN ? new State(s.value, ver, ver) : s;
            }
            case "delete": {
                if (!known) {
                    return s.value == null ? s : new State(null, 0, s.top());
                }
                boolean ok = Boolean.TRUE.equals(op.value());
                if (ok) {
                    return s.value != null ? new State(null, 0, s.top()) : INCONSISTENT;
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
