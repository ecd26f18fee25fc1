package io.dsbench.redis;

import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.util.List;
import java.util.Optional;

/**
 * {@link KeyValueStore} on Redis: each key is a hash {@code {v: value, n: version}} at
 * {@code <prefix>/kv/<namespace>/d/<key>}; versions come from one {@link MonotonicCounter} per namespace
 * ({@code <prefix>/kv/<namespace>/version}), so they strictly increase per key across delete and re-create, and
 * across a restart of a server without persistence (the counter restarts from the server's clock).
 * Put, compare-and-set and compare-and-delete are Lua scripts (atomic on the server); get is one
 * {@code HMGET}, delete one {@code DEL}.
 *
 * <p>Consistency: against a single primary every operation is linearizable (Redis runs commands and
 * scripts one at a time). With replicas and failover an acknowledged write can be lost (asynchronous
 * replication), which is why the backend then does not declare LINEARIZABLE_KV; with {@code readFrom=replica}
 * gets read from a replica and may miss acknowledged writes, even the caller's own (read-your-writes is lost; see
 * the consistency ladder). Thread-safe.
 */
final class RedisKeyValueStore implements KeyValueStore {
    // Each script validates before its first write (see LuaScript): after the checks nothing can fail.
    // kv-put: data key a hash or absent, counter a number; first write: the version counter (MonotonicCounter).
    private static final LuaScript PUT = MonotonicCounter.script("kv-put", LuaScript.GUARDS + """
            local err = bad_type(KEYS[1], 'hash') or bad_counter(KEYS[2])
            if err then
              return redis.error_reply(err)
            end
            local n, s = dsbench_next(KEYS[2])
            redis.call('HSET', KEYS[1], 'v', ARGV[1], 'n', s)
            return n
            """);
    // kv-cas: same checks as kv-put, before the read and the first write (the counter).
    private static final LuaScript CAS = MonotonicCounter.script("kv-cas", LuaScript.GUARDS + """
            local err = bad_type(KEYS[1], 'hash') or bad_counter(KEYS[2])
            if err then
              return redis.error_reply(err)
            end
            local cur = redis.call('HGET', KEYS[1], 'n')
            if (cur or '0') ~= ARGV[1] then
              return {0, tonumber(cur or '0')}
            end
            local n, s = dsbench_next(KEYS[2])
            redis.call('HSET', KEYS[1], 'v', ARGV[2], 'n', s)
            return {1, n}
            """);
    // kv-cad: data key a hash or absent; the only write is the final DEL.
    private static final LuaScript CAD = LuaScript.of("kv-cad", LuaScript.GUARDS + """
            local err = bad_type(KEYS[1], 'hash')
            if err then
              return redis.error_reply(err)
            end
            local cur = redis.call('HGET', KEYS[1], 'n')
            if not cur then
              return {0, 0}
            end
            if cur ~= ARGV[1] then
              return {0, tonumber(cur)}
            end
            redis.call('DEL', KEYS[1])
            return {1, 0}
            """);
    private static final byte[] F_VALUE = Keys.bytes("v");
    private static final byte[] F_VERSION = Keys.bytes("n");

    private final RedisConnector redis;
    private final RedisConnector reads;
    private final String namespace;
    private final String dataPrefix;
    private final byte[] counter;

    /** {@code reads} serves {@link #get} (the primary, or a replica with {@code readFrom=replica}). */
    RedisKeyValueStore(RedisConnector redis, RedisConnector reads, Keys keys, String namespace) {
        this.redis = redis;
        this.reads = reads;
        this.namespace = Checks.requireKey("namespace", namespace);
        this.dataPrefix = keys.path("kv", namespace) + "/d/";
        this.counter = Keys.bytes(keys.path("kv", namespace) + "/version");
    }

    private byte[] dataKey(String key) {
        return Keys.bytes(dataPrefix + Checks.requireKey("key", key));
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public Optional<Versioned> get(String key) {
        byte[] k = dataKey(key);
        List<KeyValue<byte[], byte[]>> r = reads.call("kv get", false, c -> c.hmget(k, F_VALUE, F_VERSION));
        if (r.size() < 2 || !r.get(0).hasValue() || !r.get(1).hasValue()) {
            return Optional.empty();
        }
        return Optional.of(new Versioned(r.get(0).getValue(), Long.parseLong(Keys.string(r.get(1).getValue()))));
    }

    @Override
    public long put(String key, byte[] value) {
        byte[] k = dataKey(key);
        Checks.requireNonNull("value", value);
        Long n = redis.script("kv put", true, PUT, ScriptOutputType.INTEGER, new byte[][] {k, counter}, value);
        return n;
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        byte[] k = dataKey(key);
        Checks.requireNonNull("value", value);
        Checks.requireRange("expectedVersion", expectedVersion, 0, Long.MAX_VALUE);
        List<Object> r = redis.script("kv compareAndSet", true, CAS, ScriptOutputType.MULTI, new byte[][] {k, counter},
                Keys.num(expectedVersion), value);
        return result(r);
    }

    @Override
    public boolean delete(String key) {
        byte[] k = dataKey(key);
        Long n = redis.call("kv delete", true, c -> c.del(k));
        return n != null && n > 0;
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        byte[] k = dataKey(key);
        Checks.requireRange("expectedVersion", expectedVersion, 0, Long.MAX_VALUE);
        List<Object> r = redis.script("kv compareAndDelete", true, CAD, ScriptOutputType.MULTI, new byte[][] {k},
                Keys.num(expectedVersion));
        return result(r);
    }

    private static CasResult result(List<Object> r) {
        boolean ok = ((Number) r.get(0)).longValue() == 1;
        long version = ((Number) r.get(1)).longValue();
        return ok ? CasResult.success(version) : CasResult.failure(version);
    }

    @Override
    public String toString() {
        return "RedisKeyValueStore[" + namespace + "]";
    }
}
