package io.dsbench.jmh.support;

import io.dsbench.lin.model.KvModel;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;
import java.util.HashMap;
import java.util.Map;

/**
 * The checker benchmark's baseline: the same kv specification as {@link KvModel} (gets, puts and appends on string
 * keys starting as {@code ""}; it delegates each step to it), but WITHOUT P-compositionality: it declares no
 * partition, so the checker runs ONE Wing-Gong-Lowe search over the whole history, the state being the whole map.
 * That is the plain WGL search (memoised, as in Lowe's version) a checker without per-key partitioning does; the
 * difference to {@code KvModel} is what partitioning buys on a multi-key history.
 *
 * <p>States are immutable maps (copied on every change, never mutated) with value equality, as the checker's memo
 * needs. Immutable and thread-safe.
 */
public final class UnpartitionedKvModel implements Model {
    private final KvModel kv = new KvModel("");

    @Override
    public String name() {
        return "kv-unpartitioned";
    }

    @Override
    public Object initialState() {
        return Map.of();
    }

    @Override
    public boolean mayChangeState(Operation op) {
        return kv.mayChangeState(op);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object step(Object state, Operation op) {
        if (op.key() == null) {
            throw new IllegalArgumentException("kv op at position " + op.callPos() + " has no :key");
        }
        Map<Object, Object> map = (Map<Object, Object>) state;
        Object before = map.getOrDefault(op.key(), kv.initialState());
        Object after = kv.step(before, op);
        if (after == INCONSISTENT || after.equals(before)) {
            return after == INCONSISTENT ? INCONSISTENT : state;
        }
        Map<Object, Object> next = new HashMap<>(map);
        next.put(op.key(), after);
        return next;
    }
}
