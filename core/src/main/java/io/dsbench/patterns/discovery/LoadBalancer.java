package io.dsbench.patterns.discovery;

import io.dsbench.spec.Checks;
import io.dsbench.spec.registry.ServiceInstance;

import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Chooses one instance among the healthy candidates of a service. Implementations are thread-safe.
 *
 * <ul>
 *   <li>{@link #roundRobin()}: cycles through the candidates (sorted by id) with one counter per service; over
 *       k x m picks among m stable candidates every instance is chosen exactly k times (DISC-2).</li>
 *   <li>{@link #random()}: uniform choice.</li>
 *   <li>{@link #powerOfTwoChoices()}: samples two distinct candidates uniformly and takes the one with fewer
 *       in-flight requests (ties: either, at random). The most loaded instance is never chosen when another has
 *       fewer in-flight requests, and load spreads almost as well as "least loaded" without a global scan
 *       (Mitzenmacher, "The Power of Two Choices in Randomized Load Balancing", 2001) (DISC-3).</li>
 * </ul>
 */
public interface LoadBalancer {
    /** What a balancer may know about current load: the client's in-flight requests per instance. */
    @FunctionalInterface
    interface LoadView {
        /** Requests this client has started on {@code instance} and not finished yet. */
        int inFlight(ServiceInstance instance);
    }

    /** A short name for reports, e.g. {@code round-robin}. */
    String name();

    /**
     * One of {@code candidates}.
     *
     * @param service    the service
     * @param candidates healthy instances, non-empty, sorted by id
     * @param load       in-flight requests per instance
     */
    ServiceInstance choose(String service, List<ServiceInstance> candidates, LoadView load);

    /** Round robin with a counter per service. */
    static LoadBalancer roundRobin() {
        return new LoadBalancer() {
            private final ConcurrentHashMap<String, AtomicLong> next = new ConcurrentHashMap<>();

            @Override
            public String name() {
                return "round-robin";
            }

            @Override
            public ServiceInstance choose(String service, List<ServiceInstance> candidates, LoadView load) {
                long n = next.computeIfAbsent(service, s -> new AtomicLong()).getAndIncrement();
                return candidates.get((int) Math.floorMod(n, (long) candidates.size()));
            }
        };
    }

    /** Uniform random choice. */
    static LoadBalancer random() {
        return random(System.nanoTime());
    }

    /** Uniform random choice from a seeded generator (reproducible in one thread). */
    static LoadBalancer random(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        return new LoadBalancer() {
            @Override
            public String name() {
                return "random";
            }

            @Override
            public ServiceInstance choose(String service, List<ServiceInstance> candidates, LoadView load) {
                int i;
                synchronized (rnd) {
                    i = rnd.nextInt(candidates.size());
                }
                return candidates.get(i);
            }
        };
    }

    /** Power of two choices on in-flight requests. */
    static LoadBalancer powerOfTwoChoices() {
        return powerOfTwoChoices(System.nanoTime());
    }

    /** Power of two choices with a seeded generator. */
    static LoadBalancer powerOfTwoChoices(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        return new LoadBalancer() {
            @Override
            public String name() {
                return "power-of-two-choices";
            }

            @Override
            public ServiceInstance choose(String service, List<ServiceInstance> candidates, LoadView load) {
                Checks.requireNonNull("load", load);
                int n = candidates.size();
                if (n == 1) {
                    return candidates.get(0);
                }
                int a;
                int b;
                boolean coin;
                synchronized (rnd) {
                    a = rnd.nextInt(n);
                    b = rnd.nextInt(n - 1);
                    coin = rnd.nextBoolean();
                }
                if (b >= a) {
                    b++; // distinct from a
                }
                ServiceInstance x = candidates.get(a);
                ServiceInstance y = candidates.get(b);
                int lx = load.inFlight(x);
                int ly = load.inFlight(y);
                if (lx != ly) {
                    return lx < ly ? x : y;
                }
                return coin ? x : y;
            }
        };
    }
}
