package io.dsbench.patterns.quorum;

import io.dsbench.spec.Checks;

/**
 * Replication factor and quorum sizes of a {@link QuorumReplicatedStore}.
 *
 * <h2>Validation (rule QUORUM-1)</h2>
 * <ul>
 *   <li>{@code n} in 1..64; {@code w} and {@code r} in 1..n.</li>
 *   <li>{@code w + r > n} for {@link Consistency#STRONG} and {@link Consistency#LINEARIZABLE}: every read quorum
 *       then intersects every write quorum, so a read sees the latest acknowledged write. {@code w + r <= n}
 *       ("sloppy" quorums) is accepted only with {@link Consistency#EVENTUAL}, asked for explicitly.</li>
 * </ul>
 * Violations are {@link IllegalArgumentException}s naming the values, e.g.
 * {@code "W + R must be > N for STRONG consistency, got W=1 + R=1 = 2 <= N=3; use Consistency.EVENTUAL to allow it"}.
 *
 * @param n           number of replicas
 * @param w           acknowledgements a write waits for
 * @param r           answers a read waits for
 * @param consistency what reads promise
 */
public record QuorumConfig(int n, int w, int r, Consistency consistency) {
    /** What reads promise. */
    public enum Consistency {
        /**
         * W + R &gt; N: a read that starts after a write was acknowledged returns it or something newer. Not
         * linearizable: a read concurrent with a write may return the new value and a later read the old one (the
         * "W+R&gt;N is not linearizability" anomaly).
         */
        STRONG,
        /**
         * W + R &gt; N plus ABD-style write-back: a read writes the value it returns back to W replicas before
         * returning, so no later read can return an older value. Single-key reads and writes are linearizable
         * (compare-and-set is not a consensus operation; see {@link QuorumReplicatedStore}).
         */
        LINEARIZABLE,
        /** Any W and R: reads may miss acknowledged writes until read repair catches up. Marked eventual in reports. */
        EVENTUAL
    }

    public QuorumConfig {
        Checks.requireNonNull("consistency", consistency);
        Checks.requireRange("N", n, 1, 64);
        if (w < 1 || w > n) {
            throw new IllegalArgumentException("W = " + w + " is out of range (legal range: 1..N, N=" + n + ")");
        }
        if (r < 1 || r > n) {
            throw new IllegalArgumentException("R = " + r + " is out of range (legal range: 1..N, N=" + n + ")");
        }
        if (consistency != Consistency.EVENTUAL && w + r <= n) {
            throw new IllegalArgumentException("W + R must be > N for " + consistency + " consistency, got W=" + w
                    + " + R=" + r + " = " + (w + r) + " <= N=" + n + "; use Consistency.EVENTUAL to allow it");
        }
    }

    /** W + R &gt; N, plain quorum reads with read repair. */
    public static QuorumConfig strong(int n, int w, int r) {
        return new QuorumConfig(n, w, r, Consistency.STRONG);
    }

    /** W + R &gt; N with ABD write-back on reads. */
    public static QuorumConfig linearizable(int n, int w, int r) {
        return new QuorumConfig(n, w, r, Consistency.LINEARIZABLE);
    }

    /** Any W and R in 1..N; explicitly eventually consistent. */
    public static QuorumConfig eventual(int n, int w, int r) {
        return new QuorumConfig(n, w, r, Consistency.EVENTUAL);
    }

    /** Majority quorums: W = R = N/2 + 1, STRONG. */
    public static QuorumConfig majority(int n) {
        return strong(n, n / 2 + 1, n / 2 + 1);
    }

    /** Whether every read quorum intersects every write quorum. */
    public boolean overlapping() {
        return w + r > n;
    }

    @Override
    public String toString() {
        return "N=" + n + ", W=" + w + ", R=" + r + ", " + consistency;
    }
}
