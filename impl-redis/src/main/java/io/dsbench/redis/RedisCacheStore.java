package io.dsbench.redis;

import io.dsbench.spec.Checks;
import io.dsbench.spec.cache.CacheStore;
import io.lettuce.core.SetArgs;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link CacheStore} on Redis strings with native expiry: {@code SET key value PX ttl}; putIfAbsent is
 * {@code SET NX PX}; invalidate is {@code DEL} (Redis expires a key on access, so an expired entry is never
 * returned nor counted as removed). Keys live at {@code <prefix>/cache/<name>/<key>}. Expiry follows the
 * server's clock in whole milliseconds; a server configured with an eviction policy may drop entries early.
 * Thread-safe; each call is one atomic command.
 */
final class RedisCacheStore implements CacheStore {
    private final RedisConnector redis;
    private final String name;
    private final String prefix;
    private final Duration minTtl;

    RedisCacheStore(RedisConnector redis, Keys keys, String name, Duration minTtl) {
        this.redis = redis;
        this.name = Checks.requireKey("name", name);
        this.prefix = keys.path("cache", name) + "/";
        this.minTtl = minTtl;
    }

    private byte[] key(String key) {
        return Keys.bytes(prefix + Checks.requireKey("key", key));
    }

    private SetArgs args(Duration ttl) {
        Checks.requirePositive("ttl", ttl);
        if (ttl.compareTo(minTtl) < 0) {
            throw new IllegalArgumentException("ttl = " + ttl + " is out of range (legal range: >= " + minTtl
                    + ", the redis backend's minimum TTL)");
        }
        return SetArgs.Builder.px(Keys.millisCeil(ttl));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Optional<byte[]> get(String key) {
        byte[] k = key(key);
        return Optional.ofNullable(redis.call("cache get", false, c -> c.get(k)));
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        byte[] k = key(key);
        Checks.requireNonNull("value", value);
        SetArgs a = args(ttl);
        redis.call("cache put", true, c -> c.set(k, value, a));
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        byte[] k = key(key);
        Checks.requireNonNull("value", value);
        SetArgs a = args(ttl).nx();
        String r = redis.call("cache putIfAbsent", true, c -> c.set(k, value, a));
        return "OK".equals(r);
    }

    @Override
    public boolean invalidate(String key) {
        byte[] k = key(key);
        Long n = redis.call("cache invalidate", true, c -> c.del(k));
        return n != null && n > 0;
    }

    @Override
    public String toString() {
        return "RedisCacheStore[" + name + "]";
    }
}
