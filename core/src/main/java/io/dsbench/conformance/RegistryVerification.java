package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.ConformanceRule.Level;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Capability;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Conformance rules REG-1..REG-16 for {@link ServiceRegistry}. Extend it and implement
 * {@link #openBackend()}; every rule uses a fresh namespace and service names.
 *
 * <p>Time-based rules (REG-3, REG-4, REG-8, REG-11, REG-13) use a TTL of {@link #shortTtl()} and allow the
 * backend's declared tolerance ({@link #tolerance()}); the kit discounts only its own measured lateness. Watch rules
 * (REG-10, REG-11, REG-16) need {@link Capability#WATCH}. The bodies of REG-14..REG-16 live in
 * {@link RegistryTtlChecks} and {@link RegistryWatchChecks}.
 */
public abstract class RegistryVerification extends AbstractVerification {

    /** A registry client in a fresh namespace. */
    protected ServiceRegistry registry() {
        return backend.registry(RegistryConfig.of(unique("reg")));
    }

    private static ServiceInstance instance(String service, String id, int port) {
        return ServiceInstance.of(service, id, "127.0.0.1", port);
    }

    private static List<String> ids(List<ServiceInstance> instances) {
        List<String> ids = new ArrayList<>();
        for (ServiceInstance i : instances) {
            ids.add(i.id());
        }
        return ids;
    }

    private static boolean present(ServiceRegistry reg, String service, String id) {
        for (ServiceInstance i : reg.discover(service)) {
            if (i.id().equals(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Verifies that an instance is discoverable by the registering client as soon as {@code register}
     * returns, with the service, id, host, port and metadata it was registered with.
     *
     * <p>If this fails, check that register waits for the server's acknowledgement before returning, and
     * how discover decodes the stored instance.
     */
    @Test
    @ConformanceRule(id = "REG-1", title = "a registered instance is discoverable by the registering client at once")
    public void required_REG1_registeredInstanceIsDiscoverable() {
        try (ServiceRegistry reg = registry()) {
            ServiceInstance a = new ServiceInstance("orders", "orders-1", "127.0.0.7", 8080, Map.of("zone", "a"));
            reg.register(a, longTtl());
            assertThat(reg.discover("orders")).as("REG-1: discover right after register").containsExactly(a);
        }
    }

    /**
     * Verifies that discovering a service nobody registered returns an empty list: not null, not an
     * exception.
     *
     * <p>If this fails, check how "no such prefix/key" is mapped to an empty list.
     */
    @Test
    @ConformanceRule(id = "REG-2", title = "an unknown service discovers as an empty list")
    public void required_REG2_unknownServiceIsEmpty() {
        try (ServiceRegistry reg = registry()) {
            List<ServiceInstance> found = reg.discover("nobody-registered-this");
            assertThat(found).as("REG-2: discover of an unknown service").isNotNull().isEmpty();
        }
    }

    /**
     * Verifies that without heartbeats an instance stays discoverable until TTL - tolerance and is gone by
     * TTL + tolerance.
     *
     * <p>If this fails, check the unit of the TTL sent to the server (seconds vs milliseconds, rounding), that
     * register does not start a background keep-alive by itself, and the backend's declared tolerance.
     */
    @Test
    @ConformanceRule(id = "REG-3", title = "without heartbeats an instance disappears within TTL + tolerance, and not before TTL - tolerance")
    public void required_REG3_instanceExpiresWithoutHeartbeats() {
        try (ServiceRegistry reg = registry()) {
            Duration ttl = shortTtl();
            long sent = System.nanoTime();
            reg.register(instance("svc", "a", 1), ttl);
            long returned = System.nanoTime();
            assertExpiryWindow("REG-3: instance a (TTL " + ttl.toMillis() + " ms, no heartbeats)", sent, returned, ttl,
                    () -> present(reg, "svc", "a"));
        }
    }

    /**
     * Verifies that an instance heartbeating every TTL/3 stays discoverable for at least 3 x TTL, checked
     * continuously, and that every heartbeat reports the instance as registered. The instance may vanish only
     * once TTL - tolerance has passed since the last heartbeat was sent; if that happens because the kit itself
     * sent a heartbeat late (an overloaded machine), the attempt is repeated (at most 3 attempts).
     *
     * <p>If this fails, check that a heartbeat restarts the full TTL (not the remaining time) on the server.
     */
    @Test
    @ConformanceRule(id = "REG-4", title = "heartbeats every TTL/3 keep an instance for at least 3 x TTL")
    public void required_REG4_heartbeatsKeepInstanceAlive() {
        Duration ttl = shortTtl();
        Duration interval = ttl.dividedBy(3);
        withTimingAttempts("REG-4", 3, () -> {
            try (ServiceRegistry reg = registry()) {
                long start = System.nanoTime();
                long lastSent = start;
                reg.register(instance("svc", "a", 1), ttl);
                int beats = 0;
                while (since(start).compareTo(ttl.multipliedBy(3)) < 0) {
                    long nextBeat = lastSent + interval.toNanos();
                    while (System.nanoTime() - nextBeat < 0) {
                        boolean present = present(reg, "svc", "a");
                        long observed = System.nanoTime();
                        if (!present) {
                            if (mustBeAlive(lastSent, observed, ttl)) {
                                throw new AssertionError("REG-4: instance vanished " + Duration.ofNanos(observed - lastSent).toMillis()
                                        + " ms after heartbeat " + beats + " (TTL " + ttl.toMillis() + " ms, tolerance "
                                        + tolerance().toMillis() + " ms, heartbeats every " + interval.toMillis() + " ms)");
                            }
                            throw new KitTooSlow("the kit polled " + Duration.ofNanos(observed - lastSent).toMillis()
                                    + " ms after heartbeat " + beats + " instead of every few ms");
                        }
                        pause(Duration.ofMillis(5));
                    }
                    long sent = System.nanoTime();
                    boolean ok = reg.heartbeat("svc", "a");
                    if (!ok) {
                        if (mustBeAlive(lastSent, sent, ttl)) {
                            throw new AssertionError("REG-4: heartbeat " + (beats + 1) + ", sent "
                                    + Duration.ofNanos(sent - lastSent).toMillis() + " ms after the previous one (TTL "
                                    + ttl.toMillis() + " ms), reported the instance as not registered");
                        }
                        throw new KitTooSlow("heartbeat " + (beats + 1) + " was sent "
                                + Duration.ofNanos(sent - lastSent).toMillis() + " ms after the previous one");
                    }
                    lastSent = sent;
                    beats++;
                }
                assertThat(present(reg, "svc", "a")).as("REG-4: instance present after %s ms and %d heartbeats",
                        since(start).toMillis(), beats).isTrue();
            }
        });
    }

    /**
     * Verifies that deregister removes an instance at once and reports true, leaves the service's other
     * instances alone, and that deregistering an unknown instance (of a known or an unknown service) reports
     * false and changes nothing.
     *
     * <p>If this fails, check the key deleted by deregister and the return value of the server's delete.
     */
    @Test
    @ConformanceRule(id = "REG-5", title = "deregister removes at once; deregistering an unknown instance is a no-op")
    public void required_REG5_deregister() {
        try (ServiceRegistry reg = registry()) {
            reg.register(instance("svc", "a", 1), longTtl());
            reg.register(instance("svc", "b", 2), longTtl());
            assertThat(reg.deregister("svc", "a")).as("REG-5: deregister of a registered instance").isTrue();
            assertThat(ids(reg.discover("svc"))).as("REG-5: discover right after deregister").containsExactly("b");
            assertThat(reg.deregister("svc", "a")).as("REG-5: second deregister").isFalse();
            assertThat(reg.deregister("svc", "never")).as("REG-5: deregister of an unknown id").isFalse();
            assertThat(reg.deregister("no-such-service", "a")).as("REG-5: deregister in an unknown service").isFalse();
            assertThat(ids(reg.discover("svc"))).as("REG-5: discover after no-op deregisters").containsExactly("b");
        }
    }

    /**
     * Verifies that registering an id again replaces host, port and metadata, and never creates a second
     * entry for that id.
     *
     * <p>If this fails, check that the storage key is (service, id) and not (service, id, address).
     */
    @Test
    @ConformanceRule(id = "REG-6", title = "re-registering the same id updates host, port and metadata without a duplicate")
    public void required_REG6_reRegisterUpdates() {
        try (ServiceRegistry reg = registry()) {
            reg.register(new ServiceInstance("svc", "a", "127.0.0.1", 1000, Map.of("v", "1")), longTtl());
            ServiceInstance updated = new ServiceInstance("svc", "a", "127.0.0.2", 2000, Map.of("v", "2", "new", "yes"));
            reg.register(updated, longTtl());
            assertThat(reg.discover("svc")).as("REG-6: discover after re-register").containsExactly(updated);
        }
    }

    /**
     * Verifies that 16 threads each registering 50 distinct instances of one service, and all of them also
     * registering one shared id, leave exactly 801 instances: all 800 distinct ones plus the shared one once,
     * with no duplicate id, sorted by id.
     *
     * <p>If this fails, check for lost writes under contention (read-modify-write of a shared list instead
     * of one key per instance) and for duplicates from concurrent re-registration.
     */
    @Test
    @ConformanceRule(id = "REG-7", title = "16 threads x 50 registrations are all visible, none duplicated, sorted by id")
    public void required_REG7_concurrentRegistrationsAllVisible() {
        try (ServiceRegistry reg = registry()) {
            int threads = 16;
            int perThread = 50;
            Duration ttl = longTtl();
            concurrently(threads, env.operationBound().multipliedBy(3), t -> {
                for (int i = 0; i < perThread; i++) {
                    reg.register(instance("svc", String.format("t%02d-i%02d", t, i), 1000 + i), ttl);
                    if (i == perThread / 2) {
                        reg.register(instance("svc", "shared", 9000 + t), ttl);
                    }
                }
                return null;
            });
            List<String> ids = ids(reg.discover("svc"));
            assertThat(new HashSet<>(ids)).as("REG-7: distinct ids").hasSize(ids.size());
            assertThat(ids).as("REG-7: instances after %d x %d concurrent registrations plus one shared id",
                    threads, perThread).hasSize(threads * perThread + 1).contains("shared");
            List<String> sorted = new ArrayList<>(ids);
            sorted.sort(null);
            assertThat(ids).as("REG-7: discover is sorted by id").isEqualTo(sorted);
        }
    }

    /**
     * Verifies that a heartbeat reports "not registered" (false) for an instance that was never
     * registered, one that was deregistered, and one that expired, and that such a heartbeat does not bring
     * the instance back.
     *
     * <p>If this fails, check that heartbeat does not create the registration (an upsert, or re-granting a
     * lease) when it is missing.
     */
    @Test
    @ConformanceRule(id = "REG-8", title = "a heartbeat for an unknown, deregistered or expired instance reports not registered")
    public void required_REG8_heartbeatOfMissingInstanceFails() {
        try (ServiceRegistry reg = registry()) {
            assertThat(reg.heartbeat("svc", "never")).as("REG-8: heartbeat of an unknown instance").isFalse();
            reg.register(instance("svc", "gone", 1), longTtl());
            assertThat(reg.deregister("svc", "gone")).isTrue();
            assertThat(reg.heartbeat("svc", "gone")).as("REG-8: heartbeat of a deregistered instance").isFalse();

            Duration ttl = shortTtl();
            reg.register(instance("svc", "expiring", 2), ttl);
            assertWithin("REG-8: instance with TTL " + ttl.toMillis() + " ms gone within TTL + tolerance",
                    System.nanoTime(), ttl.plus(tolerance()), () -> !present(reg, "svc", "expiring"));
            assertThat(reg.heartbeat("svc", "expiring")).as("REG-8: heartbeat of an expired instance").isFalse();
            assertThat(reg.discover("svc")).as("REG-8: discover after heartbeats of missing instances").isEmpty();
        }
    }

    /**
     * Verifies that metadata (several pairs, an empty value, non-ASCII, characters used as separators)
     * round-trips exactly; that instances with the same id in two services are independent; and that two
     * namespaces do not see each other's services.
     *
     * <p>If this fails, check the serialisation of metadata and how service names and namespaces are
     * combined into server keys.
     */
    @Test
    @ConformanceRule(id = "REG-9", title = "metadata round-trips; services and namespaces are isolated")
    public void required_REG9_metadataAndIsolation() {
        String ns = unique("reg");
        try (ServiceRegistry reg = backend.registry(RegistryConfig.of(ns));
                ServiceRegistry other = backend.registry(RegistryConfig.of(ns + "-other"))) {
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("zone", "eu-west-1a");
            meta.put("empty", "");
            meta.put("ünïcødé", "値");
            meta.put("sep=,;:/\"", "a=b,c;d:e/f\"g\n");
            ServiceInstance a = new ServiceInstance("svc", "x", "127.0.0.1", 1, meta);
            ServiceInstance b = new ServiceInstance("svc-2", "x", "127.0.0.9", 9, Map.of());
            reg.register(a, longTtl());
            reg.register(b, longTtl());
            assertThat(reg.discover("svc")).as("REG-9: discover svc").containsExactly(a);
            assertThat(reg.discover("svc").get(0).metadata()).as("REG-9: metadata").isEqualTo(meta);
            assertThat(reg.discover("svc-2")).as("REG-9: same id in another service").containsExactly(b);
            assertThat(reg.discover("sv")).as("REG-9: a prefix of a service name is not that service").isEmpty();
            assertThat(other.discover("svc")).as("REG-9: the same service seen from another namespace").isEmpty();
            assertThat(other.deregister("svc", "x")).as("REG-9: deregister from another namespace").isFalse();
            assertThat(reg.discover("svc")).as("REG-9: after another namespace tried to deregister").containsExactly(a);
        }
    }

    /**
     * Verifies that a watch on one service delivers ADDED, UPDATED (re-registration with another port) and
     * REMOVED events for that service only, in the order of the changes, each exactly once, carrying the
     * instance as registered; and that nothing is delivered after the watch is closed.
     *
     * <p>If this fails, check the watch's key prefix (a service that is a prefix of another), how
     * re-registration is told apart from registration, and whether the watch starts before
     * {@code watch()} returns.
     */
    @Test
    @ConformanceRule(id = "REG-10", title = "a watch delivers added, updated and removed events for its service only, in order, without duplicates or gaps",
            level = Level.OPTIONAL, requires = Capability.WATCH)
    public void optional_REG10_watchDeliversEventsInOrder() {
        try (ServiceRegistry reg = registry()) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            ServiceInstance a1 = instance("svc", "a", 1);
            ServiceInstance a1b = instance("svc", "a", 11);
            ServiceInstance a2 = instance("svc", "b", 2);
            List<RegistryEvent> expected = List.of(
                    new RegistryEvent(RegistryEvent.Type.ADDED, a1),
                    new RegistryEvent(RegistryEvent.Type.UPDATED, a1b),
                    new RegistryEvent(RegistryEvent.Type.ADDED, a2),
                    new RegistryEvent(RegistryEvent.Type.REMOVED, a2));
            ServiceRegistry.Watch watch = reg.watch("svc", events::add);
            try {
                reg.register(instance("svc-other", "a", 5), longTtl());
                reg.register(instance("sv", "a", 6), longTtl());
                reg.register(a1, longTtl());
                reg.register(a1b, longTtl());
                reg.register(a2, longTtl());
                assertThat(reg.deregister("svc", "b")).isTrue();
                assertThat(env.await(env.operationBound(), () -> events.size() >= expected.size()))
                        .as("REG-10: %d events within %s; got %s", expected.size(), env.operationBound(), events).isTrue();
                Duration extra = env.holdsFor(env.slack(), () -> events.size() == expected.size());
                assertThat(extra).as("REG-10: no further events; got %s", events).isNull();
                assertThat(events).as("REG-10: events of the watched service").containsExactlyElementsOf(expected);
            } finally {
                watch.close();
            }
            int before = events.size();
            reg.register(instance("svc", "after-close", 3), longTtl());
            assertThat(env.holdsFor(env.slack(), () -> events.size() == before))
                    .as("REG-10: an event was delivered after the watch was closed: %s", events).isNull();
        }
    }

    /**
     * Verifies that a watch reports an instance whose TTL ran out as one EXPIRED event (not REMOVED),
     * within TTL + tolerance, without anyone else touching the registry in between.
     *
     * <p>If this fails, check that expiry is detected by the server or a sweeper (not only when someone calls
     * discover), and that deletions by expiry are told apart from deregistrations.
     */
    @Test
    @ConformanceRule(id = "REG-11", title = "a watch reports an expiry as one EXPIRED event within TTL + tolerance",
            level = Level.OPTIONAL, requires = Capability.WATCH)
    public void optional_REG11_watchReportsExpiry() {
        try (ServiceRegistry reg = registry()) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            try (ServiceRegistry.Watch watch = reg.watch("svc", events::add)) {
                Duration ttl = shortTtl();
                ServiceInstance a = instance("svc", "a", 1);
                reg.register(a, ttl);
                long returned = System.nanoTime();
                Duration within = ttl.plus(tolerance());
                TestEnvironment.Waited seen = env.awaitWithin(returned, within, () -> events.size() >= 2);
                assertThat(seen.held()).as("REG-11: ADDED then EXPIRED within TTL + tolerance = %s ms; got %s %s",
                        within.toMillis(), events, seen.describe(within)).isTrue();
                assertThat(env.holdsFor(env.slack(), () -> events.size() == 2))
                        .as("REG-11: no further events; got %s", events).isNull();
                assertThat(events).as("REG-11: events").containsExactly(
                        new RegistryEvent(RegistryEvent.Type.ADDED, a), new RegistryEvent(RegistryEvent.Type.EXPIRED, a));
            }
        }
    }

    /**
     * Verifies argument checks: a null instance, a null, zero or negative TTL, a TTL below the backend's
     * declared minimum, and null or empty service names or ids are {@link IllegalArgumentException}s naming
     * the argument, and register nothing.
     *
     * <p>If this fails, check the validation at the top of each method (and that the minimum TTL is the one
     * the backend declares in {@code timing().minTtl()}).
     */
    @Test
    @ConformanceRule(id = "REG-12", title = "bad TTLs, null instances and empty names are rejected with a clear error")
    public void required_REG12_badArgumentsAreRejected() {
        try (ServiceRegistry reg = registry()) {
            ServiceInstance a = instance("svc", "a", 1);
            assertThatThrownBy(() -> reg.register(null, longTtl())).as("REG-12: null instance")
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance");
            for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofMillis(-1)}) {
                assertThatThrownBy(() -> reg.register(a, bad)).as("REG-12: TTL %s", bad)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
            }
            Duration belowMin = backend.timing().minTtl().dividedBy(2);
            if (!belowMin.isZero()) {
                assertThatThrownBy(() -> reg.register(a, belowMin)).as("REG-12: TTL %s below the declared minimum %s",
                        belowMin, backend.timing().minTtl()).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("ttl");
            }
            for (String bad : new String[] {null, ""}) {
                assertThatThrownBy(() -> reg.discover(bad)).as("REG-12: discover(%s)", bad)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
                assertThatThrownBy(() -> reg.heartbeat(bad, "a")).as("REG-12: heartbeat(%s, a)", bad)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
                assertThatThrownBy(() -> reg.heartbeat("svc", bad)).as("REG-12: heartbeat(svc, %s)", bad)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nstance");
                assertThatThrownBy(() -> reg.deregister(bad, "a")).as("REG-12: deregister(%s, a)", bad)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("service");
            }
            assertThat(reg.discover("svc")).as("REG-12: rejected calls registered nothing").isEmpty();
        }
    }

    /**
     * Verifies that another client of the same namespace discovers a registration (within the operation
     * bound: replicated backends may lag), and that closing the registering client does not deregister its
     * instances: they stay until TTL - tolerance and are gone by TTL + tolerance, as for a crashed process.
     *
     * <p>If this fails, check that close() only releases client resources (it must not delete the
     * registrations, nor keep them alive with a leftover heartbeat thread).
     */
    @Test
    @ConformanceRule(id = "REG-13", title = "other clients see registrations; closing a client leaves its instances to expire")
    public void required_REG13_closedClientLeavesInstancesToExpire() {
        String ns = unique("reg");
        try (ServiceRegistry observer = backend.registry(RegistryConfig.of(ns))) {
            Duration ttl = shortTtl();
            ServiceRegistry owner = backend.registry(RegistryConfig.of(ns));
            long sent = System.nanoTime();
            owner.register(instance("svc", "a", 1), ttl);
            long returned = System.nanoTime();
            owner.close();
            assertExpiryWindow("REG-13: instance of a closed client, seen by another client", sent, returned, ttl,
                    () -> present(observer, "svc", "a"));
        }
    }

    /**
     * Verifies that a heartbeat sets the deadline to the heartbeat + TTL: an instance (TTL 2 x
     * {@link #shortTtl()}) heartbeaten half a TTL after it was registered stays until TTL - tolerance after
     * the heartbeat and is gone by TTL + tolerance after it (not at register + TTL, nor at register + 2 x TTL).
     *
     * <p>If this fails, check that a heartbeat restarts the full registered TTL from now (not extends the old
     * deadline by a TTL, nor leaves it).
     */
    @Test
    @ConformanceRule(id = "REG-14", title = "a heartbeat sets the deadline to now + TTL (not the old deadline + TTL)")
    public void required_REG14_heartbeatResetsDeadline() {
        new RegistryTtlChecks(this).heartbeatResetsDeadline();
    }

    /**
     * Verifies that a second register replaces host, port, metadata and TTL and restarts the deadline: an
     * instance registered with a long TTL and then with a short one is gone by the short TTL; one registered
     * twice with the same TTL, half a TTL apart, stays a full TTL after the second register.
     *
     * <p>If this fails, check that re-registration writes the new TTL and a new deadline (a new lease), not
     * only the new fields.
     */
    @Test
    @ConformanceRule(id = "REG-15", title = "a second register replaces fields and TTL and restarts the deadline")
    public void required_REG15_reRegisterResetsDeadline() {
        new RegistryTtlChecks(this).reRegisterResetsDeadlineAndFields();
    }

    /**
     * Called by REG-16 after its changes, while the watch's listener is still blocked. A backend test whose
     * server keeps history until it is compacted (etcd) compacts it here, so that the watch falls behind the
     * retained history; the default does nothing (backends with a bounded history by size need no help).
     */
    protected void compactWatchHistory(ServiceRegistry registry) {
    }

    /**
     * Verifies that a watch whose listener is blocked while 400 changes (20 ids, 4 KB of metadata each) are
     * made either delivers every change in order, or replaces the changes it lost by one RESET carrying the
     * exact state after them and goes on from there; never skips a change silently. The view the listener
     * builds (RESET replaces it) must end equal to a fresh discover.
     *
     * <p>If this fails, check what the watch does when it falls behind the backend's retained history (a
     * trimmed stream, a compacted revision, a full buffer): it must re-list and send a RESET.
     */
    @Test
    @ConformanceRule(id = "REG-16", title = "a watch that falls behind delivers every change or a RESET with the current list, never a silent gap",
            level = Level.OPTIONAL, requires = Capability.WATCH)
    public void optional_REG16_laggingWatchNeverSkipsSilently() {
        new RegistryWatchChecks(this).laggingWatcherEndsWithDiscoversView();
    }
}
