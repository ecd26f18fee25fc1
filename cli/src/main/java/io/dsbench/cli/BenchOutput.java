package io.dsbench.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsbench.bench.BenchRows;
import io.dsbench.bench.BenchRunner;
import io.dsbench.jmh.JmhBenchmarks;
import io.dsbench.spi.Backend;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one {@code dsbench bench} run keeps, and its files: {@code bench.json} (format {@code dsbench-bench/1}),
 * {@code baselines.json} (each tool's command line, raw output and figure) and {@code run.json} (the command, the
 * machine, the backends' versions). Written atomically, at the end or, marked {@code "complete": false}, when the
 * run is interrupted. Thread-safe.
 */
final class BenchOutput {
    private final ResultsWriter writer;
    private final String command;
    private final Instant started;
    private final boolean quick;
    private final List<String> backends;
    private final BenchRunner.Collected collected = new BenchRunner.Collected();
    private final List<JmhBenchmarks.Row> jmhRows = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, String> descriptions = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Backend> open = Collections.synchronizedList(new ArrayList<>());
    private volatile String jmhFailure;
    private volatile boolean written;

    BenchOutput(ResultsWriter writer, String command, Instant started, boolean quick, List<String> backends) {
        this.writer = writer;
        this.command = command;
        this.started = started;
        this.quick = quick;
        this.backends = backends;
    }

    BenchRunner.Collected collected() {
        return collected;
    }

    Path dir() {
        return writer.dir();
    }

    String command() {
        return command;
    }

    void opened(Backend b) {
        open.add(b);
        descriptions.put(b.name(), b.describe());
    }

    void closed(Backend b) {
        open.remove(b);
    }

    void jmhRows(List<JmhBenchmarks.Row> rows) {
        jmhRows.addAll(rows);
    }

    void jmhFailed(String why) {
        jmhFailure = why;
    }

    List<JmhBenchmarks.Row> jmhRows() {
        synchronized (jmhRows) {
            return List.copyOf(jmhRows);
        }
    }

    List<JmhBenchmarks.Comparison> comparisons() {
        return JmhBenchmarks.comparisons(jmhRows());
    }

    /** Whether a benchmark (ours or JMH's) failed or was not run. */
    boolean anyFailed() {
        return collected.anyFailed() || jmhFailure != null || jmhRows().stream().anyMatch(r -> !r.ok());
    }

    /**
     * Writes bench.json, baselines.json and run.json. On interrupt ({@code complete} false, from the shutdown hook)
     * it first closes the backends still open, so managed servers stop.
     */
    synchronized void writeAll(boolean complete) {
        if (!complete) {
            if (written) {
                return;
            }
            synchronized (open) {
                for (Backend b : open) {
                    try {
                        b.close();
                    } catch (RuntimeException ignored) {
                        // best effort while the JVM shuts down
                    }
                }
            }
        }
        writer.write(writer.dir().resolve("baselines.json"), baselinesJson());
        writer.write(writer.dir().resolve("bench.json"), benchJson(complete));
        if (!complete) {
            writeRunJson(130); // a finished run records its exit code through Reporting.finish
        }
        writer.pointLatest();
        written = true;
    }

    private ArrayNode baselinesJson() {
        ArrayNode a = ResultsWriter.JSON.createArrayNode();
        synchronized (collected.tools) {
            for (BenchRows.ToolRecord t : collected.tools) {
                a.add(ResultsWriter.JSON.valueToTree(t));
            }
        }
        return a;
    }

    ObjectNode benchJson(boolean complete) {
        ObjectNode root = ResultsWriter.JSON.createObjectNode();
        root.put("schema", "dsbench-bench/1");
        root.put("run_id", writer.runId());
        root.put("complete", complete);
        root.put("quick", quick);
        root.set("backends", ResultsWriter.JSON.valueToTree(backends));
        root.put("started", started.toString());
        root.put("duration_s", Math.round(Duration.between(started, Instant.now()).toMillis() / 100.0) / 10.0);
        root.put("command", command);
        ArrayNode benchmarks = root.putArray("benchmarks");
        for (JmhBenchmarks.Row r : jmhRows()) {
            ObjectNode n = ResultsWriter.JSON.valueToTree(r);
            putNumber(n, "score", r.score());
            putNumber(n, "error", r.error());
            n.put("command", command);
            benchmarks.add(n);
        }
        if (jmhFailure != null) {
            ObjectNode n = benchmarks.addObject();
            n.put("name", "jmh");
            n.put("status", "failed");
            n.put("reason", jmhFailure);
            n.put("command", command);
        }
        root.set("latency", list(collected.latency));
        root.set("sweeps", list(collected.sweeps));
        root.set("scaling", list(collected.scaling));
        ArrayNode baselines = list(collected.baselines);
        ArrayNode overheads = root.putArray("overheads");
        for (JmhBenchmarks.Comparison c : comparisons()) {
            ObjectNode n = ResultsWriter.JSON.valueToTree(c);
            putNumber(n, "ratio", Math.round(c.ratio() * 1000) / 1000.0);
            if (c.kind().equals("overhead")) {
                n.put("pattern", c.label());
                n.put("raw", c.reference());
                n.put("raw_figure", c.referenceScore());
                n.put("pattern_figure", c.subjectScore());
                overheads.add(n);
            } else {
                n.put("op", c.subject());
                n.put("tool", c.reference());
                n.put("tool_figure", c.referenceScore());
                n.put("ours", c.subjectScore());
                baselines.add(n);
            }
        }
        root.set("baselines", baselines);
        root.set("sharding", list(collected.sharding));
        root.set("tasks", list(collected.tasks));
        root.set("goals", ResultsWriter.JSON.valueToTree(io.dsbench.bench.BenchGoals.rows(collected, jmhRows(), comparisons())));
        return root;
    }

    private static void putNumber(ObjectNode n, String key, double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            n.putNull(key);
        } else {
            n.put(key, v);
        }
    }

    private static ArrayNode list(List<?> rows) {
        synchronized (rows) {
            return ResultsWriter.JSON.valueToTree(new ArrayList<>(rows));
        }
    }

    /** The backends opened so far, as run.json names them. */
    List<RunRecord.BackendInfo> backendInfos() {
        synchronized (descriptions) {
            return backends.stream().map(n -> RunRecord.BackendInfo.of(n, descriptions.get(n))).toList();
        }
    }

    /** run.json, through the one writer every command uses: this command with its start, duration and exit code. */
    private void writeRunJson(int exit) {
        RunRecord.append(writer.dir(), command, started, Instant.now(), exit, backendInfos());
    }
}
