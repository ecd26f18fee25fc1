package io.dsbench.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {
    @TempDir
    Path tmp;

    @Test
    void fullRunHasEverySectionWithRealFiguresAndTraceableConclusions() throws IOException {
        Path run = Fixtures.fullRun(tmp.resolve("review-1"));
        ReportWriter.Result r = ReportWriter.write(run);
        String html = Files.readString(r.index());
        for (String id : List.of("conclusions", "environment", "conformance", "consistency", "performance",
                "sharding")) {
            assertThat(html).contains("<section id=\"" + id + "\">");
        }
        assertThat(html).doesNotContain("class=\"missing\"");
        // every chaos verdict says how much history it rests on (the fixture has no counts: the phases' ops)
        assertThat(html).contains("<th>history checked</th>").containsPattern("<td>[0-9,]+ ops; 60.0 s at 100 ops/s,"
                + " 5 clients</td>");
        // one matrix row per distinct rule of the fixture
        Set<String> rules = new HashSet<>();
        Json.elements(Json.MAPPER.readTree(run.resolve("conformance.json").toFile()).get("results"))
                .forEach(n -> rules.add(Json.text(n, "rule")));
        assertThat(count(html, "<tr class=\"rule-row\"")).isEqualTo(rules.size());
        // figures the brief asks for
        for (String fig : List.of("fig-matrix", "fig-chaos", "fig-throughput", "fig-latency-kv-get", "fig-scaling-kv-put",
                "fig-scaling-p99-kv-put", "fig-sweep-kv-get", "fig-baselines", "fig-overheads", "fig-sharding")) {
            assertThat(html).as(fig).contains("<figure id=\"" + fig + "\">");
        }
        assertThat(html).contains("<a href=\"#msg-CACHE-2-redis\">failed</a>").contains("needs REPLICATED")
                .contains("id=\"msg-CACHE-2-redis\"");
        // nothing is fetched: no external URL in any src or href
        assertThat(html).doesNotContainPattern("(src|href)=\"(https?:)?//");

        JsonNode summary = Json.MAPPER.readTree(r.json().toFile());
        // the only problem of the full fixture: its one failed benchmark, named with the reason
        assertThat(Json.elements(summary.get("problems"))).singleElement().satisfies(p -> assertThat(p.get("message")
                .asText()).isEqualTo("benchmark log.append [clients=1] on etcd failed: benchmark iteration timed out"
                + " after 60 s (etcd member 2 stopped answering)"));
        List<JsonNode> sentences = Json.elements(summary.get("conclusions"));
        assertThat(sentences).isNotEmpty();
        for (JsonNode s : sentences) {
            assertThat(html).contains("<figure id=\"" + s.get("figure_id").asText() + "\">");
        }
        assertThat(sentences).anySatisfy(s -> assertThat(s.get("text").asText())
                .startsWith("kv.get 0.84\u00d7 redis-benchmark -P 1 (goal >= 0.8 met), kv.put 0.66\u00d7"));
        assertThat(sentences).anySatisfy(s -> assertThat(s.get("text").asText())
                .startsWith("register under partition-primary: invalid, 37 lost acknowledged writes"));
        assertThat(sentences).anySatisfy(s -> assertThat(s.get("text").asText())
                .isEqualTo("passed 118 of 120 rules run; 1 failed (CACHE-2), 1 undecided, 2 skipped for a capability"
                        + " it does not declare"));
        assertThat(Files.readString(r.markdown())).contains("## What to conclude").contains("CACHE-2 on redis: failed");
    }

    @Test
    void latencyLogUnitIsInferredFromTheBenchRow() throws IOException {
        Path run = Fixtures.fullRun(tmp.resolve("r"));
        RunData d = RunData.load(run);
        LatencyLog redis = d.hlogs.get("latency/redis-kv.get.hlog");
        LatencyLog etcd = d.hlogs.get("latency/etcd-kv.get.hlog");
        // the redis log is in nanoseconds, etcd's in microseconds; both read as microseconds near the row's p50
        assertThat(redis.unitNote).contains("nanoseconds");
        assertThat(etcd.unitNote).contains("microseconds");
        double rowP50 = d.latency.stream().filter(l -> l.backend().equals("redis")).findFirst().orElseThrow().p50Us();
        assertThat(redis.percentileUs(50)).isBetween(rowP50 * 0.99, rowP50 * 1.01);
        List<double[]> curve = redis.curve();
        assertThat(curve.get(curve.size() - 1)[0]).isGreaterThan(99.9).isLessThan(100);
        for (int i = 1; i < curve.size(); i++) {
            assertThat(curve.get(i)[1]).isGreaterThanOrEqualTo(curve.get(i - 1)[1]);
        }
    }

    /**
     * A log as 'dsbench bench' writes it: the unit named in its first comment, one tag per offered rate, warm-up
     * intervals and the open/closed stall runs in the same file. Its figures are those of one rate, not all mixed.
     */
    @Test
    void taggedLatencyLogShowsOneRate_withTheUnitItNames_andTheStallRunsApart() throws IOException {
        Path run = tmp.resolve("tagged");
        Files.createDirectories(run.resolve("latency"));
        try (java.io.PrintStream out = new java.io.PrintStream(Files.newOutputStream(run.resolve(
                "latency/inmemory-kv.get.hlog")), true, java.nio.charset.StandardCharsets.UTF_8)) {
            out.println("#dsbench latency log: values in nanoseconds; tag rN = measured at N requests/s");
            org.HdrHistogram.HistogramLogWriter w = new org.HdrHistogram.HistogramLogWriter(out);
            w.outputLogFormatVersion();
            w.outputLegend();
            interval(w, "warmup-r1000", 50_000_000, 100); // 50 ms: warm-up, in no figure
            interval(w, "r1000", 100_000, 1000);           // 100 us at 1,000/s: under the knee
            interval(w, "r2000", 9_000_000, 2000);         // 9 ms at 2,000/s: over it
            interval(w, "open-stall", 900_000_000, 50);
            interval(w, "closed-stall", 2_000, 50);
        }
        ObjectNode bench = Json.MAPPER.createObjectNode().put("schema", "dsbench-bench/1");
        bench.putArray("latency").addObject().put("backend", "inmemory").put("op", "kv.get")
                .put("offered_rate_per_s", 1000).put("p50_us", 100.0).put("hlog", "latency/inmemory-kv.get.hlog");
        ObjectNode sweep = bench.putArray("sweeps").addObject().put("backend", "inmemory").put("op", "kv.get")
                .put("p99_bound_us", 5000.0).put("knee_rate_per_s", 1000.0).put("knee_below_top", true);
        sweep.putArray("points").addObject().put("offered_rate_per_s", 1000).put("p50_us", 100.0).put("p99_us", 100.0);
        sweep.withArray("points").addObject().put("offered_rate_per_s", 2000).put("p50_us", 9000.0)
                .put("p99_us", 9000.0);
        Fixtures.write(run.resolve("bench.json"), bench);

        RunData d = RunData.load(run);
        LatencyLog log = d.hlogs.get("latency/inmemory-kv.get.hlog");
        assertThat(log.shownTag).isEqualTo("r1000");
        assertThat(log.count()).isEqualTo(1000);
        assertThat(log.percentileUs(50)).isBetween(99.0, 101.0);
        assertThat(log.maxUs()).isLessThan(101.0); // neither the warm-up, the 2,000/s rate nor the stall mixed in
        assertThat(log.unitNote).contains("nanoseconds (as the log says)");
        assertThat(log.tags.keySet()).containsExactly("r1000", "r2000", "open-stall", "closed-stall");
        String html = Files.readString(ReportWriter.write(run).index());
        assertThat(html).contains("kv.get latency at 1,000 requests/s offered: p50 100 \u00b5s")
                .contains("1,000 requests").contains("id=\"fig-stall-kv-get\"").contains("inmemory open loop: 50 requests");
        // the knee below the top rate is a knee; had the bound held at the top rate, it would not be called one
        assertThat(html).contains("kv.get keeps p99 under 5.00 ms up to 1,000 ops/s offered (the knee)");
    }

    private static void interval(org.HdrHistogram.HistogramLogWriter w, String tag, long valueNs, int n) {
        org.HdrHistogram.Histogram h = new org.HdrHistogram.Histogram(3);
        h.recordValueWithCount(valueNs, n);
        h.setTag(tag);
        h.setStartTimeStamp(1_000);
        h.setEndTimeStamp(2_000);
        w.outputIntervalHistogram(h);
    }

    @Test
    void aKneeAtTheTopRateIsNotAKnee() throws IOException {
        Path run = tmp.resolve("no-knee");
        Files.createDirectories(run);
        ObjectNode bench = Json.MAPPER.createObjectNode().put("schema", "dsbench-bench/1");
        ObjectNode sweep = bench.putArray("sweeps").addObject().put("backend", "inmemory").put("op", "kv.put")
                .put("p99_bound_us", 10000.0).put("knee_rate_per_s", 128000.0).put("knee_below_top", false);
        sweep.putArray("points").addObject().put("offered_rate_per_s", 64000).put("p50_us", 90.0).put("p99_us", 600.0);
        sweep.withArray("points").addObject().put("offered_rate_per_s", 128000).put("p50_us", 90.0)
                .put("p99_us", 800.0);
        Fixtures.write(run.resolve("bench.json"), bench);
        String html = Files.readString(ReportWriter.write(run).index());
        assertThat(html).contains("kv.put: no knee within the rates tried (p99 stayed under 10.0 ms up to the top rate"
                + " tried, 128,000 ops/s offered)").doesNotContain("knee 128k/s");
    }

    @Test
    void missingFilesAreNamedNotFatal() throws IOException {
        Path run = tmp.resolve("only-conformance");
        Files.createDirectories(run);
        Fixtures.conformance(run);
        ReportWriter.Result r = ReportWriter.write(run);
        String html = Files.readString(r.index());
        assertThat(html).contains("<tr class=\"rule-row\"").contains("No chaos results")
                .contains("No performance results").contains("No sharding results");
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith("bench.json: not found"))
                .anySatisfy(p -> assertThat(p).startsWith("run.json: not found"))
                .anySatisfy(p -> assertThat(p).startsWith("checks/: not found"));
    }

    @Test
    void malformedAndPartialFilesAreReportedWithTheirReason() throws IOException {
        Path run = Fixtures.fullRun(tmp.resolve("broken"));
        Files.writeString(run.resolve("bench.json"), "{\"schema\": \"dsbench-bench/1\", \"benchmarks\": [ {\"name\": ");
        Files.writeString(run.resolve("run.json"), "");
        Files.writeString(run.resolve("latency/etcd-kv.get.hlog"), "#[not a log]\nthis,is,garbage\n");
        Files.delete(run.resolve("checks/register-etcd-kill+pause/result.json"));
        ObjectNode conf = (ObjectNode) Json.MAPPER.readTree(run.resolve("conformance.json").toFile());
        conf.put("complete", false);
        Fixtures.write(run.resolve("conformance.json"), conf);

        ReportWriter.Result r = ReportWriter.write(run);
        assertThat(r.problems())
                .anySatisfy(p -> assertThat(p).startsWith("bench.json: malformed JSON at line 1"))
                .anySatisfy(p -> assertThat(p).startsWith("run.json: empty file"))
                .anySatisfy(p -> assertThat(p).startsWith("latency/etcd-kv.get.hlog: unreadable latency log"))
                .anySatisfy(p -> assertThat(p).contains("checks/register-etcd-kill+pause/result.json: not found"))
                .anySatisfy(p -> assertThat(p).contains("the run was interrupted"));
        String html = Files.readString(r.index());
        assertThat(html).contains("Missing or incomplete results").contains("<section id=\"conformance\">")
                .contains("fig-latency-kv-get") // the other logs are still drawn
                .contains("KvBench.get"); // and the benchmarks come from jmh.json
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).startsWith("jmh.json: benchmarks read from JMH's own"));
    }

    @Test
    void aKilledRunIsReportedFromRulesJsonl() throws IOException {
        Path run = tmp.resolve("killed");
        Files.createDirectories(run);
        List<JsonNode> rows = Json.elements(Fixtures.realConformance().get("results")).subList(0, 20);
        StringBuilder lines = new StringBuilder();
        for (JsonNode n : rows) {
            lines.append(Json.MAPPER.copy().disable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(n)).append('\n');
        }
        lines.append("{\"rule\": \"KV-9\", \"back"); // cut short by the kill
        Files.writeString(run.resolve("rules.jsonl"), lines);
        ReportWriter.Result r = ReportWriter.write(run);
        assertThat(count(Files.readString(r.index()), "<tr class=\"rule-row\"")).isEqualTo(20);
        assertThat(r.problems()).anySatisfy(p -> assertThat(p).contains("the run did not finish"))
                .anySatisfy(p -> assertThat(p).contains("1 of 21 lines are not JSON"));
    }

    @Test
    void anInterruptedRunNamesEveryRuleThatDidNotRun() throws IOException {
        Path run = tmp.resolve("interrupted");
        Files.createDirectories(run);
        ObjectNode conf = (ObjectNode) Fixtures.realConformance();
        List<JsonNode> all = Json.elements(conf.get("results"));
        // inmemory finished 20 rules when Ctrl-C came; the rest of its rules, and all of redis's, did not run
        com.fasterxml.jackson.databind.node.ArrayNode kept = conf.putArray("results");
        all.subList(0, 20).forEach(kept::add);
        conf.put("complete", false);
        com.fasterxml.jackson.databind.node.ArrayNode notRun = conf.putArray("not_run");
        ObjectNode inmem = notRun.addObject().put("backend", "inmemory").put("started", true);
        ObjectNode redis = notRun.addObject().put("backend", "redis").put("started", false);
        for (JsonNode n : all.subList(20, all.size())) {
            ObjectNode r = Json.MAPPER.createObjectNode().put("rule", Json.text(n, "rule")).put("title", Json.text(n,
                    "title")).put("level", Json.text(n, "level")).put("group", Json.text(n, "group"));
            inmem.withArray("rules").add(r);
        }
        for (JsonNode n : all) {
            redis.withArray("rules").add(Json.MAPPER.createObjectNode().put("rule", Json.text(n, "rule"))
                    .put("title", Json.text(n, "title")).put("group", Json.text(n, "group")));
        }
        Fixtures.write(run.resolve("conformance.json"), conf);

        ReportWriter.Result r = ReportWriter.write(run);
        int missing = all.size() - 20;
        assertThat(r.problems())
                .anySatisfy(p -> assertThat(p).contains("backend inmemory: " + missing + " rules did not run")
                        .contains(Json.text(all.get(20), "rule")))
                .anySatisfy(p -> assertThat(p).contains("backend redis: " + all.size() + " rules did not run"
                        + " (interrupted before its rules began)"));
        String html = Files.readString(r.index());
        // every rule is a row; redis is a column of "not run" cells
        assertThat(count(html, "<tr class=\"rule-row\"")).isEqualTo(all.size());
        assertThat(count(html, "data-backend=\"redis\" data-outcome=\"not run\"")).isEqualTo(all.size());
        assertThat(count(html, "data-backend=\"inmemory\" data-outcome=\"not run\"")).isEqualTo(missing);
        assertThat(html).contains("0 of 0 rules run; " + all.size() + " rules did not run (the run was interrupted)");
        JsonNode summary = Json.MAPPER.readTree(r.json().toFile());
        assertThat(summary.at("/conformance/not_run/redis").size()).isEqualTo(all.size());
        assertThat(Files.readString(r.markdown())).contains("backend redis: " + all.size() + " rules did not run");
    }

    @Test
    void anUnusableDirectoryIsOneLine() throws IOException {
        assertThatThrownBy(() -> ReportWriter.write(tmp.resolve("nope")))
                .isInstanceOf(UnusableRunDirectoryException.class).hasMessageEndingWith("nope: no such directory");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> ReportWriter.write(file)).hasMessageEndingWith("file: not a directory");
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertThatThrownBy(() -> ReportWriter.write(empty)).hasMessageContaining("not a dsbench results directory");
        Path ok = Fixtures.fullRun(tmp.resolve("ok"));
        assertThatThrownBy(() -> ReportWriter.write(ok, tmp.resolve("gone")))
                .hasMessageStartingWith("--compare ").hasMessageEndingWith("gone: no such directory");
    }

    @Test
    void comparisonFlagsOnlyChangesBeyondTheRunsOwnErrorBounds() throws IOException {
        Path before = Fixtures.fullRun(tmp.resolve("before"));
        Path now = Fixtures.fullRun(tmp.resolve("now"));
        ObjectNode bench = (ObjectNode) Json.MAPPER.readTree(now.resolve("bench.json").toFile());
        for (JsonNode b : bench.get("benchmarks")) {
            ObjectNode o = (ObjectNode) b;
            String key = Json.text(b, "name") + "@" + Json.text(b, "backend");
            double score = b.get("score").isNull() ? 0 : b.get("score").asDouble();
            double err = b.get("error").isNull() ? 0 : b.get("error").asDouble();
            switch (key) {
                // drops by less than the two error bounds together: noise
                case "kv.get@redis" -> o.put("score", score - err * 1.5);
                // drops by more than both bounds: a regression, though only by a few percent
                case "kv.put@redis" -> o.put("score", score - err * 2.5);
                case "kv.get@etcd" -> o.put("score", score + err * 3);
                case "kv.cas@etcd" -> o.putNull("error");
                default -> {
                }
            }
        }
        Fixtures.write(now.resolve("bench.json"), bench);
        ObjectNode conf = (ObjectNode) Json.MAPPER.readTree(now.resolve("conformance.json").toFile());
        for (JsonNode n : conf.get("results")) {
            if ("KV-4".equals(Json.text(n, "rule")) && "etcd".equals(Json.text(n, "backend"))) {
                ((ObjectNode) n).put("outcome", "failed").put("message", "lost update");
            }
        }
        Fixtures.write(now.resolve("conformance.json"), conf);
        Fixtures.check(now, "register", "etcd", List.of("kill", "pause"), "invalid", "linearizable", false,
                java.util.Map.of("lost_acknowledged_writes", 2L), 2960);

        Comparison c = Comparison.of(RunData.load(now), RunData.load(before));
        assertThat(c.rules).singleElement().satisfies(x -> {
            assertThat(x.rule()).isEqualTo("KV-4");
            assertThat(x.before()).isEqualTo("passed");
            assertThat(x.after()).isEqualTo("failed");
        });
        assertThat(c.verdicts).singleElement().satisfies(v -> assertThat(v.before() + ">" + v.after())
                .isEqualTo("valid>invalid"));
        assertThat(judgement(c, "kv.get [clients=1] @redis")).isEqualTo("within noise");
        assertThat(judgement(c, "kv.put [clients=1] @redis")).isEqualTo("regression");
        assertThat(judgement(c, "kv.get [clients=1] @etcd")).isEqualTo("improvement");
        assertThat(judgement(c, "kv.cas [clients=1] @etcd")).isEqualTo("not judged (no error bound)");
        assertThat(judgement(c, "log.append [clients=1] @etcd")).isEqualTo("no figure in either run");
        assertThat(c.regressions()).isEqualTo(1);

        ReportWriter.Result r = ReportWriter.write(now, before);
        assertThat(r.regressions()).isEqualTo(1);
        assertThat(Files.readString(r.index())).contains("<section id=\"compare\">").contains("Compared with run before");
    }

    @Test
    void judgeUsesTheDirectionOfTheMetric() {
        // time per operation: lower is better
        assertThat(Comparison.judge(100.0, 2.0, 110.0, 2.0, false)).isEqualTo("regression");
        assertThat(Comparison.judge(100.0, 2.0, 90.0, 2.0, false)).isEqualTo("improvement");
        assertThat(Comparison.judge(100.0, 6.0, 110.0, 6.0, true)).isEqualTo("within noise");
    }

    private static String judgement(Comparison c, String prefix) {
        return c.perf.stream().filter(p -> p.key().startsWith(prefix)).findFirst().orElseThrow().judgement();
    }

    static int count(String s, String needle) {
        Matcher m = Pattern.compile(Pattern.quote(needle)).matcher(s);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }
}
