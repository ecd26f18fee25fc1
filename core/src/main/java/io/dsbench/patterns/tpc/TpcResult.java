package io.dsbench.patterns.tpc;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a two-phase commit ended.
 *
 * @param txId           the transaction
 * @param outcome        committed or aborted (the logged decision)
 * @param reason         why it aborted (names the participant and its answer); empty when committed
 * @param votes          each participant's answer: {@code yes}, {@code no: <reason>}, {@code timeout ...},
 *                       {@code error ...}; empty for a recovered transaction
 * @param unacknowledged participants that did not acknowledge the decision yet (recovery resends it)
 * @param recovered      whether recovery (not the original run) produced this result
 */
public record TpcResult(String txId, Outcome outcome, String reason, Map<String, String> votes,
        List<String> unacknowledged, boolean recovered) {
    /** The decision. */
    public enum Outcome { COMMITTED, ABORTED }

    public TpcResult {
        Objects.requireNonNull(txId, "txId");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(reason, "reason");
        votes = Map.copyOf(votes);
        unacknowledged = List.copyOf(unacknowledged);
    }

    public boolean committed() {
        return outcome == Outcome.COMMITTED;
    }
}
