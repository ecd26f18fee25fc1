package io.dsbench.lin.consistency;

import io.dsbench.lin.consistency.KvHistory.Event;
import io.dsbench.lin.consistency.KvHistory.Kind;
import io.dsbench.lin.format.Edn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides the four session guarantees (Terry et al., 1994) on a versioned key-value history, per process (session),
 * using the versions the store returned: on one key, a higher version is a later state that includes every write of
 * a lower version.
 * <ul>
 *   <li><b>read-your-writes</b>: a read of key k by p returns at least the highest version p wrote to k (a delete by p
 *       resets it);</li>
 *   <li><b>monotonic reads</b>: p never reads k below a version it read k at before;</li>
 *   <li><b>monotonic writes</b>: p's writes to k get increasing versions; and a process q that read a key at or
 *       above p's later write w2 never afterwards reads another key below p's earlier write w1 there;</li>
 *   <li><b>writes-follow-reads</b>: p's write to k gets a version above what p read of k; and a process q that read
 *       a key at or above p's write w never afterwards reads another key below what p had read there before w.</li>
 * </ul>
 * Reads of an absent key that the history also deletes are skipped (their place in the version order is unknown);
 * calls that did not complete {@code :ok} say nothing. Each violation names its operations. Stateless.
 */
public final class SessionGuarantees {
    private SessionGuarantees() {
    }

    /** Checks all four guarantees. */
    public static Map<ConsistencyModel, ModelCheck> checkAll(KvHistory h) {
        Map<ConsistencyModel, ModelCheck> out = new EnumMap<>(ConsistencyModel.class);
        for (ConsistencyModel m : ConsistencyModel.SESSION) {
            out.put(m, check(h, m));
        }
        return out;
    }

    /**
     * Checks one session guarantee.
     *
     * @throws IllegalArgumentException when {@code m} is not a session guarantee
     */
    public static ModelCheck check(KvHistory h, ConsistencyModel m) {
        Collector c = new Collector(m);
        switch (m) {
            case READ_YOUR_WRITES -> readYourWrites(h, c);
            case MONOTONIC_READS -> monotonicReads(h, c);
            case MONOTONIC_WRITES -> {
                sameKeyOrder(h, c, true);
                observed(h, c, true);
            }
            case WRITES_FOLLOW_READS -> {
                sameKeyOrder(h, c, false);
                observed(h, c, false);
            }
            default -> throw new IllegalArgumentException(m.cliName() + " is not a session guarantee");
        }
        long reads = h.events().stream().filter(e -> e.kind() == Kind.READ && !e.ambiguous()).count();
        long skipped = h.events().stream().filter(Event::ambiguous).count();
        String detail = h.byProcess().size() + " sessions, " + reads + " reads checked"
                + (skipped == 0 ? "" : ", " + skipped + " reads of deleted keys skipped");
        return c.count == 0 ? ModelCheck.holds(m, detail)
                : new ModelCheck(m, ModelCheck.Status.VIOLATED, detail, c.shown, c.count);
    }

    private static final class Collector {
        final ConsistencyModel model;
        final List<Violation> shown = new ArrayList<>();
        int count;

        Collector(ConsistencyModel model) {
            this.model = model;
        }

        void add(String why, Event... ops) {
            count++;
            if (shown.size() < ModelCheck.MAX_SHOWN) {
                List<String> texts = new ArrayList<>();
                for (Event e : ops) {
                    texts.add(e.describe());
                }
                shown.add(new Violation(model, why, texts));
            }
        }
    }

    private static String k(Event e) {
        return Edn.write(e.key());
    }

    private static void readYourWrites(KvHistory h, Collector c) {
        for (List<Event> session : h.byProcess().values()) {
            Map<Object, Event> own = new HashMap<>();
            for (Event e : session) {
                Event w = own.get(e.key());
                switch (e.kind()) {
                    case WRITE -> {
                        if (w == null || e.version() > w.version()) {
                            own.put(e.key(), e);
                        }
                    }
                    case DELETE -> own.remove(e.key());
                    case READ -> {
                        if (!e.ambiguous() && w != null && e.version() < w.version()) {
                            c.add("process " + e.process() + " wrote " + k(e) + " at version " + w.version()
                                    + ", then read it at version " + e.version() + ": its own write is missing", w, e);
                        }
                    }
                    default -> throw new IllegalStateException();
                }
            }
        }
    }

    private static void monotonicReads(KvHistory h, Collector c) {
        for (List<Event> session : h.byProcess().values()) {
            Map<Object, Event> seen = new HashMap<>();
            for (Event e : session) {
                if (e.kind() != Kind.READ || e.ambiguous()) {
                    continue;
                }
                Event before = seen.get(e.key());
                if (before != null && e.version() < before.version()) {
                    c.add("process " + e.process() + " read " + k(e) + " at version " + before.version()
                            + ", then at version " + e.version() + ": its reads went back", before, e);
                } else if (before == null || e.version() > before.version()) {
                    seen.put(e.key(), e);
                }
            }
        }
    }

    /** Within a session, on one key: writes increase (monotonic writes) or exceed what was read (writes-follow-reads). */
    private static void sameKeyOrder(KvHistory h, Collector c, boolean afterWrites) {
        for (List<Event> session : h.byProcess().values()) {
            Map<Object, Event> last = new HashMap<>();
            for (Event e : session) {
                Event before = last.get(e.key());
                if (e.kind() == Kind.WRITE && before != null && e.version() <= before.version()) {
                    c.add("process " + e.process() + (afterWrites ? " wrote " : " read ") + k(e) + " at version "
                            + before.version() + ", then its write there got version " + e.version()
                            + ": the write is not ordered after what it " + (afterWrites ? "wrote" : "read") + " before",
                            before, e);
                }
                Kind source = afterWrites ? Kind.WRITE : Kind.READ;
                if (e.kind() == source && !e.ambiguous() && (before == null || e.version() > before.version())) {
                    last.put(e.key(), e);
                }
            }
        }
    }

    /** What a write depends on at another key: the source (a write or a read of the writer) and the write itself. */
    private record Dep(long version, Event source, Event write) {
    }

    /** A floor for an observer: it saw {@code write} (through {@code seenBy}), so it must see {@code dep} too. */
    private record Floor(Dep dep, Event seenBy) {
    }

    /**
     * A process q that saw a write w (read w's key at w's version or above) must afterwards see what w depended on
     * at other keys: the writer's earlier writes (monotonic writes) or reads (writes-follow-reads).
     */
    private static void observed(KvHistory h, Collector c, boolean afterWrites) {
        // per write: its dependencies at other keys
        Map<Object, List<Map.Entry<Event, Map<Object, Dep>>>> writesByKey = new HashMap<>();
        for (List<Event> session : h.byProcess().values()) {
            Map<Object, Dep> deps = new HashMap<>();
            for (Event e : session) {
                if (e.kind() == Kind.WRITE) {
                    Map<Object, Dep> mine = new HashMap<>(deps);
                    mine.remove(e.key());
                    writesByKey.computeIfAbsent(e.key(), x -> new ArrayList<>()).add(Map.entry(e, mine));
                }
                Kind source = afterWrites ? Kind.WRITE : Kind.READ;
                if (e.kind() == source && !e.ambiguous()) {
                    Dep d = deps.get(e.key());
                    if (d == null || e.version() > d.version()) {
                        deps.put(e.key(), new Dep(e.version(), e, null));
                    }
                }
            }
        }
        // per key: writes by version, with the running maximum of their dependencies
        Map<Object, long[]> versions = new HashMap<>();
        Map<Object, List<Map<Object, Dep>>> prefix = new HashMap<>();
        for (Map.Entry<Object, List<Map.Entry<Event, Map<Object, Dep>>>> kw : writesByKey.entrySet()) {
            List<Map.Entry<Event, Map<Object, Dep>>> ws = kw.getValue();
            ws.sort(Comparator.comparingLong(x -> x.getKey().version()));
            long[] vs = new long[ws.size()];
            List<Map<Object, Dep>> pre = new ArrayList<>(ws.size());
            Map<Object, Dep> run = new HashMap<>();
            for (int i = 0; i < ws.size(); i++) {
                vs[i] = ws.get(i).getKey().version();
                Event w = ws.get(i).getKey();
                for (Map.Entry<Object, Dep> d : ws.get(i).getValue().entrySet()) {
                    Dep cur = run.get(d.getKey());
                    if (cur == null || d.getValue().version() > cur.version()) {
                        run.put(d.getKey(), new Dep(d.getValue().version(), d.getValue().source(), w));
                    }
                }
                pre.add(new HashMap<>(run));
            }
            versions.put(kw.getKey(), vs);
            prefix.put(kw.getKey(), pre);
        }
        for (List<Event> session : h.byProcess().values()) {
            Map<Object, Floor> floors = new HashMap<>();
            for (Event e : session) {
                if (e.kind() != Kind.READ || e.ambiguous()) {
                    continue;
                }
                Floor f = floors.get(e.key());
                if (f != null && e.version() < f.dep().version()) {
                    Event src = f.dep().source();
                    Event w = f.dep().write();
                    c.add("process " + w.process() + (afterWrites ? " wrote " : " read ") + k(src) + " at version "
                            + src.version() + " before writing " + k(w) + " at version " + w.version() + "; process "
                            + e.process() + " read " + k(w) + " at version " + f.seenBy().version()
                            + " (so it saw that write), then read " + k(e) + " at version " + e.version() + " < "
                            + src.version(), src, w, f.seenBy(), e);
                }
                long[] vs = versions.get(e.key());
                if (vs == null) {
                    continue;
                }
                int i = upperIndex(vs, e.version());
                if (i < 0) {
                    continue;
                }
                for (Map.Entry<Object, Dep> d : prefix.get(e.key()).get(i).entrySet()) {
                    Floor cur = floors.get(d.getKey());
                    if (cur == null || d.getValue().version() > cur.dep().version()) {
                        floors.put(d.getKey(), new Floor(d.getValue(), e));
                    }
                }
            }
        }
    }

    /** The index of the last element <= v in sorted {@code vs}, or -1. */
    private static int upperIndex(long[] vs, long v) {
        int lo = 0;
        int hi = vs.length - 1;
        int ans = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (vs[mid] <= v) {
                ans = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return ans;
    }
}
