package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.DurableLogVerification;
import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LOG-4's restart hook can fail. The planted bugs of every other rule are the kit's negative controls
 * ({@code io.dsbench.conformance.controls.NegativeControls}, run by {@code controls.NegativeControlsTest}).
 */
class KitCatchesBrokenBackendsTest {
    private Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    /** LOG-4 through the reopenBackend hook: passes when data survives, fails when the reopened backend is empty. */
    @Test
    void log4_reopenHook_passesWhenDataSurvives_andCatchesALogThatForgets() {
        // "durable": every reopen hands out a new wrapper over the same underlying data
        DurableLogVerification durable = new DurableLogVerification() {
            {
                backend = new ForwardingBackend(real, "inmemory");
            }

            @Override
            protected Backend openBackend() {
                return new ForwardingBackend(real, "inmemory");
            }

            @Override
            protected void closeBackend(Backend b) {
                // the data outlives the wrapper, as it outlives a server restart
            }
        };
        durable.optional_LOG4_recordsSurviveReopen();

        // forgetful: a reopen starts from nothing
        Backend[] opened = {real};
        DurableLogVerification forgetful = new DurableLogVerification() {
            {
                backend = real;
            }

            @Override
            protected Backend openBackend() {
                opened[0] = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
                return opened[0];
            }
        };
        try {
            assertThatThrownBy(forgetful::optional_LOG4_recordsSurviveReopen).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("LOG-4");
        } finally {
            opened[0].close();
        }

        // a hook that returns the same instance proves nothing and is refused (a backend without faults(): with
        // faults, LOG-4 restarts in place instead of reopening)
        Backend same = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
        Backend sameWithoutFaults = new DelegatingBackend(same);
        DurableLogVerification noReopen = new DurableLogVerification() {
            {
                backend = sameWithoutFaults;
            }

            @Override
            protected Backend openBackend() {
                return sameWithoutFaults;
            }

            @Override
            protected Backend reopenBackend(Backend current) {
                return current;
            }
        };
        try {
            assertThatThrownBy(noReopen::optional_LOG4_recordsSurviveReopen).isInstanceOf(AssertionError.class)
                    .hasMessageContaining("new Backend instance");
        } finally {
            same.close();
        }
    }

}
