package io.dsbench.patterns.discovery;

import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** Unit tests of the client's cache bound and balancers, on a clock the test moves. */
class DiscoveryClientTest {
    /** A registry without TTLs that counts discover calls and can push watch events. */
    static final class ListRegistry implements ServiceRegistry {
        final Map<String, ServiceInstance> instances = new ConcurrentHashMap<>();
        final AtomicInteger discovers = new AtomicInteger();
        final List<Consumer<RegistryEvent>> listeners = new ArrayList<>();

        @Override
        public void register(ServiceInstance instance, Duration ttl) {
            instances.put(instance.id(), instance);
        }

        @Override
        public boolean heartbeat(String service, String instanceId) {
            return instances.containsKey(instanceId);
        }

        @Override
        public boolean deregister(String service, String instanceId) {
            return instances.remove(instanceId) != null;
        }

        @Override
        public List<ServiceInstance> discover(String service) {
            discovers.incrementAndGet();
            List<ServiceInstance> out = new ArrayList<>(instances.values());
            out.sort(Comparator.comparing(ServiceInstance::id));
            return out;
        }

        @Override
        public Watch watch(String service, Consumer<RegistryEvent> listener) {
            listeners.add(listener);
            return () -> listeners.remove(listener);
        }

        void emit(RegistryEvent e) {
            listeners.forEach(l -> l.accept(e));
        }

        @Override
        public void close() {
        }
    }

    private static ServiceInstance inst(String id) {
        return ServiceInstance.of("svc", id, "127.0.0.1", 1);
    }

    @Test
    void cache_neverServesAListOlderThanTheBound() {
        ListRegistry reg = new ListRegistry();
        reg.register(inst("a"), Duration.ofSeconds(1));
        AtomicLong now = new AtomicLong();
        try (DiscoveryClient client = DiscoveryClient.builder(reg).cacheFor(Duration.ofMillis(100))
                .ticker(now::get).watchForChanges(false).policy(ResiliencePolicy.none()).build()) {
            assertThat(client.instances("svc")).extracting(ServiceInstance::id).containsExactly("a");
            reg.register(inst("b"), Duration.ofSeconds(1));
            now.set(Duration.ofMillis(99).toNanos());
            assertThat(client.instances("svc")).extracting(ServiceInstance::id).containsExactly("a");
            assertThat(reg.discovers).hasValue(1);
            now.set(Duration.ofMillis(100).toNanos()); // exactly the bound: too old, re-read
            assertThat(client.instances("svc")).extracting(ServiceInstance::id).containsExactly("a", "b");
            assertThat(reg.discovers).hasValue(2);
        }
    }

    @Test
    void cache_evictsOnWatchEventsAndClientDeregistration() {
        ListRegistry reg = new ListRegistry();
        reg.register(inst("a"), Duration.ofSeconds(1));
        reg.register(inst("b"), Duration.ofSeconds(1));
        reg.register(inst("c"), Duration.ofSeconds(1));
        try (DiscoveryClient client = DiscoveryClient.builder(reg).cacheFor(Duration.ofHours(1))
                .policy(ResiliencePolicy.none()).build()) {
            assertThat(client.instances("svc")).hasSize(3);
            reg.emit(new RegistryEvent(RegistryEvent.Type.EXPIRED, inst("b")));
            assertThat(client.instances("svc")).extracting(ServiceInstance::id).containsExactly("a", "c");
            assertThat(client.deregister("svc", "c")).isTrue();
            assertThat(client.instances("svc")).extracting(ServiceInstance::id).containsExactly("a");
            assertThat(reg.discovers).hasValue(1);
        }
        assertThat(reg.listeners).as("close stops the watch").isEmpty();
    }

    @Test
    void powerOfTwoChoices_neverPicksTheMostLoadedWhenAnotherIsLess() {
        LoadBalancer p2c = LoadBalancer.powerOfTwoChoices(5);
        List<ServiceInstance> four = List.of(inst("a"), inst("b"), inst("c"), inst("d"));
        Map<String, Integer> load = Map.of("a", 3, "b", 1, "c", 1, "d", 0);
        int d = 0;
        for (int i = 0; i < 2_000; i++) {
            ServiceInstance chosen = p2c.choose("svc", four, x -> load.get(x.id()));
            assertThat(chosen.id()).isNotEqualTo("a");
            if (chosen.id().equals("d")) {
                d++;
            }
        }
        // d wins every pair it is in: 3 of the 6 pairs, i.e. half of the choices
        assertThat(d).isBetween(850, 1150);
    }

    @Test
    void roundRobin_countsPerService() {
        LoadBalancer rr = LoadBalancer.roundRobin();
        List<ServiceInstance> two = List.of(inst("a"), inst("b"));
        assertThat(rr.choose("x", two, i -> 0).id()).isEqualTo("a");
        assertThat(rr.choose("y", two, i -> 0).id()).isEqualTo("a");
        assertThat(rr.choose("x", two, i -> 0).id()).isEqualTo("b");
    }
}
