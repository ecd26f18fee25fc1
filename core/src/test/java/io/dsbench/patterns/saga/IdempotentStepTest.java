package io.dsbench.patterns.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The attempt markers of {@link IdempotentStep}: clean failures may be retried, unknown outcomes never are. */
class IdempotentStepTest {
    private final IdempotencyStore idem = new TinyBackend().idempotency(
            new IdempotencyConfig("idem", Duration.ofHours(1), Duration.ofMinutes(5)));
    private final AtomicInteger applied = new AtomicInteger();
    private final AtomicInteger undone = new AtomicInteger();

    private static StepContext ctx(StepContext.Phase phase) {
        return new StepContext("s1", "order", 0, "charge", phase, Map.of());
    }

    @Test
    void cleanFailure_isRetried_andRunsOnce() throws Exception {
        AtomicInteger deliveries = new AtomicInteger();
        SagaStep step = IdempotentStep.of(idem, SagaStep.of("charge", c -> {
            if (deliveries.incrementAndGet() <= 2) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "refused before sending");
            }
            applied.incrementAndGet();
        }, c -> undone.incrementAndGet()));
        assertThatThrownBy(() -> step.execute(ctx(StepContext.Phase.EXECUTE))).hasMessageContaining("refused");
        assertThatThrownBy(() -> step.execute(ctx(StepContext.Phase.EXECUTE))).hasMessageContaining("refused");
        step.execute(ctx(StepContext.Phase.EXECUTE));
        step.execute(ctx(StepContext.Phase.EXECUTE));
        assertThat(deliveries).hasValue(3);
        assertThat(applied).hasValue(1);
    }

    @Test
    void compensationAfterOnlyCleanFailures_cancelsWithoutUndo_andBlocksLateDelivery() throws Exception {
        SagaStep step = IdempotentStep.of(idem, SagaStep.of("charge", c -> {
            throw new IllegalStateException("declined");
        }, c -> undone.incrementAndGet()));
        assertThatThrownBy(() -> step.execute(ctx(StepContext.Phase.EXECUTE))).hasMessage("declined");
        step.compensate(ctx(StepContext.Phase.COMPENSATE));
        assertThat(undone).as("nothing to undo: the only attempt failed cleanly").hasValue(0);
        assertThatThrownBy(() -> step.execute(ctx(StepContext.Phase.EXECUTE)))
                .hasMessageContaining("compensated before it ran");
    }

    @Test
    void unknownOutcome_isNotRunAgain_andRedeliveryReportsMayHaveTakenEffect() throws Exception {
        AtomicInteger deliveries = new AtomicInteger();
        SagaStep step = IdempotentStep.of(idem, SagaStep.of("charge", c -> {
            deliveries.incrementAndGet();
            applied.incrementAndGet();
            throw new BackendException(BackendException.Kind.TIMEOUT, true, "reply lost");
        }, c -> undone.incrementAndGet()));
        assertThatThrownBy(() -> step.execute(ctx(StepContext.Phase.EXECUTE))).hasMessage("reply lost");
        assertThatThrownBy(() -> step.execute(ctx(StepContext.Phase.EXECUTE)))
                .isInstanceOfSatisfying(BackendException.class, e -> assertThat(e.mayHaveTakenEffect()).isTrue());
        assertThat(deliveries).hasValue(1);
        step.compensate(ctx(StepContext.Phase.COMPENSATE));
        assertThat(undone).hasValue(1);
    }
}
