package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The body of {@link RegistryVerification}'s REG-16: a watch whose listener falls far behind must either
 * deliver every change, or say that it lost some with a RESET carrying the current list, never skip silently.
 *
 * <p>The delivered events are checked against the exact list of changes the rule made ({@link #check}): each
 * event must be the next expected change; a RESET must carry exactly the state after some later change, and
 * the events after it must continue from that change. At the end the view the listener built must equal a
 * fresh {@code discover}.
 */
final class RegistryWatchChecks {
    /** Changes made while the listener is blocked: more than a small retention, spread over {@link #IDS} ids. */
    static final int CHANGES = 400;
    static final int IDS = 20;
    /** Metadata per registration, so the changes also outgrow byte-sized buffers (gRPC windows). */
    static final int PADDING = 4096;

    private final RegistryVerification kit;

    RegistryWatchChecks(RegistryVerification kit) {
        this.kit = kit;
    }

    void laggingWatcherEndsWithDiscoversView() {
        try (ServiceRegistry reg = kit.registry()) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            CountDownLatch blocked = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Duration maxBlock = kit.env.operationBound().multipliedBy(20);
            List<RegistryEvent> expected = new ArrayList<>();
            ServiceRegistry.Watch watch = reg.watch("svc", e -> {
                if (blocked.getCount() > 0) {
                    blocked.countDown();
                    try {
                        release.await(maxBlock.toMillis(), TimeUnit.MILLISECONDS);
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                }
                events.add(e);
            });
            try {
                ServiceInstance first = instance(0, 0);
                reg.register(first, kit.longTtl());
                expected.add(new RegistryEvent(RegistryEvent.Type.ADDED, first));
                assertThat(kit.env.await(kit.env.operationBound(), () -> blocked.getCount() == 0))
                        .as("REG-16: the first event reached the listener within %s", kit.env.operationBound()).isTrue();
                Map<String, ServiceInstance> state = new TreeMap<>();
                state.put(first.id(), first);
                for (int i = 1; i <= CHANGES; i++) {
                    String id = "i" + (i % IDS);
                    if (i % 5 == 0 && state.containsKey(id)) {
                        assertThat(reg.deregister("svc", id)).isTrue();
                        expected.add(new RegistryEvent(RegistryEvent.Type.REMOVED, state.remove(id)));
                    } else {
                        ServiceInstance inst = instance(i % IDS, i);
                        reg.register(inst, kit.longTtl());
                        expected.add(new RegistryEvent(state.containsKey(id) ? RegistryEvent.Type.UPDATED
                                : RegistryEvent.Type.ADDED, inst));
                        state.put(id, inst);
                    }
                }
                kit.compactWatchHistory(reg);
            } finally {
                release.countDown();
            }
            try {
                List<ServiceInstance> fresh = reg.discover("svc");
                boolean converged = kit.env.await(kit.env.operationBound(),
                        () -> view(events).equals(fresh));
                String problem = check(expected, events);
                long resets = events.stream().filter(e -> e.type() == RegistryEvent.Type.RESET).count();
                System.out.println("REG-16: " + events.size() + " events delivered for " + expected.size()
                        + " changes, " + resets + " RESET");
                assertThat(problem).as("REG-16: events delivered to a watch that fell behind (%d delivered for %d "
                        + "changes, %d RESET)", events.size(), expected.size(), resets).isNull();
                assertThat(converged).as("REG-16: the view built from the events equals a fresh discover (%d "
                        + "instances) within %s", fresh.size(), kit.env.operationBound()).isTrue();
            } finally {
                watch.close();
            }
        }
    }

    private static ServiceInstance instance(int id, int version) {
        return new ServiceInstance("svc", "i" + id, "127.0.0.1", 1000 + version, Map.of("pad", "x".repeat(PADDING)));
    }

    /** The instances a listener knows after applying {@code events} (RESET replaces everything), by id. */
    static List<ServiceInstance> view(List<RegistryEvent> events) {
        Map<String, ServiceInstance> v = new TreeMap<>();
        for (RegistryEvent e : events) {
            switch (e.type()) {
                case RESET -> {
                    v.clear();
                    e.instances().forEach(i -> v.put(i.id(), i));
                }
                case ADDED, UPDATED -> v.put(e.instance().id(), e.instance());
                case REMOVED, EXPIRED -> v.remove(e.instance().id());
                default -> throw new AssertionError("unknown event type " + e.type());
            }
        }
        return new ArrayList<>(v.values());
    }

    /**
     * Null if {@code delivered} is {@code expected} with some stretches replaced by one RESET each (carrying
     * the state right after the stretch), and complete; otherwise what is wrong.
     */
    static String check(List<RegistryEvent> expected, List<RegistryEvent> delivered) {
        List<List<ServiceInstance>> states = new ArrayList<>();
        List<RegistryEvent> prefix = new ArrayList<>();
        states.add(view(prefix));
        for (RegistryEvent e : expected) {
            prefix.add(e);
            states.add(view(prefix));
        }
        int next = 0;
        for (int d = 0; d < delivered.size(); d++) {
            RegistryEvent e = delivered.get(d);
            if (e.type() == RegistryEvent.Type.RESET) {
                int q = next;
                while (q < states.size() && !states.get(q).equals(e.instances())) {
                    q++;
                }
                if (q == states.size()) {
                    return "event " + d + " is a RESET with " + e.instances().size()
                            + " instances, which is not the state after any change from change " + next + " on";
                }
                next = q;
            } else if (next < expected.size() && expected.get(next).equals(e)) {
                next++;
            } else {
                return "event " + d + " (" + e.type() + " " + (e.instance() == null ? "" : e.instance().id()
                        + " port " + e.instance().port()) + ") is not the next change ("
                        + (next < expected.size() ? expected.get(next).type() + " " + expected.get(next).instance().id()
                        + " port " + expected.get(next).instance().port() : "none left")
                        + "): changes were skipped without a RESET";
            }
        }
        if (next < expected.size()) {
            return "only " + next + " of " + expected.size() + " changes were covered by the delivered events";
        }
        return null;
    }
}
