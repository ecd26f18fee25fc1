package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Redis-specific behaviour the conformance kit does not see: where keys go, how the Lua scripts survive a
 * script-cache flush, the registry's event stream, gap-free log appends, declared capabilities and
 * descriptions. Runs against the shared managed server.
 */
class RedisBackendIT {
    private final RedisBackend backend = SharedRedis.backend();
    private static final Duration T = Duration.ofSeconds(2);

    private static String unique(String p) {
        return p + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void provider_isFoundByName_andDeclaresASinglePrimarysCapabilities() {
        assertThat(Backends.provider("redis")).isInstanceOf(RedisBackendProvider.class);
        assertThat(backend.capabilities()).containsExactlyInAnyOrderElementsOf(Backends.provider("redis").capabilities());
        assertThat(backend.capabilities()).contains(Capability.LINEARIZABLE_KV, Capability.LINEARIZABLE_LOCKS,
                Capability.LINEARIZABLE_IDEMPOTENCY, Capability.WATCH, Capability.SERVER_SIDE_EXPIRY)
                .doesNotContain(Capability.DURABLE, Capability.REPLICATED);
        assertThat(backend.undeclaredReasons()).containsKeys(Capability.DURABLE, Capability.REPLICATED);
        assertThat(backend.undeclaredReasons().get(Capability.DURABLE)).contains("appendonly no");
        assertThat(backend.describe()).startsWith("redis 7").contains("standalone (managed) on 127.0.0.1:");
        assertThat(backend.timing().ttlTolerance()).isEqualTo(Duration.ofMillis(100));
        assertThat(backend.timing().minTtl()).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void everyKey_isUnderTheKeyPrefix() throws Exception {
        String prefix = "dsbench/" + unique("prefix-test");
        BackendConfig cfg = BackendConfig.builder("redis").endpoint(backend.deployment().orElseThrow().primary().uri())
                .keyPrefix(prefix).build();
        try (RedisBackend b = (RedisBackend) Backends.open(cfg)) {
            String ns = "a/b%c";
            b.keyValue(ns).put("k/with/slashes", utf8("v"));
            b.cache(ns).put("c", utf8("v"), Duration.ofSeconds(30));
            b.locks(LockConfig.of(ns)).tryAcquire("l").orElseThrow();
            b.idempotency(io.dsbench.spec.idempotency.IdempotencyConfig.of(ns)).claim("i", "fp");
            b.log(ns).append(utf8("x"));
            try (ServiceRegistry r = b.registry(RegistryConfig.of(ns))) {
                r.register(ServiceInstance.of("svc", "id1", "h", 1), Duration.ofSeconds(30));
            }
            RedisServerProcess p = backend.deployment().orElseThrow().primary();
            Object all = p.command(T, "KEYS", prefix + "/*");
            assertThat((List<?>) all).hasSizeGreaterThanOrEqualTo(10)
                    .allSatisfy(k -> assertThat(k.toString()).startsWith(prefix + "/"));
            Object outside = p.command(T, "KEYS", "*prefix-test*");
            assertThat((List<?>) outside).allSatisfy(k -> assertThat(k.toString()).startsWith(prefix + "/"));
            // the escaped namespace keeps "a/b%c" one path component
            assertThat((List<?>) all).anyMatch(k -> k.toString().equals(prefix + "/kv/a%2Fb%25c/d/k/with/slashes"));
        }
    }

    @Test
    void scripts_reloadAfterTheServerForgetsThem() throws Exception {
        KeyValueStore kv = backend.keyValue(unique("noscript"));
        long v1 = kv.put("k", utf8("1"));
        backend.deployment().orElseThrow().primary().command(T, "SCRIPT", "FLUSH");
        assertThat(kv.compareAndSet("k", v1, utf8("2")).succeeded()).isTrue();
        assertThat(new String(kv.get("k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("2");
    }

    @Test
    void versions_increaseAcrossDeleteAndRecreate_perNamespaceCounter() {
        KeyValueStore kv = backend.keyValue(unique("ver"));
        long a = kv.put("k", utf8("1"));
        assertThat(kv.delete("k")).isTrue();
        long b = kv.compareAndSet("k", KeyValueStore.ABSENT, utf8("2")).version();
        assertThat(b).isGreaterThan(a);
        assertThat(kv.compareAndDelete("k", b).succeeded()).isTrue();
        assertThat(kv.put("k", utf8("3"))).isGreaterThan(b);
    }

    @Test
    void log_concurrentAppendsAreGapFreeAndExactlyOnce() throws Exception {
        DurableLog log = backend.log(unique("log"));
        int threads = 8;
        int per = 100;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<Long>>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tid = t;
                fs.add(pool.submit(() -> {
                    List<Long> seqs = new ArrayList<>();
                    for (int i = 0; i < per; i++) {
                        seqs.add(log.append(utf8(tid + ":" + i)));
                    }
                    return seqs;
                }));
            }
            Set<Long> all = new HashSet<>();
            for (Future<List<Long>> f : fs) {
                all.addAll(f.get(30, TimeUnit.SECONDS));
            }
            assertThat(all).hasSize(threads * per);
            assertThat(log.lastSequence()).isEqualTo(threads * per);
            List<LogRecord> recs = new ArrayList<>();
            long from = 1;
            while (true) {
                List<LogRecord> page = log.read(from, 128);
                if (page.isEmpty()) {
                    break;
                }
                recs.addAll(page);
                from = page.get(page.size() - 1).sequence() + 1;
            }
            assertThat(recs).hasSize(threads * per);
            Set<String> payloads = new HashSet<>();
            for (int i = 0; i < recs.size(); i++) {
                assertThat(recs.get(i).sequence()).isEqualTo(i + 1);
                payloads.add(new String(recs.get(i).payload(), StandardCharsets.UTF_8));
            }
            assertThat(payloads).hasSize(threads * per);
            assertThat(log.read(threads * per + 1, 10)).isEmpty();
            assertThat(log.read(5, 2)).extracting(LogRecord::sequence).containsExactly(5L, 6L);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void log_emptyAndLargePayloadsRoundTrip() {
        DurableLog log = backend.log(unique("log"));
        byte[] big = new byte[1 << 20];
        new java.util.Random(7).nextBytes(big);
        assertThat(log.append(new byte[0])).isEqualTo(1);
        assertThat(log.append(big)).isEqualTo(2);
        List<LogRecord> r = log.read(1, 10);
        assertThat(r.get(0).payload()).isEmpty();
        assertThat(r.get(1).payload()).isEqualTo(big);
    }

    @Test
    void locks_tokensIncreaseAcrossExpiry_andOnlyTheHolderReleases() {
        LockService locks = backend.locks(new LockConfig(unique("lock"), Duration.ofMillis(100)));
        LockGrant g1 = locks.tryAcquire("x").orElseThrow();
        assertThat(locks.tryAcquire("x")).isEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(2)).until(() -> locks.tryAcquire("x").isPresent());
        assertThat(locks.release(g1)).as("expired grant").isFalse();
        assertThat(locks.renew(g1)).isFalse();
        LockGrant g3 = locks.tryAcquire("y").orElseThrow();
        assertThat(locks.release(new LockGrant("y", g3.fencingToken() + 1))).isFalse();
        assertThat(locks.renew(g3)).isTrue();
        assertThat(locks.release(g3)).isTrue();
        LockGrant g4 = locks.tryAcquire("y").orElseThrow();
        assertThat(g4.fencingToken()).isGreaterThan(g3.fencingToken());
    }

    @Test
    void registry_watchSeesEveryChangeInOrder_includingExpiry() throws Exception {
        String svc = unique("svc");
        try (ServiceRegistry reg = backend.registry(RegistryConfig.of(unique("reg")))) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            List<RegistryEvent> other = new CopyOnWriteArrayList<>();
            try (ServiceRegistry.Watch w = reg.watch(svc, events::add);
                 ServiceRegistry.Watch w2 = reg.watch(svc + "-other", other::add)) {
                ServiceInstance a = ServiceInstance.of(svc, "a", "h1", 1);
                ServiceInstance a2 = new ServiceInstance(svc, "a", "h1", 2, Map.of("zone", "z1"));
                reg.register(a, Duration.ofSeconds(30));
                reg.register(a, Duration.ofSeconds(30));   // refresh: no event
                reg.register(a2, Duration.ofSeconds(30));  // update
                reg.register(ServiceInstance.of(svc, "b", "h2", 3), Duration.ofMillis(150));
                assertThat(reg.deregister(svc, "a")).isTrue();
                assertThat(reg.deregister(svc, "a")).isFalse();
                Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> events.size() >= 5);
                assertThat(events).extracting(RegistryEvent::type).containsExactly(RegistryEvent.Type.ADDED,
                        RegistryEvent.Type.UPDATED, RegistryEvent.Type.ADDED, RegistryEvent.Type.REMOVED,
                        RegistryEvent.Type.EXPIRED);
                assertThat(events.get(1).instance()).isEqualTo(a2);
                assertThat(events.get(3).instance()).as("removed as last known").isEqualTo(a2);
                assertThat(events.get(4).instance().id()).isEqualTo("b");
                assertThat(reg.heartbeat(svc, "b")).isFalse();
                assertThat(reg.discover(svc)).isEmpty();
                assertThat(other).isEmpty();
            }
        }
    }

    @Test
    void badOptions_areRejectedNamingThem() {
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").option("topolgy", "x").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown option 'topolgy'")
                .hasMessageContaining("topology");
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").option("topology", "cluster").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("topology = 'cluster'");
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").endpoint("http://127.0.0.1:1").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scheme 'http'");
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").endpoint("redis://127.0.0.1:1/x").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("path '/x'");
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").endpoint("redis://127.0.0.1:1")
                .option("topology", "sentinel").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only to a managed redis");
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").option("durability", "aof-always")
                .option("dataDir", "/proc/dsbench-cannot-create").build()))
                .isInstanceOf(io.dsbench.spec.BackendException.class)
                .hasMessageContaining("cannot start a managed redis-server")
                .hasMessageContaining("/proc/dsbench-cannot-create");
        assertThatThrownBy(() -> backend.cache("c").put("k", utf8("v"), Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }
}
