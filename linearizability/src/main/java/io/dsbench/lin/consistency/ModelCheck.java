package io.dsbench.lin.consistency;

import java.util.List;

/**
 * Whether a history satisfies one {@link ConsistencyModel}. Immutable.
 *
 * @param model      the model
 * @param status     holds, violated or unknown (the search ran out of its budget)
 * @param detail     one line: why unknown, or what was checked
 * @param violations up to {@link #MAX_SHOWN} counterexamples, first found first (empty when it holds)
 * @param count      how many violations were found in all (may exceed the list)
 */
public record ModelCheck(ConsistencyModel model, Status status, String detail, List<Violation> violations, int count) {

    /** At most this many violations are kept per model. */
    public static final int MAX_SHOWN = 5;

    /** The verdict. */
    public enum Status {
        HOLDS, VIOLATED, UNKNOWN;

        /** Lower-case name for output. */
        public String text() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public ModelCheck {
        violations = List.copyOf(violations);
    }

    /** A model that holds. */
    static ModelCheck holds(ConsistencyModel m, String detail) {
        return new ModelCheck(m, Status.HOLDS, detail, List.of(), 0);
    }

    /** The first violation, or null. */
    public Violation first() {
        return violations.isEmpty() ? null : violations.get(0);
    }
}
