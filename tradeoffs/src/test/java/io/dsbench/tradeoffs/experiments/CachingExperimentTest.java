package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.caching.CachingStrategy;
import io.dsbench.patterns.caching.WriteBehind;
import io.dsbench.patterns.caching.WriteThrough;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Experiments;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The caching experiment on the in-memory backend in its quick profile: the structure of its figures (both sides of
 * the row, every strategy, units and sample sizes) and the facts that hold whatever the timing: write-through loses
 * no acknowledged write on a crash, a cache that hit at all made fewer store calls than reading the store directly,
 * write-through with readers and writers in one instance serves no stale read.
 */
class CachingExperimentTest {
    static final List<Figure> FIGURES = new ArrayList<>();

    @BeforeAll
    static void runQuick(@TempDir Path dir) throws Exception {
        FIGURES.addAll(runQuick(BackendConfig.managed("inmemory"), dir));
    }

    /** Runs the experiment's quick profile on {@code config} and returns its figures (printed). */
    static List<Figure> runQuick(BackendConfig config, Path dir) throws Exception {
        List<Figure> figures = Collections.synchronizedList(new ArrayList<>());
        CachingExperiment e = new CachingExperiment();
        try (ExperimentContext ctx = ExperimentContext.of(e, config, true, 7, dir, System.out::println,
                figures::add)) {
            e.run(ctx);
        }
        figures.forEach(f -> System.out.println(f.variant() + " | " + f.metric() + " = " + f.value() + " " + f.unit()
                + " (" + f.samples() + " " + f.samplesOf() + ") " + f.note()));
        return List.copyOf(figures);
    }

    @Test
    void registered() {
        assertThat(Experiments.select("caching")).singleElement().isInstanceOf(CachingExperiment.class);
        assertThat(Experiments.select("distributed-caching")).singleElement().isInstanceOf(CachingExperiment.class);
    }

    @Test
    void figures_fillBothSidesOfTheRow_forEveryStrategy() {
        assertStructure(FIGURES, "inmemory");
    }

    @Test
    void figures_showTheFactsThatHoldWhateverTheTiming() {
        assertFacts(FIGURES);
    }

    /** Every figure measured, on the caching row, with unit, samples, note and command; every strategy both sides. */
    static void assertStructure(List<Figure> figures, String backend) {
        assertThat(figures).isNotEmpty().allSatisfy(f -> {
            assertThat(f.row()).isEqualTo(Row.CACHING);
            assertThat(f.measured()).as(f.metric()).isTrue();
            assertThat(f.unit()).isNotBlank();
            assertThat(f.samples()).as(f.variant() + " " + f.metric()).isPositive();
            assertThat(f.samplesOf()).isNotBlank();
            assertThat(f.note()).isNotBlank();
            assertThat(f.backend()).isEqualTo(backend);
            assertThat(f.command()).contains("--experiments caching").contains("--backends " + backend)
                    .contains("--quick");
        });
        for (String s : CachingExperiment.STRATEGIES) {
            assertThat(metrics(figures, s, Row.Side.ADVANTAGE)).as(s).contains("hit rate", "read latency p50",
                    "read latency p99", "store calls per 1,000 reads", "store load reduction", "write latency p50");
            assertThat(metrics(figures, s, Row.Side.DISADVANTAGE)).as(s).contains("stale reads per 1,000 reads");
        }
        assertThat(metrics(figures, CachingExperiment.BASELINE, Row.Side.ADVANTAGE)).contains("read latency p50",
                "read latency p99", "store calls per 1,000 reads");
        assertThat(metrics(figures, CachingExperiment.WRITE_THROUGH_ONE_INSTANCE, Row.Side.DISADVANTAGE))
                .contains("stale reads per 1,000 reads");
        assertThat(metrics(figures, CachingExperiment.WRITE_BEHIND_STORE_READERS, Row.Side.DISADVANTAGE))
                .contains("stale reads per 1,000 reads");
        assertThat(metrics(figures, "write-behind", Row.Side.DISADVANTAGE)).contains(
                "acknowledged writes lost on a crash", "share of acknowledged writes lost on a crash");
        assertThat(metrics(figures, "write-through", Row.Side.DISADVANTAGE))
                .contains("acknowledged writes lost on a crash");
    }

    /**
     * The deterministic facts: write-through loses no acknowledged write on a crash; reading the store directly is
     * one store call per read, and a strategy whose reads hit at all made fewer (one store get per miss);
     * write-through with readers and writers in one instance serves no stale read (its striped locks order every
     * fill after the writes to the key, so the cache never holds an older value than the last acknowledged write).
     */
    static void assertFacts(List<Figure> figures) {
        Figure lost = figure(figures, "write-through", "acknowledged writes lost on a crash");
        assertThat(lost.samples()).isPositive();
        assertThat(lost.value()).isZero();

        assertThat(figure(figures, CachingExperiment.BASELINE, "store calls per 1,000 reads").value())
                .isEqualTo(1000.0);
        for (String s : List.of("cache-aside", "write-through", "write-behind")) {
            assertThat(figure(figures, s, "hit rate").value()).as(s).isPositive();
            assertThat(figure(figures, s, "store calls per 1,000 reads").value()).as(s).isLessThan(1000.0);
        }

        Figure stale = figure(figures, CachingExperiment.WRITE_THROUGH_ONE_INSTANCE, "stale reads per 1,000 reads");
        assertThat(stale.samples()).isPositive();
        assertThat(stale.value()).isZero();
    }

    @Test
    void crashLoss_countsEveryPendingWriteBehindWriteAsLost_andAgreesWithThePatternsReport() throws Exception {
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            SimulatedStore store = new SimulatedStore(b.keyValue("crash-test"), Duration.ZERO);
            // a flush delay no run reaches: every acknowledged write is still pending at the crash
            WriteBehind wb = new WriteBehind(b.cache("crash-wb"), store, Duration.ofMinutes(1), Duration.ofHours(1));
            CrashLoss.Result r = CrashLoss.run(wb, b.keyValue("crash-test"), CrashLoss.keys("wb/k", 5), 500, 100);
            assertThat(r.acknowledged()).isPositive();
            assertThat(r.lostInStore()).isEqualTo(r.acknowledged()).isEqualTo(r.reported());
            assertThat(r.uncertain()).isZero();

            WriteThrough wt = new WriteThrough(b.cache("crash-wt"), store, Duration.ofMinutes(1));
            CrashLoss.Result t = CrashLoss.run(wt, b.keyValue("crash-test"), CrashLoss.keys("wt/k", 5), 500, 100);
            assertThat(t.acknowledged()).isPositive();
            assertThat(t.lostInStore()).isZero();
            assertThat(t.reported()).isEqualTo(-1);
        }
    }

    @Test
    void staleness_countsTheReadsOfACacheThatNeverForgets_andNoneOfTheStoreItself() throws Exception {
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            KeyValueStore kv = b.keyValue("stale-test");
            List<String> keys = CrashLoss.keys("k", 2);
            // a planted bug: every read answers the value the key had before the run, whatever was written since
            CachingStrategy frozen = new CachingStrategy() {
                @Override
                public String strategyName() {
                    return "frozen";
                }

                @Override
                public Optional<byte[]> read(String key) {
                    return Optional.of("1".getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void write(String key, byte[] value) {
                    kv.put(key, value);
                }
            };
            CacheStaleness.Result r = CacheStaleness.run(frozen, frozen, kv, keys, 1, 200, 1, 500, 1);
            assertThat(r.writes()).isPositive();
            assertThat(r.report().staleReads()).isPositive();
            assertThat(r.report().maxVersions()).isPositive();

            CachingStrategy store = new CachingStrategies.StoreReads(kv);
            CachingStrategy writes = new CachingStrategy() {
                @Override
                public String strategyName() {
                    return "store writes";
                }

                @Override
                public Optional<byte[]> read(String key) {
                    throw new UnsupportedOperationException();
                }

                @Override
                public void write(String key, byte[] value) {
                    kv.put(key, value);
                }
            };
            // the in-memory store is linearizable: reading it directly is never stale
            CacheStaleness.Result direct = CacheStaleness.run(writes, store, kv, CrashLoss.keys("d", 2), 1, 200, 1, 300,
                    1);
            assertThat(direct.report().reads()).isPositive();
            assertThat(direct.report().staleReads()).isZero();
        }
    }

    @Test
    void zipfKeys_areSkewed_andCoverTheKeys() {
        ZipfKeys z = new ZipfKeys("k", 100, 0.99);
        Random random = new Random(1);
        int[] counts = new int[100];
        for (int i = 0; i < 100_000; i++) {
            counts[z.nextRank(random)]++;
        }
        assertThat(counts[0]).isGreaterThan(counts[9]).isGreaterThan(counts[99]);
        assertThat(counts[0] / 100_000.0).isCloseTo(z.probability(0), org.assertj.core.data.Offset.offset(0.01));
        assertThat(new ZipfKeys("k", 10, 0).probability(3)).isCloseTo(0.1, org.assertj.core.data.Offset.offset(1e-9));
    }

    private static List<String> metrics(List<Figure> figures, String variant, Row.Side side) {
        return figures.stream().filter(f -> f.variant().equals(variant) && f.side() == side).map(Figure::metric)
                .toList();
    }

    private static Figure figure(List<Figure> figures, String variant, String metric) {
        return figures.stream().filter(f -> f.variant().equals(variant) && f.metric().equals(metric)).findFirst()
                .orElseThrow(() -> new AssertionError("no figure " + variant + " / " + metric + " in " + figures));
    }
}
