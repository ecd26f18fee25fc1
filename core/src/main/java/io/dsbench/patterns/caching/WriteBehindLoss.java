package io.dsbench.patterns.caching;

import java.util.List;

/**
 * What closing a {@link WriteBehind} without a flush (or with a failing flush) lost.
 *
 * @param lost      writes that certainly never reached the store
 * @param uncertain writes whose store put was still running when the close gave up waiting: they may or may
 *                  not have reached the store
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
                + (uncertain.isEmpty() ? "" : "; uncertain (store put still running): " + uncertain);
    }
}
