package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.Arrays;

/**
 * A last-writer-wins register: a value with a stamp and the writing leader; merge keeps the larger by (stamp,
 * leader, value bytes), a total order, so the merge is a join even for states no real leader would produce. An
 * assignment is stamped {@code max(now, previous stamp + 1)}: later than everything the leader saw (causal
 * overwrites win) and close to physical time. Guarantees: convergence to one value. Gives up: concurrent
 * assignments: all but one are lost (as in {@link LwwStore}, without the count).
 */
public final class LwwRegister {
    /** The replicated type. */
    public static final CrdtType<LwwRegister> TYPE = CrdtType.of("lww-register", () -> new LwwRegister(new byte[0], 0, 0),
            LwwRegister::merge, LwwRegister::encode, LwwRegister::decode);

    private final byte[] value;
    private final long stamp;
    private final int leader;

    private LwwRegister(byte[] value, long stamp, int leader) {
        this.value = value;
        this.stamp = stamp;
        this.leader = leader;
    }

    /** A register holding {@code value} written at {@code stamp} by {@code leader}. */
    public static LwwRegister of(byte[] value, long stamp, int leader) {
        return new LwwRegister(Checks.requireNonNull("value", value).clone(), Checks.requireRange("stamp", stamp, 0,
                Long.MAX_VALUE), Checks.requireRange("leader", leader, 0, Integer.MAX_VALUE));
    }

    /** Assigns {@code value} at {@code leader}, stamped {@code max(nowMillis, stamp() + 1)}. */
    public LwwRegister assign(int leader, byte[] value, long nowMillis) {
        return of(value, Math.max(nowMillis, Math.addExact(stamp, 1)), leader);
    }

    /** The value (empty before any assignment). */
    public byte[] value() {
        return value.clone();
    }

    /** The stamp of the last assignment (0 before any). */
    public long stamp() {
        return stamp;
    }

    /** The leader of the last assignment. */
    public int leader() {
        return leader;
    }

    /** The larger of the two by (stamp, leader, value bytes). */
    public LwwRegister merge(LwwRegister o) {
        return order(this, o) >= 0 ? this : o;
    }

    private static int order(LwwRegister a, LwwRegister b) {
        int c = Long.compare(a.stamp, b.stamp);
        if (c == 0) {
            c = Integer.compare(a.leader, b.leader);
        }
        return c != 0 ? c : Arrays.compare(a.value, b.value);
    }

    byte[] encode() {
        return Codec.encode(out -> {
            out.writeLong(stamp);
            out.writeInt(leader);
            Codec.bytes(out, value);
        });
    }

    static LwwRegister decode(byte[] b) {
        return Codec.decode("lww-register", b, in -> {
            long stamp = in.readLong();
            int leader = in.readInt();
            return of(Codec.bytes(in), stamp, leader);
        });
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LwwRegister r && r.stamp == stamp && r.leader == leader && Arrays.equals(r.value, value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(stamp) * 31 + leader;
    }

    @Override
    public String toString() {
        return "LwwRegister[" + value.length + " bytes, stamp=" + stamp + ", leader=" + leader + "]";
    }
}
