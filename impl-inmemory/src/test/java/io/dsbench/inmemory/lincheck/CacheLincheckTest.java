package io.dsbench.inmemory.lincheck;

import io.dsbench.spec.cache.CacheStore;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Lincheck: {@code InMemoryCacheStore} get/put/putIfAbsent/invalidate on two keys (TTLs far beyond the test). */
@Param(name = "key", gen = IntGen.class, conf = "1:2")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class CacheLincheckTest extends AbstractLincheckTest {
    private static final Duration TTL = Duration.ofHours(1);
    private final CacheStore cache = backend.cache(freshNamespace("lc-cache"));

    @Operation
    public String get(@Param(name = "key") int key) {
        return cache.get("k" + key).map(b -> new String(b, StandardCharsets.UTF_8)).orElse("miss");
    }

    @Operation
    public void put(@Param(name = "key") int key, @Param(name = "value") int value) {
        cache.put("k" + key, Integer.toString(value).getBytes(StandardCharsets.UTF_8), TTL);
    }

    @Operation
    public boolean putIfAbsent(@Param(name = "key") int key, @Param(name = "value") int value) {
        return cache.putIfAbsent("k" + key, Integer.toString(value).getBytes(StandardCharsets.UTF_8), TTL);
    }

    @Operation
    public boolean invalidate(@Param(name = "key") int key) {
        return cache.invalidate("k" + key);
    }
}
