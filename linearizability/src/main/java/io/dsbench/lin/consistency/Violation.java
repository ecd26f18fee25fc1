package io.dsbench.lin.consistency;

import java.util.List;

/**
 * A counterexample to a consistency model: what went wrong, in words, and the operations involved (as text with
 * their positions in the history), in the order the explanation names them. Immutable.
 *
 * @param model       the model it violates
 * @param explanation one sentence
 * @param ops         the operations involved
 */
public record Violation(ConsistencyModel model, String explanation, List<String> ops) {
    public Violation {
        ops = List.copyOf(ops);
    }

    /** Explanation and ops, one per line. */
    public String describe() {
        StringBuilder b = new StringBuilder(explanation);
        for (String o : ops) {
            b.append("\n    ").append(o);
        }
        return b.toString();
    }
}
