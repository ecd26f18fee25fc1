package io.dsbench.conformance;

import io.dsbench.patterns.discovery.DiscoveryClient;
import io.dsbench.patterns.discovery.LoadBalancer;
import io.dsbench.patterns.discovery.NoInstanceAvailableException;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Capability;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Rules DISC-1..DISC-6: the {@link DiscoveryClient} and its {@link LoadBalancer}s over the backend's
 * {@link ServiceRegistry}. Each rule uses a fresh registry namespace and service name.
 *
 * <p>Time-based rules allow the backend's declared {@code ttlTolerance} (plus only the kit's own lateness, as
 * measured by {@link TestEnvironment#kitLateness}), and use TTLs of at least the backend's {@code minTtl}.
 */
public abstract class DiscoveryVerification extends AbstractVerification {

    /** Instances that must outlive any rule. */
    private Duration longLived() {
        Duration d = Duration.ofMinutes(5);
        return d.compareTo(backend.timing().minTtl()) >= 0 ? d : backend.timing().minTtl();
    }

    /** A TTL that runs out during the rule. */
    private Duration expiring() {
        Duration d = env.scaled(Duration.ofMillis(600));
        Duration min = backend.timing().minTtl();
        Duration twiceTol = backend.timing().ttlTolerance().multipliedBy(2);
        d = d.compareTo(min) >= 0 ? d : min;
        return d.compareTo(twiceTol) >= 0 ? d : twiceTol;
    }

    /** The backend's declared tolerance only: the kit discounts its own lateness by measuring it. */
    private Duration discTolerance() {
        return backend.timing().ttlTolerance();
    }

    private ServiceRegistry registry() {
        return backend.registry(RegistryConfig.of(unique("disc")));
    }

    private static List<ServiceInstance> register(ServiceRegistry reg, String service, int count, Duration ttl) {
        List<ServiceInstance> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ServiceInstance inst = ServiceInstance.of(service, "i" + i, "127.0.0.1", 9000 + i);
            reg.register(inst, ttl);
            out.add(inst);
        }
        return out;
    }

    private static List<LoadBalancer> balancers() {
        return List.of(LoadBalancer.roundRobin(), LoadBalancer.random(1), LoadBalancer.powerOfTwoChoices(2));
    }

    /**
     * DISC-1: only healthy instances are ever returned: once an instance was deregistered, or the registry stopped
     * listing it because its TTL ran out, no balancer chooses it again (500 choices each), with and without a
     * client cache when the cache is refreshed after the change.
     *
     * <p>If this fails, check that the client chooses among what the registry lists now, not a stale list.
     */
    @Test
    @ConformanceRule(id = "DISC-1", title = "only healthy instances are ever returned")
    public void required_DISC1_onlyHealthyInstancesReturned() {
        try (ServiceRegistry reg = registry()) {
            String service = unique("svc");
            List<ServiceInstance> live = register(reg, service, 2, longLived());
            ServiceInstance gone = ServiceInstance.of(service, "gone", "127.0.0.1", 9100);
            ServiceInstance expires = ServiceInstance.of(service, "expires", "127.0.0.1", 9101);
            reg.register(gone, longLived());
            reg.register(expires, expiring());
            long registered = System.nanoTime();
            assertThat(reg.deregister(service, gone.id())).isTrue();
            assertWithin("DISC-1: registry expires " + expires.id() + " within TTL + tolerance", registered,
                    expiring().plus(discTolerance()), () -> !reg.discover(service).contains(expires));
            Set<ServiceInstance> healthy = Set.copyOf(live);
            for (LoadBalancer lb : balancers()) {
                try (DiscoveryClient client = DiscoveryClient.builder(reg).loadBalancer(lb).build()) {
                    for (int i = 0; i < 500; i++) {
                        assertThat(client.choose(service)).as(lb.name()).isIn(healthy);
                    }
                    assertThat(client.instances(service)).containsExactlyElementsOf(live);
                }
            }
        }
    }

    /**
     * DISC-2: round robin cycles evenly: over 10,000 choices among 5 instances each gets 20% +- 2% (in fact exactly
     * 2,000); random also spreads within 20% +- 3% (binomial, about 7 standard deviations).
     *
     * <p>If this fails, check the round-robin counter (one per service, advanced atomically).
     */
    @Test
    @ConformanceRule(id = "DISC-2", title = "round robin cycles evenly over the instances")
    public void required_DISC2_roundRobinIsEven() {
        try (ServiceRegistry reg = registry()) {
            String service = unique("svc");
            register(reg, service, 5, longLived());
            for (LoadBalancer lb : List.of(LoadBalancer.roundRobin(), LoadBalancer.random(7))) {
                double tolerance = lb.name().equals("round-robin") ? 0.02 : 0.03;
                try (DiscoveryClient client = DiscoveryClient.builder(reg).loadBalancer(lb)
                        .cacheFor(Duration.ofMinutes(1)).build()) {
                    Map<String, Integer> counts = new HashMap<>();
                    for (int i = 0; i < 10_000; i++) {
                        counts.merge(client.choose(service).id(), 1, Integer::sum);
                    }
                    assertThat(counts).hasSize(5);
                    for (Map.Entry<String, Integer> e : counts.entrySet()) {
                        assertThat(e.getValue() / 10_000.0).as("%s share of %s", lb.name(), e.getKey())
                                .isBetween(0.20 - tolerance, 0.20 + tolerance);
                    }
                    if (lb.name().equals("round-robin")) {
                        assertThat(counts.values()).containsOnly(2_000);
                    }
                }
            }
        }
    }

    /**
     * DISC-3: power-of-two-choices prefers the less loaded instance: with two instances, a request in flight on one
     * sends the next choice to the other; with three instances of which one has requests in flight, that one is
     * never chosen in 300 choices while the other two share them; after the requests finish it is chosen again.
     * Round robin, blind to load, would choose it a third of the time.
     *
     * <p>If this fails, check that the client counts leases in flight and that the balancer compares them.
     */
    @Test
    @ConformanceRule(id = "DISC-3", title = "power-of-two-choices prefers the less loaded instance")
    public void required_DISC3_powerOfTwoChoicesPrefersLessLoaded() {
        try (ServiceRegistry reg = registry()) {
            String pair = unique("pair");
            register(reg, pair, 2, longLived());
            try (DiscoveryClient client = DiscoveryClient.builder(reg)
                    .loadBalancer(LoadBalancer.powerOfTwoChoices(11)).build()) {
                for (int i = 0; i < 50; i++) {
                    try (DiscoveryClient.Lease busy = client.lease(pair)) {
                        assertThat(client.inFlight(busy.instance())).isEqualTo(1);
                        assertThat(client.choose(pair)).isNotEqualTo(busy.instance());
                    }
                }

                String trio = unique("trio");
                register(reg, trio, 3, longLived());
                List<DiscoveryClient.Lease> leases = new ArrayList<>();
                for (int i = 0; i < 9; i++) {
                    leases.add(client.lease(trio));
                }
                ServiceInstance loaded = leases.get(0).instance();
                for (DiscoveryClient.Lease l : leases) {
                    if (!l.instance().equals(loaded)) {
                        l.close();
                    }
                }
                assertThat(client.inFlight(loaded)).isPositive();
                Map<String, Integer> counts = new HashMap<>();
                for (int i = 0; i < 300; i++) {
                    counts.merge(client.choose(trio).id(), 1, Integer::sum);
                }
                assertThat(counts).doesNotContainKey(loaded.id()).hasSize(2);
                assertThat(counts.values()).allSatisfy(n -> assertThat(n).isBetween(100, 200));
                leases.forEach(DiscoveryClient.Lease::close);
                assertThat(client.inFlight(loaded)).isZero();
                boolean chosenAgain = false;
                for (int i = 0; i < 300 && !chosenAgain; i++) {
                    chosenAgain = client.choose(trio).equals(loaded);
                }
                assertThat(chosenAgain).as("idle again, %s is chosen again", loaded.id()).isTrue();
            }
        }
    }

    /**
     * DISC-4: a deregistered or expired instance stops being chosen within its TTL + tolerance: deregistration
     * stops it at once (through the registry for an uncached client, through the client for a cached one); an
     * instance without heartbeats stops being chosen within TTL + tolerance of its registration (plus the cache
     * bound for a cached client) and does not come back.
     *
     * <p>If this fails, check the cache bound (never serve a list older than maxStaleness) and eviction on
     * deregistration.
     */
    @Test
    @ConformanceRule(id = "DISC-4", title = "a deregistered or expired instance stops being chosen within TTL + tolerance")
    public void required_DISC4_removedInstancesStopBeingChosen() {
        try (ServiceRegistry reg = registry()) {
            String service = unique("svc");
            register(reg, service, 2, longLived());
            Duration staleness = env.scaled(Duration.ofMillis(200));
            try (DiscoveryClient plain = DiscoveryClient.of(reg);
                 DiscoveryClient cached = DiscoveryClient.builder(reg).cacheFor(staleness).build()) {
                ServiceInstance dereg = ServiceInstance.of(service, "dereg", "127.0.0.1", 9200);
                reg.register(dereg, longLived());
                assertThat(cached.instances(service)).contains(dereg);
                assertThat(reg.deregister(service, dereg.id())).isTrue();
                long deregistered = System.nanoTime();
                for (int i = 0; i < 100; i++) {
                    assertThat(plain.choose(service)).isNotEqualTo(dereg);
                }
                assertWithin("DISC-4: cached client drops a deregistered instance within maxStaleness", deregistered,
                        staleness, () -> !cached.instances(service).contains(dereg));

                ServiceInstance viaClient = ServiceInstance.of(service, "via-client", "127.0.0.1", 9201);
                reg.register(viaClient, longLived());
                cached.invalidate(service);
                assertThat(cached.instances(service)).contains(viaClient);
                assertThat(cached.deregister(service, viaClient.id())).isTrue();
                assertThat(cached.instances(service)).doesNotContain(viaClient);

                ServiceInstance expiring = ServiceInstance.of(service, "expiring", "127.0.0.1", 9202);
                Duration ttl = expiring();
                reg.register(expiring, ttl);
                long registered = System.nanoTime();
                assertThat(plain.instances(service)).contains(expiring);
                cached.invalidate(service); // a cached list may predate the registration
                assertThat(cached.instances(service)).contains(expiring);
                assertWithin("DISC-4: uncached client stops choosing " + expiring.id() + " within TTL + tolerance",
                        registered, ttl.plus(discTolerance()), () -> !plain.instances(service).contains(expiring));
                assertWithin("DISC-4: cached client stops choosing " + expiring.id()
                        + " within TTL + tolerance + maxStaleness", registered, ttl.plus(discTolerance()).plus(staleness),
                        () -> !cached.instances(service).contains(expiring));
                assertThat(env.holdsFor(staleness.multipliedBy(2), () -> {
                    for (int i = 0; i < 10; i++) {
                        ServiceInstance c1 = plain.choose(service);
                        ServiceInstance c2 = cached.choose(service);
                        if (c1.equals(expiring) || c2.equals(expiring)) {
                            return false;
                        }
                    }
                    return true;
                })).as("expired instance never comes back").isNull();
            }
        }
    }

    /**
     * DISC-5: no instance is a clear error: {@link NoInstanceAvailableException} with the message
     * "no instance available for &lt;service&gt;", for an unknown service and for one whose instances all left;
     * a null or empty service name is an {@link IllegalArgumentException} naming it.
     *
     * <p>If this fails, check the empty-list branch of {@code choose}.
     */
    @Test
    @ConformanceRule(id = "DISC-5", title = "no instance is a clear \"no instance available for <service>\" error")
    public void required_DISC5_noInstanceIsClearError() {
        try (ServiceRegistry reg = registry();
             DiscoveryClient client = DiscoveryClient.builder(reg).policy(ResiliencePolicy.none()).build()) {
            String unknown = unique("unknown");
            assertThatThrownBy(() -> client.choose(unknown)).isInstanceOfSatisfying(NoInstanceAvailableException.class,
                    e -> {
                        assertThat(e.service()).isEqualTo(unknown);
                        assertThat(e.getMessage()).startsWith("no instance available for " + unknown);
                    });
            String service = unique("svc");
            register(reg, service, 1, longLived());
            assertThat(client.choose(service).id()).isEqualTo("i0");
            reg.deregister(service, "i0");
            assertThatThrownBy(() -> client.call(service, i -> i)).isInstanceOf(NoInstanceAvailableException.class)
                    .hasMessageStartingWith("no instance available for " + service);
            assertThatThrownBy(() -> client.choose("")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("service");
        }
    }

    /**
     * DISC-6: a watch eviction that arrives while the caching client is fetching is not undone by the fetch's
     * result. The client's fetch reads the registry (instances i0, i1) and is held there (a {@link HeldFetchRegistry});
     * meanwhile i1 is deregistered and the client's watch processes the removal; then the fetch completes. From then
     * on, within the cache's staleness bound (5 minutes here), the client must never list or choose i1 again.
     *
     * <p>If this fails, check that removals seen during a fetch are applied to the fetched list before it is cached.
     */
    @Test
    @ConformanceRule(id = "DISC-6", title = "a watch eviction during a fetch is not undone by the fetch's result",
            level = ConformanceRule.Level.OPTIONAL, requires = Capability.WATCH)
    public void optional_DISC6_evictionDuringFetchSticks() throws Exception {
        ExecutorService fetcher = Executors.newSingleThreadExecutor();
        try (ServiceRegistry reg = registry()) {
            String service = unique("svc");
            register(reg, service, 2, longLived());
            HeldFetchRegistry held = new HeldFetchRegistry(reg, "i1", env.operationBound());
            try (DiscoveryClient client = cachingClient(held.registry(), Duration.ofMinutes(5))) {
                held.holdNextFetch();
                Future<List<ServiceInstance>> first = fetcher.submit(() -> client.instances(service));
                assertThat(held.awaitFetched()).as("the client's fetch reached the registry").isTrue();
                assertThat(reg.deregister(service, "i1")).isTrue();
                if (held.watching()) {
                    assertThat(held.awaitRemovalProcessed()).as("the client's watch processed the removal of i1")
                            .isTrue();
                }
                held.release();
                first.get(env.operationBound().toMillis(), TimeUnit.MILLISECONDS);
                assertThat(client.instances(service)).extracting(ServiceInstance::id)
                        .as("DISC-6: i1 was removed (and the client saw it) while the fetch ran").containsExactly("i0");
                for (int i = 0; i < 20; i++) {
                    assertThat(client.choose(service).id()).as("DISC-6: choice %d", i).isEqualTo("i0");
                }
            }
        } finally {
            fetcher.shutdownNow();
        }
    }

    /** The caching client DISC-6 drives (the kit's negative controls plant a defect here). */
    protected DiscoveryClient cachingClient(ServiceRegistry registry, Duration maxStaleness) {
        return DiscoveryClient.builder(registry).cacheFor(maxStaleness).policy(ResiliencePolicy.none()).build();
    }
}
