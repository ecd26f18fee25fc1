package io.dsbench.spec.log;

import io.dsbench.spec.Checks;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * "Append this record unless a conflicting one is already in the log", made atomic with
 * {@link DurableLog#appendAt}: the fence that gives sagas and two-phase commit one owner per decision.
 *
 * <h2>Algorithm</h2>
 * The caller has read the log up to {@code scannedTo} and seen no conflicting record. Read on from
 * {@code scannedTo + 1} to the end: a conflicting record found there is returned (the caller adopts it or stands
 * down). At the end {@code e}, {@code appendAt(e + 1, payload)}: it succeeds only if nothing was appended since
 * the read, i.e. the whole log was checked for conflicts at the moment of the append. If another append came
 * first, read on from {@code e + 1} and try again. Of two callers racing to append conflicting records, exactly
 * one appends and the other finds it.
 *
 * <p>A conflicting record byte-equal to {@code payload} is taken for this caller's own append (an earlier
 * attempt that timed out but landed, retried by the caller): the result is then "appended" at its position.
 * Callers whose records from different writers could be byte-equal must accept that (it only happens when both
 * would write the same thing).
 *
 * <p>Stateless and thread-safe. Each attempt costs one read per page of new records and one conditional append.
 */
public final class LogFence {
    private static final int PAGE = 1000;

    private LogFence() {
    }

    /**
     * The result of {@link #appendUnless}.
     *
     * @param sequence where the record was appended, or where the conflicting record is
     * @param conflict the conflicting record found instead of appending, empty if appended
     */
    public record Result(long sequence, Optional<LogRecord> conflict) {
        /** Whether the record was appended (by this call, or by an earlier attempt of it that had landed). */
        public boolean appended() {
            return conflict.isEmpty();
        }
    }

    /**
     * Appends {@code payload} unless a record for which {@code conflicts} holds is in the log after
     * {@code scannedTo} (see the class javadoc).
     *
     * @param scannedTo the last sequence number the caller has checked for conflicts (0: none)
     * @throws IllegalArgumentException if {@code scannedTo < 0}
     */
    public static Result appendUnless(DurableLog log, long scannedTo, Predicate<LogRecord> conflicts, byte[] payload) {
        Checks.requireNonNull("log", log);
        Checks.requireRange("scannedTo", scannedTo, 0, Long.MAX_VALUE - 1);
        Checks.requireNonNull("conflicts", conflicts);
        Checks.requireNonNull("payload", payload);
        long next = scannedTo + 1;
        while (true) {
            List<LogRecord> page = log.read(next, PAGE);
            for (LogRecord r : page) {
                if (conflicts.test(r)) {
                    return Arrays.equals(r.payload(), payload) ? new Result(r.sequence(), Optional.empty())
                            : new Result(r.sequence(), Optional.of(r));
                }
                next = r.sequence() + 1;
            }
            if (page.isEmpty() && log.appendAt(next, payload)) {
                return new Result(next, Optional.empty());
            }
        }
    }
}
