package io.dsbench.lin.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Simplifies a register partition's writes of unknown outcome ({@code :info}, timed out, never completed) before the
 * search (issue 9 item 15). Such a write may take effect at any point after its invocation, or never, so the search
 * must try it everywhere: with a hundred of them in a long history the memo explodes. Two rewrites remove nearly all
 * of them and keep the verdict exact. Stateless.
 *
 * <p>Terms, for a value v: a <b>producer</b> of v is an operation that sets the register to v when it takes effect
 * (a write of v, or a cas [from v], that did not fail as observed); an <b>observer</b> of v is one that can take
 * effect only while the register holds v (an ok read returning v, except a nil read when nil matches any value; a cas
 * [v to] of ok or unknown outcome). The initial value is produced by no operation.
 *
 * <h2>A. An unknown write whose value nobody observes is removed</h2>
 * Condition: no operation observes v, and no cas failed as observed in the partition (such a cas needs the value to
 * differ from its {@code from}, which the removal could change).
 * <p>Proof. Removing it only removes linearizations, so "not linearizable" stays. Conversely let L be a linearization
 * in which w takes effect (if w is left out of L, L is already one without w). Delete w from L, giving L'. L' keeps
 * the real-time order (a subsequence). Operations before w's place see the same states. After it, up to the next
 * operation that sets the register (a write, or a cas that took effect), the state is w's predecessor value instead
 * of v; every operation in that stretch took effect in L while the register held v, so it is a read returning v, a
 * nil read matching anything, a cas [v ...], or an operation that ignores the state (a write ends the stretch; a
 * failed write or an unknown read changes nothing). By the condition the only ones possible are nil reads matching
 * anything, which also match the predecessor. From the end of the stretch on, states are equal. So L' is legal, and
 * leaving out w is allowed because its outcome is unknown. Hence the history has a linearization iff it has one
 * without w.
 *
 * <h2>B. An unknown write of a value someone read must take effect before that read returns</h2>
 * Condition: w is the only producer of v, v is not the initial value, and some ok operation r observes v (an ok
 * read of v, or an ok cas [v ...]); R is the earliest return among those, and R is after w's invocation. Rewrite: w
 * becomes required, with return R.
 * <p>Proof. Every linearization under the rewrite is one of the original (w is then simply known to have taken
 * effect, inside a narrower window). Conversely let L be a linearization of the original. r is required, so r is in
 * L and the register holds v when r takes effect. The register holds the initial value or the value of the last
 * producer that took effect before; v is not initial and w is its only producer, so w is in L before r, and r takes
 * effect before r returns. So w takes effect in L between its invocation and R: L satisfies the rewrite. (If R is
 * before w's invocation there is no linearization at all; the write is then left alone and the search reports the
 * read that cannot be placed.)
 *
 * <p>A and B look only at values, never at the search, so they compose: A removes writes of values nobody observes,
 * B rewrites writes of values somebody observes; neither changes another's condition (A removes only producers of
 * unobserved values, which B never looks at). Operations whose function is not read, write or cas leave the
 * partition unchanged (the search reports them).
 */
final class UnknownWrites {

    private UnknownWrites() {
    }

    static List<Operation> simplify(List<Operation> ops, Object initial, boolean readNilIsUnknown) {
        boolean anyUnknownWrite = false;
        for (Operation op : ops) {
            if (op.optional() && !op.f().equals("read")) {
                anyUnknownWrite = true;
                break;
            }
        }
        if (!anyUnknownWrite) {
            return ops;
        }
        Map<Object, Integer> producers = new HashMap<>();
        Map<Object, Integer> observers = new HashMap<>();
        Map<Object, Integer> firstOkObserverReturn = new HashMap<>();
        boolean observedCasFailure = false;
        for (Operation op : ops) {
            switch (op.f()) {
                case "read":
                    if (op.outcome() == Outcome.OK && !(op.value() == null && readNilIsUnknown)) {
                        observe(op, op.value(), observers, firstOkObserverReturn);
                    }
                    break;
                case "write":
                    if (op.outcome() != Outcome.FAILED) {
                        producers.merge(key(op.value()), 1, Integer::sum);
                    }
                    break;
                case "cas": {
                    List<?> ft = Values.list(op.value());
                    if (ft == null || ft.size() != 2) {
                        return ops;
                    }
                    if (op.outcome() == Outcome.FAILED) {
                        observedCasFailure = true;
                    } else {
                        producers.merge(key(ft.get(1)), 1, Integer::sum);
                        observe(op, ft.get(0), observers, firstOkObserverReturn);
                    }
                    break;
                }
                default:
                    return ops;
            }
        }
        List<Operation> out = new ArrayList<>(ops.size());
        for (Operation op : ops) {
            if (!op.optional() || op.outcome() != Outcome.UNKNOWN || op.f().equals("read")) {
                out.add(op);
                continue;
            }
            Object v = op.f().equals("write") ? op.value() : Values.list(op.value()).get(1);
            Object k = key(v);
            if (!observers.containsKey(k)) {
                if (!observedCasFailure) {
                    continue; // A
                }
                out.add(op);
                continue;
            }
            Integer r = firstOkObserverReturn.get(k);
            if (r != null && producers.getOrDefault(k, 0) == 1 && !Values.eq(Values.norm(initial), Values.norm(v))
                    && r > op.callPos()) {
                out.add(new Operation(op.id(), op.process(), op.f(), op.key(), op.value(), op.outcome(),
                        op.callPos(), r, false, op.invoke(), op.completion())); // B
            } else {
                out.add(op);
            }
        }
        return out;
    }

    private static void observe(Operation op, Object v, Map<Object, Integer> observers, Map<Object, Integer> firstOk) {
        Object k = key(v);
        observers.merge(k, 1, Integer::sum);
        if (op.outcome() == Outcome.OK) {
            firstOk.merge(k, op.returnPos(), Math::min);
        }
    }

    /** A map key with {@link Values#eq} semantics: integral numbers by their long value. */
    private static Object key(Object v) {
        if (v instanceof Number n && !(v instanceof Double)) {
            return n.longValue();
        }
        return v == null ? NIL : v;
    }

    private static final Object NIL = new Object();
}
