package io.dsbench.lin.checker;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;
import io.dsbench.lin.model.Outcome;

import java.util.ArrayList;
import java.util.List;

/** Turns a history into the checker's operations under a {@link FailMode}. Stateless. */
public final class Operations {
    private Operations() {
    }

    /**
     * The operations of a history, in invocation order. Dropped: nemesis ops, {@code :fail} ops under
     * {@link FailMode#DROP}, and unknown operations the model says cannot change the state (they constrain nothing).
     *
     * @throws IllegalArgumentException when the history is not well formed (message names the op)
     */
    public static List<Operation> of(History history, Model model, FailMode failMode) {
        List<History.Call> calls;
        try {
            calls = history.calls();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        List<Operation> out = new ArrayList<>(calls.size());
        for (History.Call c : calls) {
            Op inv = c.invoke();
            Op comp = c.completion();
            OpType t = c.outcome();
            Outcome outcome;
            int ret;
            boolean optional;
            Object value;
            if (t == OpType.OK) {
                outcome = Outcome.OK;
                ret = comp.index();
                optional = false;
                value = c.value();
            } else if (t == OpType.FAIL) {
                if (failMode == FailMode.DROP) {
                    continue;
                }
                if (comp.error() != null) {
                    // an error (e.g. :timed-out) means the outcome is unknown: exactly like :info, the op may take
                    // effect at any time after its invocation, also after the client gave up, or never
                    outcome = Outcome.UNKNOWN;
                    optional = true;
                    ret = Integer.MAX_VALUE;
                    value = inv.value();
                } else {
                    outcome = Outcome.FAILED;
                    optional = false;
                    ret = comp.index();
                    value = comp.value() != null ? comp.value() : inv.value();
                }
            } else {
                outcome = Outcome.UNKNOWN;
                optional = true;
                ret = Integer.MAX_VALUE;
                value = inv.value();
            }
            Object key = inv.key() != null ? inv.key() : comp == null ? null : comp.key();
            Operation op = new Operation(out.size(), inv.process(), inv.f(), key, value, outcome, inv.index(), ret,
                    optional, inv, comp);
            if (optional && !model.mayChangeState(op)) {
                continue;
            }
            out.add(op);
        }
        return out;
    }
}
