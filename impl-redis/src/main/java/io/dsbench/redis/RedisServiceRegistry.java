package io.dsbench.redis;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.StreamMessage;
import io.lettuce.core.XReadArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * {@link ServiceRegistry} on Redis. Per service (under {@code <prefix>/reg/<namespace>/<service>/}), five keys,
 * all passed in KEYS to every script (EVAL's contract; a hash tag would let them share a Redis Cluster slot,
 * but Cluster is not supported):
 * <ol>
 *   <li>{@code known}: a hash id -> encoded instance (host, port, metadata), the index of the service;</li>
 *   <li>{@code ttl}: a hash id -> TTL in ms, for heartbeats;</li>
 *   <li>{@code events}: a stream of ADDED / UPDATED / REMOVED / EXPIRED events, entry id {@code <n>-0} for the
 *       service's n-th event, trimmed to the last {@code watchRetention} entries (backend option, default
 *       10,000);</li>
 *   <li>{@code deadlines}: a sorted set id -> deadline (ms on the server's clock, {@code TIME});</li>
 *   <li>{@code seq}: the number of the service's last event.</li>
 * </ol>
 * Every operation is one Lua script. Each first <em>reaps</em>: every id whose deadline has passed by the
 * server's clock is removed and an EXPIRED event appended. Register sets the deadline to now + TTL and a
 * heartbeat to now + the registered TTL. Because reaping, registering and deregistering all append to the same
 * stream inside atomic scripts, the stream is one total order of the service's changes; a watch reads it with
 * {@code XREAD} from the number of the last event it delivered, so it sees every change once, in order. When
 * the stream was trimmed past that number (a slow or long-disconnected watch), the next entry read does not
 * carry the next number: the watch then delivers a RESET with the service's instances, read atomically with
 * the current event number, and goes on from there. Expiry is detected when some client touches the service:
 * discover, every operation on it, and each running watch (which reaps every 50 ms).
 *
 * <p>Every script validates its keys' types before its first write (see {@link LuaScript}). Thread-safe.
 * Linearizable against a single primary; with asynchronous replicas a failover may lose registrations and
 * events.
 */
final class RedisServiceRegistry implements ServiceRegistry {
    /**
     * Shared by every script: the checks before the first write (every key of the service has its type or is
     * absent, the event counter holds a number), the server's clock, and reaping of expired ids. ARGV[1] is
     * the stream's retention (entries kept).
     */
    private static final String COMMON = LuaScript.GUARDS + """
            local function behind_stream()
              local last = redis.call('XREVRANGE', KEYS[3], '+', '-', 'COUNT', 1)[1]
              local n = tonumber(redis.call('GET', KEYS[5]) or '0')
              if last and tonumber(string.match(last[1], '^(%d+)')) > n then
                return 'DSBENCH-NOTHING-WRITTEN counter ' .. KEYS[5] .. ' is behind its stream ' .. KEYS[3]
              end
              return false
            end
            local function check()
              return bad_type(KEYS[1], 'hash') or bad_type(KEYS[2], 'hash') or bad_type(KEYS[3], 'stream')
                  or bad_type(KEYS[4], 'zset') or bad_counter(KEYS[5]) or behind_stream()
            end
            local function now_ms()
              local t = redis.call('TIME')
              return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            end
            local function event(kind, id, blob)
              local n = redis.call('INCR', KEYS[5])
              redis.call('XADD', KEYS[3], 'MAXLEN', ARGV[1], n .. '-0', 't', kind, 'i', id, 'b', blob)
            end
            local function reap(now)
              for _, id in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. now)) do
                local blob = redis.call('HGET', KEYS[1], id)
                redis.call('HDEL', KEYS[1], id)
                redis.call('HDEL', KEYS[2], id)
                redis.call('ZREM', KEYS[4], id)
                if blob then
                  event('EXPIRED', id, blob)
                end
              end
            end
            local err = check()
            if err then
              return redis.error_reply(err)
            end
            local now = now_ms()
            reap(now)
            """;
    // Each script runs COMMON first: all checks come before the first write (the reap), see LuaScript.
    // reg-register: ARGV[2] id, ARGV[3] encoded instance, ARGV[4] TTL ms; deadline = now + TTL.
    private static final LuaScript REGISTER = LuaScript.of("reg-register", COMMON + """
            local old = redis.call('HGET', KEYS[1], ARGV[2])
            redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
            redis.call('ZADD', KEYS[4], now + tonumber(ARGV[4]), ARGV[2])
            if not old then
              event('ADDED', ARGV[2], ARGV[3])
            elseif old ~= ARGV[3] then
              event('UPDATED', ARGV[2], ARGV[3])
            end
            return 1
            """);
    // reg-heartbeat: ARGV[2] id; deadline = now + the registered TTL; 0 when not registered (or just reaped).
    private static final LuaScript HEARTBEAT = LuaScript.of("reg-heartbeat", COMMON + """
            local ttl = redis.call('HGET', KEYS[2], ARGV[2])
            if not ttl or redis.call('HEXISTS', KEYS[1], ARGV[2]) == 0 then
              return 0
            end
            redis.call('ZADD', KEYS[4], now + tonumber(ttl), ARGV[2])
            return 1
            """);
    // reg-deregister: ARGV[2] id; 0 when not registered.
    private static final LuaScript DEREGISTER = LuaScript.of("reg-deregister", COMMON + """
            local blob = redis.call('HGET', KEYS[1], ARGV[2])
            if not blob then
              return 0
            end
            redis.call('HDEL', KEYS[1], ARGV[2])
            redis.call('HDEL', KEYS[2], ARGV[2])
            redis.call('ZREM', KEYS[4], ARGV[2])
            event('REMOVED', ARGV[2], blob)
            return 1
            """);
    // reg-reap: only the reaping every script does first (a watch runs it before each read); returns the ms until
    // the next deadline (-1: none), so the watch's blocking read wakes up for it instead of a fixed 50 ms later.
    private static final LuaScript REAP = LuaScript.of("reg-reap", COMMON + """
            local first = redis.call('ZRANGE', KEYS[4], 0, 0, 'WITHSCORES')
            if first[2] then
              return math.max(0, tonumber(first[2]) - now)
            end
            return -1
            """);
    // reg-snapshot: the number of the last event, then id, encoded instance, ... of every live instance
    // (discover, a watch's start and its RESET: the list is exactly the state after that event).
    private static final LuaScript SNAPSHOT = LuaScript.of("reg-snapshot", COMMON + """
            local out = redis.call('HGETALL', KEYS[1])
            table.insert(out, 1, redis.call('GET', KEYS[5]) or '0')
            return out
            """);

    private final RedisConnector redis;
    private final Keys keys;
    private final RegistryConfig config;
    private final Duration minTtl;
    private final byte[] retention;
    private final Set<RegistryWatch> watches = ConcurrentHashMap.newKeySet();
    private final Runnable onClose;
    private volatile boolean closed;

    RedisServiceRegistry(RedisConnector redis, Keys keys, RegistryConfig config, Duration minTtl, long watchRetention,
                         Runnable onClose) {
        this.redis = redis;
        this.onClose = onClose;
        this.keys = keys;
        this.config = Checks.requireNonNull("config", config);
        this.minTtl = minTtl;
        this.retention = Keys.num(watchRetention);
    }

    /** The five KEYS of every script for one service. */
    private final class ServiceKeys {
        final byte[][] keys;
        final byte[] events;

        ServiceKeys(String service) {
            Checks.requireKey("service", service);
            String base = RedisServiceRegistry.this.keys.path("reg", config.namespace(), service);
            this.events = Keys.bytes(base + "/events");
            this.keys = new byte[][] {Keys.bytes(base + "/known"), Keys.bytes(base + "/ttl"), events,
                    Keys.bytes(base + "/deadlines"), Keys.bytes(base + "/seq")};
        }
    }

    @Override
    public void register(ServiceInstance instance, Duration ttl) {
        Checks.requireNonNull("instance", instance);
        Checks.requirePositive("ttl", ttl);
        if (ttl.compareTo(minTtl) < 0) {
            throw new IllegalArgumentException("ttl = " + ttl + " is out of range (legal range: >= " + minTtl
                    + ", the redis backend's minimum TTL)");
        }
        ServiceKeys k = new ServiceKeys(instance.service());
        redis.script("registry register", true, REGISTER, ScriptOutputType.INTEGER, k.keys, retention,
                Keys.bytes(instance.id()), InstanceCodec.encode(instance), Keys.num(Keys.millisCeil(ttl)));
    }

    @Override
    public boolean heartbeat(String service, String instanceId) {
        ServiceKeys k = new ServiceKeys(service);
        Checks.requireKey("instanceId", instanceId);
        Long r = redis.script("registry heartbeat", true, HEARTBEAT, ScriptOutputType.INTEGER, k.keys, retention,
                Keys.bytes(instanceId));
        return r != null && r == 1;
    }

    @Override
    public boolean deregister(String service, String instanceId) {
        ServiceKeys k = new ServiceKeys(service);
        Checks.requireKey("instanceId", instanceId);
        Long r = redis.script("registry deregister", true, DEREGISTER, ScriptOutputType.INTEGER, k.keys, retention,
                Keys.bytes(instanceId));
        return r != null && r == 1;
    }

    @Override
    public List<ServiceInstance> discover(String service) {
        return snapshot(null, service, new ServiceKeys(service)).instances();
    }

    /** The service's live instances and the number of the last event they include. */
    private record Snapshot(long seq, List<ServiceInstance> instances) {
    }

    /** Runs the snapshot script (it reaps, so it counts as a mutation) on {@code conn}, or the shared one. */
    private Snapshot snapshot(StatefulRedisConnection<byte[], byte[]> conn, String service, ServiceKeys k) {
        List<Object> flat = conn == null
                ? redis.script("registry discover", true, SNAPSHOT, ScriptOutputType.MULTI, k.keys, retention)
                : redis.scriptOn(conn, "registry watch read", true, SNAPSHOT, ScriptOutputType.MULTI, k.keys, retention);
        long seq = Long.parseLong(Keys.string((byte[]) flat.get(0)));
        List<ServiceInstance> out = new ArrayList<>(flat.size() / 2);
        for (int i = 1; i + 1 < flat.size(); i += 2) {
            out.add(InstanceCodec.decode(service, Keys.string((byte[]) flat.get(i)), (byte[]) flat.get(i + 1)));
        }
        out.sort(Comparator.comparing(ServiceInstance::id));
        return new Snapshot(seq, List.copyOf(out));
    }

    @Override
    public Watch watch(String service, Consumer<RegistryEvent> listener) {
        ServiceKeys k = new ServiceKeys(service);
        Checks.requireNonNull("listener", listener);
        if (closed) {
            throw new IllegalStateException("registry " + config.namespace() + " is closed; open a new one to watch");
        }
        RegistryWatch w = new RegistryWatch(service, k, listener);
        watches.add(w);
        w.start();
        return w;
    }

    @Override
    public void close() {
        closed = true;
        for (RegistryWatch w : List.copyOf(watches)) {
            w.close();
        }
        onClose.run();
    }

    @Override
    public String toString() {
        return "RedisServiceRegistry[" + config.namespace() + "]";
    }

    /**
     * One watch: a daemon thread with a connection of its own (XREAD blocks it) that reaps expired instances
     * and reads the service's event stream after the number of the last event it delivered. On a connection
     * failure it backs off and reconnects; because it reads by event number, no event is skipped or repeated.
     * When the next entry is not the next number (the stream was trimmed past it), it delivers a RESET with a
     * snapshot and goes on after the snapshot's event number.
     */
    /** The client name of every watch connection. */
    static final String CLIENT_NAME = "dsbench-registry-watch";

    private final class RegistryWatch implements Watch, Runnable {
        private final String service;
        private final ServiceKeys k;
        private final Consumer<RegistryEvent> listener;
        private final Thread thread;
        private final long blockMs;
        private volatile boolean closed;
        private StatefulRedisConnection<byte[], byte[]> conn;
        private long lastSeq;

        RegistryWatch(String service, ServiceKeys k, Consumer<RegistryEvent> listener) {
            this.service = service;
            this.k = k;
            this.listener = listener;
            this.blockMs = Math.max(1, Math.min(50, redis.operationTimeout().toMillis() / 2));
            this.conn = watchConnection();
            try {
                this.lastSeq = snapshot(conn, service, k).seq();
            } catch (RuntimeException e) {
                conn.closeAsync();
                throw e;
            }
            this.thread = new Thread(this, "dsbench-redis-watch-" + service);
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** A connection of the watch's own, named {@value #CLIENT_NAME} in {@code CLIENT LIST}. */
        private StatefulRedisConnection<byte[], byte[]> watchConnection() {
            StatefulRedisConnection<byte[], byte[]> c = redis.newConnection("registry watch");
            try {
                redis.callOn(c, "registry watch", false, cmd -> cmd.clientSetname(Keys.bytes(CLIENT_NAME)));
            } catch (RuntimeException e) {
                c.closeAsync();
                throw e;
            }
            return c;
        }

        @Override
        @SuppressWarnings("unchecked") // xread's varargs of a generic type; one offset
        public void run() {
            long backoff = 10;
            while (!closed) {
                try {
                    if (conn == null || !conn.isOpen()) {
                        conn = watchConnection();
                    }
                    // reaps expired instances (appending EXPIRED events) as a side effect
                    Long untilNext = redis.scriptOn(conn, "registry watch reap", true, REAP, ScriptOutputType.INTEGER,
                            k.keys, retention);
                    long block = untilNext == null || untilNext < 0 ? blockMs : Math.max(1, Math.min(blockMs, untilNext + 1));
                    List<StreamMessage<byte[], byte[]>> msgs = redis.callOn(conn, "registry watch read", false,
                            c -> c.xread(XReadArgs.Builder.block(block).count(100),
                                    XReadArgs.StreamOffset.from(k.events, lastSeq + "-0")));
                    for (StreamMessage<byte[], byte[]> m : msgs) {
                        if (closed) {
                            return;
                        }
                        long seq = Long.parseLong(m.getId().substring(0, m.getId().indexOf('-')));
                        if (seq != lastSeq + 1) {
                            resync();
                            break;
                        }
                        lastSeq = seq;
                        deliver(m);
                    }
                    backoff = 10;
                } catch (BackendException | IllegalStateException e) {
                    if (closed) {
                        return;
                    }
                    sleepQuietly(backoff);
                    backoff = Math.min(backoff * 2, 500);
                }
            }
        }

        /** Events were trimmed before this watch read them: deliver the current list instead. */
        private void resync() {
            Snapshot snap = snapshot(conn, service, k);
            lastSeq = snap.seq();
            call(RegistryEvent.reset(snap.instances()));
        }

        private void deliver(StreamMessage<byte[], byte[]> m) {
            String type = null;
            String id = null;
            byte[] blob = null;
            for (Map.Entry<byte[], byte[]> e : m.getBody().entrySet()) {
                String f = Keys.string(e.getKey());
                switch (f) {
                    case "t" -> type = Keys.string(e.getValue());
                    case "i" -> id = Keys.string(e.getValue());
                    case "b" -> blob = e.getValue();
                    default -> {
                    }
                }
            }
            if (type == null || id == null || blob == null) {
                return;
            }
            call(new RegistryEvent(RegistryEvent.Type.valueOf(type), InstanceCodec.decode(service, id, blob)));
        }

        private void call(RegistryEvent event) {
            try {
                listener.accept(event);
            } catch (RuntimeException e) {
                System.getLogger(RedisServiceRegistry.class.getName()).log(System.Logger.Level.WARNING,
                        "registry watch listener for service '" + service + "' threw; the watch goes on", e);
            }
        }

        private void sleepQuietly(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                closed = true;
            }
        }

        @Override
        public void close() {
            closed = true;
            watches.remove(this);
            if (Thread.currentThread() != thread) {
                try {
                    thread.join(redis.operationTimeout().toMillis() + 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            StatefulRedisConnection<byte[], byte[]> c = conn;
            if (c != null && c.isOpen()) {
                c.closeAsync();
            }
        }
    }
}
