package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.DurableLogVerification;
import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.conformance.IdempotencyVerification;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyRecord;
import io.dsbench.spec.idempotency.IdempotencyStore;
import java.util.Map;
import java.util.Optional;
import io.dsbench.conformance.SagaVerification;
import io.dsbench.conformance.controls.Forwarding;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * LOG-4's restart hook, IDEM-14, LOG-8 and SAGA-7 can fail. The planted bugs of every other rule are the kit's negative controls
 * ({@code io.dsbench.conformance.controls.NegativeControls}, run by {@code controls.NegativeControlsTest}).
 */
class KitCatchesBrokenBackendsTest {
    private Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    /**
     * A store whose complete overwrites the key's fingerprint with the one the Claim carries (what inmemory
     * and etcd did): afterwards the original request is MISMATCH and the other one replays the result.
     */
    @Test
    void idem14_catchesCompleteThatOverwritesTheFingerprint() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public IdempotencyStore idempotency(IdempotencyConfig config) {
                IdempotencyStore s = delegate.idempotency(config);
                Map<String, String> overwritten = new java.util.concurrent.ConcurrentHashMap<>();
                return new Forwarding.Idempotency(s) {
                    @Override
                    public ClaimResult claim(String key, String fingerprint) {
                        String stored = overwritten.get(key);
                        if (stored == null) {
                            return s.claim(key, fingerprint);
                        }
                        return stored.equals(fingerprint)
                                ? s.claim(key, s.lookup(key).map(IdempotencyRecord::fingerprint).orElse(fingerprint))
                                : ClaimResult.mismatch();
                    }

                    @Override
                    public boolean complete(Claim claim, byte[] result) {
                        boolean done = s.complete(claim, result);
                        if (done) {
                            overwritten.put(claim.key(), claim.fingerprint());
                        }
                        return done;
                    }

                    @Override
                    public Optional<IdempotencyRecord> lookup(String key) {
                        String stored = overwritten.get(key);
                        return s.lookup(key).map(r -> stored == null ? r
                                : new IdempotencyRecord(r.key(), stored, r.completed(), r.result()));
                    }
                };
            }
        };
        IdempotencyVerification kit = new IdempotencyVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(kit::required_IDEM14_completeKeepsClaimedFingerprint).isInstanceOf(AssertionError.class)
                .hasMessageContaining("IDEM-14");
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

    /**
     * Two broken conditional appends: one that ignores the expected position (always appends), and the read
     * followed by an append (not atomic: concurrent callers all see the same last sequence; the planted pause
     * only widens the window that exists anyway).
     */
    @Test
    void log8_catchesConditionalAppendThatIsNotConditionalOrNotAtomic() {
        for (boolean checkThenAppend : new boolean[] {false, true}) {
            Backend broken = new DelegatingBackend(real) {
                @Override
                public DurableLog log(String name) {
                    return new NonAtomicAppendAt(delegate.log(name), checkThenAppend);
                }
            };
            DurableLogVerification kit = new DurableLogVerification() {
                {
                    backend = broken;
                }

                @Override
                protected Backend openBackend() {
                    return broken;
                }
            };
            assertThatThrownBy(kit::required_LOG8_conditionalAppendHasOneWinner).as("check then append: %s", checkThenAppend)
                    .isInstanceOf(AssertionError.class).hasMessageContaining("LOG-8");
        }
    }

    /** An idempotency store that acknowledges complete() but forgets the result: a dead step looks never run. */
    @Test
    void saga7_catchesAnIdempotencyStoreThatForgetsResults() {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public IdempotencyStore idempotency(IdempotencyConfig config) {
                return new Forwarding.Idempotency(delegate.idempotency(config)) {
                    @Override
                    public boolean complete(Claim claim, byte[] result) {
                        return d.release(claim);
                    }
                };
            }
        };
        SagaVerification saga = new SagaVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
        assertThatThrownBy(saga::required_SAGA7_expiredClaimIsUnknownOutcomeNotNeverRan)
                .isInstanceOf(AssertionError.class).hasMessageContaining("SAGA-7");
    }

    /** {@link DurableLog#appendAt} done wrong: unconditional, or a check and an append as two steps. */
    static final class NonAtomicAppendAt extends Forwarding.Log {
        private final boolean checkThenAppend;

        NonAtomicAppendAt(DurableLog d, boolean checkThenAppend) {
            super(d);
            this.checkThenAppend = checkThenAppend;
        }

        @Override
        public boolean appendAt(long sequence, byte[] payload) {
            if (sequence < 1) {
                throw new IllegalArgumentException("sequence = " + sequence + " is out of range (legal range: >= 1)");
            }
            if (!checkThenAppend) {
                d.append(payload);
                return true;
            }
            if (d.lastSequence() != sequence - 1) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            d.append(payload);
            return true;
        }

    }

}
