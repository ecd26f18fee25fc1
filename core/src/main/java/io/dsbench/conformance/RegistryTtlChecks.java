package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import java.time.Duration;
import java.util.Map;

/**
 * The bodies of {@link RegistryVerification}'s rules on what a heartbeat and a second register do to an
 * instance's deadline (REG-14, REG-15). Both use a TTL of twice {@link AbstractVerification#shortTtl()}, so
 * that half a TTL is more than the tolerance and "reset to now + TTL" is told apart from "extended by TTL" and
 * from "left alone".
 */
final class RegistryTtlChecks {
    private final RegistryVerification kit;

    RegistryTtlChecks(RegistryVerification kit) {
        this.kit = kit;
    }

    private static boolean present(ServiceRegistry reg, String id) {
        return reg.discover("svc").stream().anyMatch(i -> i.id().equals(id));
    }

    /** REG-14: half a TTL after register, a heartbeat; the instance then lives exactly TTL from the heartbeat. */
    void heartbeatResetsDeadline() {
        Duration ttl = kit.shortTtl().multipliedBy(2);
        try (ServiceRegistry reg = kit.registry()) {
            reg.register(ServiceInstance.of("svc", "a", "127.0.0.1", 1), ttl);
            AbstractVerification.letTimePass(ttl.dividedBy(2));
            long sent = System.nanoTime();
            boolean beat = reg.heartbeat("svc", "a");
            long returned = System.nanoTime();
            assertThat(beat).as("REG-14: heartbeat half a TTL (%s ms) after register", ttl.toMillis() / 2).isTrue();
            kit.assertExpiryWindow("REG-14: instance heartbeaten half a TTL after register (its deadline must be the"
                    + " heartbeat + TTL " + ttl.toMillis() + " ms, not register + TTL nor register + 2 x TTL)",
                    sent, returned, ttl, () -> present(reg, "a"));
        }
    }

    /**
     * REG-15: a second register replaces host, port, metadata and TTL, and restarts the deadline from itself:
     * an instance first registered with a long TTL and then with a short one expires by the short one; one
     * registered twice with the same TTL, half a TTL apart, lives a full TTL from the second register.
     */
    void reRegisterResetsDeadlineAndFields() {
        Duration ttl = kit.shortTtl().multipliedBy(2);
        try (ServiceRegistry reg = kit.registry()) {
            ServiceInstance longLived = new ServiceInstance("svc", "shortened", "127.0.0.1", 1, Map.of("v", "1"));
            ServiceInstance shortened = new ServiceInstance("svc", "shortened", "127.0.0.2", 2, Map.of("v", "2"));
            ServiceInstance renewed = ServiceInstance.of("svc", "renewed", "127.0.0.1", 3);
            reg.register(longLived, kit.longTtl());
            reg.register(renewed, ttl);
            AbstractVerification.letTimePass(ttl.dividedBy(2));
            long sent = System.nanoTime();
            reg.register(shortened, ttl);
            reg.register(renewed, ttl);
            long returned = System.nanoTime();
            assertThat(reg.discover("svc")).as("REG-15: discover after the second registers")
                    .containsExactly(renewed, shortened);
            kit.assertExpiryWindow("REG-15: instances registered a second time (first with a " + kit.longTtl().toMillis()
                    + " ms TTL, or " + ttl.toMillis() / 2 + " ms earlier with the same TTL); both must live TTL "
                    + ttl.toMillis() + " ms from the second register",
                    sent, returned, ttl, () -> present(reg, "renewed") && present(reg, "shortened"));
            Duration left = ttl.plus(kit.tolerance()).minus(AbstractVerification.since(returned));
            assertThat(kit.env.await(AbstractVerification.max(left, Duration.ZERO),
                    () -> !present(reg, "renewed") && !present(reg, "shortened")))
                    .as("REG-15: both instances gone by TTL + tolerance = %s ms after the second register; present: %s",
                            ttl.plus(kit.tolerance()).toMillis(), reg.discover("svc")).isTrue();
        }
    }
}
