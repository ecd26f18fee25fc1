package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The links between leaders, one per ordered pair: open (shipping) or cut (a partition). In-process link control: a
 * cut link stops shipping at the next record (a record being applied when the cut happens still lands); nothing is
 * lost, the records wait in the sender's log and are shipped after {@link #heal()}. Thread-safe.
 */
public final class ReplicationLinks {
    private final int leaders;
    private final boolean[][] cut;
    private final CopyOnWriteArrayList<Runnable> onHeal = new CopyOnWriteArrayList<>();

    ReplicationLinks(int leaders) {
        this.leaders = leaders;
        this.cut = new boolean[leaders][leaders];
    }

    void onHeal(Runnable r) {
        onHeal.add(r);
    }

    /** Whether records flow from {@code from} to {@code to} now. */
    public synchronized boolean isOpen(int from, int to) {
        check(from);
        check(to);
        return !cut[from][to];
    }

    /** Cuts the link from {@code from} to {@code to} (one direction). */
    public synchronized void cut(int from, int to) {
        check(from);
        check(to);
        cut[from][to] = true;
    }

    /** Cuts every link between {@code side} and the other leaders, both directions: a network partition. */
    public synchronized void partition(Set<Integer> side) {
        Checks.requireNonNull("side", side).forEach(this::check);
        for (int a = 0; a < leaders; a++) {
            for (int b = 0; b < leaders; b++) {
                if (side.contains(a) != side.contains(b)) {
                    cut[a][b] = true;
                }
            }
        }
    }

    /** Cuts every link: each leader alone. */
    public synchronized void isolateAll() {
        for (int a = 0; a < leaders; a++) {
            for (int b = 0; b < leaders; b++) {
                cut[a][b] = a != b;
            }
        }
    }

    /** Opens every link again; the waiting records are shipped. */
    public void heal() {
        synchronized (this) {
            for (boolean[] row : cut) {
                java.util.Arrays.fill(row, false);
            }
        }
        onHeal.forEach(Runnable::run);
    }

    private void check(int leader) {
        if (leader < 0 || leader >= leaders) {
            throw new IllegalArgumentException("leader = " + leader + " is out of range (legal range: 0.." + (leaders - 1) + ")");
        }
    }
}
