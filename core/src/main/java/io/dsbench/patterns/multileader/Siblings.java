package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The state of one key at one leader, shared by {@link LwwStore} and {@link VersionVectorStore}: the writes that no
 * other known write supersedes (the maximal writes of the key's causal history, pairwise concurrent), sorted by dot.
 * One write when there was no conflict; several after concurrent writes at different leaders.
 *
 * <p>{@link #merge} is the union of two states keeping only the maximal writes: it is commutative, associative and
 * idempotent for states produced by the leaders (whose contexts are closed under causality), so leaders that
 * exchanged their states in any order and any number of times hold equal states.
 */
public final class Siblings {
    /** A key never written. */
    public static final Siblings NONE = new Siblings(List.of());

    private final List<Sibling> writes;

    private Siblings(List<Sibling> writes) {
        this.writes = writes;
    }

    /** A state of the given writes (the superseded ones are dropped). */
    public static Siblings of(List<Sibling> writes) {
        return maximal(Checks.requireNonNull("writes", writes));
    }

    /** The concurrent writes, sorted by dot. */
    public List<Sibling> writes() {
        return writes;
    }

    /** Whether the key was never written. */
    public boolean isEmpty() {
        return writes.isEmpty();
    }

    /** The version vector of everything the state has seen: the union of its writes' vectors. */
    public VersionVector vector() {
        VersionVector v = VersionVector.EMPTY;
        for (Sibling s : writes) {
            v = v.merge(s.vector());
        }
        return v;
    }

    /** The write last-writer-wins keeps: the largest by {@link Sibling#lwwOrder}; empty for {@link #NONE}. */
    public Optional<Sibling> lwwWinner() {
        return writes.stream().max(Sibling::lwwOrder);
    }

    /** The largest stamp of the state (0 when empty). */
    public long maxStamp() {
        return writes.stream().mapToLong(Sibling::stamp).max().orElse(0);
    }

    /**
     * A new write at {@code leader} made on top of {@code context}: it gets the next dot of the leader for this key
     * and supersedes exactly the writes {@code context} covers; writes the writer had not seen stay beside it.
     */
    public Siblings write(int leader, VersionVector context, byte[] value, long stamp) {
        Checks.requireNonNull("context", context);
        Dot dot = new Dot(leader, vector().get(leader) + 1);
        VersionVector ctx = context;
        if (ctx.covers(dot)) {
            throw new IllegalArgumentException("context " + ctx + " covers write " + dot + " that leader " + leader
                    + " has not issued yet: a context must come from a read of this key");
        }
        List<Sibling> out = new ArrayList<>(writes.size() + 1);
        for (Sibling s : writes) {
            if (!ctx.covers(s.dot())) {
                out.add(s);
            }
        }
        out.add(new Sibling(value, dot, ctx, stamp));
        out.sort(Comparator.comparing(Sibling::dot));
        return new Siblings(List.copyOf(out));
    }

    /** The write {@code leader} made last to this key (after {@link #write}: that write). */
    Sibling newest(int leader) {
        return writes.stream().filter(s -> s.dot().leader() == leader).max(Comparator.comparing(Sibling::dot))
                .orElseThrow(() -> new IllegalStateException("no write of leader " + leader + " in " + this));
    }

    /** The union of both states, keeping the writes no other write supersedes. */
    public Siblings merge(Siblings other) {
        List<Sibling> all = new ArrayList<>(writes);
        all.addAll(other.writes);
        return maximal(all);
    }

    private static Siblings maximal(List<Sibling> all) {
        TreeMap<Dot, Sibling> byDot = new TreeMap<>();
        for (Sibling s : all) {
            // one write per dot; for malformed input keep the larger by the LWW order so the choice is deterministic
            byDot.merge(Checks.requireNonNull("write", s).dot(), s, (a, b) -> Sibling.lwwOrder(a, b) >= 0 ? a : b);
        }
        List<Sibling> out = new ArrayList<>();
        for (Sibling s : byDot.values()) {
            boolean superseded = false;
            for (Sibling t : byDot.values()) {
                if (t != s && t.supersedes(s)) {
                    superseded = true;
                    break;
                }
            }
            if (!superseded) {
                out.add(s);
            }
        }
        return out.isEmpty() && all.isEmpty() ? NONE : new Siblings(List.copyOf(out));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Siblings s && s.writes.equals(writes);
    }

    @Override
    public int hashCode() {
        return writes.hashCode();
    }

    @Override
    public String toString() {
        return writes.toString();
    }
}
