package io.dsbench.conformance.controls;

import static io.dsbench.conformance.controls.PlantedBug.cache;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.cache.CacheStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Planted bugs of the CACHE rules: each a realistic defect of a cache. */
final class CacheBugs {
    private CacheBugs() {
    }

    static List<PlantedBug> all() {
        return List.of(
                new PlantedBug("CACHE-1", "a missing entry reads as an empty value", cache(c -> new Forwarding.Cache(c) {
                    @Override
                    public Optional<byte[]> get(String key) {
                        return Optional.of(d.get(key).orElse(new byte[0]));
                    }
                })),
                new PlantedBug("CACHE-2", "the TTL never reaches the server (entries live an hour)",
                        cache(c -> new Forwarding.Cache(c) {
                            @Override
                            public void put(String key, byte[] value, Duration ttl) {
                                d.put(key, value, Duration.ofHours(1));
                            }
                        })),
                new PlantedBug("CACHE-3", "an overwrite keeps the old TTL (SET ... KEEPTTL)", cache(c -> new KeepTtlCache(c))),
                new PlantedBug("CACHE-4", "a zero or negative TTL means 'no expiry'", cache(c -> new Forwarding.Cache(c) {
                    @Override
                    public void put(String key, byte[] value, Duration ttl) {
                        d.put(key, value, ttl != null && (ttl.isZero() || ttl.isNegative()) ? Duration.ofHours(1) : ttl);
                    }
                })),
                new PlantedBug("CACHE-5", "putIfAbsent overwrites a live entry", cache(c -> new Forwarding.Cache(c) {
                    @Override
                    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                        d.put(key, value, ttl);
                        return true;
                    }
                })),
                new PlantedBug("CACHE-6", "putIfAbsent as get-then-put", cache(c -> new Forwarding.Cache(c) {
                    @Override
                    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
                        if (d.get(key).isPresent()) {
                            return false;
                        }
                        Bugs.roundTrip();
                        d.put(key, value, ttl);
                        return true;
                    }
                })),
                new PlantedBug("CACHE-7", "the cache name is ignored (one cache for all)", Bugs.backend(b -> new ForwardingBackend(b,
                        "planted-bug") {
                    @Override
                    public CacheStore cache(String name) {
                        return delegate.cache("shared");
                    }
                })));
    }

    /** A cache whose overwrite keeps the entry's remaining TTL (like SET ... KEEPTTL). */
    private static final class KeepTtlCache extends Forwarding.Cache {
        private final Map<String, Long> expiresAt = new ConcurrentHashMap<>();

        KeepTtlCache(CacheStore d) {
            super(d);
        }

        @Override
        public void put(String key, byte[] value, Duration ttl) {
            Long at = expiresAt.get(key);
            long now = System.nanoTime();
            if (at != null && at - now > 0 && d.get(key).isPresent()) {
                d.put(key, value, Duration.ofNanos(at - now));
            } else {
                expiresAt.put(key, now + ttl.toNanos());
                d.put(key, value, ttl);
            }
        }
    }
}
