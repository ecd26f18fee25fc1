package io.dsbench.redis;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A Lua script and its SHA-1 (for EVALSHA). Immutable.
 *
 * <p>Redis does not roll back a script that fails part-way: the writes before the failing command stay. So
 * every script of this backend <b>validates before its first write</b> with the functions of {@link #GUARDS}
 * (each key it will write has the expected type or is absent; each counter it will {@code INCR} holds a
 * number far from overflow) and, when a check fails, returns an error starting with {@link #NOTHING_WRITTEN}.
 * After the checks no command of a script can fail on the data (only on a bug, or on an ACL rule that forbids
 * a later command), so {@link RedisConnector} reports any other error of a mutating script as "may have
 * taken effect", and only errors starting with {@link #NOTHING_WRITTEN} (or refusals Redis makes before the
 * first write: NOSCRIPT, BUSY, OOM, READONLY, ...) as "did not take effect".
 */
record LuaScript(String name, String body, String sha) {
    /** The start of the error a script returns when a check before its first write fails. */
    static final String NOTHING_WRITTEN = "DSBENCH-NOTHING-WRITTEN";

    /**
     * Checks shared by every script, each returning false when fine or the error message (a string starting
     * with {@link #NOTHING_WRITTEN}) otherwise; a script runs them before its first write and returns
     * {@code redis.error_reply(message)} on the first failure. Reads only.
     */
    static final String GUARDS = """
            local function bad_type(key, kind)
              local t = redis.call('TYPE', key)['ok']
              if t == 'none' or t == kind then
                return false
              end
              return 'DSBENCH-NOTHING-WRITTEN key ' .. key .. ' holds a ' .. t .. ', expected a ' .. kind
            end
            local function bad_counter(key)
              local err = bad_type(key, 'string')
              if err then
                return err
              end
              local v = redis.call('GET', key)
              if v and (not string.match(v, '^%d+$') or #v > 17) then
                return 'DSBENCH-NOTHING-WRITTEN counter ' .. key .. ' does not hold a number below 10^17'
              end
              return false
            end
            """;

    static LuaScript of(String name, String body) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-1").digest(body.getBytes(StandardCharsets.UTF_8));
            return new LuaScript(name, body, HexFormat.of().formatHex(d));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is not available", e);
        }
    }
}
