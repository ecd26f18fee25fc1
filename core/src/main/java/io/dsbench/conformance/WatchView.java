package io.dsbench.conformance;

import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A watcher's view of one service, built only from its events (ADDED and UPDATED put the instance, REMOVED and
 * EXPIRED drop it), for the FAULT rules that compare it with a fresh {@code discover}. Event types it does not know
 * are kept by name for the failure message. Thread-safe.
 */
final class WatchView {
    private final Map<String, ServiceInstance> byId = new TreeMap<>();
    private final List<String> unknown = new ArrayList<>();

    synchronized void apply(RegistryEvent e) {
        switch (e.type()) {
            case ADDED, UPDATED -> byId.put(e.instance().id(), e.instance());
            case REMOVED, EXPIRED -> byId.remove(e.instance().id());
            default -> unknown.add(e.type().name());
        }
    }

    /** The instances the watcher believes registered, sorted by id (as {@code discover} returns them). */
    synchronized List<ServiceInstance> instances() {
        return List.copyOf(byId.values());
    }

    /** Names of event types seen that this view does not apply. */
    synchronized List<String> unknownTypes() {
        return List.copyOf(unknown);
    }
}
