package io.dsbench.lin.model;

/**
 * A sequential specification: a pure function from (state, operation) to the next state. Implementations are
 * immutable and thread-safe; states are immutable with value equality (the checker memoizes on them).
 *
 * <p>For an operation with {@link Outcome#UNKNOWN} the model returns the state it would have if the operation took
 * effect (its result unknown), or {@link #INCONSISTENT} when it cannot take effect in this state (the checker then
 * treats it as never having happened, which is always allowed for unknown operations).
 */
public interface Model {

    /** Returned by {@link #step} when the operation cannot be linearized in the state. */
    Object INCONSISTENT = new Object() {
        @Override
        public String toString() {
            return "INCONSISTENT";
        }
    };

    /** The model's name, e.g. "cas-register". */
    String name();

    /** The initial state (may be null). */
    Object initialState();

    /** The next state, or {@link #INCONSISTENT}. Must not throw for well-formed operations. */
    Object step(Object state, Operation op);

    /**
     * The partition (P-compositionality) this operation belongs to, or null when the model does not split.
     * Operations of different partitions must commute; each partition is checked alone from the initial state.
     */
    default Object partitionKey(Operation op) {
        return null;
    }

    /** False when the operation never changes the state (reads): an unknown one may then be dropped. */
    default boolean mayChangeState(Operation op) {
        return true;
    }

    /**
     * An equivalent search problem for one partition that is easier to decide: operations of unknown outcome that
     * cannot matter may be removed, and ones that must have taken effect by some point may be made required with that
     * point as their return. The result must have a linearization iff {@code partition} has one (each model proves
     * this for what it does). Operations keep their ids (positions in {@code partition}) and their order; the
     * default changes nothing.
     */
    default java.util.List<Operation> simplify(java.util.List<Operation> partition) {
        return partition;
    }

    /** A human-readable state for evidence and timelines. */
    default String describe(Object state) {
        return io.dsbench.lin.format.Edn.write(state);
    }
}
