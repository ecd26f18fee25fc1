package io.dsbench.redis;

import io.dsbench.spec.Checks;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.Optional;

/**
 * {@link LockService} on Redis. The holder key {@code <prefix>/lock/<namespace>/h/<name>} is set like
 * {@code SET NX PX lease} and holds the grant's fencing token, taken from the {@link MonotonicCounter} at
 * {@code <prefix>/lock/<namespace>/f/<name>} in the same Lua script: the counter moves only on a successful
 * grant and never goes back, so tokens strictly increase per lock, also after a lease ran out, and also after a
 * server without persistence restarted (the counter then restarts from the server's clock, past every earlier
 * token; with {@code appendfsync always} it is simply persisted). Release and
 * renew are Lua scripts that act only when the holder key still holds the caller's token.
 *
 * <p>The lease is enforced by the server's clock ({@code PX}), so a holder that dies frees the lock after the
 * lease. {@link #acquire} polls with a bounded back-off (1 to 20 ms). Against a single primary grants and
 * tokens are linearizable; with asynchronous replicas a failover may hand out a grant twice, but fencing tokens
 * still never repeat: a promoted replica that missed the last increments continues from its clock.
 * Thread-safe.
 */
final class RedisLockService implements LockService {
    // Each script validates before its first write (see LuaScript): after the checks nothing can fail.
    // lock-acquire: the fencing counter holds a number; first write: the counter (MonotonicCounter); then SET NX of an absent key.
    private static final LuaScript ACQUIRE = MonotonicCounter.script("lock-acquire", LuaScript.GUARDS + """
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return 0
            end
            local err = bad_counter(KEYS[2])
            if err then
              return redis.error_reply(err)
            end
            local t, ts = dsbench_next(KEYS[2])
            redis.call('SET', KEYS[1], ts, 'NX', 'PX', ARGV[1])
            return t
            """);
    // lock-release: the holder key is a string or absent; the only write is the DEL.
    private static final LuaScript RELEASE = LuaScript.of("lock-release", LuaScript.GUARDS + """
            local err = bad_type(KEYS[1], 'string')
            if err then
              return redis.error_reply(err)
            end
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """);
    // lock-renew: the holder key is a string or absent; the only write is the PEXPIRE.
    private static final LuaScript RENEW = LuaScript.of("lock-renew", LuaScript.GUARDS + """
            local err = bad_type(KEYS[1], 'string')
            if err then
              return redis.error_reply(err)
            end
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('PEXPIRE', KEYS[1], ARGV[2])
            end
            return 0
            """);

    private final RedisConnector redis;
    private final LockConfig config;
    private final String holderPrefix;
    private final String fencePrefix;
    private final byte[] leaseMs;

    RedisLockService(RedisConnector redis, Keys keys, LockConfig config, Duration minTtl) {
        this.redis = redis;
        this.config = Checks.requireNonNull("config", config);
        if (config.lease().compareTo(minTtl) < 0) {
            throw new IllegalArgumentException("lease = " + config.lease() + " is out of range (legal range: >= "
                    + minTtl + ", the redis backend's minimum TTL)");
        }
        this.holderPrefix = keys.path("lock", config.namespace()) + "/h/";
        this.fencePrefix = keys.path("lock", config.namespace()) + "/f/";
        this.leaseMs = Keys.num(Keys.millisCeil(config.lease()));
    }

    @Override
    public LockConfig config() {
        return config;
    }

    private byte[][] keys(String name) {
        Checks.requireKey("name", name);
        return new byte[][] {Keys.bytes(holderPrefix + name), Keys.bytes(fencePrefix + name)};
    }

    @Override
    public Optional<LockGrant> tryAcquire(String name) {
        Long t = redis.script("lock tryAcquire", true, ACQUIRE, ScriptOutputType.INTEGER, keys(name), leaseMs);
        return t == null || t == 0 ? Optional.empty() : Optional.of(new LockGrant(name, t));
    }

    @Override
    public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
        Checks.requireKey("name", name);
        Checks.requireNonNull("maxWait", maxWait);
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait = " + maxWait + " is out of range (legal range: >= 0)");
        }
        long deadline = System.nanoTime() + maxWait.toNanos();
        long pauseMs = 1;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for lock '" + name + "'");
            }
            Optional<LockGrant> g = tryAcquire(name);
            if (g.isPresent()) {
                return g;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Thread.sleep(Math.max(1, Math.min(pauseMs, left / 1_000_000)));
            pauseMs = Math.min(pauseMs * 2, 20);
        }
    }

    @Override
    public boolean release(LockGrant grant) {
        Checks.requireNonNull("grant", grant);
        Long r = redis.script("lock release", true, RELEASE, ScriptOutputType.INTEGER,
                new byte[][] {keys(grant.name())[0]}, Keys.num(grant.fencingToken()));
        return r != null && r == 1;
    }

    @Override
    public boolean renew(LockGrant grant) {
        Checks.requireNonNull("grant", grant);
        Long r = redis.script("lock renew", true, RENEW, ScriptOutputType.INTEGER,
                new byte[][] {keys(grant.name())[0]}, Keys.num(grant.fencingToken()), leaseMs);
        return r != null && r == 1;
    }

    @Override
    public String toString() {
        return "RedisLockService[" + config.namespace() + ", lease " + config.lease() + "]";
    }
}
