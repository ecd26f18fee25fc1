package io.dsbench.chaos.run;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dsbench.chaos.nemesis.Fault;
import io.dsbench.chaos.workload.Outcome;
import io.dsbench.lin.format.HistoryFormats;
import io.dsbench.lin.history.History;
import io.dsbench.lin.report.TimelineHtml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a chaos run's directory: {@code history.edn} and {@code history.jsonl} (nemesis ops included),
 * {@code result.json} ({@code dsbench-chaos/1}, see SCHEMAS.md), {@code timeline.html} (faults against the
 * per-second outcomes; for a non-linearizable register history also {@code lin-timeline.html}, the checker's
 * counterexample timeline) and {@code logs/<member>.log} (the servers' logs, copied before the servers go).
 */
public final class ResultFiles {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ResultFiles() {
    }

    /** Writes everything; the server logs are copied from {@code logs}. */
    public static void write(Path dir, ChaosResult r, History h, Map<String, Path> logs) {
        try {
            Files.createDirectories(dir.resolve("logs"));
            Files.writeString(dir.resolve("history.edn"), HistoryFormats.toEdn(h));
            Files.writeString(dir.resolve("history.jsonl"), HistoryFormats.toJsonLines(h));
            List<String> logFiles = new ArrayList<>();
            for (Map.Entry<String, Path> e : logs.entrySet()) {
                if (Files.isRegularFile(e.getValue())) {
                    Path to = dir.resolve("logs").resolve(e.getKey() + ".log");
                    Files.copy(e.getValue(), to, StandardCopyOption.REPLACE_EXISTING);
                    logFiles.add("logs/" + e.getKey() + ".log");
                }
            }
            boolean lin = r.outcome().lin() != null && r.outcome().lin().counterexample() != null;
            if (lin) {
                Files.writeString(dir.resolve("lin-timeline.html"), TimelineHtml.render(r.workload() + " "
                        + dir.getFileName(), r.outcome().operations(), r.outcome().lin(), h.size()));
            }
            Files.writeString(dir.resolve("timeline.html"), FaultTimelineHtml.render(r, h));
            Files.writeString(dir.resolve("result.json"), JSON.writeValueAsString(json(r, logFiles, lin)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the results of " + dir + ": " + e.getMessage(), e);
        }
    }

    static Map<String, Object> json(ChaosResult r, List<String> logFiles, boolean linTimeline) {
        ChaosOptions o = r.options();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("schema", "dsbench-chaos/1");
        m.put("workload", r.workload());
        m.put("backend", o.backend());
        m.put("nemesis", o.nemeses());
        m.put("target", o.target());
        m.put("members", o.members());
        m.put("reads", o.reads());
        m.put("seed", o.seed());
        m.put("time_s", o.time().toMillis() / 1000.0);
        m.put("rate_per_s", o.rate());
        m.put("clients", o.clients());
        m.put("min_rate_per_s", r.minRate());
        m.put("verdict", r.verdict());
        m.put("message", r.message());
        m.put("expected", r.expectation().text());
        m.put("expected_valid", r.expectation().mustBeValid());
        m.put("allowed_anomalies", new java.util.TreeSet<>(r.expectation().allowed()));
        m.put("matches_expectation", r.matchesExpectation());
        m.put("check_summary", r.outcome().summary());
        m.put("check_verdict", r.outcome().verdict());
        m.put("anomalies", r.outcome().anomalies());
        m.put("counts", r.outcome().counts());
        List<Map<String, Object>> ex = new ArrayList<>();
        for (Outcome.Example e : r.outcome().examples()) {
            ex.add(Map.of("kind", e.kind(), "ops", e.ops()));
        }
        m.put("anomaly_examples", ex);
        List<Map<String, Object>> fs = new ArrayList<>();
        for (Fault f : r.faults()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("at_ms", f.atMs());
            x.put("end_ms", f.endMs());
            x.put("nemesis", f.nemesis());
            x.put("target", f.target());
            x.put("members", f.targets());
            x.put("implementation", f.implementation());
            x.put("verified", f.verified());
            x.put("evidence", f.evidence());
            fs.add(x);
        }
        m.put("faults", fs);
        Map<String, Object> phases = new LinkedHashMap<>();
        for (PhaseStats p : r.phases()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("ops", p.ops());
            x.put("ok", p.ok());
            x.put("fail", p.fail());
            x.put("info", p.info());
            x.put("duration_s", p.seconds());
            x.put("throughput_per_s", p.throughputPerS());
            x.put("p50_ms", p.p50Ms());
            x.put("p99_ms", p.p99Ms());
            phases.put(p.name(), x);
        }
        m.put("phases", phases);
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("history_edn", "history.edn");
        files.put("history_jsonl", "history.jsonl");
        files.put("timeline", "timeline.html");
        if (linTimeline) {
            files.put("lin_timeline", "lin-timeline.html");
        }
        files.put("server_logs", logFiles);
        m.put("files", files);
        return m;
    }
}
