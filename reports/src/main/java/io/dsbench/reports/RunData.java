package io.dsbench.reports;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.reports.Model.Problem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Everything a report reads from one results directory, loaded tolerantly: a missing file is noted as not produced,
 * a malformed one as broken (with the reason), and the rest of the report is still made from what is there.
 */
final class RunData {
    /** The files a run directory may hold; a directory with none of them is not a run directory. */
    static final List<String> KNOWN = List.of("run.json", "conformance.json", "rules.jsonl", "bench.json", "jmh.json",
            "baselines.json", "checks", "latency", "tradeoffs.json");

    final Path dir;
    final String runId;
    JsonNode run;
    JsonNode conformance;
    boolean conformanceComplete = true;
    /** "conformance.json", "rules.jsonl" or null. */
    String rulesSource;
    final List<Model.RuleRow> rules = new ArrayList<>();
    final List<Model.BackendRow> ruleBackends = new ArrayList<>();
    /** What an interrupted run did not get to (conformance.json {@code not_run}). */
    final List<Model.NotRun> notRun = new ArrayList<>();
    final List<Model.ChaosResult> checks = new ArrayList<>();
    JsonNode bench;
    /** tradeoffs.json (dsbench tradeoffs), or null: optional, so its absence is no problem. */
    JsonNode tradeoffs;
    final List<Model.Benchmark> benchmarks = new ArrayList<>();
    final List<Model.LatencyRun> latency = new ArrayList<>();
    final List<Model.Sweep> sweeps = new ArrayList<>();
    final List<Model.Scaling> scaling = new ArrayList<>();
    final List<Model.Baseline> baselines = new ArrayList<>();
    final List<Model.Overhead> overheads = new ArrayList<>();
    final List<Model.Shard> sharding = new ArrayList<>();
    final List<JsonNode> jmh = new ArrayList<>();
    final List<JsonNode> rawBaselines = new ArrayList<>();
    final Map<String, LatencyLog> hlogs = new LinkedHashMap<>();
    final List<Problem> problems = new ArrayList<>();

    private RunData(Path dir) {
        this.dir = dir;
        this.runId = dir.toAbsolutePath().normalize().getFileName() == null ? dir.toString()
                : dir.toAbsolutePath().normalize().getFileName().toString();
    }

    /**
     * Loads a results directory.
     *
     * @throws UnusableRunDirectoryException when it does not exist, is not a readable directory, or holds none of
     *                                       the files a run writes
     */
    static RunData load(Path dir) {
        if (!Files.exists(dir)) {
            throw new UnusableRunDirectoryException(dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new UnusableRunDirectoryException(dir + ": not a directory");
        }
        if (!Files.isReadable(dir) || !Files.isExecutable(dir)) {
            throw new UnusableRunDirectoryException(dir + ": cannot read it (permission denied)");
        }
        if (KNOWN.stream().noneMatch(f -> Files.exists(dir.resolve(f)))) {
            throw new UnusableRunDirectoryException(dir + ": not a dsbench results directory (none of "
                    + String.join(", ", KNOWN) + ")");
        }
        RunData d = new RunData(dir);
        d.run = d.readJson("run.json", "every dsbench command writes it; this run's commands predate it");
        d.loadConformance();
        d.loadChecks();
        d.loadBench();
        JsonNode jmh = d.readJson("jmh.json", "written by 'dsbench bench'");
        if (jmh != null) {
            if (jmh.isArray()) {
                d.jmh.addAll(Json.elements(jmh));
            } else {
                d.problems.add(new Problem("jmh.json", Problem.Kind.BROKEN, "not a JSON array (JMH's -rf json format)"));
            }
        }
        if (d.benchmarks.isEmpty() && !d.jmh.isEmpty()) {
            d.benchmarksFromJmh();
        }
        JsonNode raw = d.readJson("baselines.json", "written by 'dsbench bench'");
        if (raw != null) {
            d.rawBaselines.addAll(Json.elements(raw));
        }
        d.loadHlogs();
        if (Files.exists(dir.resolve("tradeoffs.json"))) {
            d.tradeoffs = d.parse(dir.resolve("tradeoffs.json"), "tradeoffs.json");
        }
        return d;
    }

    private JsonNode readJson(String name, String producer) {
        Path f = dir.resolve(name);
        if (!Files.exists(f)) {
            problems.add(new Problem(name, Problem.Kind.NOT_PRODUCED, "not found (" + producer + ")"));
            return null;
        }
        return parse(f, name);
    }

    private JsonNode parse(Path f, String name) {
        try {
            String text = Files.readString(f, StandardCharsets.UTF_8);
            if (text.isBlank()) {
                problems.add(new Problem(name, Problem.Kind.BROKEN, "empty file (the command that writes it may have"
                        + " crashed)"));
                return null;
            }
            return Json.MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            problems.add(new Problem(name, Problem.Kind.BROKEN, "malformed JSON at line "
                    + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": " + e.getOriginalMessage()));
            return null;
        } catch (IOException | RuntimeException e) {
            problems.add(new Problem(name, Problem.Kind.BROKEN, "cannot read: " + e));
            return null;
        }
    }

    private void loadConformance() {
        Path conf = dir.resolve("conformance.json");
        if (Files.exists(conf)) {
            conformance = parse(conf, "conformance.json");
            if (conformance != null) {
                rulesSource = "conformance.json";
                Json.array(conformance, "results").forEach(n -> rules.add(Model.RuleRow.of(n)));
                Json.array(conformance, "backends").forEach(n -> ruleBackends.add(Model.BackendRow.of(n)));
                Json.array(conformance, "not_run").forEach(n -> notRun.add(Model.NotRun.of(n)));
                if (Boolean.FALSE.equals(Json.bool(conformance, "complete"))) {
                    conformanceComplete = false;
                    problems.add(new Problem("conformance.json", Problem.Kind.PARTIAL, "the run was interrupted"
                            + " (\"complete\": false): only the " + rules.size() + " rules that finished are shown"));
                }
                for (Model.NotRun n : notRun) {
                    problems.add(new Problem("conformance.json", Problem.Kind.PARTIAL, "backend " + n.backend() + ": "
                            + n.rules().size() + " rules did not run (interrupted" + (n.started() ? ""
                            : " before its rules began") + "): " + n.ids(12)));
                }
                if (rules.isEmpty()) {
                    problems.add(new Problem("conformance.json", Problem.Kind.PARTIAL, "holds no rule results"));
                }
                for (Model.BackendRow b : ruleBackends) {
                    if (b.error() != null) {
                        problems.add(new Problem("conformance.json", Problem.Kind.PARTIAL, "backend " + b.name()
                                + " was not run: " + b.error()));
                    }
                }
                return;
            }
        }
        Path jsonl = dir.resolve("rules.jsonl");
        if (!Files.exists(jsonl)) {
            if (!Files.exists(conf)) {
                problems.add(new Problem("conformance.json", Problem.Kind.NOT_PRODUCED,
                        "not found (written by 'dsbench run')"));
            }
            return;
        }
        // a crashed run: the per-rule lines are all there is
        rulesSource = "rules.jsonl";
        conformanceComplete = false;
        int bad = 0;
        int lineNo = 0;
        Set<String> backends = new LinkedHashSet<>();
        try {
            for (String line : Files.readAllLines(jsonl, StandardCharsets.UTF_8)) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                try {
                    Model.RuleRow r = Model.RuleRow.of(Json.MAPPER.readTree(line));
                    rules.add(r);
                    backends.add(r.backend());
                } catch (JsonProcessingException e) {
                    bad++; // a line cut short by a kill
                }
            }
        } catch (IOException e) {
            problems.add(new Problem("rules.jsonl", Problem.Kind.BROKEN, "cannot read: " + e));
        }
        backends.forEach(b -> ruleBackends.add(new Model.BackendRow(b, null, List.of(), null, null)));
        if (!Files.exists(conf)) {
            problems.add(new Problem("conformance.json", Problem.Kind.BROKEN, "not found though rules.jsonl is: the"
                    + " run did not finish (killed?); the matrix shows the " + rules.size()
                    + " rules of rules.jsonl"));
        }
        if (bad > 0) {
            problems.add(new Problem("rules.jsonl", Problem.Kind.BROKEN, bad + " of " + lineNo
                    + " lines are not JSON (cut short?) and were left out"));
        }
    }

    private void loadChecks() {
        Path checksDir = dir.resolve("checks");
        if (!Files.isDirectory(checksDir)) {
            problems.add(new Problem("checks/", Problem.Kind.NOT_PRODUCED, "not found (written by 'dsbench chaos')"));
            return;
        }
        List<Path> subdirs;
        try (Stream<Path> s = Files.list(checksDir)) {
            subdirs = s.filter(Files::isDirectory).sorted().toList();
        } catch (IOException e) {
            problems.add(new Problem("checks/", Problem.Kind.BROKEN, "cannot list: " + e));
            return;
        }
        for (Path sub : subdirs) {
            String rel = "checks/" + sub.getFileName() + "/result.json";
            Path f = sub.resolve("result.json");
            if (!Files.exists(f)) {
                problems.add(new Problem(rel, Problem.Kind.BROKEN, "not found: the chaos run for "
                        + sub.getFileName() + " did not finish"));
                continue;
            }
            JsonNode n = parse(f, rel);
            if (n != null) {
                Model.ChaosResult c = Model.ChaosResult.of(sub.getFileName().toString(), n);
                checks.add(c);
                for (String linked : c.files().values()) {
                    if (!Files.exists(sub.resolve(linked))) {
                        problems.add(new Problem(rel, Problem.Kind.PARTIAL, "names " + linked + ", which is missing"));
                    }
                }
            }
        }
        if (subdirs.isEmpty()) {
            problems.add(new Problem("checks/", Problem.Kind.PARTIAL, "empty: no chaos run finished"));
        }
    }

    private void loadBench() {
        bench = readJson("bench.json", "written by 'dsbench bench'");
        if (bench == null) {
            return;
        }
        Json.array(bench, "benchmarks").forEach(n -> benchmarks.add(Model.Benchmark.of(n)));
        Json.array(bench, "latency").forEach(n -> latency.add(Model.LatencyRun.of(n)));
        Json.array(bench, "sweeps").forEach(n -> sweeps.add(Model.Sweep.of(n)));
        Json.array(bench, "scaling").forEach(n -> scaling.add(Model.Scaling.of(n)));
        Json.array(bench, "baselines").forEach(n -> baselines.add(Model.Baseline.of(n)));
        Json.array(bench, "overheads").forEach(n -> overheads.add(Model.Overhead.of(n)));
        Json.array(bench, "sharding").forEach(n -> sharding.add(Model.Shard.of(n)));
        if (benchmarks.isEmpty() && latency.isEmpty() && sweeps.isEmpty() && scaling.isEmpty()) {
            problems.add(new Problem("bench.json", Problem.Kind.PARTIAL, "holds no benchmark, latency, sweep or"
                    + " scaling results (an empty or crashed benchmark run)"));
        }
        for (Model.Benchmark b : benchmarks) {
            if (!b.ok()) {
                problems.add(new Problem("bench.json", Problem.Kind.PARTIAL, "benchmark " + b.label() + " on "
                        + b.backend() + " " + b.status() + (b.reason() == null ? "" : ": " + b.reason())));
            }
        }
    }

    /** Without bench.json's summary, JMH's own rows: {@code params.backend} names the backend. */
    private void benchmarksFromJmh() {
        for (JsonNode j : jmh) {
            String full = Json.text(j, "benchmark");
            if (full == null) {
                continue;
            }
            String[] parts = full.split("\\.");
            String name = parts.length >= 2 ? parts[parts.length - 2] + "." + parts[parts.length - 1] : full;
            java.util.Map<String, String> params = new java.util.LinkedHashMap<>(Json.textMap(j, "params"));
            String backend = params.remove("backend");
            JsonNode m = Json.get(j, "primaryMetric");
            Double score = Json.num(m, "score");
            benchmarks.add(new Model.Benchmark(name, parts.length >= 2 ? parts[parts.length - 2] : null,
                    backend == null ? "?" : backend, params, Json.text(j, "mode"), score, Json.num(m, "scoreError"),
                    Json.text(m, "scoreUnit"), null, null, score == null ? "failed" : "ok", null));
        }
        if (!benchmarks.isEmpty()) {
            problems.add(new Problem("jmh.json", Problem.Kind.PARTIAL, "benchmarks read from JMH's own results ("
                    + benchmarks.size() + " rows): bench.json is " + (bench == null ? "missing or broken"
                    : "without benchmarks")));
        }
    }

    private void loadHlogs() {
        Map<String, Model.LatencyRun> byFile = new LinkedHashMap<>();
        for (Model.LatencyRun r : latency) {
            if (r.hlog() != null) {
                byFile.putIfAbsent(r.hlog(), r); // several rows (rates) may share one log: its first names the unit
            }
        }
        Set<String> files = new LinkedHashSet<>(byFile.keySet());
        Path latencyDir = dir.resolve("latency");
        if (Files.isDirectory(latencyDir)) {
            try (Stream<Path> s = Files.list(latencyDir)) {
                s.filter(p -> p.getFileName().toString().endsWith(".hlog")).sorted()
                        .forEach(p -> files.add("latency/" + p.getFileName()));
            } catch (IOException e) {
                problems.add(new Problem("latency/", Problem.Kind.BROKEN, "cannot list: " + e));
            }
        }
        for (String rel : files) {
            Path f = dir.resolve(rel).normalize();
            Model.LatencyRun row = byFile.get(rel);
            if (!f.startsWith(dir.normalize()) || !Files.isRegularFile(f)) {
                problems.add(new Problem(rel, Problem.Kind.BROKEN, "named by bench.json but not found"));
                continue;
            }
            String backend;
            String op;
            if (row != null) {
                backend = row.backend();
                op = row.op();
            } else {
                String base = f.getFileName().toString().replaceFirst("\\.hlog$", "");
                int dash = base.indexOf('-');
                backend = dash < 0 ? base : base.substring(0, dash);
                op = dash < 0 ? "?" : base.substring(dash + 1);
            }
            try {
                String be = backend;
                String o = op;
                Double knee = sweeps.stream().filter(x -> be.equals(x.backend()) && o.equals(x.op()))
                        .map(Model.Sweep::kneeRate).filter(java.util.Objects::nonNull).findFirst().orElse(null);
                hlogs.put(rel, LatencyLog.read(f, rel, backend, op, row == null ? null : row.p50Us(), knee));
            } catch (IOException | RuntimeException e) {
                problems.add(new Problem(rel, Problem.Kind.BROKEN, "unreadable latency log: " + e.getMessage()));
            }
        }
    }

    /** Backends in a stable order: conformance first, then everything else as first seen. */
    List<String> backends() {
        Set<String> all = new LinkedHashSet<>();
        ruleBackends.forEach(b -> all.add(b.name()));
        rules.forEach(r -> all.add(r.backend()));
        notRun.forEach(n -> all.add(n.backend()));
        for (JsonNode b : Json.array(run, "backends")) {
            if (Json.text(b, "name") != null) {
                all.add(Json.text(b, "name"));
            }
        }
        checks.forEach(c -> all.add(c.backend()));
        benchmarks.forEach(b -> all.add(b.backend()));
        latency.forEach(b -> all.add(b.backend()));
        sweeps.forEach(b -> all.add(b.backend()));
        scaling.forEach(b -> all.add(b.backend()));
        baselines.forEach(b -> all.add(b.backend()));
        overheads.forEach(b -> all.add(b.backend()));
        hlogs.values().forEach(h -> all.add(h.backend));
        all.remove(null);
        return new ArrayList<>(all);
    }

    boolean hasPerformance() {
        return !benchmarks.isEmpty() || !latency.isEmpty() || !sweeps.isEmpty() || !scaling.isEmpty()
                || !baselines.isEmpty() || !overheads.isEmpty() || !hlogs.isEmpty();
    }
}
