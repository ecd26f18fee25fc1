package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.SagaChoreographyVerification;
import io.dsbench.conformance.controls.Forwarding;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.saga.choreography.ChoreoEvent;
import io.dsbench.patterns.saga.choreography.ChoreographyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

/**
 * Negative controls of the SAGA-C rules for defects of the pattern itself (the backend defects are in
 * {@code NegativeControls}): each test plants one known mistake of a choreographed saga through the kit's hooks and
 * checks that the rule fails on it, by an assertion naming the rule (unplanted, the same rules pass in
 * {@code InMemoryKitTest}).
 */
class SagaChoreographyKitCatchesBugsTest {
    private static final TestReporter QUIET = entries -> { };
    private final Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    /** The kit over the in-memory backend, with hooks to plant a defect. */
    private class Kit extends SagaChoreographyVerification {
        boolean notIdempotent;
        ChoreographyConfig.Delivery delivery = ChoreographyConfig.Delivery.AT_LEAST_ONCE;
        UnaryOperator<DurableLog> log = UnaryOperator.identity();

        {
            backend = real;
        }

        @Override
        protected Backend openBackend() {
            return real;
        }

        @Override
        protected SagaStep idempotent(IdempotencyStore idem, SagaStep step) {
            return notIdempotent ? step : super.idempotent(idem, step);
        }

        @Override
        protected DurableLog eventLog(DurableLog l) {
            return log.apply(l);
        }

        @Override
        protected ChoreographyConfig choreographyConfig() {
            return super.choreographyConfig().withDelivery(delivery);
        }
    }

    /** A consumer that commits its position when it reads an event, before handling it: a crash loses the event. */
    @Test
    void sagaC1_catchesACommitBeforeHandling() {
        Kit kit = new Kit();
        kit.delivery = ChoreographyConfig.Delivery.AT_MOST_ONCE;
        assertThatThrownBy(() -> kit.required_SAGAC1_allOrNothingDespiteFailuresAndCrashes(QUIET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SAGA-C1")
                .hasMessageContaining("not every saga settled");
    }

    /** Services whose steps are not idempotent: a redelivered trigger applies the effect again. */
    @Test
    void sagaC1_catchesAHandlerThatIsNotIdempotent() {
        Kit kit = new Kit();
        kit.notIdempotent = true;
        assertThatThrownBy(() -> kit.required_SAGAC1_allOrNothingDespiteFailuresAndCrashes(QUIET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SAGA-C1");
    }

    /** The same under SAGA-C2's duplicate consumers and replay. */
    @Test
    void sagaC2_catchesAHandlerThatIsNotIdempotent() {
        Kit kit = new Kit();
        kit.notIdempotent = true;
        assertThatThrownBy(() -> kit.required_SAGAC2_compensationsExactlyOnceDespiteRedelivery(QUIET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SAGA-C2");
    }

    /** A service that compensates but never publishes COMPENSATED: the steps before it keep their effects. */
    @Test
    void sagaC1_catchesADroppedCompensationEvent() {
        Kit kit = new Kit();
        kit.log = l -> new Forwarding.Log(l) {
            @Override
            public boolean appendAt(long sequence, byte[] payload) {
                return ChoreoEvent.decode(payload).kind() == ChoreoEvent.Kind.COMPENSATED || d.appendAt(sequence, payload);
            }
        };
        assertThatThrownBy(() -> kit.required_SAGAC1_allOrNothingDespiteFailuresAndCrashes(QUIET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SAGA-C1")
                .hasMessageContaining("not every saga settled");
    }

    /** A publisher that writes each event twice (a retry without the at-most-once fence): more messages than designed. */
    @Test
    void sagaC4_catchesAFactPublishedTwice() {
        Kit kit = new Kit();
        kit.log = l -> new Forwarding.Log(l) {
            @Override
            public boolean appendAt(long sequence, byte[] payload) {
                boolean ok = d.appendAt(sequence, payload);
                if (ok) {
                    d.append(payload);
                }
                return ok;
            }
        };
        assertThatThrownBy(() -> kit.required_SAGAC4_comparedWithOrchestration(QUIET))
                .isInstanceOf(AssertionError.class).hasMessageContaining("SAGA-C4")
                .hasMessageContaining("choreography events");
    }
}
