package io.dsbench.chaos;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Keyword;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import java.util.ArrayList;
import java.util.List;

/** Builds a history op by op with times given in milliseconds (the checkers of timed workloads read them). */
final class HandMadeHistory {
    private final List<Op> ops = new ArrayList<>();

    /** Adds a call of {@code process}: invoked at {@code fromMs}, completed ({@code type}) at {@code toMs}. */
    HandMadeHistory call(int process, String f, Object value, long fromMs, OpType type, Object result, long toMs) {
        invoke(process, f, value, fromMs);
        ops.add(new Op(ops.size(), toMs * 1_000_000L, type, process, f, result, null,
                type == OpType.OK ? null : "error"));
        return this;
    }

    /** Adds an ok call. */
    HandMadeHistory ok(int process, String f, Object value, long fromMs, Object result, long toMs) {
        return call(process, f, value, fromMs, OpType.OK, result, toMs);
    }

    /** Adds a call that ended indeterminate ({@code :info}) with this error. */
    HandMadeHistory info(int process, String f, Object value, long fromMs, String error, long toMs) {
        invoke(process, f, value, fromMs);
        ops.add(new Op(ops.size(), toMs * 1_000_000L, OpType.INFO, process, f, null, null, error));
        return this;
    }

    /** Adds an invocation only. */
    HandMadeHistory invoke(int process, String f, Object value, long atMs) {
        ops.add(new Op(ops.size(), atMs * 1_000_000L, OpType.INVOKE, process, f, value, null, null));
        return this;
    }

    History history() {
        return History.of(ops);
    }

    static Keyword kw(String name) {
        return new Keyword(name);
    }
}
