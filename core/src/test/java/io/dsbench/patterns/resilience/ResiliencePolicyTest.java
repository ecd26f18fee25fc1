package io.dsbench.patterns.resilience;

import io.dsbench.spec.BackendException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResiliencePolicyTest {

    private static ResiliencePolicy fast(int attempts) {
        return ResiliencePolicy.custom().maxAttempts(attempts)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5))
                .attemptTimeout(Duration.ofMillis(200)).build();
    }

    @Test
    void call_transientFailures_retriedUntilSuccess() {
        AtomicInteger calls = new AtomicInteger();
        String result = fast(3).call("op", () -> {
            if (calls.incrementAndGet() < 3) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "down");
            }
            return "ok";
        });
        assertThat(result).isEqualTo("ok");
        assertThat(calls).hasValue(3);
    }

    @Test
    void call_exhaustedAttempts_throwsLastFailure() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> fast(2).call("op", () -> {
            calls.incrementAndGet();
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "down " + calls.get());
        })).isInstanceOf(BackendException.class).hasMessage("down 2");
        assertThat(calls).hasValue(2);
    }

    @Test
    void call_nonTransientFailure_notRetried() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> fast(5).call("op", () -> {
            calls.incrementAndGet();
            throw new BackendException(BackendException.Kind.AUTH, false, "denied");
        })).isInstanceOf(BackendException.class).hasMessage("denied");
        assertThat(calls).hasValue(1);
    }

    @Test
    void call_slowAttempt_timesOutAndIsInterrupted() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        ResiliencePolicy p = ResiliencePolicy.custom().maxAttempts(1).attemptTimeout(Duration.ofMillis(50)).build();
        assertThatThrownBy(() -> p.call("slow.op", () -> {
            try {
                Thread.sleep(10_000);
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
            return null;
        })).isInstanceOfSatisfying(BackendException.class, e -> {
            assertThat(e.kind()).isEqualTo(BackendException.Kind.TIMEOUT);
            assertThat(e.mayHaveTakenEffect()).isTrue();
            assertThat(e.getMessage()).contains("slow.op").contains("50 ms");
        });
        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void call_checkedException_wrapped() {
        assertThatThrownBy(() -> ResiliencePolicy.none().call("io.op", () -> {
            throw new IOException("disk");
        })).isInstanceOf(BackendException.class).hasMessageContaining("io.op").hasCauseInstanceOf(IOException.class);
    }

    @Test
    void callChecked_checkedFailureUnwrapped_errorNeverRetried() {
        assertThatThrownBy(() -> fast(3).callChecked("io.op", () -> {
            throw new IOException("disk");
        })).isInstanceOf(IOException.class).hasMessage("disk");
        AtomicInteger calls = new AtomicInteger();
        ResiliencePolicy retryAll = ResiliencePolicy.custom().maxAttempts(5).retryOn(t -> true)
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();
        assertThatThrownBy(() -> retryAll.callChecked("op", () -> {
            calls.incrementAndGet();
            throw new AssertionError("crash");
        })).isInstanceOf(AssertionError.class).hasMessage("crash");
        assertThat(calls).hasValue(1);
    }

    @Test
    void call_timeout_isCallTimeoutException() {
        ResiliencePolicy p = ResiliencePolicy.custom().maxAttempts(1).attemptTimeout(Duration.ofMillis(50)).build();
        assertThatThrownBy(() -> p.call("slow.op", () -> {
            new CountDownLatch(1).await();
            return null;
        })).isInstanceOf(CallTimeoutException.class).hasMessage("slow.op timed out after 50 ms");
    }

    @Test
    void builder_validatesEagerly_namingFieldAndRange() {
        assertThatThrownBy(() -> ResiliencePolicy.custom().maxAttempts(0))
                .hasMessage("maxAttempts = 0 is out of range (legal range: 1..100)");
        assertThatThrownBy(() -> ResiliencePolicy.custom().jitter(1.5)).hasMessageContaining("jitter = 1.5");
        assertThatThrownBy(() -> ResiliencePolicy.custom().multiplier(0.5)).hasMessageContaining("multiplier = 0.5");
        assertThatThrownBy(() -> ResiliencePolicy.custom().attemptTimeout(Duration.ZERO))
                .hasMessageContaining("attemptTimeout");
        assertThatThrownBy(() -> ResiliencePolicy.custom().initialBackoff(Duration.ofSeconds(2))
                .maxBackoff(Duration.ofSeconds(1)).build()).hasMessageContaining("maxBackoff = PT1S");
    }

    @Test
    void from_copiesSettings() {
        ResiliencePolicy base = ResiliencePolicy.custom().maxAttempts(7).jitter(0.0).build();
        ResiliencePolicy copy = ResiliencePolicy.from(base).build();
        assertThat(copy.maxAttempts()).isEqualTo(7);
        assertThat(copy.jitter()).isEqualTo(0.0);
        assertThat(ResiliencePolicy.ofDefaults().attemptTimeout()).contains(Duration.ofSeconds(2));
        assertThat(ResiliencePolicy.none().attemptTimeout()).isEmpty();
    }

    /** Attempt 1 hangs past its timeout (may have landed), attempt 2 fails cleanly: the call's outcome is unknown. */
    private static java.util.concurrent.Callable<String> timeoutThenCleanFailure(AtomicInteger calls, Exception clean) {
        return () -> {
            if (calls.incrementAndGet() == 1) {
                new CountDownLatch(1).await();
            }
            throw clean;
        };
    }

    @Test
    void call_earlierAttemptTimedOut_lastFailedCleanly_reportsMayHaveTakenEffect() {
        AtomicInteger calls = new AtomicInteger();
        ResiliencePolicy p = ResiliencePolicy.custom().maxAttempts(2).attemptTimeout(Duration.ofMillis(50))
                .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(5)).build();
        assertThatThrownBy(() -> p.call("put x", timeoutThenCleanFailure(calls,
                new BackendException(BackendException.Kind.UNAVAILABLE, false, "refused"))))
                .isInstanceOfSatisfying(BackendException.class, e -> {
                    assertThat(e.mayHaveTakenEffect()).as("attempt 1 timed out: it may have landed").isTrue();
                    assertThat(e.getMessage()).contains("put x").contains("timed out").contains("refused");
                });
        assertThat(calls).hasValue(2);
    }

    @Test
    void callChecked_earlierAttemptTimedOut_isOutcomeUnknown_withEveryAttempt() {
        AtomicInteger calls = new AtomicInteger();
        ResiliencePolicy p = ResiliencePolicy.custom().maxAttempts(3).attemptTimeout(Duration.ofMillis(50))
                .retryOn(t -> !(t instanceof IOException)).initialBackoff(Duration.ofMillis(1))
                .maxBackoff(Duration.ofMillis(5)).build();
        assertThatThrownBy(() -> p.callChecked("charge", timeoutThenCleanFailure(calls, new IOException("declined"))))
                .isInstanceOfSatisfying(OutcomeUnknownException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(2);
                    assertThat(e.failures().get(0)).isInstanceOf(CallTimeoutException.class);
                    assertThat(e.failures().get(1)).isInstanceOf(IOException.class).hasMessage("declined");
                    assertThat(e.timedOut()).isTrue();
                });
    }

    @Test
    void callChecked_onlyCleanFailures_areNotUnknown() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> fast(3).callChecked("op", () -> {
            calls.incrementAndGet();
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "down " + calls.get());
        })).isInstanceOf(BackendException.class).isNotInstanceOf(OutcomeUnknownException.class).hasMessage("down 3");
    }

    @Test
    void callChecked_singleTimedOutAttempt_isOutcomeUnknown() {
        ResiliencePolicy p = ResiliencePolicy.custom().maxAttempts(1).attemptTimeout(Duration.ofMillis(50)).build();
        assertThatThrownBy(() -> p.callChecked("slow.op", () -> {
            new CountDownLatch(1).await();
            return null;
        })).isInstanceOf(OutcomeUnknownException.class).hasMessageContaining("slow.op timed out after 50 ms")
                .hasCauseInstanceOf(CallTimeoutException.class);
    }
}
