package io.dsbench.patterns.caching;

import java.util.List;

/**
 * What closing a {@link WriteBehind} without a flush (or with a failing flush) lost.
 *
 * @param lost      writes that certainly never reached the store
 * @param uncertain writes that may or may not have reached the store: a store put of them timed out (in any
 *                  attempt) and was not followed by a successful one, or was still running when the close gave up
 *                  waiting; the value is the one that put sent
 */
public record WriteBehindLoss(List<LostWrite> lost, List<LostWrite> uncertain) {
    public WriteBehindLoss {
        lost = List.copyOf(lost);
        uncertain = List.copyOf(uncertain);
    }

    /** Whether nothing was lost or uncertain. */
    public boolean isEmpty() {
        return lost.isEmpty() && uncertain.isEmpty();
    }

    /** Number of lost write calls (counting coalesced ones). */
    public int lostWriteCount() {
        return lost.stream().mapToInt(l -> l.writeIds().size()).sum();
    }

    /** One line for logs: the keys and write ids lost. */
    public String describe() {
        return "write-behind lost " + lostWriteCount() + " write(s): " + lost
                + (uncertain.isEmpty() ? "" : "; uncertain (a store put timed out or was still running): " + uncertain);
    }
}
