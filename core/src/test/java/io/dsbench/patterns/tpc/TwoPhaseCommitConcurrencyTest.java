package io.dsbench.patterns.tpc;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.testing.TinyBackend;
import io.opentelemetry.api.OpenTelemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Concurrent transactions on overlapping keys: atomic at every participant, no lock left behind. */
class TwoPhaseCommitConcurrencyTest {
    @Test
    void concurrentOverlappingTransactions_sameOutcomeEverywhere() throws Exception {
        TinyBackend b = new TinyBackend();
        List<KeyValueParticipant> ps = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ps.add(new KeyValueParticipant("p" + i, b.log("p" + i), b.keyValue("d" + i), Duration.ofMillis(20),
                    (tx, w) -> Optional.empty(), RemoteCalls.defaults()));
        }
        TwoPhaseCommitCoordinator coord = new TwoPhaseCommitCoordinator(b.log("c"), ps, TpcConfig.defaults(),
                OpenTelemetry.noop().getTracer("t"), CrashHook.NONE);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicInteger committed = new AtomicInteger();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 15; i++) {
                        String tx = "t" + thread + "-" + i;
                        Map<String, byte[]> payloads = new LinkedHashMap<>();
                        for (KeyValueParticipant p : ps) {
                            payloads.put(p.id(), KeyValueParticipant.encodeWrites(Map.of("k" + (i % 2),
                                    tx.getBytes(StandardCharsets.UTF_8), "x", tx.getBytes(StandardCharsets.UTF_8))));
                        }
                        if (coord.execute(tx, payloads).committed()) {
                            committed.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
            coord.close();
        }
        assertThat(committed.get()).isPositive();
        for (String key : List.of("k0", "k1", "x")) {
            List<String> values = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                values.add(b.keyValue("d" + i).get(key).map(v -> new String(v.value(), StandardCharsets.UTF_8)).orElse(null));
            }
            assertThat(values).as("key " + key + " at every participant").containsOnly(values.get(0));
        }
        for (KeyValueParticipant p : ps) {
            assertThat(p.inDoubt()).isEmpty();
            assertThat(p.lockedKeys()).isEmpty();
            assertThat(p.appliedWrites()).isEqualTo(2L * committed.get());
        }
    }
}
