package io.dsbench.redis;

import io.dsbench.spec.Checks;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@link DurableLog} on a Redis Stream at {@code <prefix>/log/<name>/stream}. An append is one Lua script:
 * {@code INCR} of {@code <prefix>/log/<name>/seq} gives the sequence number {@code n}, and {@code XADD} stores
 * the payload under the explicit entry id {@code n-1}; because both happen in one script, sequence numbers are
 * gap-free and in one total order even with concurrent appenders. Reads are {@code XRANGE} from id
 * {@code from-0}. {@link #appendAt} is one script too, comparing the counter before writing anything.
 *
 * <p>Durability is the server's: records survive a restart only when it runs with {@code appendonly yes} and
 * {@code appendfsync always} (then the backend declares DURABLE). Thread-safe.
 */
final class RedisDurableLog implements DurableLog {
    private static final LuaScript APPEND = LuaScript.of("log-append", """
            local n = redis.call('INCR', KEYS[2])
            redis.call('XADD', KEYS[1], string.format('%d-1', n), 'p', ARGV[1])
            return n
            """);

    /**
     * Conditional append: validates before its first write (the counter must be ARGV[2] - 1), so a refused
     * append writes nothing; then INCR and XADD as in {@link #APPEND}. Returns 1 if appended, 0 if refused.
     */
    private static final LuaScript APPEND_AT = LuaScript.of("log-append-at", """
            local last = tonumber(redis.call('GET', KEYS[2]) or '0')
            if last + 1 ~= tonumber(ARGV[2]) then
              return 0
            end
            local n = redis.call('INCR', KEYS[2])
            redis.call('XADD', KEYS[1], string.format('%d-1', n), 'p', ARGV[1])
            return 1
            """);

    private final RedisConnector redis;
    private final String name;
    private final byte[] stream;
    private final byte[] sequence;

    RedisDurableLog(RedisConnector redis, Keys keys, String name) {
        this.redis = redis;
        this.name = Checks.requireKey("name", name);
        this.stream = Keys.bytes(keys.path("log", name) + "/stream");
        this.sequence = Keys.bytes(keys.path("log", name) + "/seq");
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long append(byte[] payload) {
        Checks.requireNonNull("payload", payload);
        Long n = redis.script("log append", true, APPEND, ScriptOutputType.INTEGER, new byte[][] {stream, sequence},
                payload);
        return n;
    }

    /** One Lua script: the check of the counter and the append cannot be separated by another client's write. */
    @Override
    public boolean appendAt(long sequence, byte[] payload) {
        Checks.requireRange("sequence", sequence, 1, Long.MAX_VALUE);
        Checks.requireNonNull("payload", payload);
        Long ok = redis.script("log appendAt", true, APPEND_AT, ScriptOutputType.INTEGER,
                new byte[][] {stream, this.sequence}, payload, Keys.bytes(Long.toString(sequence)));
        return ok != null && ok == 1L;
    }

    @Override
    public List<LogRecord> read(long fromSequence, int maxRecords) {
        Checks.requireRange("fromSequence", fromSequence, 1, Long.MAX_VALUE);
        Checks.requireRange("maxRecords", maxRecords, 1, Integer.MAX_VALUE);
        List<StreamMessage<byte[], byte[]>> msgs = redis.call("log read", false,
                c -> c.xrange(stream, Range.create(fromSequence + "-0", "+"), Limit.from(maxRecords)));
        List<LogRecord> out = new ArrayList<>(msgs.size());
        for (StreamMessage<byte[], byte[]> m : msgs) {
            String id = m.getId();
            long seq = Long.parseLong(id.substring(0, id.indexOf('-')));
            byte[] payload = new byte[0];
            for (Map.Entry<byte[], byte[]> e : m.getBody().entrySet()) {
                if (e.getKey().length == 1 && e.getKey()[0] == 'p') {
                    payload = e.getValue();
                }
            }
            out.add(new LogRecord(seq, payload));
        }
        return out;
    }

    @Override
    public long lastSequence() {
        byte[] v = redis.call("log lastSequence", false, c -> c.get(sequence));
        return v == null ? 0 : Long.parseLong(Keys.string(v));
    }

    @Override
    public String toString() {
        return "RedisDurableLog[" + name + "]";
    }
}
