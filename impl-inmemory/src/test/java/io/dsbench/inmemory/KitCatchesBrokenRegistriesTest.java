package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.RegistryVerification;
import io.dsbench.conformance.controls.Forwarding;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Planted-bug controls for the registry rules on TTL semantics (REG-14, REG-15) and watch completeness
 * (REG-16): each wraps the inmemory registry with one realistic defect and checks that the rule reports it.
 */
class KitCatchesBrokenRegistriesTest {
    private final Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    private RegistryVerification kitOver(Function<ServiceRegistry, ServiceRegistry> plant) {
        Backend broken = new DelegatingBackend(real) {
            @Override
            public ServiceRegistry registry(RegistryConfig config) {
                return plant.apply(delegate.registry(config));
            }
        };
        return new RegistryVerification() {
            {
                backend = broken;
            }

            @Override
            protected Backend openBackend() {
                return broken;
            }
        };
    }

    /** Deadlines as the broken wrappers track them: id -> (TTL, deadline in nanos). */
    private record Deadline(ServiceInstance instance, Duration ttl, long at) {
        Duration left() {
            return Duration.ofNanos(Math.max(1_000_000, at - System.nanoTime()));
        }
    }

    /** A heartbeat that answers true but leaves the deadline where register put it. */
    @Test
    void reg14_catchesHeartbeatThatDoesNotExtend() {
        RegistryVerification kit = kitOver(r -> new Forwarding.Registry(r) {
            @Override
            public boolean heartbeat(String service, String instanceId) {
                return r.discover(service).stream().anyMatch(i -> i.id().equals(instanceId));
            }
        });
        assertThatThrownBy(kit::required_REG14_heartbeatResetsDeadline).isInstanceOf(AssertionError.class)
                .hasMessageContaining("REG-14").hasMessageNotContaining("could not keep its own timing");
    }

    /** A heartbeat that adds a TTL to the old deadline (deadline += TTL) instead of restarting it from now. */
    @Test
    void reg14_catchesHeartbeatThatAddsToTheOldDeadline() {
        Map<String, Deadline> deadlines = new ConcurrentHashMap<>();
        RegistryVerification kit = kitOver(r -> new Forwarding.Registry(r) {
            @Override
            public void register(ServiceInstance instance, Duration ttl) {
                deadlines.put(instance.id(), new Deadline(instance, ttl, System.nanoTime() + ttl.toNanos()));
                r.register(instance, ttl);
            }

            @Override
            public boolean heartbeat(String service, String instanceId) {
                Deadline d = deadlines.get(instanceId);
                if (d == null || !r.heartbeat(service, instanceId)) {
                    return false;
                }
                Deadline later = new Deadline(d.instance(), d.ttl(), d.at() + d.ttl().toNanos());
                deadlines.put(instanceId, later);
                r.register(d.instance(), later.left());
                return true;
            }
        });
        assertThatThrownBy(kit::required_REG14_heartbeatResetsDeadline).isInstanceOf(AssertionError.class)
                .hasMessageContaining("REG-14").hasMessageContaining("still present");
    }

    /** A second register that updates the fields but keeps the deadline of the first one. */
    @Test
    void reg15_catchesReRegisterThatKeepsTheOldDeadline() {
        Map<String, Deadline> deadlines = new ConcurrentHashMap<>();
        RegistryVerification kit = kitOver(r -> new Forwarding.Registry(r) {
            @Override
            public void register(ServiceInstance instance, Duration ttl) {
                Deadline old = deadlines.get(instance.id());
                if (old != null && old.at() - System.nanoTime() > 0) {
                    r.register(instance, old.left());
                    return;
                }
                deadlines.put(instance.id(), new Deadline(instance, ttl, System.nanoTime() + ttl.toNanos()));
                r.register(instance, ttl);
            }
        });
        assertThatThrownBy(kit::required_REG15_reRegisterResetsDeadline).isInstanceOf(AssertionError.class)
                .hasMessageContaining("REG-15").hasMessageNotContaining("could not keep its own timing");
    }

    /**
     * A watch with a bounded queue in front of its listener that drops events when the queue is full, without
     * telling the listener (what a trimmed stream or a swallowed compaction error does).
     */
    @Test
    void reg16_catchesWatchThatDropsEventsSilently() {
        RegistryVerification kit = kitOver(r -> new Forwarding.Registry(r) {
            @Override
            public Watch watch(String service, Consumer<RegistryEvent> listener) {
                java.util.concurrent.BlockingQueue<RegistryEvent> queue = new java.util.concurrent.ArrayBlockingQueue<>(32);
                Thread pump = new Thread(() -> {
                    try {
                        while (true) {
                            listener.accept(queue.take());
                        }
                    } catch (InterruptedException e) {
                        // closed
                    }
                }, "silently-dropping-watch");
                pump.setDaemon(true);
                pump.start();
                Watch w = r.watch(service, queue::offer);
                return () -> {
                    w.close();
                    pump.interrupt();
                };
            }
        });
        assertThatThrownBy(kit::optional_REG16_laggingWatchNeverSkipsSilently).isInstanceOf(AssertionError.class)
                .hasMessageContaining("REG-16: events delivered to a watch that fell behind")
                .hasMessageContaining("0 RESET");
    }
}
