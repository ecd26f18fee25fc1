package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.conformance.TestEnvironment;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A registry watch cut off from the server while its service changes more often than the stream keeps
 * (retention 20 events, 300 changes while every watch connection is killed as soon as it appears): after the
 * outage the view the listener built from its events (RESET replacing it) equals a fresh discover.
 */
class RedisWatchReconnectIT {
    @Test
    void aWatchDisconnectedPastRetentionEndsWithDiscoversView() throws Exception {
        String uri = SharedRedis.backend().deployment().orElseThrow().primary().uri();
        TestEnvironment env = TestEnvironment.fromEnvironment();
        RedisClient raw = RedisClient.create(uri);
        try (Backend b = Backends.open(BackendConfig.builder("redis").endpoint(uri)
                .option(RedisOptions.WATCH_RETENTION, "20").build());
             ServiceRegistry reg = b.registry(RegistryConfig.of("reconnect"));
             StatefulRedisConnection<String, String> admin = raw.connect()) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            try (ServiceRegistry.Watch w = reg.watch("svc", events::add)) {
                AtomicBoolean outage = new AtomicBoolean(true);
                AtomicInteger kills = new AtomicInteger();
                Thread killer = new Thread(() -> {
                    while (outage.get()) {
                        for (String line : admin.sync().clientList().split("\n")) {
                            if (line.contains("name=" + RedisServiceRegistry.CLIENT_NAME + " ")) {
                                String id = line.substring(line.indexOf("id=") + 3, line.indexOf(' ', line.indexOf("id=")));
                                kills.addAndGet(admin.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id))).intValue());
                            }
                        }
                    }
                }, "watch-killer");
                killer.start();
                assertThat(env.await(env.operationBound(), () -> kills.get() > 0)).as("the watch connection was killed")
                        .isTrue();
                for (int i = 0; i < 300; i++) {
                    String id = "i" + (i % 15);
                    if (i % 4 == 3) {
                        reg.deregister("svc", id);
                    } else {
                        reg.register(ServiceInstance.of("svc", id, "127.0.0.1", 1000 + i), Duration.ofMinutes(10));
                    }
                }
                outage.set(false);
                killer.join();
                List<ServiceInstance> fresh = reg.discover("svc");
                boolean converged = env.await(env.operationBound(), () -> view(events).equals(fresh));
                long resets = events.stream().filter(e -> e.type() == RegistryEvent.Type.RESET).count();
                System.out.println("RedisWatchReconnectIT: " + kills.get() + " watch connections killed, " + events.size()
                        + " events, " + resets + " RESET");
                assertThat(converged).as("view from %d events (%d RESET) equals discover %s", events.size(), resets, fresh)
                        .isTrue();
            }
        } finally {
            raw.shutdown();
        }
    }

    private static List<ServiceInstance> view(List<RegistryEvent> events) {
        Map<String, ServiceInstance> v = new TreeMap<>();
        for (RegistryEvent e : events) {
            switch (e.type()) {
                case RESET -> {
                    v.clear();
                    e.instances().forEach(i -> v.put(i.id(), i));
                }
                case ADDED, UPDATED -> v.put(e.instance().id(), e.instance());
                case REMOVED, EXPIRED -> v.remove(e.instance().id());
                default -> throw new AssertionError(e.type());
            }
        }
        return List.copyOf(v.values());
    }
}
