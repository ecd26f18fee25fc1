package io.dsbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.conformance.controls.Forwarding;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A server that dies mid-run: its benchmark fails with the reason, the backend's rest is not run, results kept. */
class BenchRunnerTest {
    /** Short runs: the test checks what is recorded, never how fast. */
    static final BenchSettings TINY = new BenchSettings(true, BenchSettings.P99_BOUND_US, Duration.ofMillis(100),
            Duration.ofMillis(300), 3, 4, List.of(1, 2), Duration.ofMillis(100), Duration.ofMillis(200),
            Duration.ofMillis(100), Duration.ofMillis(600), Duration.ofMillis(100), 4, Duration.ofMillis(200), 1000,
            false, 1000);

    /** In-memory, but every kv get after the first {@code limit} fails as if the server had died. */
    private static Backend dyingAfter(long limit) {
        Backend inmem = Backends.open(BackendConfig.managed("inmemory"));
        AtomicLong gets = new AtomicLong();
        return new ForwardingBackend(inmem, "inmemory") {
            @Override
            public KeyValueStore keyValue(String namespace) {
                return new Forwarding.Kv(delegate.keyValue(namespace)) {
                    @Override
                    public Optional<Versioned> get(String key) {
                        if (gets.incrementAndGet() > limit) {
                            throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                                    "connection refused (the server died)");
                        }
                        return super.get(key);
                    }
                };
            }
        };
    }

    @Test
    void serverDiesMidRun_benchmarkFailedWithReason_restNotRun_partialResultsKept_nextBackendRuns(@TempDir Path dir)
            throws Exception {
        List<BenchRunner.Planned> plan = BenchRunner.plan(List.of("inmemory"),
                n -> n.equals("sweep.kv.get") || n.equals("scaling.kv.put") || n.equals("scaling.lock"), TINY);
        assertThat(plan).extracting(BenchRunner.Planned::name)
                .containsExactly("sweep.kv.get", "scaling.kv.put", "scaling.lock");
        List<String> lines = new ArrayList<>();
        BenchRunner runner = new BenchRunner(TINY, plan, dir, lines::add);
        BenchRunner.Collected out = new BenchRunner.Collected();

        try (Backend dying = dyingAfter(800)) { // 4000/s: 400 warm-up gets, then 1200 measured: it dies mid-point
            runner.runBackend(dying, BackendConfig.managed("inmemory"), plan, out);
        }

        assertThat(out.tasks).extracting(BenchRows.Task::status).containsExactly("failed", "failed", "failed");
        assertThat(out.tasks.get(0).reason()).contains("calls failed").contains("connection refused (the server died)");
        assertThat(out.tasks.get(1).reason()).startsWith("not run: backend inmemory is unreachable (")
                .contains("connection refused");
        assertThat(out.sweeps).hasSize(1);
        assertThat(out.sweeps.get(0).status()).isEqualTo("failed");
        assertThat(out.latency).hasSize(1); // the point that ran is kept, with its figures
        assertThat(out.latency.get(0).count()).isPositive();
        assertThat(out.latency.get(0).errors()).isPositive();
        assertThat(lines).anyMatch(l -> l.contains("FAILED") && l.contains("sweep.kv.get") && l.contains("ETA"));
        assertThat(out.anyFailed()).isTrue();

        // the next backend still runs
        BenchRunner.Collected next = new BenchRunner.Collected();
        List<BenchRunner.Planned> lockOnly = BenchRunner.plan(List.of("inmemory"), n -> n.equals("scaling.lock"), TINY);
        try (Backend healthy = Backends.open(BackendConfig.managed("inmemory"))) {
            new BenchRunner(TINY, lockOnly, dir, l -> { }).runBackend(healthy, BackendConfig.managed("inmemory"),
                    lockOnly, next);
        }
        assertThat(next.tasks).extracting(BenchRows.Task::status).containsExactly("ok");
        assertThat(next.scaling.get(0).points()).extracting(BenchRows.ScalingPoint::clients).containsExactly(1, 2);
        assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("dsbench-load-")
                && t.isAlive());
    }

    @Test
    void stall_openLoopSeesTheStoppedServer_closedLoopRecordsItOncePerClient(@TempDir Path dir) throws Exception {
        // in-memory's simulated SIGSTOP: calls wait until resumed. 2000/s for 0.6 s, stopped 100 ms at 200 ms
        List<BenchRunner.Planned> plan = BenchRunner.plan(List.of("inmemory"), n -> n.equals("stall.kv.get"), TINY);
        BenchRunner.Collected out = new BenchRunner.Collected();
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            new BenchRunner(TINY, plan, dir, l -> { }).runBackend(b, BackendConfig.managed("inmemory"), plan, out);
        }
        assertThat(out.tasks).extracting(BenchRows.Task::status).containsExactly("ok");
        BenchRows.Latency open = out.latency.get(0);
        BenchRows.Latency closed = out.latency.get(1);
        assertThat(open.loop()).isEqualTo("open");
        assertThat(closed.loop()).isEqualTo("closed");
        // ~200 requests were due during the 100 ms stop: open-loop p90 of ~1200 includes their wait (>= 50 ms for
        // the first half of them, by construction); the closed loop's two clients each waited once
        assertThat(open.maxUs()).isGreaterThanOrEqualTo(90_000);
        assertThat(closed.maxUs()).isGreaterThanOrEqualTo(90_000);
        assertThat(open.p90Us()).isGreaterThanOrEqualTo(10_000);
        assertThat(closed.p99Us()).isLessThan(open.p99Us());
        assertThat(dir.resolve("latency/inmemory-kv.get.hlog")).isRegularFile();
    }
}
