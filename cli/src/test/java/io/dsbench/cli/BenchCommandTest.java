package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code dsbench bench} smoke test: a small subset on in-memory, checking the files are well formed (never a speed),
 * and its bad input: a regex matching nothing, a bad regex, a backend that cannot be opened.
 */
class BenchCommandTest {
    @TempDir
    Path dir;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int exec(String... args) {
        CommandLine cl = Dsbench.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void quick_inmemory_subset_writesWellFormedFiles() throws Exception {
        int exit = exec("bench", "--quick", "--backends", "inmemory", "--include", "sweep.kv.get|scaling.lock|sharding",
                "--p99-bound-ms", "5", "--out", dir.toString());
        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("[ 1/3] core     sharding.routers").contains("ETA")
                .contains("Open-loop rate sweeps").contains("Throughput and p99 against clients")
                .contains("(bench.json, baselines.json, run.json, latency/*.hlog; also ");

        Path run = dir.resolve("latest").toRealPath();
        JsonNode bench = ResultsWriter.JSON.readTree(run.resolve("bench.json").toFile());
        assertThat(bench.path("schema").asText()).isEqualTo("dsbench-bench/1");
        assertThat(bench.path("run_id").asText()).isEqualTo(run.getFileName().toString());
        assertThat(bench.path("quick").asBoolean()).isTrue();
        assertThat(bench.path("complete").asBoolean()).isTrue();
        assertThat(bench.path("command").asText()).startsWith("dsbench bench").contains("--include");
        assertThat(bench.path("duration_s").asDouble()).isPositive();

        JsonNode latency = bench.path("latency");
        assertThat(latency.size()).isPositive();
        for (JsonNode l : latency) {
            for (String k : new String[] {"offered_rate_per_s", "achieved_rate_per_s", "count", "p50_us", "p90_us",
                    "p99_us", "p999_us", "p9999_us", "max_us"}) {
                assertThat(l.path(k).isNumber()).as(k + " in " + l).isTrue();
            }
            assertThat(l.path("p50_us").asDouble()).isLessThanOrEqualTo(l.path("p99_us").asDouble());
            assertThat(l.path("p99_us").asDouble()).isLessThanOrEqualTo(l.path("max_us").asDouble());
            assertThat(l.path("loop").asText()).isEqualTo("open");
            assertThat(l.path("hlog").asText()).isEqualTo("latency/inmemory-kv.get.hlog");
        }
        JsonNode sweep = bench.path("sweeps").get(0);
        assertThat(sweep.path("p99_bound_us").asDouble()).isEqualTo(5_000);
        assertThat(sweep.path("points").size()).isEqualTo(latency.size());
        assertThat(sweep.has("knee_rate_per_s")).isTrue();
        JsonNode scaling = bench.path("scaling").get(0);
        assertThat(scaling.path("op").asText()).isEqualTo("lock");
        assertThat(scaling.path("points")).extracting(p -> p.path("clients").asInt()).containsExactly(1, 4, 16, 64);
        assertThat(scaling.path("points").get(0).path("throughput_per_s").asDouble()).isPositive();
        assertThat(bench.path("sharding")).extracting(s -> s.path("router").asText()).hasSize(4);
        assertThat(bench.path("sharding").get(0).path("ideal_moved_fraction").asDouble()).isEqualTo(0.0909);
        assertThat(bench.path("tasks")).extracting(t -> t.path("status").asText()).containsOnly("ok").hasSize(3);
        assertThat(bench.path("benchmarks").isArray()).isTrue(); // no JMH benchmark matched the subset
        assertThat(bench.path("goals").isArray()).isTrue();

        // every measured interval of the .hlog is readable by HdrHistogram's own reader, tagged by rate
        Map<String, Long> byTag = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(run.resolve("latency/inmemory-kv.get.hlog").toFile());
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            byTag.merge(h.getTag(), ((org.HdrHistogram.Histogram) h).getTotalCount(), Long::sum);
        }
        for (JsonNode l : latency) {
            assertThat(byTag.get(l.path("tag").asText())).as(l.path("tag").asText())
                    .isEqualTo(l.path("count").asLong());
            assertThat(byTag).containsKey("warmup-" + l.path("tag").asText());
        }

        assertThat(ResultsWriter.JSON.readTree(run.resolve("baselines.json").toFile()).isArray()).isTrue();
        JsonNode runJson = ResultsWriter.JSON.readTree(run.resolve("run.json").toFile());
        assertThat(runJson.path("commands").get(0).path("exit_code").asInt(-1)).isZero();
        assertThat(runJson.path("commands").get(0).path("command").asText()).startsWith("dsbench bench");
        assertThat(runJson.path("machine").path("cores").asInt()).isPositive();
        assertThat(runJson.path("backends").get(0).path("name").asText()).isEqualTo("inmemory");
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("dsbench-load-")
                && t.isAlive());
    }

    @Test
    void includeMatchingNothing_exit2_listsTheNames() {
        assertThat(exec("bench", "--include", "no-such-benchmark", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("dsbench: --include 'no-such-benchmark' matches no benchmark")
                .contains("sweep.kv.get").contains("baseline.redis-benchmark").contains("kv.get,");
        assertThat(dir).isEmptyDirectory(); // nothing ran, nothing written
    }

    @Test
    void includeNotARegex_exit2() {
        assertThat(exec("bench", "--include", "kv.(get", "--out", dir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--include 'kv.(get' is not a regular expression");
    }

    @Test
    void backendThatCannotBeOpened_exit1_namesTheEndpoint_filesStillWritten() throws Exception {
        int exit = exec("bench", "--backends", "redis", "--endpoint", "redis://127.0.0.1:1", "--operation-timeout", "2",
                "--include", "scaling.kv.get", "--out", dir.toString());
        assertThat(exit).as(out + "\n" + err).isEqualTo(1);
        assertThat(out.toString()).contains("[redis] backend redis (redis://127.0.0.1:1) could not be opened");
        JsonNode bench = ResultsWriter.JSON.readTree(dir.resolve("latest").toRealPath().resolve("bench.json").toFile());
        JsonNode task = bench.path("tasks").get(0);
        assertThat(task.path("status").asText()).isEqualTo("failed");
        assertThat(task.path("reason").asText()).startsWith("not run: backend redis (redis://127.0.0.1:1) could not");
    }
}
