package io.dsbench.tradeoffs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spec.kv.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TradeoffsRunnerTest {
    @TempDir
    Path dir;

    /** Measures one thing for real (in-memory puts), leaves the disadvantage of its second row empty. */
    static final class PutLatency implements Experiment {
        @Override
        public String id() {
            return "put-latency";
        }

        @Override
        public String method() {
            return "100 puts on one key";
        }

        @Override
        public List<Row> rows() {
            return List.of(Row.ASYNC_REPLICATION, Row.SYNC_REPLICATION);
        }

        @Override
        public Duration estimate(String backend, boolean quick) {
            return Duration.ofSeconds(1);
        }

        @Override
        public void run(ExperimentContext ctx) throws Exception {
            KeyValueStore kv = ctx.open(Map.of()).keyValue("t");
            Latencies lat = new Latencies();
            for (int i = 0; i < 100; i++) {
                int v = i;
                lat.time(() -> kv.put("k", new byte[]{(byte) v}));
            }
            ctx.add(Figure.of(Row.ASYNC_REPLICATION, Row.Side.ADVANTAGE, "one store", "put latency p99",
                    lat.percentileMs(99), "ms", lat.count(), "puts", null));
            ctx.add(Figure.unmeasured(Row.ASYNC_REPLICATION, Row.Side.DISADVANTAGE, "one store", "writes lost",
                    "in-memory has no replicas"));
            ctx.add(Figure.of(Row.SYNC_REPLICATION, Row.Side.ADVANTAGE, "one store", "puts", lat.count(), "puts",
                    lat.count(), "puts", null));
        }
    }

    static final class Broken implements Experiment {
        @Override
        public String id() {
            return "broken";
        }

        @Override
        public String method() {
            return "throws after one figure";
        }

        @Override
        public List<Row> rows() {
            return List.of(Row.CACHING);
        }

        @Override
        public Duration estimate(String backend, boolean quick) {
            return Duration.ofSeconds(1);
        }

        @Override
        public void run(ExperimentContext ctx) {
            ctx.add(Figure.of(Row.CACHING, Row.Side.ADVANTAGE, "cache-aside", "hit rate", 90, "%", 10, "reads",
                    null));
            throw new IllegalStateException("store went away\nsecond line");
        }
    }

    @Test
    void writesEveryCellAndSaysWhyTheEmptyOnesAreEmpty() throws Exception {
        List<String> progress = new ArrayList<>();
        TradeoffsRunner runner = new TradeoffsRunner(new TradeoffsRunner.Options(
                List.of(BackendConfig.managed("inmemory")), List.of(new PutLatency(), new Broken()), true, 42, dir,
                progress::add, "dsbench tradeoffs --quick"));
        TradeoffsResult r = runner.run();

        assertThat(r.allOk()).isFalse();
        assertThat(r.failures()).containsEntry("broken/inmemory", "IllegalStateException: store went away");
        JsonNode json = new ObjectMapper().readTree(Files.readString(dir.resolve("tradeoffs.json")));
        assertThat(json.get("format").asText()).isEqualTo(TradeoffsResult.FORMAT);
        assertThat(json.get("complete").asBoolean()).isTrue();
        assertThat(json.get("seed").asLong()).isEqualTo(42);
        List<String> rowIds = new ArrayList<>();
        json.get("rows").forEach(n -> rowIds.add(n.get("id").asText()));
        assertThat(rowIds).containsExactly("sync-replication", "async-replication", "distributed-caching");

        JsonNode async = json.get("rows").get(1);
        assertThat(async.get("spec_advantage").asText()).isEqualTo(Row.ASYNC_REPLICATION.specAdvantage());
        JsonNode p99 = async.get("figures").get(0);
        assertThat(p99.get("backend").asText()).isEqualTo("inmemory");
        assertThat(p99.get("value").asDouble()).isPositive();
        assertThat(p99.get("samples").asLong()).isEqualTo(100);
        assertThat(p99.get("command").asText())
                .isEqualTo("./dsbench tradeoffs --experiments put-latency --backends inmemory --quick --seed 42");
        assertThat(async.get("figures").get(1).get("reason").asText()).isEqualTo("in-memory has no replicas");

        JsonNode sync = json.get("rows").get(0).get("figures");
        assertThat(sync).hasSize(2);
        assertThat(sync.get(1).get("side").asText()).isEqualTo("disadvantage");
        assertThat(sync.get(1).get("value").isNull()).isTrue();
        assertThat(sync.get(1).get("reason").asText()).contains("measured nothing for this column");

        JsonNode caching = json.get("rows").get(2).get("figures");
        assertThat(caching.get(0).get("value").asDouble()).isEqualTo(90);
        assertThat(caching.get(1).get("reason").asText())
                .isEqualTo("experiment broken failed on inmemory: IllegalStateException: store went away");
        JsonNode exps = json.get("experiments");
        assertThat(exps.get(0).get("status").asText()).isEqualTo("ok");
        assertThat(exps.get(0).get("method").asText()).isEqualTo("100 puts on one key");
        assertThat(exps.get(1).get("status").asText()).isEqualTo("failed");
        assertThat(progress).anyMatch(l -> l.startsWith("[broken/inmemory] FAILED: IllegalStateException"));
    }

    @Test
    void aRunStoppedEarlyKeepsWhatItMeasuredAndNamesWhatDidNotRun() throws Exception {
        TradeoffsRunner runner = new TradeoffsRunner(new TradeoffsRunner.Options(
                List.of(BackendConfig.managed("inmemory")), List.of(new PutLatency(), new Broken()), true, 7, dir,
                l -> { }, "x"));
        Thread.currentThread().interrupt();
        assertThatThrownBy(runner::run).isInstanceOf(InterruptedException.class);
        runner.result().write(runner.file());
        JsonNode json = new ObjectMapper().readTree(Files.readString(runner.file()));
        assertThat(json.get("complete").asBoolean()).isFalse();
        assertThat(json.get("rows").get(0).get("figures").get(0).get("reason").asText())
                .isEqualTo("not run: the run stopped before experiment put-latency on inmemory");
        assertThat(json.get("experiments").get(0).get("status").asText()).isEqualTo("not_run");
    }

    @Test
    void aFigureWithoutAValueNeedsAReasonAndAValueNeedsAUnitAndSamples() {
        assertThatThrownBy(() -> Figure.unmeasured(Row.SAGA, Row.Side.ADVANTAGE, "v", "m", " "))
                .hasMessageContaining("needs a reason");
        assertThatThrownBy(() -> Figure.of(Row.SAGA, Row.Side.ADVANTAGE, "v", "m", Double.NaN, "ms", 1, "x", null))
                .hasMessageContaining("not a number");
        assertThatThrownBy(() -> Figure.of(Row.SAGA, Row.Side.ADVANTAGE, "v", "m", 1, null, 1, "x", null))
                .hasMessageContaining("unit and a sample size");
    }

    @Test
    void selectsExperimentsByIdOrRowAndNamesTheChoicesOtherwise() {
        assertThatThrownBy(() -> Experiments.select("nope"))
                .hasMessageStartingWith("--experiments: no experiment or row 'nope'; experiments: ")
                .hasMessageContaining("rows: strong-consistency, eventual-consistency");
        assertThat(Experiments.select(null)).extracting(Experiment::id)
                .isEqualTo(Experiments.all().stream().map(Experiment::id).toList());
        for (Experiment e : Experiments.all()) {
            assertThat(Experiments.select(e.rows().get(0).id())).extracting(Experiment::id).contains(e.id());
            assertThat(Experiments.select(" " + e.id().toUpperCase() + " ,")).extracting(Experiment::id)
                    .containsExactly(e.id());
        }
    }
}
