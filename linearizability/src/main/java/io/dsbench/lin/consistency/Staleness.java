package io.dsbench.lin.consistency;

import io.dsbench.lin.consistency.KvHistory.Event;
import io.dsbench.lin.consistency.KvHistory.Kind;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far behind each read was (bounded staleness, measured). For a {@code get} of key k that returned version r and
 * began at position t of the history: the writes of k acknowledged before t (completed {@code :ok} earlier in the
 * history) with a version above r are the ones it missed. The read was
 * <ul>
 *   <li><b>versions behind</b>: how many such acknowledged writes there are (0 when it returned the latest write
 *       acknowledged before it began, or a newer one);</li>
 *   <li><b>ms behind</b>: the time from the acknowledgement of the first write it missed to the read's start (how long
 *       a write had been acknowledged without the read seeing it; 0 when it missed none; unknown when the history has
 *       no times).</li>
 * </ul>
 * Reads of an absent key that the history also deletes are skipped. Stateless.
 */
public final class Staleness {
    private Staleness() {
    }

    /**
     * The figures, over every checked read (fresh reads count as 0).
     *
     * @param reads        reads measured
     * @param staleReads   reads that missed at least one acknowledged write
     * @param maxVersions  the most versions a read was behind
     * @param p99Versions  99th percentile (nearest rank) of versions behind
     * @param maxMs        the most ms a read was behind, or null when the history has no times
     * @param p99Ms        99th percentile of ms behind, or null
     * @param worst        the stalest read with the write it missed first, or null when none was stale
     */
    public record Report(int reads, int staleReads, long maxVersions, long p99Versions, Double maxMs, Double p99Ms,
                         Violation worst) {
        /** One line, e.g. {@code 480 reads, 12 stale; behind max 3 versions / 4.1 ms, p99 1 version / 1.2 ms}. */
        public String line() {
            return reads + " reads, " + staleReads + " stale; behind: max " + maxVersions + " version(s)"
                    + (maxMs == null ? "" : String.format(java.util.Locale.ROOT, " / %.1f ms", maxMs))
                    + ", p99 " + p99Versions + " version(s)"
                    + (p99Ms == null ? "" : String.format(java.util.Locale.ROOT, " / %.1f ms", p99Ms));
        }
    }

    /** Measures a history. */
    public static Report of(KvHistory h) {
        // acknowledged writes per key, in order of acknowledgement
        Map<Object, List<Event>> acked = new HashMap<>();
        boolean timed = true;
        for (Event e : h.events()) {
            if (e.kind() == Kind.WRITE) {
                acked.computeIfAbsent(e.key(), k -> new ArrayList<>()).add(e);
            }
            timed &= e.call().invoke().time() >= 0 && e.call().completion().time() >= 0;
        }
        acked.values().forEach(l -> l.sort(Comparator.comparingInt(Event::completeIndex)));
        List<Event> reads = new ArrayList<>();
        for (Event e : h.events()) {
            if (e.kind() == Kind.READ && e.fromGet() && !e.ambiguous()) {
                reads.add(e);
            }
        }
        reads.sort(Comparator.comparingInt(Event::invokeIndex));
        Map<Object, Integer> next = new HashMap<>();
        Map<Object, TreeMap<Long, Event>> known = new HashMap<>();
        long[] versionsBehind = new long[reads.size()];
        double[] msBehind = new double[reads.size()];
        int stale = 0;
        Violation worst = null;
        long worstV = 0;
        for (int i = 0; i < reads.size(); i++) {
            Event r = reads.get(i);
            List<Event> ws = acked.getOrDefault(r.key(), List.of());
            int n = next.getOrDefault(r.key(), 0);
            TreeMap<Long, Event> seen = known.computeIfAbsent(r.key(), k -> new TreeMap<>());
            while (n < ws.size() && ws.get(n).completeIndex() < r.invokeIndex()) {
                seen.put(ws.get(n).version(), ws.get(n));
                n++;
            }
            next.put(r.key(), n);
            Map<Long, Event> missed = seen.tailMap(r.version(), false);
            if (missed.isEmpty()) {
                continue;
            }
            stale++;
            versionsBehind[i] = missed.size();
            Event firstAcked = null;
            for (Event w : missed.values()) {
                if (firstAcked == null || w.completeIndex() < firstAcked.completeIndex()) {
                    firstAcked = w;
                }
            }
            if (timed) {
                msBehind[i] = Math.max(0, r.call().invoke().time() - firstAcked.call().completion().time()) / 1e6;
            }
            if (versionsBehind[i] > worstV) {
                worstV = versionsBehind[i];
                worst = new Violation(null, "a read of " + io.dsbench.lin.format.Edn.write(r.key())
                        + " returned version " + r.version() + ", " + versionsBehind[i] + " acknowledged version(s) behind"
                        + (timed ? String.format(java.util.Locale.ROOT, ", %.1f ms after the first of them was "
                        + "acknowledged", msBehind[i]) : ""), List.of(firstAcked.describe(), r.describe()));
            }
        }
        return new Report(reads.size(), stale, max(versionsBehind), p99(versionsBehind),
                timed ? max(msBehind) : null, timed ? p99(msBehind) : null, worst);
    }

    private static long max(long[] a) {
        return Arrays.stream(a).max().orElse(0);
    }

    private static double max(double[] a) {
        return Arrays.stream(a).max().orElse(0);
    }

    private static long p99(long[] a) {
        if (a.length == 0) {
            return 0;
        }
        long[] s = a.clone();
        Arrays.sort(s);
        return s[rank(s.length)];
    }

    private static double p99(double[] a) {
        if (a.length == 0) {
            return 0;
        }
        double[] s = a.clone();
        Arrays.sort(s);
        return s[rank(s.length)];
    }

    /** Nearest-rank index of the 99th percentile. */
    private static int rank(int n) {
        return Math.max(0, (int) Math.ceil(0.99 * n) - 1);
    }
}
