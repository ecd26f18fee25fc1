package io.dsbench.jmh;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Runs the benchmarks without the CLI, for this module's README figures and for checking a jar:
 * {@code java -cp JAR io.dsbench.jmh.JmhMain [--quick] [--backends inmemory,redis] [--include REGEX] [--out jmh.json]
 * [--list]}. Prints a progress line per run, then one line per row and the baselines and overheads. Exit 0 when
 * every row is ok, 1 when one failed, 2 for bad usage. {@code dsbench bench} is the command users run.
 */
public final class JmhMain {
    private JmhMain() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    static int run(String[] args) throws Exception {
        List<String> backends = List.of("inmemory");
        String include = null;
        boolean quick = false;
        boolean list = false;
        Path out = Path.of("jmh.json");
        Map<String, List<String>> endpoints = new LinkedHashMap<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--quick" -> quick = true;
                    case "--list" -> list = true;
                    case "--backends" -> backends = Arrays.asList(value(args, ++i).split(","));
                    case "--include" -> include = value(args, ++i);
                    case "--out" -> out = Path.of(value(args, ++i));
                    case "--endpoint" -> {
                        String e = value(args, ++i);
                        int eq = e.indexOf('=');
                        if (eq <= 0) {
                            throw new IllegalArgumentException("--endpoint '" + e + "': expected BACKEND=URI[,URI...]");
                        }
                        endpoints.put(e.substring(0, eq), Arrays.asList(e.substring(eq + 1).split(",")));
                    }
                    default -> throw new IllegalArgumentException("unknown argument '" + args[i] + "'");
                }
            }
            if (list) {
                JmhBenchmarks.list(include).forEach(System.out::println);
                return 0;
            }
            long start = System.nanoTime();
            List<JmhBenchmarks.Row> rows = JmhBenchmarks.run(new JmhBenchmarks.Options(backends, include, quick, out,
                    System.out::println, endpoints));
            System.out.printf(Locale.ROOT, "%n%d rows in %s; JMH JSON in %s%n", rows.size(),
                    BenchRun.duration((System.nanoTime() - start) / 1e9), out);
            List<String> failed = new ArrayList<>();
            for (JmhBenchmarks.Row r : rows) {
                System.out.printf(Locale.ROOT, "%-26s %-9s %-45s %-6s %12s ± %-10s %-6s%s%n", r.name(), r.backend(),
                        r.params().isEmpty() ? "" : r.params().toString(), r.mode(), BenchRun.fmt(r.score()),
                        BenchRun.fmt(r.error()), r.unit(), r.ok() ? "" : "  FAILED: " + r.reason());
                if (!r.ok()) {
                    failed.add(r.name());
                }
            }
            System.out.println();
            for (JmhBenchmarks.Comparison c : JmhBenchmarks.comparisons(rows)) {
                System.out.printf(Locale.ROOT, "%-8s %-9s %-50s ratio %.3f (%s / %s ops/s), adds %.4f us/op%s%n",
                        c.kind(), c.backend(), c.label(), c.ratio(), BenchRun.fmt(c.subjectScore()),
                        BenchRun.fmt(c.referenceScore()), c.addedUsPerOp(), c.goal() == null ? "" : "  goal " + c.goal());
            }
            return failed.isEmpty() ? 0 : 1;
        } catch (IllegalArgumentException e) {
            System.err.println("jmh: " + e.getMessage());
            return 2;
        }
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value");
        }
        return args[i];
    }
}
