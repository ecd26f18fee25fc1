package io.dsbench.patterns.discovery;

import io.dsbench.spec.registry.ServiceInstance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What watch events (and the client's own deregistrations) did to one service, numbered, so that a fetch of the
 * service's list can tell which changes arrived while it ran (rule DISC-6): removals are kept as tombstones
 * (instance id to change number) while a fetch is in flight and are applied to its result; an addition or update
 * during a fetch keeps its result out of the cache. Every method runs its cache action under this object's monitor,
 * so a fetch's result and an event never interleave between "check" and "cache". Thread-safe.
 */
final class ServiceChanges {
    private long seq;
    private long lastAddition;
    private int fetching;
    private final Map<String, Long> removed = new HashMap<>();

    /** A fetch starts; returns its starting point. */
    synchronized long beginFetch() {
        fetching++;
        return seq;
    }

    /**
     * A fetch that began at {@code start} returned {@code fetched}; returns it without the instances removed since,
     * and runs {@code cache} with that list unless an addition or update arrived since (it may be missing).
     */
    synchronized List<ServiceInstance> endFetch(long start, List<ServiceInstance> fetched,
                                                java.util.function.Consumer<List<ServiceInstance>> cache) {
        List<ServiceInstance> result = fetched;
        if (!removed.isEmpty()) {
            List<ServiceInstance> kept = new ArrayList<>(fetched.size());
            for (ServiceInstance i : fetched) {
                Long at = removed.get(i.id());
                if (at == null || at <= start) {
                    kept.add(i);
                }
            }
            result = List.copyOf(kept);
        }
        if (lastAddition <= start) {
            cache.accept(result);
        }
        if (--fetching == 0) {
            removed.clear(); // no fetch that started before these removals is left
        }
        return result;
    }

    /** A fetch failed. */
    synchronized void abandonFetch() {
        if (--fetching == 0) {
            removed.clear();
        }
    }

    /** An instance was removed; {@code evict} drops it from the cached list. */
    synchronized void removed(String instanceId, Runnable evict) {
        seq++;
        if (fetching > 0) {
            removed.put(instanceId, seq);
        }
        evict.run();
    }

    /** An instance was added or changed; {@code drop} drops the cached list. */
    synchronized void added(String instanceId, Runnable drop) {
        seq++;
        lastAddition = seq;
        removed.remove(instanceId); // it is back: a fetch that lists it is right
        drop.run();
    }
}
