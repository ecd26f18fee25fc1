package io.dsbench.lin.cli;

import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.KvModel;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.Operations;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code check --bench}: measures check time without parsing, in one JVM after warm-up. For each file: parse once,
 * warm up (repeat the check for about a second), then time {@code RUNS} checks and report the minimum and median.
 * Prints the total of minima over all files. {@link #generatedKv} builds the synthetic 100,000-op, 10-key,
 * 10-client kv history. Not thread-safe (prints).
 */
public final class CheckBench {
    private static final int RUNS = 7;

    private CheckBench() {
    }

    /** Runs the benchmark over the options' files; returns 0, or 2 when a file cannot be read. */
    public static int run(CheckRunner.Options o, PrintStream out, PrintStream err) {
        List<CheckRunner.Prepared> prepared = new ArrayList<>();
        for (Path f : o.files()) {
            try {
                prepared.add(CheckRunner.prepare(f, o));
            } catch (RuntimeException e) {
                err.println(CheckRunner.errorLine(f, e));
                return 2;
            }
        }
        double totalMin = 0;
        double totalMedian = 0;
        String slowest = null;
        double slowestMin = -1;
        // warm up across all files first so the JIT sees every shape
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        do {
            for (CheckRunner.Prepared p : prepared) {
                time(p.operations(), p.settings().model());
            }
        } while (System.nanoTime() < warmEnd);
        for (CheckRunner.Prepared p : prepared) {
            double[] t = new double[RUNS];
            CheckResult last = null;
            for (int i = 0; i < RUNS; i++) {
                long s = System.nanoTime();
                last = new LinearizabilityChecker(CheckOptions.defaults()).check(p.operations(), p.settings().model());
                t[i] = (System.nanoTime() - s) / 1e6;
            }
            Arrays.sort(t);
            totalMin += t[0];
            totalMedian += t[RUNS / 2];
            if (t[0] > slowestMin) {
                slowestMin = t[0];
                slowest = p.file().toString();
            }
            out.printf(Locale.ROOT, "bench %s: %s, %d ops, min %.3f ms, median %.3f ms%n", p.file(),
                    last.verdict(), last.operations(), t[0], t[RUNS / 2]);
        }
        out.printf(Locale.ROOT, "bench total over %d files: min-sum %.3f ms, median-sum %.3f ms; slowest %s (%.3f ms)%n",
                prepared.size(), totalMin, totalMedian, slowest, slowestMin);
        return 0;
    }

    private static void time(List<Operation> ops, Model m) {
        new LinearizabilityChecker(CheckOptions.defaults()).check(ops, m);
    }

    /**
     * A linearizable kv history of {@code ops} completed operations over {@code keys} keys by {@code clients}
     * clients, produced by simulating a linearizable store: each client invokes, the store applies the op at a
     * random later moment, and the client completes after that; so calls overlap as in a real run.
     */
    public static History generatedKv(int ops, int keys, int clients, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        String[] store = new String[keys];
        Arrays.fill(store, "");
        List<Op> out = new ArrayList<>(ops * 2);
        // per client: 0 idle, 1 invoked (not applied), 2 applied (not completed)
        int[] phase = new int[clients];
        String[] f = new String[clients];
        String[] key = new String[clients];
        String[] val = new String[clients];
        String[] result = new String[clients];
        int invoked = 0;
        int completed = 0;
        while (completed < ops) {
            int c = rnd.nextInt(clients);
            switch (phase[c]) {
                case 0 -> {
                    if (invoked >= ops) {
                        continue;
                    }
                    int k = rnd.nextInt(keys);
                    int r = rnd.nextInt(10);
                    f[c] = r < 4 ? "get" : r < 7 ? "put" : "append";
                    key[c] = Integer.toString(k);
                    val[c] = f[c].equals("get") ? null : "v" + invoked + " ";
                    out.add(new Op(out.size(), -1, OpType.INVOKE, c, f[c], val[c], key[c], null));
                    invoked++;
                    phase[c] = 1;
                }
                case 1 -> {
                    int k = Integer.parseInt(key[c]);
                    switch (f[c]) {
                        case "get" -> result[c] = store[k];
                        case "put" -> store[k] = val[c];
                        default -> store[k] = store[k] + val[c];
                    }
                    phase[c] = 2;
                }
                default -> {
                    Object v = f[c].equals("get") ? result[c] : val[c];
                    out.add(new Op(out.size(), -1, OpType.OK, c, f[c], v, key[c], null));
                    completed++;
                    phase[c] = 0;
                }
            }
        }
        return History.of(out);
    }

    /** Benchmarks the generated 100,000-op history; prints and returns the check time in ms. */
    public static double benchGenerated(PrintStream out) {
        History h = generatedKv(100_000, 10, 10, 42);
        KvModel m = new KvModel("");
        List<Operation> ops = Operations.of(h, m, FailMode.DROP);
        CheckResult warm = new LinearizabilityChecker(CheckOptions.defaults()).check(ops, m);
        long s = System.nanoTime();
        CheckResult r = new LinearizabilityChecker(CheckOptions.defaults()).check(ops, m);
        double ms = (System.nanoTime() - s) / 1e6;
        out.printf(Locale.ROOT, "bench generated kv 100000 ops, 10 keys, 10 clients: %s, %.1f ms (first run %.1f ms)%n",
                r.verdict(), ms, warm.checkMillis());
        return ms;
    }
}
