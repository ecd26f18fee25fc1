package io.dsbench.jmh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Smoke tests of the API {@code dsbench bench} calls: a few benchmarks really run in forked JVMs in quick mode on
 * {@code inmemory}. They check the shape of the rows and that jmh.json is JMH's JSON, never a speed.
 */
class JmhBenchmarksTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void run_quickInmemory_rowsAndJmhJson() throws Exception {
        List<String> progress = new ArrayList<>();
        Path json = dir.resolve("out/jmh.json");
        List<JmhBenchmarks.Row> rows = JmhBenchmarks.run(new JmhBenchmarks.Options(List.of("inmemory"),
                "^(kv\\.get|baseline\\.jump\\.bucket)$", true, json, progress::add));

        assertThat(rows).extracting(JmhBenchmarks.Row::name)
                .containsExactlyInAnyOrder("kv.get", "baseline.jump.bucket", "baseline.jump.bucket");
        for (JmhBenchmarks.Row r : rows) {
            assertThat(r.status()).as(r.toString()).isEqualTo("ok");
            assertThat(r.reason()).isNull();
            assertThat(r.backend()).isEqualTo("inmemory");
            assertThat(r.mode()).isEqualTo("thrpt");
            assertThat(r.unit()).isEqualTo("ops/s");
            assertThat(r.score()).as(r.toString()).isFinite().isPositive();
            assertThat(Double.isInfinite(r.error())).isFalse(); // NaN with 2 iterations: JMH needs more for an interval
            assertThat(r.p50Us()).isNull();
            assertThat(r.params()).doesNotContainKey("backend");
        }
        assertThat(rows).filteredOn(r -> r.name().equals("kv.get")).singleElement()
                .satisfies(r -> assertThat(r.group()).isEqualTo("KV"));
        assertThat(rows).filteredOn(r -> r.name().startsWith("baseline.jump")).extracting(r -> r.params().get("impl"))
                .containsExactlyInAnyOrder("DSBENCH", "GUAVA");
        assertThat(progress).hasSize(3).allSatisfy(l -> assertThat(l).contains("ETA"));

        JsonNode root = JSON.readTree(json.toFile());
        assertThat(root.isArray()).isTrue();
        assertThat(root).hasSize(3);
        for (JsonNode n : root) {
            assertThat(n.get("jmhVersion").asText()).isEqualTo("1.37");
            assertThat(n.get("benchmark").asText()).startsWith("io.dsbench.jmh.bench.");
            assertThat(n.get("mode").asText()).isEqualTo("thrpt");
            assertThat(n.get("forks").asInt()).isEqualTo(0); // quick: every run in one shared forked JVM
            assertThat(n.get("measurementIterations").asInt()).isEqualTo(2);
            assertThat(n.at("/primaryMetric/scoreUnit").asText()).isEqualTo("ops/s");
            assertThat(n.at("/primaryMetric/rawData/0")).hasSize(2);
        }
        assertThat(Files.readString(json.resolveSibling("jmh-output.log"))).contains("# JMH version: 1.37");

        List<JmhBenchmarks.Comparison> cmp = JmhBenchmarks.comparisons(rows);
        assertThat(cmp).singleElement().satisfies(c -> {
            assertThat(c.kind()).isEqualTo("baseline");
            assertThat(c.reference()).isEqualTo("baseline.jump.bucket[impl=GUAVA]");
            assertThat(c.ratio()).isFinite().isPositive();
        });
    }

    @Test
    void run_sampleMode_percentilesInMicroseconds() throws Exception {
        Path json = dir.resolve("jmh.json");
        BenchRun.Settings sample = new BenchRun.Settings(1, 1, TimeValue.milliseconds(300), 2,
                TimeValue.milliseconds(300), List.of(Mode.SampleTime));
        List<JmhBenchmarks.Row> rows = new BenchRun(new JmhBenchmarks.Options(List.of("inmemory"), "^kv\\.put$", true,
                json, null), sample).run();

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.status()).as(r.toString()).isEqualTo("ok");
            assertThat(r.mode()).isEqualTo("sample");
            assertThat(r.unit()).isEqualTo("us/op");
            assertThat(r.p50Us()).isNotNull().isPositive();
            assertThat(r.p99Us()).isGreaterThanOrEqualTo(r.p50Us());
            assertThat(r.p999Us()).isGreaterThanOrEqualTo(r.p99Us());
        });
        assertThat(JSON.readTree(json.toFile()).get(0).at("/primaryMetric/scorePercentiles/99.0").isNumber()).isTrue();
    }

    @Test
    void run_backendThatCannotStart_failedRowWithReason() throws Exception {
        // nothing listens on port 1: the forked JVM's set-up fails to connect
        Path json = dir.resolve("jmh.json");
        List<JmhBenchmarks.Row> rows = JmhBenchmarks.run(new JmhBenchmarks.Options(List.of("redis"), "^kv\\.get$", true,
                json, null, Map.of("redis", List.of("redis://127.0.0.1:1/0"))));

        assertThat(rows).singleElement().satisfies(r -> {
            assertThat(r.name()).isEqualTo("kv.get");
            assertThat(r.backend()).isEqualTo("redis");
            assertThat(r.status()).isEqualTo("failed");
            assertThat(r.score()).isNaN();
            assertThat(r.reason()).isNotBlank();
        });
        assertThat(JSON.readTree(json.toFile()).isArray()).isTrue();
    }

    @Test
    void mergeArrays_concatenatesJmhFiles() {
        assertThat(SharedForkRun.mergeArrays(List.of("[\n    {\"a\":1}\n]\n", "[\n]\n", "[ {\"b\":2}, {\"c\":3} ]")))
                .isEqualTo("[\n    {\"a\":1},\n    {\"b\":2}, {\"c\":3}\n]\n");
        assertThat(SharedForkRun.mergeArrays(List.of())).isEqualTo("[\n\n]\n");
        assertThatThrownBy(() -> SharedForkRun.mergeArrays(List.of("{}"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void list_regex_shortNames() {
        assertThat(JmhBenchmarks.list(null)).contains("kv.get", "kv.put", "kv.cas", "registry.register",
                "registry.heartbeat", "registry.discover", "cache.get_hit", "cache.get_miss", "cache.put",
                "idempotency.first_call", "idempotency.duplicate", "idempotency.put", "lock.acquire_release",
                "lock.contended", "quorum.read", "quorum.write", "saga.three_steps", "tpc.three_participants",
                "router.lookup", "tracing.kv_get", "baseline.kv.get", "baseline.cache.get", "baseline.jump.bucket",
                "checker.check");
        assertThat(JmhBenchmarks.list("^kv\\.")).containsExactly("kv.cas", "kv.get", "kv.put", "kv.three_puts");
        assertThat(JmhBenchmarks.list("nothing-matches")).isEmpty();
    }

    @Test
    void badInput_clearErrors() {
        Path json = dir.resolve("jmh.json");
        assertThatThrownBy(() -> JmhBenchmarks.list("kv.(")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--include 'kv.(' is not a valid regular expression");
        assertThatThrownBy(() -> JmhBenchmarks.run(new JmhBenchmarks.Options(List.of("inmemory"), "^nope", true, json,
                null))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--include '^nope' matches no benchmark; known: ")
                .hasMessageContaining("kv.get");
        assertThatThrownBy(() -> JmhBenchmarks.run(new JmhBenchmarks.Options(List.of("nosuch"), null, true, json,
                null))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown backend 'nosuch'");
        assertThat(json).doesNotExist();
    }
}
