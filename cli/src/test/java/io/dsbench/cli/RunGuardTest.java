package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The health guard that ends a run soon after its backend stops answering (issue 11 item 1). */
class RunGuardTest {
    private final List<String> told = new CopyOnWriteArrayList<>();

    private RunGuard guard(AtomicBoolean down, Duration window) {
        return new RunGuard("fake", "fake on 127.0.0.1:1", () -> {
            if (down.get()) {
                throw new IllegalStateException("connection refused: 127.0.0.1:1");
            }
            return null;
        }, Duration.ofMillis(300), window, Duration.ofMillis(50), told::add);
    }

    @Test
    void aBackendThatStopsAnswering_isDeclaredUnreachable_andTheRunningRuleIsInterrupted() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        RunGuard g = guard(down, Duration.ofMillis(500));
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch ruleRunning = new CountDownLatch(1);
        Thread rule = new Thread(() -> {
            g.ruleStarted(Thread.currentThread());
            ruleRunning.countDown();
            try {
                Thread.sleep(60_000); // a rule waiting out a long timeout
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        g.start();
        try {
            rule.start();
            assertThat(ruleRunning.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(g.isDead()).isFalse();
            long t0 = System.nanoTime();
            down.set(true);
            assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the running rule is interrupted").isTrue();
            double took = (System.nanoTime() - t0) / 1e9;
            assertThat(g.isDead()).isTrue();
            assertThat(took).as("gave up within the window plus a probe (generous for a busy machine)")
                    .isLessThan(20);
            assertThat(g.deadReason()).contains("backend fake is unreachable (fake on 127.0.0.1:1)")
                    .contains("connection refused: 127.0.0.1:1");
            assertThat(told).containsExactly(g.deadReason());
            assertThatThrownBy(() -> g.checkReachable(false)).isInstanceOf(BackendUnreachableException.class)
                    .hasMessage(g.deadReason());
        } finally {
            g.stop();
            rule.interrupt();
        }
    }

    @Test
    void aShortOutage_withinTheWindow_isNotFatal() throws Exception {
        AtomicBoolean down = new AtomicBoolean();
        AtomicInteger probes = new AtomicInteger();
        RunGuard g = new RunGuard("fake", "fake", () -> {
            probes.incrementAndGet();
            if (down.get()) {
                throw new IllegalStateException("restarting");
            }
            return null;
        }, Duration.ofMillis(300), Duration.ofSeconds(30), Duration.ofMillis(20), told::add);
        g.start();
        try {
            down.set(true);
            int seen = probes.get();
            awaitProbes(probes, seen + 3);
            down.set(false);
            seen = probes.get();
            awaitProbes(probes, seen + 2);
            assertThat(g.isDead()).isFalse();
            g.checkReachable(true); // no exception: healthy again
            assertThat(told).isEmpty();
        } finally {
            g.stop();
        }
    }

    @Test
    void betweenRules_aSecondFailedProbeGivesUpAtOnce() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        RunGuard g = new RunGuard("fake", "fake at 127.0.0.1:2", () -> {
            probes.incrementAndGet();
            throw new IllegalStateException("refused");
        }, Duration.ofMillis(300), Duration.ofMinutes(10), Duration.ofMillis(20), told::add);
        g.start();
        try {
            awaitProbes(probes, 2); // the first probe has finished (failed) once the second started
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> g.checkReachable(true)).isInstanceOf(BackendUnreachableException.class)
                    .hasMessageContaining("fake at 127.0.0.1:2").hasMessageContaining("between two rules");
            assertThat((System.nanoTime() - t0) / 1e9).as("no waiting for the 10-minute window").isLessThan(5);
        } finally {
            g.stop();
        }
    }

    private static void awaitProbes(AtomicInteger probes, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (probes.get() < atLeast) {
            assertThat(System.nanoTime() - deadline).as("probes keep running").isNegative();
            Thread.sleep(5);
        }
    }
}
