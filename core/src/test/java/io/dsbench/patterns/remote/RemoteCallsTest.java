package io.dsbench.patterns.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.resilience.CallTimeoutException;
import io.dsbench.patterns.resilience.OutcomeUnknownException;
import io.dsbench.spec.BackendException;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RemoteCallsTest {
    private static RemoteCalls.Settings fast(int attempts) {
        return new RemoteCalls.Settings(Duration.ofSeconds(5), attempts, Duration.ofMillis(5), 2.0, 0.5, Duration.ofMillis(50));
    }

    @Test
    void call_transientFailures_retriedUntilSuccess() throws Exception {
        RemoteCalls calls = RemoteCalls.of(fast(4));
        AtomicInteger n = new AtomicInteger();
        String r = calls.call("op", () -> {
            if (n.incrementAndGet() < 3) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "down");
            }
            return "ok";
        });
        assertThat(r).isEqualTo("ok");
        assertThat(n.get()).isEqualTo(3);
        assertThat(calls.attempts()).isEqualTo(3);
        assertThat(calls.retries()).isEqualTo(2);
    }

    @Test
    void call_transientFailures_lastOneThrownAfterMaxAttempts() {
        RemoteCalls calls = RemoteCalls.of(fast(3));
        AtomicInteger n = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("op", () -> {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "down " + n.incrementAndGet());
        })).isInstanceOf(BackendException.class).hasMessage("down 3");
        AtomicInteger m = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("op", () -> {
            throw new BackendException(BackendException.Kind.TIMEOUT, true, "slow " + m.incrementAndGet());
        })).as("timeouts that may have landed: unknown outcome").isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("slow 1").hasMessageContaining("slow 3").hasCauseInstanceOf(BackendException.class);
    }

    @Test
    void call_nonRetryableFailure_thrownAtOnceUnwrapped() {
        RemoteCalls calls = RemoteCalls.of(fast(5));
        AtomicInteger n = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("op", () -> {
            n.incrementAndGet();
            throw new IOException("checked");
        })).isInstanceOf(IOException.class).hasMessage("checked");
        assertThat(n.get()).isEqualTo(1);
    }

    @Test
    void call_error_propagatesUnwrappedWithoutRetry() {
        RemoteCalls calls = RemoteCalls.of(fast(5), t -> true);
        AtomicInteger n = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("op", () -> {
            n.incrementAndGet();
            throw new AssertionError("crash");
        })).isInstanceOf(AssertionError.class).hasMessage("crash");
        assertThat(n.get()).isEqualTo(1);
    }

    @Test
    void call_slowAttempt_timesOutAndIsInterrupted() throws Exception {
        RemoteCalls calls = RemoteCalls.of(fast(1).withTimeout(Duration.ofMillis(100)));
        CountDownLatch interrupted = new CountDownLatch(1);
        assertThatThrownBy(() -> calls.call("slow op", () -> {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
                throw e;
            }
            return null;
        })).isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("slow op timed out after 100 ms")
                .hasCauseInstanceOf(CallTimeoutException.class);
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).as("the abandoned attempt was interrupted").isTrue();
    }

    @Test
    void settings_fromResiliencePolicy_carryItsNumbers() {
        io.dsbench.patterns.resilience.ResiliencePolicy p = io.dsbench.patterns.resilience.ResiliencePolicy.custom()
                .attemptTimeout(Duration.ofMillis(700)).maxAttempts(7).initialBackoff(Duration.ofMillis(3))
                .maxBackoff(Duration.ofMillis(90)).multiplier(3.0).jitter(0.25).build();
        assertThat(RemoteCalls.Settings.from(p)).isEqualTo(new RemoteCalls.Settings(Duration.ofMillis(700), 7,
                Duration.ofMillis(3), 3.0, 0.25, Duration.ofMillis(90)));
        io.dsbench.patterns.resilience.ResiliencePolicy untimed = io.dsbench.patterns.resilience.ResiliencePolicy.custom()
                .withoutAttemptTimeout().build();
        assertThat(RemoteCalls.Settings.from(untimed).timeout()).as("never an untimed call")
                .isEqualTo(RemoteCalls.Settings.defaults().timeout());
        assertThat(io.dsbench.patterns.saga.SagaConfig.from(p).compensationCalls().maxAttempts()).isEqualTo(7);
        assertThat(io.dsbench.patterns.tpc.TpcConfig.from(untimed).decisionCalls().maxAttempts()).isEqualTo(5);
    }

    @Test
    void settings_invalidValues_namedInErrors() {
        assertThatThrownBy(() -> fast(0)).hasMessageContaining("maxAttempts = 0");
        assertThatThrownBy(() -> new RemoteCalls.Settings(Duration.ZERO, 1, Duration.ofMillis(1), 2, 0, Duration.ofMillis(1)))
                .hasMessageContaining("timeout");
        assertThatThrownBy(() -> new RemoteCalls.Settings(Duration.ofSeconds(1), 1, Duration.ofMillis(1), 0.5, 0,
                Duration.ofMillis(1))).hasMessageContaining("multiplier = 0.5");
        assertThatThrownBy(() -> new RemoteCalls.Settings(Duration.ofSeconds(1), 1, Duration.ofMillis(1), 2, 1.0,
                Duration.ofMillis(1))).hasMessageContaining("jitter = 1.0");
        assertThatThrownBy(() -> new RemoteCalls.Settings(Duration.ofSeconds(1), 1, Duration.ofMillis(10), 2, 0,
                Duration.ofMillis(1))).hasMessageContaining("maxBackoff");
    }

    @Test
    void call_stepTimedOutThenFailedDefinitely_isOutcomeUnknown() {
        RemoteCalls calls = RemoteCalls.of(fast(3).withTimeout(Duration.ofMillis(100)),
                t -> RemoteCalls.isRetryable(t));
        AtomicInteger n = new AtomicInteger();
        assertThatThrownBy(() -> calls.call("saga s step 1 'charge'", () -> {
            if (n.incrementAndGet() == 1) {
                new CountDownLatch(1).await();
            }
            throw new IOException("card declined");
        })).as("attempt 1 may have charged the card: not a clean failure")
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
                    assertThat(e.failures()).hasSize(2);
                    assertThat(e.getMessage()).contains("timed out after 100 ms").contains("card declined");
                });
        assertThat(n.get()).isEqualTo(2);
    }

    @Test
    void callUnchecked_earlierUnknownAttempt_mayHaveTakenEffect() {
        RemoteCalls calls = RemoteCalls.of(fast(2));
        AtomicInteger n = new AtomicInteger();
        assertThatThrownBy(() -> calls.callUnchecked("op", () -> {
            throw new BackendException(BackendException.Kind.UNAVAILABLE, n.incrementAndGet() == 1,
                    "connection lost " + n.get());
        })).isInstanceOfSatisfying(BackendException.class,
                e -> assertThat(e.mayHaveTakenEffect()).as("attempt 1 lost its connection after sending").isTrue());
    }
}
