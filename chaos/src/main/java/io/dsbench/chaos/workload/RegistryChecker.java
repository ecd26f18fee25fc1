package io.dsbench.chaos.workload;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.Values;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check of the {@code registry} workload ({@link RegistryWorkload}), from the history alone. Times are the
 * history's (one clock); an op took effect somewhere between its invocation and its completion, an indeterminate
 * one ({@code :info}, or no completion) at any time after its invocation. For each ok {@code :discover} D and each
 * instance:
 * <ul>
 *   <li>{@code deregistered_discovered}: D lists an instance although a deregister of it completed before D began
 *       and no register of it could have taken effect after that deregister;</li>
 *   <li>{@code expired_discovered}: D lists an instance that began more than TTL + tolerance after the latest
 *       moment its TTL could have been restarted (the completion of its last ok register or heartbeat that
 *       began before D ended); not judged when a register or heartbeat of it is indeterminate;</li>
 *   <li>{@code live_missing}: D (or a heartbeat answering {@code false}) misses an instance that was certainly
 *       live: a register or successful heartbeat of it completed before D began, D ended less than TTL -
 *       tolerance after that op began, and no deregister of it could have taken effect in between.</li>
 * </ul>
 * Each (discover, instance) pair counts once; {@code expired_discovered_before_first_fault} (a count) says how many
 * of the late expiries were seen before the first nemesis op.
 */
final class RegistryChecker {
    private static final int EXAMPLES = 5;

    private RegistryChecker() {
    }

    /** One call, its times; {@code end} is Long.MAX_VALUE when indeterminate. */
    private record Span(long start, long end, boolean ok, Object value, Op inv, Op done) {
        boolean indeterminate() {
            return end == Long.MAX_VALUE;
        }

        String show() {
            return inv + (done == null ? " (no completion)" : " -> " + done);
        }
    }

    private static final class Inst {
        final List<Span> registers = new ArrayList<>();
        final List<Span> heartbeats = new ArrayList<>();
        final List<Span> deregisters = new ArrayList<>();
    }

    static Outcome check(History h) {
        Map<Long, Inst> insts = new HashMap<>();
        List<Span> discovers = new ArrayList<>();
        long ttl = -1;
        long tol = 0;
        long refusedHeartbeats = 0;
        long firstFault = Long.MAX_VALUE;
        for (Op op : h) {
            if (op.isNemesis()) {
                firstFault = Math.min(firstFault, op.time());
            }
        }
        for (History.Call call : h.calls()) {
            Op inv = call.invoke();
            Op done = call.completion();
            if (done != null && done.type() == OpType.FAIL) {
                continue; // did not take effect (a failed read saw nothing)
            }
            boolean indeterminate = done == null || done.type() == OpType.INFO;
            Span s = new Span(inv.time(), indeterminate ? Long.MAX_VALUE : done.time(), !indeterminate,
                    indeterminate ? null : done.value(), inv, done);
            switch (inv.f()) {
                case "register": {
                    List<?> v = Values.list(inv.value());
                    long id = Values.asLong(v.get(0), ":register id");
                    ttl = Values.asLong(v.get(1), ":register ttl") * 1_000_000L;
                    tol = Values.asLong(v.get(2), ":register tolerance") * 1_000_000L;
                    insts.computeIfAbsent(id, k -> new Inst()).registers.add(s);
                    break;
                }
                case "heartbeat": {
                    Inst in = insts.computeIfAbsent(Values.asLong(inv.value(), ":heartbeat id"), k -> new Inst());
                    if (s.indeterminate() || Boolean.TRUE.equals(s.value())) {
                        in.heartbeats.add(s);
                    } else {
                        refusedHeartbeats++;
                        discovers.add(new Span(s.start(), s.end(), true, List.of(), inv, done)); // "not there" for it
                    }
                    break;
                }
                case "deregister":
                    insts.computeIfAbsent(Values.asLong(inv.value(), ":deregister id"), k -> new Inst()).deregisters.add(s);
                    break;
                case "discover":
                    if (s.ok()) {
                        discovers.add(s);
                    }
                    break;
                default:
                    break;
            }
        }
        long deregGhosts = 0;
        long expiredGhosts = 0;
        long expiredBeforeFaults = 0;
        long missing = 0;
        long discoverOps = 0;
        List<String> deregEx = new ArrayList<>();
        List<String> expiredEx = new ArrayList<>();
        List<String> missingEx = new ArrayList<>();
        for (Span d : discovers) {
            boolean isHeartbeat = d.inv().f().equals("heartbeat");
            Set<Long> listed = new HashSet<>();
            if (!isHeartbeat) {
                discoverOps++;
                for (Object o : Values.list(d.value())) {
                    listed.add(Values.asLong(o, ":discover id"));
                }
            }
            for (long id : listed) {
                Inst in = insts.get(id);
                if (in == null) {
                    continue; // never registered in this history: nothing to judge it by
                }
                Span gone = deregisteredBefore(in, d);
                if (gone != null) {
                    deregGhosts++;
                    example(deregEx, d.done() + " lists instance " + id + " deregistered by " + gone.show());
                    continue;
                }
                long bound = expiryBound(in, d, ttl, tol);
                if (bound != Long.MAX_VALUE && d.start() > bound) {
                    expiredGhosts++;
                    expiredBeforeFaults += d.start() < firstFault ? 1 : 0;
                    example(expiredEx, d.done() + " lists instance " + id + " " + ms(d.start() - bound)
                            + " ms past its TTL bound (last TTL restart + " + ms(ttl) + " ms TTL + " + ms(tol)
                            + " ms tolerance)");
                }
            }
            List<Long> candidates = isHeartbeat ? List.of(Values.asLong(d.inv().value(), ":heartbeat id"))
                    : new ArrayList<>(insts.keySet());
            for (long id : candidates) {
                if (listed.contains(id)) {
                    continue;
                }
                Span live = certainlyLive(insts.get(id), d, ttl, tol);
                if (live != null) {
                    missing++;
                    example(missingEx, d.done() + (isHeartbeat ? " refused the heartbeat of" : " misses")
                            + " instance " + id + ", certainly live after " + live.show());
                }
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("instances", (long) insts.size());
        counts.put("discovers_checked", discoverOps);
        counts.put("heartbeats_refused", refusedHeartbeats);
        counts.put("expired_discovered_before_first_fault", expiredBeforeFaults);
        counts.put("ttl_ms", ttl < 0 ? 0 : ttl / 1_000_000L);
        counts.put("tolerance_ms", tol / 1_000_000L);
        Map<String, Long> anomalies = new LinkedHashMap<>();
        anomalies.put("deregistered_discovered", deregGhosts);
        anomalies.put("expired_discovered", expiredGhosts);
        anomalies.put("live_missing", missing);
        List<Outcome.Example> ex = new ArrayList<>();
        if (!deregEx.isEmpty()) {
            ex.add(new Outcome.Example("deregistered instance discovered", deregEx));
        }
        if (!expiredEx.isEmpty()) {
            ex.add(new Outcome.Example("instance discovered after its TTL bound", expiredEx));
        }
        if (!missingEx.isEmpty()) {
            ex.add(new Outcome.Example("certainly live instance missing", missingEx));
        }
        String summary = deregGhosts + " deregistered and " + expiredGhosts + " expired instances discovered, "
                + missing + " live instances missing, over " + discoverOps + " discovers of " + insts.size()
                + " instances (TTL " + counts.get("ttl_ms") + " ms, tolerance " + counts.get("tolerance_ms") + " ms)";
        String verdict = discoverOps == 0 ? "unknown" : deregGhosts + expiredGhosts + missing > 0 ? "invalid" : "valid";
        return new Outcome(verdict, anomalies, counts, ex, discoverOps == 0 ? "no successful discover" : summary,
                null, List.of());
    }

    /**
     * A deregister of the instance that completed before {@code d} began, after which no register of it could have
     * taken effect before {@code d} ended; else null.
     */
    private static Span deregisteredBefore(Inst in, Span d) {
        for (Span g : in.deregisters) {
            if (!g.ok() || g.end() >= d.start()) {
                continue;
            }
            boolean revived = false;
            for (Span r : in.registers) {
                if (r.start() < d.end() && r.end() > g.start()) {
                    revived = true;
                    break;
                }
            }
            if (!revived) {
                return g;
            }
        }
        return null;
    }

    /** The latest time the instance may still be listed, or MAX_VALUE when an indeterminate op leaves it open. */
    private static long expiryBound(Inst in, Span d, long ttl, long tol) {
        long last = Long.MIN_VALUE;
        for (List<Span> ops : List.of(in.registers, in.heartbeats)) {
            for (Span s : ops) {
                if (s.start() >= d.end()) {
                    continue;
                }
                if (s.indeterminate()) {
                    return Long.MAX_VALUE;
                }
                last = Math.max(last, s.end());
            }
        }
        return last == Long.MIN_VALUE ? Long.MAX_VALUE : last + ttl + tol;
    }

    /** A register or successful heartbeat proving the instance live throughout {@code d}, or null. */
    private static Span certainlyLive(Inst in, Span d, long ttl, long tol) {
        if (in == null || ttl < 0) {
            return null;
        }
        Span best = null;
        for (List<Span> ops : List.of(in.registers, in.heartbeats)) {
            for (Span s : ops) {
                if (s.ok() && s.end() < d.start() && d.end() < s.start() + ttl - tol
                        && (best == null || s.start() > best.start())) {
                    best = s;
                }
            }
        }
        if (best == null) {
            return null;
        }
        for (Span g : in.deregisters) {
            if (g.start() < d.end() && g.end() > best.start()) {
                return null; // a deregister may have removed it in between
            }
        }
        return best;
    }

    private static void example(List<String> ex, String s) {
        if (ex.size() < EXAMPLES) {
            ex.add(s);
        }
    }

    private static long ms(long nanos) {
        return Math.round(nanos / 1e6);
    }
}
