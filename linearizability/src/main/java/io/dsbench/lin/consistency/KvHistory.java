package io.dsbench.lin.consistency;

import io.dsbench.lin.format.Edn;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A versioned key-value history ({@code get}, {@code put}, {@code cas}, {@code delete} on keys, as the kit's KV
 * workloads and {@link io.dsbench.lin.model.VersionedKvModel} record them) read as what each completed call observed
 * and wrote, per process (a Jepsen process is one session: a client whose call ended {@code :info} continues as a new
 * process). Only calls that completed {@code :ok} say anything: a failed or unknown call is left out.
 *
 * <ul>
 *   <li>{@code get} → {@code [value version]}: a read of {@code version}; nil: a read of version 0 (absent);</li>
 *   <li>{@code put} → {@code version}: a write of {@code version};</li>
 *   <li>{@code cas [expected value]} → {@code [true version]}: a read of {@code expected}, then a write of
 *       {@code version}; → {@code [false current]}: a read of {@code current};</li>
 *   <li>{@code delete} → true: a delete (no version).</li>
 * </ul>
 * A read of an absent key (version 0) is <em>ambiguous</em> when the history deletes that key anywhere: it may
 * follow a delete, whose position in the version order is unknown, so checks skip it. Immutable.
 */
public final class KvHistory {

    /** What a call did. */
    public enum Kind { READ, WRITE, DELETE }

    /**
     * One observation or effect of a completed call.
     *
     * @param seq       position among all events (calls in invocation order)
     * @param process   the session
     * @param key       the key
     * @param kind      read, write or delete
     * @param version   the version read or written (0 = absent; -1 for a delete)
     * @param ambiguous a read of an absent key that the history also deletes (its version is unknown)
     * @param fromGet   true for a {@code get} (not the comparison of a cas)
     * @param call      the call it came from
     */
    public record Event(int seq, int process, Object key, Kind kind, long version, boolean ambiguous, boolean fromGet,
                        History.Call call) {
        /** Invocation position in the history (real-time order). */
        public int invokeIndex() {
            return call.invoke().index();
        }

        /** Completion position in the history. */
        public int completeIndex() {
            return call.completion().index();
        }

        /** The call's ops as EDN, for counterexamples. */
        public String describe() {
            Op c = call.completion();
            return "p" + call.invoke().processName() + " :" + call.invoke().f() + " " + Edn.write(key) + " "
                    + Edn.write(call.invoke().value()) + " -> " + Edn.write(c.value()) + " (ops " + invokeIndex() + ".."
                    + completeIndex() + ")";
        }
    }

    private final History history;
    private final List<Event> events;
    private final Map<Integer, List<Event>> byProcess;
    private final Set<Object> deletedKeys;

    private KvHistory(History history, List<Event> events, Map<Integer, List<Event>> byProcess, Set<Object> deleted) {
        this.history = history;
        this.events = events;
        this.byProcess = byProcess;
        this.deletedKeys = deleted;
    }

    /**
     * Reads a history.
     *
     * @throws IllegalArgumentException naming the op (its index and text) when it is not a versioned key-value
     *                                  history or the history is badly formed
     */
    public static KvHistory of(History history) {
        List<History.Call> calls;
        try {
            calls = history.calls();
        } catch (IllegalStateException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Set<Object> deleted = new HashSet<>();
        for (History.Call c : calls) {
            checkF(c.invoke());
            if (c.invoke().f().equals("delete") && c.outcome() != OpType.FAIL) {
                deleted.add(c.invoke().key()); // acknowledged or maybe applied
            }
        }
        List<Event> events = new ArrayList<>();
        Map<Integer, List<Event>> byProcess = new LinkedHashMap<>();
        for (History.Call c : calls) {
            if (c.outcome() != OpType.OK) {
                continue;
            }
            Op inv = c.invoke();
            Object key = inv.key();
            Object r = c.completion().value();
            List<Event> out = new ArrayList<>(2);
            switch (inv.f()) {
                case "get" -> {
                    long v = r == null ? 0 : version(pair(r, inv, c, "[value version]").get(1), inv, c);
                    out.add(new Event(0, inv.process(), key, Kind.READ, v, v == 0 && deleted.contains(key), true, c));
                }
                case "put" -> out.add(new Event(0, inv.process(), key, Kind.WRITE, version(r, inv, c), false, false, c));
                case "cas" -> {
                    List<?> in = pair(inv.value(), inv, c, "[expected-version value] (its input)");
                    List<?> res = pair(r, inv, c, "[true|false version]");
                    long v = version(res.get(1), inv, c);
                    if (Boolean.TRUE.equals(res.get(0))) {
                        long expected = version(in.get(0), inv, c);
                        out.add(new Event(0, inv.process(), key, Kind.READ, expected,
                                expected == 0 && deleted.contains(key), false, c));
                        out.add(new Event(0, inv.process(), key, Kind.WRITE, v, false, false, c));
                    } else {
                        out.add(new Event(0, inv.process(), key, Kind.READ, v, v == 0 && deleted.contains(key), false,
                                c));
                    }
                }
                default -> { // delete
                    if (Boolean.TRUE.equals(r)) {
                        out.add(new Event(0, inv.process(), key, Kind.DELETE, -1, false, false, c));
                    }
                }
            }
            for (Event e : out) {
                Event numbered = new Event(events.size(), e.process, e.key, e.kind, e.version, e.ambiguous, e.fromGet,
                        e.call);
                events.add(numbered);
                byProcess.computeIfAbsent(e.process, p -> new ArrayList<>()).add(numbered);
            }
        }
        byProcess.replaceAll((p, l) -> Collections.unmodifiableList(l));
        return new KvHistory(history, Collections.unmodifiableList(events), Collections.unmodifiableMap(byProcess),
                Collections.unmodifiableSet(deleted));
    }

    private static void checkF(Op inv) {
        switch (inv.f()) {
            case "get", "put", "cas", "delete" -> {
                if (inv.key() == null) {
                    throw new IllegalArgumentException("op " + inv.index() + " " + inv + ": a versioned key-value op "
                            + "needs a :key");
                }
            }
            default -> throw new IllegalArgumentException("op " + inv.index() + " " + inv + ": :" + inv.f()
                    + " is not a versioned key-value operation (expected :get, :put, :cas or :delete on a :key)");
        }
    }

    private static List<?> pair(Object v, Op inv, History.Call c, String what) {
        if (v instanceof List<?> l && l.size() == 2) {
            return l;
        }
        throw new IllegalArgumentException("op " + c.completion().index() + " " + c.completion() + ": the :" + inv.f()
                + " must have " + what + ", found " + Edn.write(v));
    }

    private static long version(Object v, Op inv, History.Call c) {
        if (v instanceof Number n && !(v instanceof Double) && !(v instanceof Float)) {
            return n.longValue();
        }
        throw new IllegalArgumentException("op " + c.completion().index() + " " + c.completion() + ": the :" + inv.f()
                + " version must be an integer, found " + Edn.write(v));
    }

    /** The history it was read from. */
    public History history() {
        return history;
    }

    /** Every event, calls in invocation order. */
    public List<Event> events() {
        return events;
    }

    /** Each process's events in its own order. */
    public Map<Integer, List<Event>> byProcess() {
        return byProcess;
    }

    /** Keys some call deleted (or may have). */
    public Set<Object> deletedKeys() {
        return deletedKeys;
    }
}
