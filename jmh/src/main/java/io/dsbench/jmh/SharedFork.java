package io.dsbench.jmh;

import io.dsbench.jmh.support.BenchBackend;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;

/**
 * The forked JVM of a quick run ({@link SharedForkRun} starts it): runs the planned JMH runs one after another in this
 * JVM (JMH with {@code forks = 0}), each backend opened once ({@link BenchBackend#SHARED_PROPERTY}) and shared by
 * every run, and reopened after a run that failed (the server may have died). Writes JMH's JSON of everything
 * finished to the given file after each run, and tells the parent on stdout:
 * {@code ### dsbench-row <i> <base64 of a serialized Row>} per row, then {@code ### dsbench-done <i>}. Everything
 * else on stdout is JMH's text output, which the parent copies to {@code jmh-output.log}.
 *
 * <p>Usage (internal): {@code java -Ddsbench.jmh.sharedBackend=true ... io.dsbench.jmh.SharedFork PLAN JSON}, PLAN
 * holding one run per line: {@code name TAB backend TAB mode TAB k=v,k=v}.
 */
public final class SharedFork {
    static final String ROW = "### dsbench-row ";
    static final String DONE = "### dsbench-done ";

    private SharedFork() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: SharedFork PLAN JSON");
            System.exit(2);
        }
        List<BenchRun.Unit> units = readPlan(Path.of(args[0]));
        Path json = Path.of(args[1]);
        PrintStream out = System.out;
        List<RunResult> results = new ArrayList<>();
        try {
            for (int i = 0; i < units.size(); i++) {
                BenchRun.Unit u = units.get(i);
                out.println("### dsbench: " + u.describe() + " (shared JVM)");
                List<JmhBenchmarks.Row> rows = new ArrayList<>();
                try {
                    Collection<RunResult> rr = new Runner(BenchRun.options(u, BenchRun.QUICK, Map.of()),
                            BenchRun.format(out)).run();
                    results.addAll(rr);
                    for (RunResult r : rr) {
                        rows.add(BenchRun.row(u, r));
                    }
                    if (rows.isEmpty()) {
                        rows.add(BenchRun.failed(u, "JMH returned no result"));
                    }
                } catch (Exception e) {
                    out.println("### dsbench: failed: " + e);
                    rows.add(BenchRun.failed(u, BenchRun.reason(e)));
                    BenchBackend.closeShared(); // the next run opens the backend afresh
                }
                BenchRun.writeJson(json, results);
                for (JmhBenchmarks.Row r : rows) {
                    out.println(ROW + i + " " + encode(r));
                }
                out.println(DONE + i);
                out.flush();
            }
        } finally {
            BenchBackend.closeShared();
        }
        out.flush();
        System.exit(0); // backend clients may leave non-daemon threads behind
    }

    static String encode(JmhBenchmarks.Row r) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream o = new ObjectOutputStream(bytes)) {
            o.writeObject(r);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** One line per run: {@code name TAB backend TAB mode TAB k=v,k=v}. */
    static String planLine(BenchRun.Unit u) {
        StringBuilder params = new StringBuilder();
        u.params().forEach((k, v) -> params.append(params.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return u.info().name() + "\t" + u.backend() + "\t" + u.mode().shortLabel() + "\t" + params;
    }

    static List<BenchRun.Unit> readPlan(Path plan) throws IOException {
        Map<String, Catalog.Info> all = Catalog.load().all();
        List<BenchRun.Unit> units = new ArrayList<>();
        for (String line : Files.readAllLines(plan, StandardCharsets.UTF_8)) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            Catalog.Info info = all.get(f[0]);
            if (info == null || f.length != 4) {
                throw new IllegalArgumentException("bad plan line '" + line + "'");
            }
            Map<String, String> params = new LinkedHashMap<>();
            if (!f[3].isEmpty()) {
                for (String kv : f[3].split(",")) {
                    int eq = kv.indexOf('=');
                    params.put(kv.substring(0, eq), kv.substring(eq + 1));
                }
            }
            units.add(new BenchRun.Unit(info, f[1], params, Mode.deepValueOf(f[2])));
        }
        return units;
    }
}
