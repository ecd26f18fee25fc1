package io.dsbench.patterns.discovery;

import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.Checks;
import io.dsbench.spec.Ticker;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * Client-side service discovery: finds the healthy instances of a service in a {@link ServiceRegistry}, picks one
 * with a pluggable {@link LoadBalancer}, and tracks this client's in-flight requests per instance (which
 * power-of-two-choices balances on).
 *
 * <h2>Freshness: caching and its bound</h2>
 * <ul>
 *   <li><b>No cache</b> (the default, {@code maxStaleness = 0}): every choice reads the registry (through the
 *       {@link ResiliencePolicy}), so an instance is returned only if the registry listed it as healthy during this
 *       call: no instance the registry already considers expired or deregistered is ever returned (DISC-1), and a
 *       deregistered or expired instance stops being chosen as soon as the registry stops listing it, i.e. within
 *       TTL + the backend's tolerance (DISC-4).</li>
 *   <li><b>Cache</b> ({@link Builder#cacheFor(Duration) cacheFor(maxStaleness)}): a service's list is reused for
 *       at most {@code maxStaleness}, measured on the client's monotonic {@link Ticker}; an older list is
 *       <em>never</em> served: it is re-read synchronously before choosing (no serve-stale-while-revalidate).
 *       So every returned instance was listed healthy by the registry at most {@code maxStaleness} ago, and the
 *       DISC-4 bound becomes TTL + tolerance + maxStaleness. Choose {@code maxStaleness} well below the services'
 *       TTL. Two mechanisms shorten the window: when the registry supports watches (capability WATCH), removal and
 *       expiry events evict the instance from the cached list as they arrive, and additions or updates drop the
 *       list; and {@link #deregister} through this client evicts at once. A removal that arrives while the list is
 *       being fetched is applied to the fetched list too (the fetch may have read the registry before the removal),
 *       and a fetch during which an addition or update arrived is served but not cached (rule DISC-6). A failed registry read is an error, never
 *       a reason to serve an older list.</li>
 * </ul>
 *
 * <h2>Server-side discovery</h2>
 * The same client serves server-side discovery: a proxy (an API gateway, a sidecar, a load-balancer process)
 * holds one {@code DiscoveryClient}; callers send requests to the proxy's fixed address, and for each request the
 * proxy calls {@link #call(String, Function)} to pick an instance and forward the request to it. Callers then need
 * no registry access or balancing logic, at the cost of one extra hop and a component that must itself be
 * replicated. The balancing, freshness and error semantics are the ones described here.
 *
 * <h2>Errors</h2>
 * No healthy instance is a {@link NoInstanceAvailableException} ("no instance available for &lt;service&gt;"); a
 * registry failure after the policy's retries is the registry's {@link io.dsbench.spec.BackendException}.
 *
 * <p>Thread-safe. {@link #close()} stops watches; it does not close the registry.
 */
public final class DiscoveryClient implements AutoCloseable {
    private final ServiceRegistry registry;
    private final LoadBalancer balancer;
    private final Duration maxStaleness;
    private final ResiliencePolicy policy;
    private final Ticker ticker;
    private final boolean watch;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<String, ServiceChanges> changes = new ConcurrentHashMap<>();
    private final Map<String, ServiceRegistry.Watch> watches = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private volatile boolean closed;

    private record Cached(List<ServiceInstance> instances, long fetchedAtNanos) {
    }

    private DiscoveryClient(Builder b) {
        this.registry = b.registry;
        this.balancer = b.balancer;
        this.maxStaleness = b.maxStaleness;
        this.policy = b.policy;
        this.ticker = b.ticker;
        this.watch = b.watch;
    }

    /** A client over {@code registry} with defaults: round robin, no cache, default policy. */
    public static DiscoveryClient of(ServiceRegistry registry) {
        return builder(registry).build();
    }

    /** A builder over {@code registry}. */
    public static Builder builder(ServiceRegistry registry) {
        return new Builder(registry);
    }

    /** The load balancer. */
    public LoadBalancer loadBalancer() {
        return balancer;
    }

    /** The cache bound; zero when results are not cached. */
    public Duration maxStaleness() {
        return maxStaleness;
    }

    /**
     * The healthy instances of {@code service}, sorted by id (possibly empty), no older than
     * {@link #maxStaleness()}.
     */
    public List<ServiceInstance> instances(String service) {
        Checks.requireKey("service", service);
        ensureOpen();
        if (maxStaleness.isZero()) {
            return fetch(service);
        }
        Cached c = cache.get(service);
        long now = ticker.nanoTime();
        if (c != null && now - c.fetchedAtNanos < maxStaleness.toNanos()) {
            return c.instances;
        }
        startWatch(service);
        long fetchedAt = ticker.nanoTime(); // before the read: the list's age is counted from when it was asked for
        ServiceChanges ch = changes(service);
        long start = ch.beginFetch();
        List<ServiceInstance> fresh;
        try {
            fresh = fetch(service);
        } catch (RuntimeException | Error e) {
            ch.abandonFetch();
            throw e;
        }
        return ch.endFetch(start, fresh, list -> cache.put(service, new Cached(list, fetchedAt)));
    }

    private ServiceChanges changes(String service) {
        return changes.computeIfAbsent(service, s -> new ServiceChanges());
    }

    private List<ServiceInstance> fetch(String service) {
        return List.copyOf(policy.call("discovery.discover " + service, () -> registry.discover(service)));
    }

    /**
     * One healthy instance of {@code service}, chosen by the load balancer.
     *
     * @throws NoInstanceAvailableException when there is none
     */
    public ServiceInstance choose(String service) {
        List<ServiceInstance> candidates = instances(service);
        if (candidates.isEmpty()) {
            throw new NoInstanceAvailableException(service, "the registry lists no healthy instance");
        }
        return balancer.choose(service, candidates, this::inFlight);
    }

    /**
     * Chooses an instance and counts a request in flight on it until the lease is closed:
     * {@code try (var lease = client.lease("orders")) { send(lease.instance()); }}.
     */
    public Lease lease(String service) {
        ServiceInstance chosen = choose(service);
        AtomicInteger counter = inFlight.computeIfAbsent(key(chosen), k -> new AtomicInteger());
        counter.incrementAndGet();
        return new Lease(chosen, counter);
    }

    /** Runs {@code request} against a chosen instance, counting it in flight while it runs. */
    public <T> T call(String service, Function<ServiceInstance, T> request) {
        Checks.requireNonNull("request", request);
        try (Lease lease = lease(service)) {
            return request.apply(lease.instance());
        }
    }

    /** This client's requests in flight on {@code instance}. */
    public int inFlight(ServiceInstance instance) {
        AtomicInteger c = inFlight.get(key(instance));
        return c == null ? 0 : c.get();
    }

    /**
     * Deregisters an instance through the registry and evicts it from this client's cache at once.
     *
     * @return whether the registry had it
     */
    public boolean deregister(String service, String instanceId) {
        Checks.requireKey("service", service);
        Checks.requireKey("instanceId", instanceId);
        boolean had = policy.call("discovery.deregister " + service, () -> registry.deregister(service, instanceId));
        removed(service, instanceId);
        return had;
    }

    /** Drops the cached list of {@code service}: the next choice reads the registry. */
    public void invalidate(String service) {
        added(Checks.requireKey("service", service), "");
    }

    /** An instance was removed: evict it from the cached list and from the result of any fetch now running. */
    private void removed(String service, String instanceId) {
        changes(service).removed(instanceId, () -> evict(service, instanceId));
    }

    /** An instance was added or changed: drop the cached list, and keep any fetch now running out of the cache. */
    private void added(String service, String instanceId) {
        changes(service).added(instanceId, () -> cache.remove(service));
    }

    private void evict(String service, String instanceId) {
        cache.computeIfPresent(service, (s, c) -> {
            List<ServiceInstance> kept = new ArrayList<>(c.instances.size());
            for (ServiceInstance i : c.instances) {
                if (!i.id().equals(instanceId)) {
                    kept.add(i);
                }
            }
            return new Cached(List.copyOf(kept), c.fetchedAtNanos);
        });
    }

    private void startWatch(String service) {
        if (!watch || watches.containsKey(service)) {
            return;
        }
        synchronized (watches) {
            if (watches.containsKey(service) || closed) {
                return;
            }
            ServiceRegistry.Watch w;
            try {
                w = registry.watch(service, e -> onEvent(service, e));
            } catch (UnsupportedOperationException e) {
                w = () -> { }; // registry without WATCH: the staleness bound alone applies
            }
            watches.put(service, w);
        }
    }

    private void onEvent(String service, RegistryEvent event) {
        if (event.type() == RegistryEvent.Type.RESET) {
            cache.remove(service); // changes were lost to the watch: refetch on the next call
            return;
        }
        ServiceInstance i = event.instance();
        switch (event.type()) {
            case REMOVED, EXPIRED -> removed(i.service(), i.id());
            default -> added(i.service(), i.id());
        }
    }

    private static String key(ServiceInstance i) {
        return i.service() + '\u0000' + i.id();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("DiscoveryClient is closed");
        }
    }

    /** Stops watches and drops the cache; the registry stays open. */
    @Override
    public void close() {
        closed = true;
        synchronized (watches) {
            for (ServiceRegistry.Watch w : watches.values()) {
                try {
                    w.close();
                } catch (RuntimeException e) {
                    // closing is best effort
                }
            }
            watches.clear();
        }
        cache.clear();
        changes.clear();
    }

    /** A chosen instance with one request counted in flight until {@link #close()} (idempotent). */
    public static final class Lease implements AutoCloseable {
        private final ServiceInstance instance;
        private final AtomicInteger counter;
        private boolean released;

        private Lease(ServiceInstance instance, AtomicInteger counter) {
            this.instance = instance;
            this.counter = counter;
        }

        /** The chosen instance. */
        public ServiceInstance instance() {
            return instance;
        }

        /** Ends the request. */
        @Override
        public synchronized void close() {
            if (!released) {
                released = true;
                counter.decrementAndGet();
            }
        }
    }

    /** Builder; not thread-safe. */
    public static final class Builder {
        private final ServiceRegistry registry;
        private LoadBalancer balancer = LoadBalancer.roundRobin();
        private Duration maxStaleness = Duration.ZERO;
        private ResiliencePolicy policy = ResiliencePolicy.ofDefaults();
        private Ticker ticker = Ticker.system();
        private boolean watch = true;

        private Builder(ServiceRegistry registry) {
            this.registry = Checks.requireNonNull("registry", registry);
        }

        /** The balancer (default round robin). */
        public Builder loadBalancer(LoadBalancer balancer) {
            this.balancer = Checks.requireNonNull("loadBalancer", balancer);
            return this;
        }

        /** Cache discovery results for at most {@code maxStaleness} (zero = no cache, the default). */
        public Builder cacheFor(Duration maxStaleness) {
            Checks.requireNonNull("maxStaleness", maxStaleness);
            if (maxStaleness.isNegative()) {
                throw new IllegalArgumentException("maxStaleness = " + maxStaleness
                        + " is out of range (legal range: >= 0)");
            }
            this.maxStaleness = maxStaleness;
            return this;
        }

        /** Policy for registry calls (default {@link ResiliencePolicy#ofDefaults()}). */
        public Builder policy(ResiliencePolicy policy) {
            this.policy = Checks.requireNonNull("policy", policy);
            return this;
        }

        /** Clock for the cache bound (default the system's monotonic clock). */
        public Builder ticker(Ticker ticker) {
            this.ticker = Checks.requireNonNull("ticker", ticker);
            return this;
        }

        /** Whether a caching client watches services to evict removed instances early (default true). */
        public Builder watchForChanges(boolean watch) {
            this.watch = watch;
            return this;
        }

        /** The client. */
        public DiscoveryClient build() {
            return new DiscoveryClient(this);
        }
    }
}
