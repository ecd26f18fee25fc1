package io.dsbench.lin.consistency;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;

import java.util.ArrayList;
import java.util.List;

/** Builds hand-made versioned key-value histories: each event 1 ms after the previous one. */
final class Hist {
    private final List<Op> ops = new ArrayList<>();

    Hist invoke(int p, String f, String key, Object value) {
        return add(OpType.INVOKE, p, f, key, value);
    }

    Hist ok(int p, String f, String key, Object value) {
        return add(OpType.OK, p, f, key, value);
    }

    Hist info(int p, String f, String key) {
        return add(OpType.INFO, p, f, key, null);
    }

    private Hist add(OpType t, int p, String f, String key, Object value) {
        ops.add(new Op(ops.size(), ops.size() * 1_000_000L, t, p, f, value, key, null));
        return this;
    }

    /** A complete call: invoke and ok right after. */
    Hist put(int p, String key, String value, long version) {
        return invoke(p, "put", key, value).ok(p, "put", key, version);
    }

    Hist get(int p, String key, String value, long version) {
        return invoke(p, "get", key, null).ok(p, "get", key, List.of(value, version));
    }

    Hist getNil(int p, String key) {
        return invoke(p, "get", key, null).ok(p, "get", key, null);
    }

    Hist cas(int p, String key, long expected, String value, boolean ok, long version) {
        return invoke(p, "cas", key, List.of(expected, value)).ok(p, "cas", key, List.of(ok, version));
    }

    Hist delete(int p, String key, boolean ok) {
        return invoke(p, "delete", key, null).ok(p, "delete", key, ok);
    }

    History build() {
        return History.of(ops);
    }
}
