package io.dsbench.redis;

/**
 * The one counter behind fencing tokens ({@link RedisLockService}), KV versions ({@link RedisKeyValueStore}) and
 * claim tokens ({@link RedisIdempotencyStore}): a Lua function that scripts include with {@link #script}.
 *
 * <p>{@code dsbench_next(key)} sets the counter at {@code key} to {@code max(current + 1, server time in
 * microseconds)} (the server's {@code TIME}) and returns it as a number and as a decimal string (store the string:
 * Lua would print a large number in exponent notation). So every value is strictly greater than the previous one
 * while the key exists, and when the key is gone (a server without persistence restarted, or a replica promoted
 * before it saw the last increments) the next value starts from the server's clock, which is past every earlier
 * value: a value issued at server time {@code t} is at most {@code t} plus the number of values issued faster than one
 * per microsecond, and one Redis server runs far fewer than one script per microsecond.
 *
 * <p>What this promises, precisely: values never repeat or go back across restarts and failovers as long as the
 * server clock (after a failover: the new primary's clock) does not step back by more than the restart or failover
 * took. Values are not dense (they jump to the clock after a restart, and start near it); callers only compare them.
 */
final class MonotonicCounter {
    /** The Lua function; scripts put it before their body. */
    static final String LUA = """
            local function dsbench_next(key)
              local t = redis.call('TIME')
              local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
              local n = tonumber(redis.call('GET', key) or '0') + 1
              if n < now then
                n = now
              end
              local s = string.format('%.0f', n)
              redis.call('SET', key, s)
              return n, s
            end
            """;

    private MonotonicCounter() {
    }

    /** A script whose body may call {@code dsbench_next(key)}. */
    static LuaScript script(String name, String body) {
        return LuaScript.of(name, LUA + body);
    }
}
