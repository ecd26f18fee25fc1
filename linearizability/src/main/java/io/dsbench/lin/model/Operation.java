package io.dsbench.lin.model;

import io.dsbench.lin.history.Op;

/**
 * One operation as the checker sees it: a call with its outcome, placed in the history's real-time order.
 * Immutable.
 *
 * @param id        0-based id within the (partition of the) history being checked
 * @param process   the client process
 * @param f         the function (e.g. "read", "cas", "get")
 * @param key       the key for keyed workloads, else null
 * @param value     the input for mutations, the result for reads (completion value when known)
 * @param outcome   OK, FAILED (an observed failure result) or UNKNOWN
 * @param callPos   position of the invocation in the history
 * @param returnPos position of the completion, or {@link Integer#MAX_VALUE} when it never returned
 * @param optional  true when the operation may never have taken effect (the checker may leave it out)
 * @param invoke    the invoke op it came from
 * @param completion the completion op, or null
 */
public record Operation(int id, int process, String f, Object key, Object value, Outcome outcome,
                        int callPos, int returnPos, boolean optional, Op invoke, Op completion) {

    /** A copy with another id. */
    public Operation withId(int newId) {
        return new Operation(newId, process, f, key, value, outcome, callPos, returnPos, optional, invoke, completion);
    }

    /** A short human description, e.g. {@code p3 :cas [1 2] -> ok}. */
    public String describe() {
        StringBuilder sb = new StringBuilder("p").append(process).append(" :").append(f);
        if (key != null) {
            sb.append(' ').append(io.dsbench.lin.format.Edn.write(key));
        }
        sb.append(' ').append(io.dsbench.lin.format.Edn.write(value)).append(" -> ");
        sb.append(outcome == Outcome.OK ? "ok" : outcome == Outcome.FAILED ? "fail" : "unknown");
        return sb.toString();
    }
}
