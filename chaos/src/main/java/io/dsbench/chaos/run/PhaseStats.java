package io.dsbench.chaos.run;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Throughput, errors and latency before, during and after the faults, from the history alone: "during" runs from the
 * first nemesis op to the last one; an op belongs to the phase its invocation falls in. The final reads after
 * healing ({@code :read} of the set workload, {@code :final-read}, {@code :final-recover}) are not load and are left out.
 *
 * @param name  before, during or after
 * @param ops   invocations
 * @param ok    completed ok
 * @param fail  completed fail
 * @param info  indeterminate (info, or no completion)
 * @param seconds the phase's length
 * @param throughputPerS ok ops per second
 * @param p50Ms median latency of completed ops
 * @param p99Ms 99th percentile latency of completed ops
 */
public record PhaseStats(String name, long ops, long ok, long fail, long info, double seconds, double throughputPerS,
                         double p50Ms, double p99Ms) {

    /** The reads and recoveries after healing ({@code :read} of the set workload, {@code :final-*}): not load. */
    private static boolean isFinal(String f, boolean setWorkload) {
        return f.startsWith("final-") || (setWorkload && f.equals("read"));
    }

    /** before, during, after (during and after are empty without nemesis ops). */
    public static List<PhaseStats> of(History h, boolean setWorkload) {
        long first = -1;
        long last = -1;
        long end = 0;
        for (Op op : h) {
            if (op.isNemesis()) {
                if (first < 0) {
                    first = op.time();
                }
                last = op.time();
            } else if (!isFinal(op.f(), setWorkload)) {
                end = Math.max(end, op.time());
            }
        }
        if (first < 0) {
            first = end;
            last = end;
        }
        long[][] bounds = {{0, first}, {first, last}, {last, Math.max(last, end)}};
        String[] names = {"before", "during", "after"};
        List<PhaseStats> out = new ArrayList<>();
        List<List<Double>> lat = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long[][] c = new long[3][4];
        for (History.Call call : h.calls()) {
            Op inv = call.invoke();
            Op op = call.completion();
            if (isFinal(inv.f(), setWorkload)) {
                continue;
            }
            int p = phase(inv.time(), first, last);
            c[p][0]++;
            if (op == null || op.type() == OpType.INFO) {
                c[p][3]++;
            } else {
                c[p][op.type() == OpType.OK ? 1 : 2]++;
                lat.get(p).add((op.time() - inv.time()) / 1e6);
            }
        }
        for (int i = 0; i < 3; i++) {
            double secs = Math.max(0, bounds[i][1] - bounds[i][0]) / 1e9;
            List<Double> l = lat.get(i);
            Collections.sort(l);
            out.add(new PhaseStats(names[i], c[i][0], c[i][1], c[i][2], c[i][3], round(secs),
                    secs > 0 ? round(c[i][1] / secs) : 0, round(pct(l, 0.50)), round(pct(l, 0.99))));
        }
        return out;
    }

    private static int phase(long t, long first, long last) {
        return t < first ? 0 : t <= last ? 1 : 2;
    }

    private static double pct(List<Double> sorted, double q) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** One line for progress output. */
    public String line() {
        return String.format(java.util.Locale.ROOT, "%-6s %6.1f s  %6d ops  %6d ok  %5d fail  %5d info  %8.1f ok/s  "
                + "p50 %7.2f ms  p99 %8.2f ms", name, seconds, ops, ok, fail, info, throughputPerS, p50Ms, p99Ms);
    }
}
