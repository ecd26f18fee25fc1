package io.dsbench.patterns.tpc;

import java.util.Objects;

/**
 * A participant's answer to prepare.
 *
 * @param yes    true: prepared (durably), will commit if told to, and holds its locks until told
 * @param reason why not (empty for yes)
 */
public record Vote(boolean yes, String reason) {
    public Vote {
        Objects.requireNonNull(reason, "reason");
    }

    /** A yes vote. */
    public static Vote voteYes() {
        return new Vote(true, "");
    }

    /** A no vote with a reason. */
    public static Vote voteNo(String reason) {
        return new Vote(false, reason);
    }
}
