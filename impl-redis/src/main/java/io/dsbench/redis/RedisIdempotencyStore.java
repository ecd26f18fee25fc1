package io.dsbench.redis;

import io.dsbench.spec.Checks;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyRecord;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@link IdempotencyStore} on Redis. Each key is a hash at {@code <prefix>/idem/<namespace>/r/<key>} with
 * fields {@code s} (state: {@code p} in progress, {@code c} completed), {@code f} (fingerprint), {@code t}
 * (claim token) and {@code r} (result). Claim, complete and release are Lua scripts, so exactly one of any
 * number of concurrent claims wins. Tokens come from the {@link MonotonicCounter} at
 * {@code <prefix>/idem/<namespace>/token} (strictly increasing per store, also across a restart of a server without
 * persistence). The lock timeout and the retention are the hash's {@code PX} TTL: set to
 * the lock timeout on claim, to the retention on complete, so abandoned claims and old results vanish by the
 * server's clock. Complete and release act only while the hash is still in progress with the caller's token.
 *
 * <p>Linearizable against a single primary; with asynchronous replicas a failover may forget a claim.
 * Thread-safe.
 */
final class RedisIdempotencyStore implements IdempotencyStore {
    // Each script validates before its first write (see LuaScript): after the checks nothing can fail.
    // idem-claim: record a hash or absent, token counter a number; first write: the token counter (MonotonicCounter).
    private static final LuaScript CLAIM = MonotonicCounter.script("idem-claim", LuaScript.GUARDS + """
            local err = bad_type(KEYS[1], 'hash') or bad_counter(KEYS[2])
            if err then
              return redis.error_reply(err)
            end
            local r = redis.call('HMGET', KEYS[1], 's', 'f', 'r')
            if not r[1] then
              local t, ts = dsbench_next(KEYS[2])
              redis.call('HSET', KEYS[1], 's', 'p', 'f', ARGV[1], 't', ts)
              redis.call('PEXPIRE', KEYS[1], ARGV[2])
              return {'new', t}
            end
            if r[2] ~= ARGV[1] then
              return {'mismatch'}
            end
            if r[1] == 'c' then
              return {'completed', r[3] or ''}
            end
            return {'in_progress'}
            """);
    // idem-complete: record a hash or absent; first write: HSET.
    private static final LuaScript COMPLETE = LuaScript.of("idem-complete", LuaScript.GUARDS + """
            local err = bad_type(KEYS[1], 'hash')
            if err then
              return redis.error_reply(err)
            end
            local r = redis.call('HMGET', KEYS[1], 's', 't')
            if r[1] ~= 'p' or r[2] ~= ARGV[1] then
              return 0
            end
            redis.call('HSET', KEYS[1], 's', 'c', 'r', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """);
    // idem-release: record a hash or absent; the only write is the DEL.
    private static final LuaScript RELEASE = LuaScript.of("idem-release", LuaScript.GUARDS + """
            local err = bad_type(KEYS[1], 'hash')
            if err then
              return redis.error_reply(err)
            end
            local r = redis.call('HMGET', KEYS[1], 's', 't')
            if r[1] ~= 'p' or r[2] ~= ARGV[1] then
              return 0
            end
            redis.call('DEL', KEYS[1])
            return 1
            """);
    private static final byte[][] LOOKUP_FIELDS = {Keys.bytes("s"), Keys.bytes("f"), Keys.bytes("r")};

    private final RedisConnector redis;
    private final IdempotencyConfig config;
    private final String recordPrefix;
    private final byte[] counter;
    private final byte[] lockTimeoutMs;
    private final byte[] retentionMs;

    RedisIdempotencyStore(RedisConnector redis, Keys keys, IdempotencyConfig config, Duration minTtl) {
        this.redis = redis;
        this.config = Checks.requireNonNull("config", config);
        requireAtLeast("lockTimeout", config.lockTimeout(), minTtl);
        requireAtLeast("retention", config.retention(), minTtl);
        this.recordPrefix = keys.path("idem", config.namespace()) + "/r/";
        this.counter = Keys.bytes(keys.path("idem", config.namespace()) + "/token");
        this.lockTimeoutMs = Keys.num(Keys.millisCeil(config.lockTimeout()));
        this.retentionMs = Keys.num(Keys.millisCeil(config.retention()));
    }

    private static void requireAtLeast(String field, Duration d, Duration min) {
        if (d.compareTo(min) < 0) {
            throw new IllegalArgumentException(field + " = " + d + " is out of range (legal range: >= " + min
                    + ", the redis backend's minimum TTL)");
        }
    }

    private byte[] recordKey(String key) {
        return Keys.bytes(recordPrefix + Checks.requireKey("key", key));
    }

    @Override
    public IdempotencyConfig config() {
        return config;
    }

    @Override
    public ClaimResult claim(String key, String fingerprint) {
        byte[] k = recordKey(key);
        Checks.requireKey("fingerprint", fingerprint);
        List<Object> r = redis.script("idempotency claim", true, CLAIM, ScriptOutputType.MULTI,
                new byte[][] {k, counter}, Keys.bytes(fingerprint), lockTimeoutMs);
        String status = Keys.string((byte[]) r.get(0));
        switch (status) {
            case "new":
                return ClaimResult.won(new Claim(key, fingerprint, ((Number) r.get(1)).longValue()));
            case "mismatch":
                return ClaimResult.mismatch();
            case "completed":
                return ClaimResult.completed((byte[]) r.get(1));
            case "in_progress":
                return ClaimResult.inProgress();
            default:
                throw new IllegalStateException("unexpected claim script reply '" + status + "'");
        }
    }

    @Override
    public boolean complete(Claim claim, byte[] result) {
        Checks.requireNonNull("claim", claim);
        Checks.requireNonNull("result", result);
        Long r = redis.script("idempotency complete", true, COMPLETE, ScriptOutputType.INTEGER,
                new byte[][] {recordKey(claim.key())}, Keys.num(claim.token()), result, retentionMs);
        return r != null && r == 1;
    }

    @Override
    public boolean release(Claim claim) {
        Checks.requireNonNull("claim", claim);
        Long r = redis.script("idempotency release", true, RELEASE, ScriptOutputType.INTEGER,
                new byte[][] {recordKey(claim.key())}, Keys.num(claim.token()));
        return r != null && r == 1;
    }

    @Override
    public Optional<IdempotencyRecord> lookup(String key) {
        byte[] k = recordKey(key);
        List<KeyValue<byte[], byte[]>> r = redis.call("idempotency lookup", false, c -> c.hmget(k, LOOKUP_FIELDS));
        if (r.size() < 3 || !r.get(0).hasValue() || !r.get(1).hasValue()) {
            return Optional.empty();
        }
        boolean completed = "c".equals(Keys.string(r.get(0).getValue()));
        Optional<byte[]> result = completed
                ? Optional.of(r.get(2).hasValue() ? r.get(2).getValue() : new byte[0]) : Optional.empty();
        return Optional.of(new IdempotencyRecord(key, Keys.string(r.get(1).getValue()), completed, result));
    }

    @Override
    public String toString() {
        return "RedisIdempotencyStore[" + config.namespace() + "]";
    }
}
