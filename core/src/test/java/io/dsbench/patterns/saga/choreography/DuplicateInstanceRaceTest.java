package io.dsbench.patterns.saga.choreography;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.conformance.controls.Forwarding;
import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.saga.IdempotentStep;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Two instances of one service handle the same trigger (SAGA-C2's duplicate consumers): B finds the step in progress
 * in A, and A completes it before B decides what to do. B must not take "in progress elsewhere" for a failure and
 * compensate the step A completed (seen once in SAGA-C2 on etcd under stress-ng: a COMPLETED saga with step 0 undone).
 * The interleaving is forced: B's claim that answers IN_PROGRESS returns only after A finished.
 */
class DuplicateInstanceRaceTest {
    @Test
    void aStepInProgressElsewhereIsNotCompensatedWhenItCompletes() throws Exception {
        TinyBackend backend = new TinyBackend();
        AtomicInteger net = new AtomicInteger();
        CountDownLatch aInStep = new CountDownLatch(1);
        CountDownLatch releaseA = new CountDownLatch(1);
        Thread[] a = new Thread[1];
        IdempotencyStore real = backend.idempotency(new IdempotencyConfig("race", Duration.ofHours(1), Duration.ofSeconds(30)));
        IdempotencyStore idem = new Forwarding.Idempotency(real) {
            @Override
            public ClaimResult claim(String key, String fingerprint) {
                ClaimResult r = d.claim(key, fingerprint);
                if (r.status() == ClaimResult.Status.IN_PROGRESS && Thread.currentThread() != a[0]
                        && releaseA.getCount() > 0) {
                    releaseA.countDown();
                    try {
                        a[0].join(10_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return r;
            }
        };
        SagaStep order = IdempotentStep.of(idem, SagaStep.of("order", c -> {
            net.incrementAndGet();
            aInStep.countDown();
            assertThat(releaseA.await(10, TimeUnit.SECONDS)).isTrue();
        }, c -> net.decrementAndGet()));
        SagaDefinition def = new SagaDefinition("order", List.of(order, SagaStep.of("payment", c -> { }, c -> { })));
        EventLog events = new EventLog(backend.log("race-events"));
        long seq = events.start(ChoreographyService.started(def, "s1", Map.of(), "initiator", Map.of()));
        EventLog.Delivered started = events.read(seq, 1).get(0);
        ChoreographyService serviceA = new ChoreographyService(def, 0, events, Tracing.off(), CrashHook.NONE, e -> { });
        ChoreographyService serviceB = new ChoreographyService(def, 0, events, Tracing.off(), CrashHook.NONE, e -> { });
        a[0] = new Thread(() -> {
            try {
                serviceA.handle(started, 1);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        a[0].start();
        assertThat(aInStep.await(10, TimeUnit.SECONDS)).isTrue();
        // B's third delivery (its attempts would be used up): the step is in progress in A, which then completes
        for (int attempt = 3; attempt < 10; attempt++) {
            try {
                serviceB.handle(started, attempt);
                break;
            } catch (Exception transientFailure) {
                // delivered again, as the consumer would
            }
        }
        a[0].join(10_000);
        ChoreographyHistory.Flow f = ChoreographyHistory.read(events).flow("s1").orElseThrow();
        assertThat(f.chain()).containsExactly("STARTED (initiator)", "DONE 0 (order)");
        assertThat(net.get()).as("order's net effect after A completed it and B handled the same trigger").isEqualTo(1);
    }
}
