package io.dsbench.inmemory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Expiry of the inmemory backend driven by a fake ticker, with the sweeper off: no waiting at all, and
 * proof that expiry is lazy (it happens on access, with no background thread involved).
 */
class InMemoryExpiryTest {
    private final FakeTicker ticker = new FakeTicker();
    private Backend backend;

    @BeforeEach
    void open() {
        backend = new InMemoryBackendProvider().open(BackendConfig.builder("inmemory")
                .ticker(ticker).option("sweepIntervalMillis", "0").build());
    }

    @AfterEach
    void close() {
        backend.close();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void cache_entry_presentUntilTtl_goneAtTtl() {
        CacheStore cache = backend.cache("c");
        cache.put("k", b("v"), Duration.ofSeconds(10));
        ticker.advance(Duration.ofMillis(9_999));
        assertThat(cache.get("k")).isPresent();
        ticker.advance(Duration.ofMillis(1));
        assertThat(cache.get("k")).isEmpty();
        assertThat(cache.invalidate("k")).isFalse();
        assertThat(cache.putIfAbsent("k", b("w"), Duration.ofSeconds(1))).isTrue();
    }

    @Test
    void cache_put_restartsTtl() {
        CacheStore cache = backend.cache("c");
        cache.put("k", b("v1"), Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));
        cache.put("k", b("v2"), Duration.ofSeconds(10));
        ticker.advance(Duration.ofSeconds(8));
        assertThat(cache.get("k")).hasValueSatisfying(v -> assertThat(v).isEqualTo(b("v2")));
    }

    @Test
    void registry_instance_expiresExactlyAtTtl_andHeartbeatRestartsIt() {
        ServiceRegistry reg = backend.registry(RegistryConfig.of("ns"));
        reg.register(ServiceInstance.of("svc", "a", "127.0.0.1", 80), Duration.ofSeconds(3));
        ticker.advance(Duration.ofMillis(2_999));
        assertThat(reg.heartbeat("svc", "a")).isTrue();
        ticker.advance(Duration.ofMillis(2_999));
        assertThat(reg.discover("svc")).hasSize(1);
        ticker.advance(Duration.ofMillis(1));
        assertThat(reg.discover("svc")).isEmpty();
        assertThat(reg.heartbeat("svc", "a")).isFalse();
    }

    @Test
    void registry_lazyExpiry_emitsOneExpiredEvent_withoutSweeper() {
        ServiceRegistry reg = backend.registry(RegistryConfig.of("ns"));
        List<RegistryEvent> events = new CopyOnWriteArrayList<>();
        ServiceInstance a = ServiceInstance.of("svc", "a", "127.0.0.1", 80);
        try (ServiceRegistry.Watch w = reg.watch("svc", events::add)) {
            reg.register(a, Duration.ofSeconds(1));
            ticker.advance(Duration.ofSeconds(1));
            assertThat(reg.discover("svc")).isEmpty();
            assertThat(reg.discover("svc")).isEmpty();
            reg.register(a, Duration.ofSeconds(1));
            Awaitility.await().atMost(5, TimeUnit.SECONDS).until(() -> events.size() >= 3);
            assertThat(events).extracting(RegistryEvent::type).containsExactly(
                    RegistryEvent.Type.ADDED, RegistryEvent.Type.EXPIRED, RegistryEvent.Type.ADDED);
        }
    }

    @Test
    void idempotency_abandonedClaim_expiresAtLockTimeout_andOldTokenIsRefused() {
        IdempotencyStore store = backend.idempotency(
                new IdempotencyConfig("ns", Duration.ofMinutes(5), Duration.ofSeconds(30)));
        ClaimResult first = store.claim("k", "fp");
        assertThat(first.status()).isEqualTo(ClaimResult.Status.NEW);
        ticker.advance(Duration.ofMillis(29_999));
        assertThat(store.claim("k", "fp").status()).isEqualTo(ClaimResult.Status.IN_PROGRESS);
        ticker.advance(Duration.ofMillis(1));
        ClaimResult second = store.claim("k", "fp");
        assertThat(second.status()).isEqualTo(ClaimResult.Status.NEW);
        assertThat(second.claim().orElseThrow().token()).isGreaterThan(first.claim().orElseThrow().token());
        assertThat(store.complete(first.claim().orElseThrow(), b("late"))).isFalse();
        assertThat(store.complete(second.claim().orElseThrow(), b("ok"))).isTrue();
        ticker.advance(Duration.ofMinutes(5).minusNanos(1));
        assertThat(store.claim("k", "fp").status()).isEqualTo(ClaimResult.Status.COMPLETED);
        ticker.advance(Duration.ofNanos(1));
        assertThat(store.lookup("k")).isEmpty();
        assertThat(store.claim("k", "fp").status()).isEqualTo(ClaimResult.Status.NEW);
    }

    @Test
    void lock_leaseRunsOut_exactlyAtLease_tokensKeepIncreasing() {
        LockService locks = backend.locks(new LockConfig("ns", Duration.ofSeconds(10)));
        LockGrant g1 = locks.tryAcquire("L").orElseThrow();
        ticker.advance(Duration.ofMillis(9_999));
        assertThat(locks.tryAcquire("L")).isEmpty();
        assertThat(locks.renew(g1)).isTrue();
        ticker.advance(Duration.ofMillis(9_999));
        assertThat(locks.tryAcquire("L")).isEmpty();
        ticker.advance(Duration.ofMillis(1));
        LockGrant g2 = locks.tryAcquire("L").orElseThrow();
        assertThat(g2.fencingToken()).isGreaterThan(g1.fencingToken());
        assertThat(locks.renew(g1)).isFalse();
        assertThat(locks.release(g1)).isFalse();
        assertThat(locks.release(g2)).isTrue();
    }

    @Test
    void lock_acquire_withFrozenTicker_givesUpAfterMaxWait() throws InterruptedException {
        LockService locks = backend.locks(new LockConfig("ns", Duration.ofSeconds(10)));
        locks.tryAcquire("L").orElseThrow();
        long start = System.nanoTime();
        assertThat(locks.acquire("L", Duration.ofMillis(50))).isEmpty();
        assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    void closedBackend_rejectsUse_withClearMessage() {
        var kv = backend.keyValue("ns");
        backend.close();
        assertThatThrownBy(() -> kv.get("k")).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void badOptions_areRejectedNamingTheOption() {
        assertThatThrownBy(() -> new InMemoryBackendProvider().open(BackendConfig.builder("inmemory")
                .option("sweepIntervalMillis", "soon").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sweepIntervalMillis");
        assertThatThrownBy(() -> new InMemoryBackendProvider().open(BackendConfig.builder("inmemory")
                .option("colour", "blue").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> new InMemoryBackendProvider().open(BackendConfig.builder("inmemory")
                .endpoint("redis://127.0.0.1:6379").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoints");
    }

    @Test
    void ttlBelowMinimum_isRejected() {
        assertThatThrownBy(() -> backend.cache("c").put("k", b("v"), Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ttl");
    }
}
