package io.dsbench.cli;

import io.dsbench.spi.Backend;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What one {@code dsbench run} found: per backend, its description, capabilities and rule results.
 *
 * @param runId the run's id
 * @param runs  one entry per selected backend, in order
 */
public record RunSummary(String runId, List<BackendRun> runs) {

    /**
     * One backend's part of a run.
     *
     * @param backend      name
     * @param description  {@link Backend#describe()}, or null if it could not be opened
     * @param capabilities declared capabilities
     * @param ttlToleranceMs declared TTL tolerance
     * @param minTtlMs     declared minimum TTL
     * @param error        why the backend could not be opened, or null
     * @param results      rule results
     * @param durationMs   wall time of the backend's run
     */
    public record BackendRun(String backend, String description, List<String> capabilities, Long ttlToleranceMs,
                             Long minTtlMs, String error, List<KitRunner.RuleResult> results, long durationMs) {
        static BackendRun failedToOpen(String backend, String error) {
            return new BackendRun(backend, null, List.of(), null, null, error, List.of(), 0);
        }

        static BackendRun of(Backend b, List<KitRunner.RuleResult> results, Instant start, Instant end) {
            List<String> caps = new ArrayList<>();
            b.capabilities().forEach(c -> caps.add(c.name()));
            caps.sort(null);
            return new BackendRun(b.name(), b.describe(), caps, b.timing().ttlTolerance().toMillis(),
                    b.timing().minTtl().toMillis(), null, results, Duration.between(start, end).toMillis());
        }

        long count(KitRunner.Outcome o) {
            return results.stream().filter(r -> r.outcome() == o).count();
        }
    }

    /**
     * Rules an interrupted run did not get to on one backend (written to conformance.json's {@code not_run}).
     *
     * @param backend backend name
     * @param started whether the backend's rules had begun when the run was interrupted
     * @param rules   the rules that did not run, in catalog order
     */
    public record NotRun(String backend, boolean started, List<io.dsbench.conformance.RuleCatalog.Rule> rules) {
        public NotRun {
            rules = List.copyOf(rules);
        }
    }

    /** True when a rule failed or erred, a backend could not be opened, or nothing ran at all. */
    public boolean failedAnything() {
        for (BackendRun r : runs) {
            if (r.error() != null || r.count(KitRunner.Outcome.FAILED) > 0 || r.count(KitRunner.Outcome.ERROR) > 0
                    || r.results().isEmpty()) {
                return true;
            }
        }
        return false;
    }

    /** True when some checker could not decide. */
    public boolean anyUnknown() {
        return runs.stream().anyMatch(r -> r.count(KitRunner.Outcome.UNKNOWN) > 0);
    }

    /** 0 every rule passed or was skipped; 1 a rule failed or erred, or a backend was not run; 3 only unknowns. */
    public int exitCode() {
        return failedAnything() ? 1 : anyUnknown() ? 3 : 0;
    }

    /** Prints the summary table, a group-by-backend matrix, then every failure, error, unknown and skip. */
    public void printTable(PrintWriter o) {
        o.printf("%-12s %7s %7s %7s %8s %8s %9s%n", "backend", "passed", "failed", "errors", "unknown", "skipped",
                "time");
        for (BackendRun r : runs) {
            if (r.error() != null) {
                o.printf("%-12s %s%n", r.backend(), "NOT RUN: " + r.error());
            } else {
                o.printf("%-12s %7d %7d %7d %8d %8d %8.1fs%n", r.backend(), r.count(KitRunner.Outcome.PASSED),
                        r.count(KitRunner.Outcome.FAILED), r.count(KitRunner.Outcome.ERROR),
                        r.count(KitRunner.Outcome.UNKNOWN), r.count(KitRunner.Outcome.SKIPPED), r.durationMs() / 1000.0);
            }
        }
        // group x backend matrix: passed/total, with failures flagged
        Map<String, Map<String, long[]>> matrix = new TreeMap<>(io.dsbench.conformance.RuleCatalog::compareIds);
        for (BackendRun r : runs) {
            for (KitRunner.RuleResult rr : r.results()) {
                long[] c = matrix.computeIfAbsent(rr.group(), g -> new TreeMap<>()).computeIfAbsent(r.backend(),
                        b -> new long[KitRunner.Outcome.values().length]);
                c[rr.outcome().ordinal()]++;
            }
        }
        if (!matrix.isEmpty()) {
            o.println();
            StringBuilder head = new StringBuilder(String.format("%-8s", "group"));
            for (BackendRun r : runs) {
                head.append(String.format(" %-16s", r.backend()));
            }
            o.println(head.toString().stripTrailing());
            for (Map.Entry<String, Map<String, long[]>> g : matrix.entrySet()) {
                StringBuilder line = new StringBuilder(String.format("%-8s", g.getKey()));
                for (BackendRun r : runs) {
                    long[] c = g.getValue().get(r.backend());
                    String cell = c == null ? "-" : cell(c);
                    line.append(String.format(" %-16s", cell));
                }
                o.println(line.toString().stripTrailing());
            }
        }
        for (BackendRun r : runs) {
            List<KitRunner.RuleResult> skipped = r.results().stream()
                    .filter(x -> x.outcome() == KitRunner.Outcome.SKIPPED).toList();
            for (KitRunner.Outcome bad : List.of(KitRunner.Outcome.FAILED, KitRunner.Outcome.ERROR,
                    KitRunner.Outcome.UNKNOWN)) {
                List<KitRunner.RuleResult> these = r.results().stream().filter(x -> x.outcome() == bad).toList();
                if (!these.isEmpty()) {
                    o.println();
                    o.println((bad == KitRunner.Outcome.FAILED ? "FAILED" : bad == KitRunner.Outcome.ERROR
                            ? "ERROR (no verdict)" : "UNKNOWN (the checker could not decide)") + " on " + r.backend() + ":");
                    Map<String, List<String>> notRun = new java.util.LinkedHashMap<>();
                    for (KitRunner.RuleResult x : these) {
                        String m = firstLine(x.message());
                        if (m.startsWith("not run: ")) {
                            notRun.computeIfAbsent(m, k -> new ArrayList<>()).add(x.rule());
                        } else {
                            o.println("  " + x.rule() + " " + x.title() + "\n      " + m);
                        }
                    }
                    notRun.forEach((m, rules) -> o.println("  " + rules.size() + " rules " + m + "\n      ("
                            + String.join(", ", rules) + ")"));
                }
            }
            if (!skipped.isEmpty()) {
                o.println();
                o.println("Skipped on " + r.backend() + ":");
                new TreeSet<>(skipped.stream().map(x -> "  " + x.rule() + ": " + firstLine(x.message())).toList())
                        .forEach(o::println);
            }
        }
    }

    /** E.g. {@code 7/9 ok, 1 FAIL, 1 skip}. */
    private static String cell(long[] c) {
        long total = 0;
        for (long x : c) {
            total += x;
        }
        StringBuilder b = new StringBuilder(c[0] + "/" + total + " ok");
        String[] names = {null, "FAIL", "ERROR", "unknown", "skip"};
        for (int i = 1; i < c.length; i++) {
            if (c[i] > 0) {
                b.append(", ").append(c[i]).append(' ').append(names[i]);
            }
        }
        return b.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
