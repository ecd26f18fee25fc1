package io.dsbench.inmemory;

import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The shared data of one registry namespace: instances by service and id, with TTL deadlines, and the
 * watches on each service. Every method synchronises on this object (one lock per namespace).
 *
 * <p>Events are created under the lock, in the order the changes happen, and queued in that order on the
 * backend's single dispatcher thread, so every watch sees its service's changes in order and exactly once.
 * Expiry is detected lazily by every operation on the service (and by the sweeper for the whole namespace);
 * whichever sees it first removes the instance and emits the one {@code EXPIRED} event.
 */
final class RegistryState {
    private final InMemoryBackend backend;
    private final String namespace;
    private final Map<String, TreeMap<String, Entry>> services = new HashMap<>();
    private final Map<String, List<WatchHandle>> watches = new HashMap<>();

    private record Entry(ServiceInstance instance, Duration ttl, long deadline) {
    }

    RegistryState(InMemoryBackend backend, String namespace) {
        this.backend = backend;
        this.namespace = namespace;
    }

    String namespace() {
        return namespace;
    }

    InMemoryBackend backend() {
        return backend;
    }

    synchronized void register(ServiceInstance instance, Duration ttl) {
        purge(instance.service());
        TreeMap<String, Entry> byId = services.computeIfAbsent(instance.service(), s -> new TreeMap<>());
        Entry previous = byId.put(instance.id(), new Entry(instance, ttl, backend.deadline(ttl)));
        if (previous == null) {
            emit(RegistryEvent.Type.ADDED, instance);
        } else if (!previous.instance().equals(instance)) {
            emit(RegistryEvent.Type.UPDATED, instance);
        }
    }

    synchronized boolean heartbeat(String service, String id) {
        purge(service);
        TreeMap<String, Entry> byId = services.get(service);
        Entry e = byId == null ? null : byId.get(id);
        if (e == null) {
            return false;
        }
        byId.put(id, new Entry(e.instance(), e.ttl(), backend.deadline(e.ttl())));
        return true;
    }

    synchronized boolean deregister(String service, String id) {
        purge(service);
        TreeMap<String, Entry> byId = services.get(service);
        Entry e = byId == null ? null : byId.remove(id);
        if (e == null) {
            return false;
        }
        if (byId.isEmpty()) {
            services.remove(service);
        }
        emit(RegistryEvent.Type.REMOVED, e.instance());
        return true;
    }

    synchronized List<ServiceInstance> discover(String service) {
        purge(service);
        TreeMap<String, Entry> byId = services.get(service);
        if (byId == null) {
            return List.of();
        }
        List<ServiceInstance> out = new ArrayList<>(byId.size());
        for (Entry e : byId.values()) {
            out.add(e.instance());
        }
        return List.copyOf(out);
    }

    synchronized WatchHandle watch(String service, Consumer<RegistryEvent> listener) {
        purge(service);
        WatchHandle w = new WatchHandle(service, listener);
        watches.computeIfAbsent(service, s -> new CopyOnWriteArrayList<>()).add(w);
        return w;
    }

    synchronized void unwatch(WatchHandle w) {
        List<WatchHandle> list = watches.get(w.service);
        if (list != null) {
            list.remove(w);
            if (list.isEmpty()) {
                watches.remove(w.service);
            }
        }
    }

    /**
     * A simulated crash without persistence: every instance is dropped, each reported to watches as EXPIRED (so a
     * watcher's view stays equal to {@link #discover}). Watches stay open.
     */
    synchronized void crash() {
        for (TreeMap<String, Entry> byId : services.values()) {
            for (Entry e : byId.values()) {
                emit(RegistryEvent.Type.EXPIRED, e.instance());
            }
        }
        services.clear();
    }

    /** Removes every expired instance of the namespace, emitting EXPIRED events. */
    synchronized void sweep() {
        for (String service : new ArrayList<>(services.keySet())) {
            purge(service);
        }
    }

    /** Removes expired instances of one service, emitting EXPIRED events. Caller holds the lock. */
    private void purge(String service) {
        TreeMap<String, Entry> byId = services.get(service);
        if (byId == null) {
            return;
        }
        for (Iterator<Entry> it = byId.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (backend.expired(e.deadline())) {
                it.remove();
                emit(RegistryEvent.Type.EXPIRED, e.instance());
            }
        }
        if (byId.isEmpty()) {
            services.remove(service);
        }
    }

    /** Queues an event for every watch of its service. Caller holds the lock (this fixes the order). */
    private void emit(RegistryEvent.Type type, ServiceInstance instance) {
        List<WatchHandle> list = watches.get(instance.service());
        if (list == null || list.isEmpty()) {
            return;
        }
        RegistryEvent event = new RegistryEvent(type, instance);
        for (WatchHandle w : list) {
            w.offer(event);
        }
    }

    /** The live instances of {@code service}, by id, without purging. Caller holds the lock. */
    private List<ServiceInstance> live(String service) {
        TreeMap<String, Entry> byId = services.get(service);
        List<ServiceInstance> out = new ArrayList<>();
        if (byId != null) {
            for (Entry e : byId.values()) {
                out.add(e.instance());
            }
        }
        return out;
    }

    /**
     * A watch on one service, with its own buffer of at most {@link InMemoryBackend#watchBuffer()} events
     * waiting for the listener. When the buffer is full the watch drops what it holds and remembers that it
     * lost events; its next delivery is then a RESET with the service's instances at that moment, and the
     * events after it. {@link #close()} removes it, and events still queued are dropped.
     */
    final class WatchHandle {
        private final String service;
        private final Consumer<RegistryEvent> listener;
        private final java.util.ArrayDeque<RegistryEvent> pending = new java.util.ArrayDeque<>(); // guarded by RegistryState.this
        private boolean lost; // guarded by RegistryState.this
        private boolean draining; // guarded by RegistryState.this
        private volatile boolean closed;

        private WatchHandle(String service, Consumer<RegistryEvent> listener) {
            this.service = service;
            this.listener = listener;
        }

        /** Queues an event (caller holds the registry lock, which fixes the order). */
        private void offer(RegistryEvent event) {
            if (closed || lost) {
                return; // a lost watch's next delivery is a RESET, which covers this event
            }
            if (pending.size() >= backend.watchBuffer()) {
                pending.clear();
                lost = true;
            } else {
                pending.add(event);
            }
            if (!draining) {
                draining = true;
                backend.dispatch(this::drain);
            }
        }

        /** Delivers queued events on the dispatcher thread until none is left. */
        private void drain() {
            while (!closed) {
                RegistryEvent next;
                synchronized (RegistryState.this) {
                    if (lost) {
                        purge(service); // its EXPIRED events are dropped: the list below already lacks them
                        lost = false;
                        pending.clear();
                        next = RegistryEvent.reset(live(service));
                    } else {
                        next = pending.poll();
                        if (next == null) {
                            draining = false;
                            return;
                        }
                    }
                }
                deliver(next);
            }
        }

        private void deliver(RegistryEvent event) {
            if (closed) {
                return;
            }
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                System.getLogger(RegistryState.class.getName()).log(System.Logger.Level.WARNING,
                        "registry watch listener for service '" + service + "' threw; event " + event.type()
                                + (event.instance() == null ? "" : " of " + event.instance().id()) + " is lost for it", e);
            }
        }

        void close() {
            closed = true;
            unwatch(this);
        }
    }
}
