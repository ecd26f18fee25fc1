package io.dsbench.redis;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.RegistryEvent;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
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
 * {@link ServiceRegistry} on Redis. Per service (under {@code <prefix>/reg/<namespace>/<service>/}):
 * <ul>
 *   <li>{@code live/<id>}: a key with the instance's TTL ({@code PX}); a heartbeat is {@code PEXPIRE};</li>
 *   <li>{@code known}: a hash id -> encoded instance (host, port, metadata), the index of the service;</li>
 *   <li>{@code ttl}: a hash id -> TTL in ms, for heartbeats;</li>
 *   <li>{@code events}: a stream of ADDED / UPDATED / REMOVED / EXPIRED events (capped near 10,000 entries).</li>
 * </ul>
 * Every operation is one Lua script. Each first <em>reaps</em> the ids it touches: an id in {@code known}
 * whose live key has expired is removed from the index and an EXPIRED event is appended. Because reaping,
 * registering and deregistering all append to the same stream inside atomic scripts, the stream is one total
 * order of the service's changes; a watch reads it with {@code XREAD} from where it started, so it sees
 * every change once, in order. Expiry is detected when some client touches the service: discover, every
 * operation on the id, and each running watch (which reaps every 50 ms).
 *
 * <p>Scripts touch keys they compute from their arguments, which is fine for a standalone or Sentinel-managed
 * Redis but not for Redis Cluster (not supported). Thread-safe. Linearizable against a single primary;
 * with asynchronous replicas a failover may lose registrations and events.
 */
final class RedisServiceRegistry implements ServiceRegistry {
    private static final String REAP = """
            local function reap(id)
              local blob = redis.call('HGET', KEYS[1], id)
              if not blob then
                return false
              end
              if redis.call('EXISTS', ARGV[1] .. id) == 1 then
                return blob
              end
              redis.call('HDEL', KEYS[1], id)
              redis.call('HDEL', KEYS[2], id)
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', '10000', '*', 't', 'EXPIRED', 'i', id, 'b', blob)
              return false
            end
            """;
    private static final LuaScript REGISTER = LuaScript.of("reg-register", REAP + """
            local old = reap(ARGV[2])
            redis.call('SET', ARGV[1] .. ARGV[2], '1', 'PX', ARGV[4])
            redis.call('HSET', KEYS[1], ARGV[2], ARGV[3])
            redis.call('HSET', KEYS[2], ARGV[2], ARGV[4])
            if not old then
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', '10000', '*', 't', 'ADDED', 'i', ARGV[2], 'b', ARGV[3])
            elseif old ~= ARGV[3] then
              redis.call('XADD', KEYS[3], 'MAXLEN', '~', '10000', '*', 't', 'UPDATED', 'i', ARGV[2], 'b', ARGV[3])
            end
            return 1
            """);
    private static final LuaScript HEARTBEAT = LuaScript.of("reg-heartbeat", REAP + """
            if not reap(ARGV[2]) then
              return 0
            end
            local ttl = redis.call('HGET', KEYS[2], ARGV[2])
            return redis.call('PEXPIRE', ARGV[1] .. ARGV[2], ttl)
            """);
    private static final LuaScript DEREGISTER = LuaScript.of("reg-deregister", REAP + """
            local blob = reap(ARGV[2])
            if not blob then
              return 0
            end
            redis.call('DEL', ARGV[1] .. ARGV[2])
            redis.call('HDEL', KEYS[1], ARGV[2])
            redis.call('HDEL', KEYS[2], ARGV[2])
            redis.call('XADD', KEYS[3], 'MAXLEN', '~', '10000', '*', 't', 'REMOVED', 'i', ARGV[2], 'b', blob)
            return 1
            """);
    private static final LuaScript DISCOVER = LuaScript.of("reg-discover", REAP + """
            local out = {}
            for _, id in ipairs(redis.call('HKEYS', KEYS[1])) do
              local blob = reap(id)
              if blob then
                out[#out + 1] = id
                out[#out + 1] = blob
              end
            end
            return out
            """);

    private final RedisConnector redis;
    private final Keys keys;
    private final RegistryConfig config;
    private final Duration minTtl;
    private final Set<RegistryWatch> watches = ConcurrentHashMap.newKeySet();
    private final Runnable onClose;
    private volatile boolean closed;

    RedisServiceRegistry(RedisConnector redis, Keys keys, RegistryConfig config, Duration minTtl, Runnable onClose) {
        this.redis = redis;
        this.onClose = onClose;
        this.keys = keys;
        this.config = Checks.requireNonNull("config", config);
        this.minTtl = minTtl;
    }

    /** KEYS and ARGV[1] of the scripts for one service. */
    private final class ServiceKeys {
        final byte[][] keys;
        final byte[] livePrefix;
        final byte[] events;

        ServiceKeys(String service) {
            Checks.requireKey("service", service);
            String base = RedisServiceRegistry.this.keys.path("reg", config.namespace(), service);
            this.events = Keys.bytes(base + "/events");
            this.keys = new byte[][] {Keys.bytes(base + "/known"), Keys.bytes(base + "/ttl"), events};
            this.livePrefix = Keys.bytes(base + "/live/");
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
        redis.script("registry register", true, REGISTER, ScriptOutputType.INTEGER, k.keys, k.livePrefix,
                Keys.bytes(instance.id()), InstanceCodec.encode(instance), Keys.num(Keys.millisCeil(ttl)));
    }

    @Override
    public boolean heartbeat(String service, String instanceId) {
        ServiceKeys k = new ServiceKeys(service);
        Checks.requireKey("instanceId", instanceId);
        Long r = redis.script("registry heartbeat", true, HEARTBEAT, ScriptOutputType.INTEGER, k.keys, k.livePrefix,
                Keys.bytes(instanceId));
        return r != null && r == 1;
    }

    @Override
    public boolean deregister(String service, String instanceId) {
        ServiceKeys k = new ServiceKeys(service);
        Checks.requireKey("instanceId", instanceId);
        Long r = redis.script("registry deregister", true, DEREGISTER, ScriptOutputType.INTEGER, k.keys, k.livePrefix,
                Keys.bytes(instanceId));
        return r != null && r == 1;
    }

    @Override
    public List<ServiceInstance> discover(String service) {
        ServiceKeys k = new ServiceKeys(service);
        // discover reaps (and may append EXPIRED events), so it counts as a mutation for error reporting
        List<Object> flat = redis.script("registry discover", true, DISCOVER, ScriptOutputType.MULTI, k.keys,
                k.livePrefix);
        return decode(service, flat);
    }

    private static List<ServiceInstance> decode(String service, List<Object> flat) {
        List<ServiceInstance> out = new ArrayList<>(flat.size() / 2);
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            out.add(InstanceCodec.decode(service, Keys.string((byte[]) flat.get(i)), (byte[]) flat.get(i + 1)));
        }
        out.sort(Comparator.comparing(ServiceInstance::id));
        return out;
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
     * and reads the service's event stream from the position the watch started at. On a connection failure it
     * backs off and reconnects; because it reads by stream position, no event is skipped or repeated.
     */
    private final class RegistryWatch implements Watch, Runnable {
        private final String service;
        private final ServiceKeys k;
        private final Consumer<RegistryEvent> listener;
        private final Thread thread;
        private final long blockMs;
        private volatile boolean closed;
        private StatefulRedisConnection<byte[], byte[]> conn;
        private String lastId;

        RegistryWatch(String service, ServiceKeys k, Consumer<RegistryEvent> listener) {
            this.service = service;
            this.k = k;
            this.listener = listener;
            this.blockMs = Math.max(1, Math.min(50, redis.operationTimeout().toMillis() / 2));
            this.conn = redis.newConnection("registry watch");
            try {
                List<StreamMessage<byte[], byte[]>> last = redis.callOn(conn, "registry watch", false,
                        c -> c.xrevrange(k.events, Range.create("-", "+"), Limit.from(1)));
                this.lastId = last.isEmpty() ? "0-0" : last.get(0).getId();
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

        @Override
        @SuppressWarnings("unchecked") // xread's varargs of a generic type; one offset
        public void run() {
            long backoff = 10;
            while (!closed) {
                try {
                    if (conn == null || !conn.isOpen()) {
                        conn = redis.newConnection("registry watch");
                    }
                    redis.scriptOn(conn, "registry watch reap", true, DISCOVER, ScriptOutputType.MULTI, k.keys,
                            k.livePrefix);
                    List<StreamMessage<byte[], byte[]>> msgs = redis.callOn(conn, "registry watch read", false,
                            c -> c.xread(XReadArgs.Builder.block(blockMs).count(100),
                                    XReadArgs.StreamOffset.from(k.events, lastId)));
                    for (StreamMessage<byte[], byte[]> m : msgs) {
                        if (closed) {
                            return;
                        }
                        lastId = m.getId();
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
            RegistryEvent event = new RegistryEvent(RegistryEvent.Type.valueOf(type),
                    InstanceCodec.decode(service, id, blob));
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
