package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Inmemory specifics: discovery by name, sharing and isolation of instances, the sweeper, watches. */
class InMemoryBackendTest {

    @Test
    void provider_isFoundByName_andDeclaresItsCapabilities() {
        assertThat(Backends.provider("inmemory")).isInstanceOf(InMemoryBackendProvider.class);
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            assertThat(b.capabilities()).containsExactlyInAnyOrder(Capability.LINEARIZABLE_KV,
                    Capability.LINEARIZABLE_LOCKS, Capability.LINEARIZABLE_IDEMPOTENCY, Capability.WATCH,
                    Capability.FAULTS);
            assertThat(b.capabilities()).doesNotContain(Capability.DURABLE);
            assertThat(b.timing().ttlTolerance()).as("the sweep interval: watch EXPIRED events may be that late")
                    .isEqualTo(Duration.ofMillis(50));
            assertThat(b.timing().minTtl()).isEqualTo(Duration.ofMillis(1));
            assertThat(b.describe()).startsWith("inmemory");
        }
        assertThatThrownBy(() -> Backends.provider("nosuch")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("inmemory");
    }

    @Test
    void twoBackendInstances_shareNothing_butOneInstanceSharesByNamespace() {
        try (Backend a = Backends.open(BackendConfig.managed("inmemory"));
                Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            a.keyValue("ns").put("k", "v".getBytes(StandardCharsets.UTF_8));
            assertThat(b.keyValue("ns").get("k")).isEmpty();
            assertThat(a.keyValue("ns").get("k")).isPresent();
        }
    }

    @Test
    void versions_areOneCounterPerNamespace() {
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            KeyValueStore kv = b.keyValue("ns");
            long v1 = kv.put("a", new byte[0]);
            long v2 = kv.put("b", new byte[0]);
            assertThat(v2).isEqualTo(v1 + 1);
            assertThat(b.keyValue("other").put("a", new byte[0])).isEqualTo(1);
        }
    }

    @Test
    void sweeper_emitsExpiredEvents_withoutAnyAccess() {
        FakeTicker ticker = new FakeTicker();
        try (Backend b = new InMemoryBackendProvider().open(BackendConfig.builder("inmemory").ticker(ticker)
                .option("sweepIntervalMillis", "5").build())) {
            ServiceRegistry reg = b.registry(RegistryConfig.of("ns"));
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            reg.watch("svc", events::add);
            reg.register(ServiceInstance.of("svc", "a", "127.0.0.1", 1), Duration.ofSeconds(30));
            ticker.advance(Duration.ofSeconds(30));
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> events.size() == 2);
            assertThat(events).extracting(RegistryEvent::type)
                    .containsExactly(RegistryEvent.Type.ADDED, RegistryEvent.Type.EXPIRED);
        }
    }

    @Test
    void throwingListener_doesNotStopOtherWatches() {
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            ServiceRegistry reg = b.registry(RegistryConfig.of("ns"));
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            reg.watch("svc", e -> {
                throw new IllegalStateException("listener bug (expected in this test)");
            });
            reg.watch("svc", events::add);
            reg.register(ServiceInstance.of("svc", "a", "127.0.0.1", 1), Duration.ofMinutes(1));
            reg.register(ServiceInstance.of("svc", "b", "127.0.0.1", 2), Duration.ofMinutes(1));
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> events.size() == 2);
        }
    }

    @Test
    void closingARegistryClient_endsItsWatches_andLeavesRegistrations() throws Exception {
        try (Backend b = Backends.open(BackendConfig.managed("inmemory"))) {
            ServiceRegistry owner = b.registry(RegistryConfig.of("ns"));
            ServiceRegistry observer = b.registry(RegistryConfig.of("ns"));
            List<RegistryEvent> ownerEvents = new CopyOnWriteArrayList<>();
            List<RegistryEvent> observerEvents = new CopyOnWriteArrayList<>();
            owner.watch("svc", ownerEvents::add);
            observer.watch("svc", observerEvents::add);
            owner.register(ServiceInstance.of("svc", "a", "127.0.0.1", 1), Duration.ofMinutes(1));
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> ownerEvents.size() == 1);
            owner.close();
            assertThatThrownBy(() -> owner.discover("svc")).isInstanceOf(IllegalStateException.class);
            assertThat(observer.discover("svc")).hasSize(1);
            observer.deregister("svc", "a");
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> observerEvents.size() == 2);
            assertThat(ownerEvents).hasSize(1);
        }
    }
}
