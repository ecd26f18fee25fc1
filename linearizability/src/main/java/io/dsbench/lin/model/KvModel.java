package io.dsbench.lin.model;

import java.util.Objects;

/**
 * Porcupine's key-value store: {@code get}, {@code put} and {@code append} on string keys, each key starting as the
 * empty string. Keys are independent, so the model partitions by key (P-compositionality) and the state of a
 * partition is that key's string value. A get with an unknown result matches any state. Immutable, thread-safe.
 */
public final class KvModel implements Model {
    private final String initial;

    /** @param initial every key's initial value (Porcupine: "") */
    public KvModel(String initial) {
        this.initial = initial == null ? "" : initial;
    }

    @Override
    public String name() {
        return "kv";
    }

    @Override
    public Object initialState() {
        return initial;
    }

    @Override
    public Object partitionKey(Operation op) {
        if (op.key() == null) {
            throw new IllegalArgumentException("kv op at position " + op.callPos() + " has no :key");
        }
        return op.key();
    }

    @Override
    public boolean mayChangeState(Operation op) {
        return !op.f().equals("get");
    }

    @Override
    public Object step(Object state, Operation op) {
        String v = op.value() == null ? "" : op.value().toString();
        switch (op.f()) {
            case "get":
                if (op.outcome() != Outcome.OK) {
                    return state;
                }
                return state.equals(v) ? state : INCONSISTENT;
            case "put":
                return op.outcome() == Outcome.FAILED ? state : v;
            case "append":
                return op.outcome() == Outcome.FAILED ? state : state + v;
            default:
                throw Values.unknownF(this, op);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KvModel k && k.initial.equals(initial);
    }

    @Override
    public int hashCode() {
        return Objects.hash("kv", initial);
    }
}
