package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;

/**
 * One write's identity: the leader that accepted it and that leader's counter for the key (1, 2, 3, ...). Two
 * writes never share a dot: only leader {@code leader} issues counters for its own position, one more than the
 * largest it has seen for the key.
 *
 * @param leader  the accepting leader's index, {@code >= 0}
 * @param counter the leader's counter for the key, {@code >= 1}
 */
public record Dot(int leader, long counter) implements Comparable<Dot> {
    public Dot {
        Checks.requireRange("leader", leader, 0, Integer.MAX_VALUE);
        Checks.requireRange("counter", counter, 1, Long.MAX_VALUE);
    }

    @Override
    public int compareTo(Dot o) {
        int c = Integer.compare(leader, o.leader);
        return c != 0 ? c : Long.compare(counter, o.counter);
    }

    @Override
    public String toString() {
        return leader + ":" + counter;
    }
}
