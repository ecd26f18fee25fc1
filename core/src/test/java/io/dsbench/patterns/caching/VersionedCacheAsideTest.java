package io.dsbench.patterns.caching;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class VersionedCacheAsideTest {
    /**
     * Readers and writers hammer a few keys with a very short hold-off (so fills after expiry happen too).
     * Once everyone has stopped, no key's cache entry may hold a value other than the store's.
     */
    @Test
    void concurrentReadersAndWriters_noStaleValueSurvives() throws Exception {
        TinyBackend b = new TinyBackend();
        CacheStore cache = b.cache("c");
        KeyValueStore store = b.keyValue("s");
        RemoteCalls calls = RemoteCalls.defaults();
        VersionedCacheAside strategy = new VersionedCacheAside(cache, store, Duration.ofSeconds(30), Duration.ofMillis(2),
                calls, ReadHook.NONE);
        List<String> keys = List.of("a", "b", "c");
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Future<?>> fs = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                int writer = w;
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 300 && !stop.get(); i++) {
                        strategy.write(keys.get(i % keys.size()), ("w" + writer + "-" + i).getBytes(StandardCharsets.UTF_8));
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 4; r++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < 600 && !stop.get(); i++) {
                        strategy.read(keys.get(i % keys.size()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        for (String k : keys) {
            String inStore = new String(store.get(k).orElseThrow().value(), StandardCharsets.UTF_8);
            strategy.cachedValue(k).ifPresent(v -> assertThat(new String(v, StandardCharsets.UTF_8))
                    .as("cached value of %s", k).isEqualTo(inStore));
            assertThat(new String(strategy.read(k).orElseThrow(), StandardCharsets.UTF_8)).isEqualTo(inStore);
        }
    }
}
