package io.dsbench.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator's accounting: latency from the intended start (open loop) or the actual send (closed loop),
 * the warm-up kept apart, failures counted, the .hlog readable by HdrHistogram's reader, no thread left behind.
 * Never asserts a speed: the stalls are made by the fake operation, and only what follows from the schedule by
 * construction is checked.
 */
class LoadGeneratorTest {
    private static final long STALL_MS = 200;
    private static final long MS = 1_000_000;

    /** An operation whose call number {@code stallAt} (counting from 0) takes {@value #STALL_MS} ms. */
    private static LoadGenerator.Op stallingAt(int stallAt) {
        AtomicInteger calls = new AtomicInteger();
        return client -> {
            if (calls.getAndIncrement() == stallAt) {
                // the stall is what is measured here (a slow server), not a synchronisation
                Thread.sleep(STALL_MS);
            }
        };
    }

    @Test
    void open_stallingOp_everyRequestDueDuringTheStallCountsItsWait() throws Exception {
        // 1000/s, one client: the ~200 requests due while call 100 stalls wait for it, and their wait is latency
        LoadGenerator.Result r = LoadGenerator.run("t", stallingAt(100),
                LoadGenerator.Config.open(1000, 1, Duration.ZERO, Duration.ofMillis(600)), null, "t");

        assertThat(r.errors()).isZero();
        assertThat(r.measured().count()).isEqualTo(600);
        assertThat(r.measured().maxUs()).isGreaterThanOrEqualTo(STALL_MS * 1000 * 0.99);
        // requests due in the stall's first half completed after it ended: >= 100 ms each, by construction
        assertThat(r.histogram().getCountBetweenValues(100 * MS, Long.MAX_VALUE / 2)).isGreaterThanOrEqualTo(90);
        assertThat(r.measured().p90Us()).isGreaterThanOrEqualTo(10_000); // >= 10 % of the requests waited
    }

    @Test
    void closed_stallingOp_theStallIsRecordedOnce() throws Exception {
        // the same stall in a closed loop: the client sends nothing while it waits, so one value holds the stall
        LoadGenerator.Result r = LoadGenerator.run("t", stallingAt(100),
                LoadGenerator.Config.closed(1000, 1, Duration.ZERO, Duration.ofMillis(600)), null, "t");

        assertThat(r.errors()).isZero();
        assertThat(r.measured().maxUs()).isGreaterThanOrEqualTo(STALL_MS * 1000 * 0.99);
        assertThat(r.histogram().getCountBetweenValues(100 * MS, Long.MAX_VALUE / 2)).isBetween(1L, 3L);
        // the ~200 slots due during the stall were skipped, never sent
        assertThat(r.measured().count()).isLessThan(500);
    }

    @Test
    void warmup_recordedApartAndTaggedInTheLog(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("latency/x-op.hlog");
        LoadGenerator.Result r;
        try (HlogFile log = new HlogFile(file)) {
            // the stall falls in the warm-up (call 0), so it must be in the warm-up's figures only
            r = LoadGenerator.run("t", stallingAt(0), LoadGenerator.Config.open(200, 1, Duration.ofMillis(500),
                    Duration.ofMillis(500)), log, "r200");
        }
        assertThat(r.warmup().count()).isEqualTo(100);
        assertThat(r.measured().count()).isEqualTo(100);
        assertThat(r.warmup().maxUs()).isGreaterThanOrEqualTo(STALL_MS * 1000 * 0.99);

        Map<String, Long> countByTag = new HashMap<>();
        HistogramLogReader reader = new HistogramLogReader(file.toFile());
        EncodableHistogram h;
        while ((h = reader.nextIntervalHistogram()) != null) {
            countByTag.merge(String.valueOf(h.getTag()), ((org.HdrHistogram.Histogram) h).getTotalCount(), Long::sum);
            assertThat(h.getEndTimeStamp()).isGreaterThanOrEqualTo(h.getStartTimeStamp());
        }
        assertThat(countByTag).containsEntry("r200", 100L).containsEntry("warmup-r200", 100L);
    }

    @Test
    void failures_countedAndNotRecordedAsLatency() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        LoadGenerator.Result r = LoadGenerator.run("t", client -> {
            if (calls.incrementAndGet() % 4 == 0) {
                throw new IllegalStateException("server said no\nsecond line");
            }
        }, LoadGenerator.Config.open(400, 2, Duration.ZERO, Duration.ofMillis(500)), null, "t");

        assertThat(r.completed()).isEqualTo(200);
        assertThat(r.errors()).isEqualTo(50);
        assertThat(r.measured().count()).isEqualTo(150);
        assertThat(r.firstError()).isEqualTo("IllegalStateException: server said no");
        assertThat(LoadBenchmarks.reason(r)).startsWith("50 of 200 calls failed");
    }

    @Test
    void hangingCalls_areInterruptedAndNoClientThreadIsLeft() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        LoadGenerator.Config c = new LoadGenerator.Config(LoadGenerator.Loop.OPEN, 100, 4, Duration.ZERO,
                Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofMillis(300));
        LoadGenerator.Result r = LoadGenerator.run("hang", client -> never.await(), c, null, "t");

        assertThat(r.drained()).isTrue(); // every client ended once interrupted
        assertThat(r.measured().count()).isZero();
        assertThat(LoadBenchmarks.reason(r)).isNull();
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("dsbench-load-hang")
                && t.isAlive());
    }

    @Test
    void disturbance_beginsAndEndsDuringTheMeasurement() throws Exception {
        CountDownLatch began = new CountDownLatch(1);
        CountDownLatch ended = new CountDownLatch(1);
        LoadGenerator.run("d", client -> { }, LoadGenerator.Config.open(100, 1, Duration.ofMillis(100),
                Duration.ofMillis(400)), null, "t", new LoadGenerator.Disturbance(Duration.ofMillis(100),
                Duration.ofMillis(50), began::countDown, ended::countDown));
        assertThat(began.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(ended.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void config_rejectsOutOfRangeValuesNamingThem() {
        assertThatThrownBy(() -> LoadGenerator.Config.open(0, 1, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("ratePerS = 0.0");
        assertThatThrownBy(() -> LoadGenerator.Config.open(10, 0, Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("clients = 0");
        assertThatThrownBy(() -> LoadGenerator.Config.open(10, 1, Duration.ofSeconds(-1), Duration.ofSeconds(1)))
                .hasMessageContaining("warmup");
        assertThat(LoadGenerator.Config.closed(0, 1, Duration.ZERO, Duration.ofSeconds(1)).ratePerS()).isZero();
    }
}
