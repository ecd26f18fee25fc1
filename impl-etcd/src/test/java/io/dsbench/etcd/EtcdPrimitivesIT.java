package io.dsbench.etcd;

import io.dsbench.conformance.TestEnvironment;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.CasResult;
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
import io.dsbench.spi.Capability;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * etcd-specific checks of each primitive's mechanism against a real single member (the conformance kit
 * covers the general contract): revisions as versions, lease expiry, watch event kinds, fencing tokens,
 * gap-free log sequences.
 */
class EtcdPrimitivesIT {
    private final EtcdBackend backend = SharedEtcd.backend();
    private final TestEnvironment env = TestEnvironment.fromEnvironment();

    private static String unique(String p) {
        return p + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void declaresCapabilitiesAndTiming() {
        assertThat(backend.capabilities()).contains(Capability.LINEARIZABLE_KV, Capability.WATCH,
                Capability.SERVER_SIDE_EXPIRY, Capability.DURABLE).doesNotContain(Capability.REPLICATED);
        assertThat(backend.timing().minTtl()).isEqualTo(Duration.ofSeconds(1));
        assertThat(backend.describe()).startsWith("etcd 3.").contains("single member", "linearizable");
    }

    @Test
    void kv_versionsAreModRevisionsAndIncreaseAcrossDeleteAndRecreate() {
        KeyValueStore kv = backend.keyValue(unique("kv"));
        long v1 = kv.put("a/b c", b("1"));
        long v2 = kv.put("a/b c", b("2"));
        assertThat(v2).isGreaterThan(v1);
        assertThat(kv.delete("a/b c")).isTrue();
        assertThat(kv.delete("a/b c")).isFalse();
        CasResult created = kv.compareAndSet("a/b c", KeyValueStore.ABSENT, b("3"));
        assertThat(created.succeeded()).isTrue();
        assertThat(created.version()).isGreaterThan(v2);
        CasResult stale = kv.compareAndSet("a/b c", v2, b("4"));
        assertThat(stale).isEqualTo(CasResult.failure(created.version()));
        assertThat(kv.get("a/b c").orElseThrow().value()).isEqualTo(b("3"));
        assertThat(kv.compareAndDelete("a/b c", v1)).isEqualTo(CasResult.failure(created.version()));
        assertThat(kv.compareAndDelete("a/b c", created.version()).succeeded()).isTrue();
        assertThat(kv.get("a/b c")).isEmpty();
        assertThat(kv.compareAndSet("x", 5, b("y"))).isEqualTo(CasResult.failure(KeyValueStore.ABSENT));
    }

    @Test
    void kv_namespacesWithSlashesDoNotCollide() {
        String ns = unique("ns");
        KeyValueStore a = backend.keyValue(ns);
        KeyValueStore ab = backend.keyValue(ns + "/b");
        a.put("b/c", b("a"));
        assertThat(ab.get("c")).isEmpty();
        ab.put("c", b("ab"));
        assertThat(a.get("b/c").orElseThrow().value()).isEqualTo(b("a"));
    }

    @Test
    void kv_oneMebibyteValueRoundTrips() {
        KeyValueStore kv = backend.keyValue(unique("big"));
        byte[] big = new byte[1 << 20];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        kv.put("k", big);
        assertThat(kv.get("k").orElseThrow().value()).isEqualTo(big);
        kv.put("e", new byte[0]);
        assertThat(kv.get("e").orElseThrow().value()).isEmpty();
    }

    @Test
    void registry_expiryAndDeregistrationAreDistinguishedByTheWatch() throws Exception {
        try (ServiceRegistry reg = backend.registry(RegistryConfig.of(unique("reg")))) {
            List<RegistryEvent> events = new CopyOnWriteArrayList<>();
            ServiceRegistry.Watch w = reg.watch("svc", events::add);
            Duration ttl = backend.timing().minTtl();
            reg.register(ServiceInstance.of("svc", "a", "h", 1), ttl);
            reg.register(new ServiceInstance("svc", "a", "h", 2, Map.of("k", "v")), ttl);
            reg.register(ServiceInstance.of("svc", "b", "h", 3), Duration.ofSeconds(30));
            reg.register(ServiceInstance.of("other", "z", "h", 3), Duration.ofSeconds(30));
            assertThat(reg.heartbeat("svc", "a")).isTrue();
            assertThat(reg.deregister("svc", "b")).isTrue();
            assertThat(reg.deregister("svc", "b")).isFalse();
            assertThat(reg.heartbeat("svc", "b")).isFalse();
            Duration bound = ttl.plus(backend.timing().ttlTolerance()).plus(env.slack()).multipliedBy(2);
            assertThat(env.await(bound, () -> events.size() >= 5)).as("events %s", events).isTrue();
            assertThat(events).extracting(RegistryEvent::type).containsExactly(RegistryEvent.Type.ADDED,
                    RegistryEvent.Type.UPDATED, RegistryEvent.Type.ADDED, RegistryEvent.Type.REMOVED,
                    RegistryEvent.Type.EXPIRED);
            assertThat(events.get(4).instance().port()).isEqualTo(2);
            assertThat(events).allMatch(e -> e.instance().service().equals("svc"));
            assertThat(reg.heartbeat("svc", "a")).isFalse();
            assertThat(reg.discover("svc")).isEmpty();
            assertThat(reg.discover("other")).hasSize(1);
            w.close();
        }
    }

    @Test
    void cache_entryExpiresByLeaseAndPutIfAbsentIsATransaction() {
        CacheStore c = backend.cache(unique("cache"));
        Duration ttl = Duration.ofMillis(1200); // rounded up to 2 s
        long t0 = System.nanoTime();
        c.put("k", b("v"), ttl);
        assertThat(c.putIfAbsent("k", b("w"), ttl)).isFalse();
        assertThat(c.get("k").orElseThrow()).isEqualTo(b("v"));
        assertThat(env.await(Duration.ofSeconds(6), () -> c.get("k").isEmpty())).isTrue();
        long gone = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[dsbench-etcd] cache entry with ttl 1200 ms (lease 2 s) gone after " + gone + " ms");
        assertThat(gone).isGreaterThanOrEqualTo(ttl.toMillis());
        assertThat(Duration.ofMillis(gone)).isLessThanOrEqualTo(ttl.plus(backend.timing().ttlTolerance()).plus(env.slack()));
        assertThat(c.putIfAbsent("k", b("w"), ttl)).isTrue();
        assertThat(c.invalidate("k")).isTrue();
        assertThat(c.invalidate("k")).isFalse();
    }

    @Test
    void idempotency_tokensAreRevisionsAndLateCompleteIsRefused() {
        IdempotencyStore st = backend.idempotency(new IdempotencyConfig(unique("idem"), Duration.ofSeconds(30),
                backend.timing().minTtl()));
        ClaimResult first = st.claim("k", "fp");
        assertThat(first.status()).isEqualTo(ClaimResult.Status.NEW);
        assertThat(st.claim("k", "fp").status()).isEqualTo(ClaimResult.Status.IN_PROGRESS);
        assertThat(st.claim("k", "other").status()).isEqualTo(ClaimResult.Status.MISMATCH);
        // abandon: the lease runs out, the next claim is NEW with a higher token
        assertThat(env.await(Duration.ofSeconds(6), () -> st.lookup("k").isEmpty())).isTrue();
        ClaimResult second = st.claim("k", "fp");
        assertThat(second.status()).isEqualTo(ClaimResult.Status.NEW);
        assertThat(second.claim().orElseThrow().token()).isGreaterThan(first.claim().orElseThrow().token());
        assertThat(st.complete(first.claim().orElseThrow(), b("late"))).isFalse();
        assertThat(st.complete(second.claim().orElseThrow(), b("r"))).isTrue();
        assertThat(st.complete(second.claim().orElseThrow(), b("again"))).isFalse();
        ClaimResult replay = st.claim("k", "fp");
        assertThat(replay.status()).isEqualTo(ClaimResult.Status.COMPLETED);
        assertThat(replay.result().orElseThrow()).isEqualTo(b("r"));
        ClaimResult third = st.claim("k2", "fp");
        assertThat(st.release(third.claim().orElseThrow())).isTrue();
        assertThat(st.lookup("k2")).isEmpty();
        assertThat(st.release(third.claim().orElseThrow())).isFalse();
    }

    @Test
    void idempotency_sixteenConcurrentDuplicatesGiveOneNew() throws Exception {
        IdempotencyStore st = backend.idempotency(IdempotencyConfig.of(unique("idem16")));
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try {
            List<Future<ClaimResult>> fs = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                fs.add(pool.submit(() -> st.claim("dup", "fp")));
            }
            int news = 0;
            for (Future<ClaimResult> f : fs) {
                if (f.get(20, TimeUnit.SECONDS).status() == ClaimResult.Status.NEW) {
                    news++;
                }
            }
            assertThat(news).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void locks_tokensIncreaseReleaseChecksTokenAndDeadHolderExpires() {
        LockService ls = backend.locks(new LockConfig(unique("lock"), backend.timing().minTtl()));
        LockGrant g1 = ls.tryAcquire("L").orElseThrow();
        assertThat(ls.tryAcquire("L")).isEmpty();
        assertThat(ls.release(new LockGrant("L", g1.fencingToken() + 1))).isFalse();
        assertThat(ls.renew(g1)).isTrue();
        assertThat(ls.release(g1)).isTrue();
        assertThat(ls.release(g1)).isFalse();
        LockGrant g2 = ls.tryAcquire("L").orElseThrow();
        assertThat(g2.fencingToken()).isGreaterThan(g1.fencingToken());
        // g2's holder "dies": no renew, the lease runs out
        long t0 = System.nanoTime();
        Optional<LockGrant> g3 = Optional.empty();
        try {
            g3 = ls.acquire("L", Duration.ofSeconds(6));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long waited = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[dsbench-etcd] lock with 1 s lease freed after " + waited + " ms");
        assertThat(g3).isPresent();
        assertThat(g3.get().fencingToken()).isGreaterThan(g2.fencingToken());
        assertThat(ls.renew(g2)).isFalse();
        assertThat(ls.release(g3.get())).isTrue();
    }

    @Test
    void locks_rejectLeaseBelowServerMinimum() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() ->
                        backend.locks(new LockConfig(unique("l"), Duration.ofMillis(300))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lease");
    }

    @Test
    void log_concurrentAppendsAreGapFreeAndReadInOrder() throws Exception {
        DurableLog log = backend.log(unique("log"));
        assertThat(log.lastSequence()).isZero();
        assertThat(log.read(1, 10)).isEmpty();
        int threads = 6;
        int each = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        Set<Long> seqs = ConcurrentHashMap.newKeySet();
        AtomicInteger dup = new AtomicInteger();
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tt = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        if (!seqs.add(log.append(b(tt + ":" + i)))) {
                            dup.incrementAndGet();
                        }
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        int n = threads * each;
        assertThat(dup.get()).isZero();
        assertThat(log.lastSequence()).isEqualTo(n);
        List<LogRecord> all = log.read(1, 1000);
        assertThat(all).hasSize(n);
        for (int i = 0; i < n; i++) {
            assertThat(all.get(i).sequence()).isEqualTo(i + 1);
        }
        assertThat(log.read(n - 1, 5)).extracting(LogRecord::sequence).containsExactly((long) n - 1, (long) n);
        assertThat(log.read(n + 1, 5)).isEmpty();
    }
}
