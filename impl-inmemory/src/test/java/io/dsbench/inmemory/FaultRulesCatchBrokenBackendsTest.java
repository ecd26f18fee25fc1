package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.FaultVerification;
import io.dsbench.conformance.controls.Forwarding;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The FAULT rules can fail: each test plants one realistic fault-handling bug in the in-memory backend (a claim of
 * DURABLE that a restart disproves, counters that restart at 1, a promoted replica that forgot the counters, a failover
 * that drops leases, client-side expiry, a watch that dies with its connection) and checks the rule reports it; the
 * controls show the same rule passing when the planted behaviour is correct.
 */
class FaultRulesCatchBrokenBackendsTest {
    private final InMemoryBackend real = (InMemoryBackend) new InMemoryBackendProvider()
            .open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    /** Forwards to the real in-memory faults; tests override what they break. */
    private class ForwardingFaults implements Faults {
        final Faults delegate = real.faults().orElseThrow();

        @Override
        public List<Member> members() {
            return delegate.members();
        }

        @Override
        public void kill(String member) {
            delegate.kill(member);
        }

        @Override
        public void start(String member, Duration max) {
            delegate.start(member, max);
        }

        @Override
        public void pause(String member) {
            delegate.pause(member);
        }

        @Override
        public void resume(String member) {
            delegate.resume(member);
        }

        @Override
        public void restartAll(Duration max) {
            delegate.restartAll(max);
        }

        @Override
        public Backend openClient() {
            return delegate.openClient();
        }
    }

    /** A "replicated" in-memory pair: killing the primary promotes a replica; {@code failover} says what it lost. */
    private final class ReplicatedFaults extends ForwardingFaults {
        private final Runnable failover;
        private volatile boolean primaryKilled;

        ReplicatedFaults(Runnable failover) {
            this.failover = failover;
        }

        @Override
        public List<Member> members() {
            return List.of(new Member("p", primaryKilled ? Role.UNKNOWN : Role.PRIMARY,
                            primaryKilled ? State.KILLED : State.RUNNING, "in-process"),
                    new Member("r", primaryKilled ? Role.PRIMARY : Role.REPLICA, State.RUNNING, "in-process"));
        }

        @Override
        public void kill(String member) {
            primaryKilled = true;
            failover.run();
        }

        @Override
        public void start(String member, Duration max) {
            primaryKilled = false;
        }
    }

    private Backend declaring(Faults faults, Capability... extra) {
        Set<Capability> caps = EnumSet.copyOf(real.capabilities());
        caps.addAll(List.of(extra));
        return new DelegatingBackend(real) {
            @Override
            public Set<Capability> capabilities() {
                return caps;
            }

            @Override
            public Optional<Faults> faults() {
                return Optional.of(faults);
            }

            @Override
            public ServiceRegistry registry(RegistryConfig config) {
                ServiceRegistry r = delegate.registry(config);
                return faults instanceof CuttingFaults c ? c.cutOnFault(r) : r;
            }
        };
    }

    private static FaultVerification kit(Backend b) {
        return new FaultVerification() {
            {
                backend = b;
            }

            @Override
            protected Backend openBackend() {
                return b;
            }

            @Override
            protected Duration recoveryBound() {
                return Duration.ofSeconds(3);
            }
        };
    }

    @Test
    void fault1_catchesADurableClaimThatARestartDisproves() {
        FaultVerification kit = kit(declaring(new ForwardingFaults(), Capability.DURABLE));
        assertThatThrownBy(kit::optional_FAULT1_acknowledgedWritesSurviveRestart).isInstanceOf(AssertionError.class)
                .hasMessageContaining("FAULT-1").hasMessageContaining("written before the restart");
    }

    @Test
    void fault1_control_passesWhenTheRestartKeepsTheData() {
        Faults keeps = new ForwardingFaults() {
            @Override
            public void restartAll(Duration max) {
                // a durable server: the crash loses nothing
            }
        };
        assertThatCode(kit(declaring(keeps, Capability.DURABLE))::optional_FAULT1_acknowledgedWritesSurviveRestart)
                .doesNotThrowAnyException();
    }

    @Test
    void log4_throughFaults_catchesADurableClaimThatARestartDisproves_andPassesWhenDataIsKept() {
        Faults keeps = new ForwardingFaults() {
            @Override
            public void restartAll(Duration max) {
                // a durable server: the crash loses nothing
            }
        };
        assertThatThrownBy(logKit(declaring(new ForwardingFaults(), Capability.DURABLE))::optional_LOG4_recordsSurviveReopen)
                .isInstanceOf(AssertionError.class).hasMessageContaining("LOG-4");
        assertThatCode(logKit(declaring(keeps, Capability.DURABLE))::optional_LOG4_recordsSurviveReopen)
                .doesNotThrowAnyException();
    }

    private static io.dsbench.conformance.DurableLogVerification logKit(Backend b) {
        return new io.dsbench.conformance.DurableLogVerification() {
            {
                backend = b;
            }

            @Override
            protected Backend openBackend() {
                return b;
            }

            @Override
            protected Backend reopenBackend(Backend current) {
                throw new AssertionError("LOG-4 must restart through faults(), not reopen");
            }
        };
    }

    @Test
    void fault2_catchesCountersThatRestartAtOne() {
        Faults resets = new ForwardingFaults() {
            @Override
            public void restartAll(Duration max) {
                real.crash(false); // INCR counters kept only in memory
            }
        };
        FaultVerification kit = kit(declaring(resets));
        assertThatThrownBy(kit::optional_FAULT2_tokensAndVersionsNeverGoBackAcrossRestart)
                .isInstanceOf(AssertionError.class).hasMessageContaining("FAULT-2").hasMessageContaining("fencing token");
    }

    @Test
    void fault3_catchesAPromotedReplicaThatRepeatsTokens() {
        FaultVerification kit = kit(declaring(new ReplicatedFaults(() -> real.crash(false)), Capability.REPLICATED));
        assertThatThrownBy(kit::optional_FAULT3_failoverKeepsTokensAndWrites).isInstanceOf(AssertionError.class)
                .hasMessageContaining("FAULT-3").hasMessageContaining("after killing PRIMARY p");
    }

    @Test
    void fault4_catchesALeaseDroppedByTheLeaderChange() {
        FaultVerification kit = kit(declaring(new ReplicatedFaults(() -> real.crash(true)), Capability.REPLICATED,
                Capability.SERVER_SIDE_EXPIRY));
        assertThatThrownBy(kit::optional_FAULT4_leaseWithinToleranceAcrossLeaderChange)
                .isInstanceOf(AssertionError.class).hasMessageContaining("FAULT-4: the lock was free");
    }

    @Test
    void fault4_control_passesWhenTheLeaseSurvivesTheLeaderChange() {
        FaultVerification kit = kit(declaring(new ReplicatedFaults(() -> { }), Capability.REPLICATED,
                Capability.SERVER_SIDE_EXPIRY));
        assertThatCode(kit::optional_FAULT4_leaseWithinToleranceAcrossLeaderChange).doesNotThrowAnyException();
    }

    /** A client whose leases and TTLs are enforced by its own timers: gone with the client. */
    private final class ClientSideExpiryClient extends DelegatingBackend {
        private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();

        ClientSideExpiryClient() {
            super(real);
        }

        @Override
        public LockService locks(LockConfig config) {
            LockService forever = delegate.locks(new LockConfig(config.namespace(), Duration.ofHours(1)));
            return new LockService() {
                @Override
                public LockConfig config() {
                    return config;
                }

                @Override
                public Optional<LockGrant> tryAcquire(String name) {
                    Optional<LockGrant> g = forever.tryAcquire(name);
                    g.ifPresent(grant -> timers.schedule(() -> forever.release(grant), config.lease().toMillis(),
                            TimeUnit.MILLISECONDS));
                    return g;
                }

                @Override
                public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
                    return forever.acquire(name, maxWait);
                }

                @Override
                public boolean release(LockGrant grant) {
                    return forever.release(grant);
                }

                @Override
                public boolean renew(LockGrant grant) {
                    return forever.renew(grant);
                }
            };
        }

        @Override
        public ServiceRegistry registry(RegistryConfig config) {
            ServiceRegistry r = delegate.registry(config);
            return new Forwarding.Registry(r) {
                @Override
                public void register(ServiceInstance instance, Duration ttl) {
                    r.register(instance, Duration.ofHours(1));
                    timers.schedule(() -> r.deregister(instance.service(), instance.id()), ttl.toMillis(),
                            TimeUnit.MILLISECONDS);
                }

                @Override
                public void close() {
                    // the shared registry stays open; timers end with the client
                }
            };
        }

        @Override
        public void close() {
            timers.shutdownNow();
        }
    }

    @Test
    void fault5_catchesClientSideExpiry() {
        Faults clientSide = new ForwardingFaults() {
            @Override
            public Backend openClient() {
                return new ClientSideExpiryClient();
            }
        };
        FaultVerification kit = kit(declaring(clientSide, Capability.SERVER_SIDE_EXPIRY));
        assertThatThrownBy(kit::optional_FAULT5_expiryWhenTheClientIsGone).isInstanceOf(AssertionError.class)
                .hasMessageContaining("FAULT-5").hasMessageContaining("still present");
    }

    @Test
    void fault5_control_passesWithServerSideExpiry() {
        FaultVerification kit = kit(declaring(new ForwardingFaults(), Capability.SERVER_SIDE_EXPIRY));
        assertThatCode(kit::optional_FAULT5_expiryWhenTheClientIsGone).doesNotThrowAnyException();
    }

    /**
     * Faults after which every watch stops delivering (a stream that died with its connection and never reconnects).
     * {@code onPause}: cut by a pause; else cut by a restart (which keeps the data: declared DURABLE).
     */
    private final class CuttingFaults extends ForwardingFaults {
        private final AtomicBoolean cut = new AtomicBoolean();
        private final boolean onPause;

        CuttingFaults(boolean onPause) {
            this.onPause = onPause;
        }

        @Override
        public void pause(String member) {
            if (onPause) {
                cut.set(true);
            }
            super.pause(member);
        }

        @Override
        public void restartAll(Duration max) {
            if (!onPause) {
                cut.set(true); // the data is kept; only the watch connections break
            } else {
                super.restartAll(max);
            }
        }

        ServiceRegistry cutOnFault(ServiceRegistry r) {
            return new Forwarding.Registry(r) {
                @Override
                public Watch watch(String service, Consumer<RegistryEvent> listener) {
                    return r.watch(service, e -> {
                        if (!cut.get()) {
                            listener.accept(e);
                        }
                    });
                }
            };
        }
    }

    @Test
    void fault6_catchesAWatchThatDiesWhenTheServerPauses() {
        FaultVerification kit = kit(declaring(new CuttingFaults(true)));
        assertThatThrownBy(kit::optional_FAULT6_watchSurvivesPausedServer).isInstanceOf(AssertionError.class)
                .hasMessageContaining("FAULT-6").hasMessageContaining("never became equal");
    }

    @Test
    void fault7_catchesAWatchThatDiesWithItsConnection() {
        FaultVerification kit = kit(declaring(new CuttingFaults(false), Capability.DURABLE));
        assertThatThrownBy(kit::optional_FAULT7_watchSurvivesRestart).isInstanceOf(AssertionError.class)
                .hasMessageContaining("FAULT-7").hasMessageContaining("never became equal");
    }
}
