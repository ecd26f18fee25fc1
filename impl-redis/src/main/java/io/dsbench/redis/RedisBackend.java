package io.dsbench.redis;

import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisLaunchException;
import io.dsbench.redis.launcher.RedisLaunchOptions;
import io.dsbench.redis.launcher.RedisLauncher;
import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.BackendTiming;
import io.dsbench.spi.Capability;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code redis} backend: the primitives of {@code io.dsbench.spec} over one Lettuce connection to a Redis
 * primary, either started here (managed: {@link RedisLauncher}) or given as endpoints (external).
 *
 * <h2>Capabilities, decided at open from what the server reports</h2>
 * <ul>
 *   <li>A single primary without replicas ({@code role:master}, {@code connected_slaves:0}, no Sentinel):
 *       LINEARIZABLE_KV, LINEARIZABLE_LOCKS, LINEARIZABLE_IDEMPOTENCY and WATCH. Redis executes commands and
 *       Lua scripts one at a time, so every single-key operation takes effect atomically between its call and
 *       its reply.</li>
 *   <li>A primary with replicas, or a Sentinel-managed primary: none of those. Replication is asynchronous,
 *       so a failover (automatic with Sentinel, manual otherwise) can lose acknowledged writes, and a lost lock
 *       grant or claim breaks exclusion. Sentinel adds REPLICATED (it keeps serving after losing the primary).</li>
 *   <li>SERVER_SIDE_EXPIRY always: every TTL and lease is a {@code PX} on the server's clock.</li>
 *   <li>FAULTS when managed: {@link #faults()} kills, pauses and restarts the servers it started.</li>
 *   <li>DURABLE only for a single primary that reports {@code appendonly yes} and {@code appendfsync always}
 *       (managed: option {@code durability=aof-always}); a server whose CONFIG command is disabled is not
 *       declared durable.</li>
 * </ul>
 * {@link #undeclaredReasons()} says why each missing capability is missing.
 *
 * <h2>Timing</h2>
 * TTL tolerance {@link #TTL_TOLERANCE} (reads see expiry at Redis's 1 ms resolution; a watch's EXPIRED event is later),
 * minimum TTL 1 ms (Redis's resolution).
 *
 * <h2>Errors</h2>
 * {@link BackendException}s naming the endpoint, never a password; see {@link RedisConnector}. Opening fails
 * with a {@code BackendException} when the server cannot be reached or refuses the credentials, or when a
 * managed server cannot start (UNAVAILABLE; the message has the install command or the server log's tail, and
 * the cause is the {@link RedisLaunchException}).
 *
 * <p>Thread-safe. {@link #close()} closes the connections and, when managed, stops the servers.
 */
public final class RedisBackend implements Backend {
    /**
     * TTL tolerance declared by this backend: reads see expiry at Redis's 1 ms resolution, but a watch's
     * EXPIRED event comes from the watch thread's reaper: its blocking read wakes up at the next deadline, then a
     * reap and a read follow, so the event comes three round trips after the deadline, and on a loaded machine
     * each of them waits for a CPU, in the server and in the client. REG-11 measured 313 ms for a 300 ms TTL on an
     * idle machine (when the read still blocked a fixed 50 ms), and more than 100 ms late (404 ms, kit lateness 43
     * ms) under {@code stress-ng --cpu 2} on 2 cores with the old 60 ms: 100 ms is what the mechanism promises.
     */
    public static final Duration TTL_TOLERANCE = Duration.ofMillis(100);
    /** Smallest TTL or lease accepted. */
    public static final Duration MIN_TTL = Duration.ofMillis(1);

    private final BackendConfig config;
    private final RedisDeployment deployment;
    private final RedisConnector redis;
    /** Where {@code KeyValueStore.get} reads: {@link #redis}, or a replica with {@code readFrom=replica}. */
    private final RedisConnector kvReads;
    private final Keys keys;
    private final long watchRetention;
    private final Set<Capability> capabilities;
    private final Map<Capability, String> undeclared;
    private final String description;
    private final Set<RedisServiceRegistry> registries = ConcurrentHashMap.newKeySet();
    private final RedisFaults faults;
    private volatile boolean closed;

    private RedisBackend(BackendConfig config, RedisDeployment deployment, RedisConnector redis, RedisConnector kvReads,
                         ServerFacts facts) {
        this.config = config;
        this.deployment = deployment;
        this.redis = redis;
        this.kvReads = kvReads;
        this.keys = new Keys(config.keyPrefix());
        this.watchRetention = RedisOptions.watchRetention(config);
        Map<Capability, String> why = new EnumMap<>(Capability.class);
        Set<Capability> caps = EnumSet.of(Capability.SERVER_SIDE_EXPIRY);
        boolean single = facts.singlePrimary();
        String replicationReason = redis.endpoint().kind() == RedisEndpoint.Kind.SENTINEL
                ? "Sentinel failover promotes an asynchronously replicated replica, which can lose acknowledged writes"
                : !facts.replicationKnown
                ? "INFO replication is not permitted, so whether asynchronous replicas exist is unknown"
                : "the primary has " + facts.replicas + " asynchronous replica(s); a failover to one can lose "
                + "acknowledged writes";
        for (Capability c : List.of(Capability.LINEARIZABLE_KV, Capability.LINEARIZABLE_LOCKS,
                Capability.LINEARIZABLE_IDEMPOTENCY, Capability.WATCH)) {
            if (single) {
                caps.add(c);
            } else {
                why.put(c, replicationReason);
            }
        }
        if (redis.endpoint().kind() == RedisEndpoint.Kind.SENTINEL) {
            caps.add(Capability.REPLICATED);
        } else {
            why.put(Capability.REPLICATED, "one primary serves everything; without Sentinel nothing takes over when it "
                    + "fails (use topology=sentinel or redis-sentinel:// endpoints)");
        }
        if (!facts.durabilityKnown) {
            why.put(Capability.DURABLE, "CONFIG GET is not allowed, so appendonly/appendfsync are unknown");
        } else if (!facts.aofAlways) {
            why.put(Capability.DURABLE, "the server runs with appendonly " + facts.appendonly + ", appendfsync "
                    + facts.appendfsync + " (needs appendonly yes + appendfsync always; managed: durability=aof-always)");
        } else if (!single) {
            why.put(Capability.DURABLE, replicationReason);
        } else {
            caps.add(Capability.DURABLE);
        }
        if (deployment != null) {
            caps.add(Capability.FAULTS);
            this.faults = new RedisFaults(deployment, config, this::answersPing);
        } else {
            why.put(Capability.FAULTS, "external endpoints: dsbench does not own the server processes");
            this.faults = null;
        }
        this.capabilities = Collections.unmodifiableSet(caps);
        this.undeclared = Collections.unmodifiableMap(why);
        StringBuilder d = new StringBuilder("redis ").append(facts.version).append(' ');
        if (deployment != null) {
            d.append(deployment.topology().name().toLowerCase(java.util.Locale.ROOT)).append(" (managed) on ")
                    .append(redis.endpoint().address());
            if (!deployment.replicas().isEmpty()) {
                d.append(" + replicas ").append(deployment.replicas().stream().map(RedisServerProcess::address).toList());
            }
        } else {
            d.append(single ? "single primary" : "primary with replicas").append(" at ").append(redis.endpoint());
        }
        d.append(facts.aofAlways ? ", appendfsync always" : ", no fsync-always persistence");
        int wait = RedisOptions.waitReplicas(config);
        if (wait > 0) {
            d.append(", every write waits for ").append(wait).append(" replica(s) (WAIT)");
        }
        if (kvReads != redis) {
            d.append(", KV gets read from replica ").append(kvReads.endpoint().address());
        }
        this.description = d.toString();
    }

    /** Opens per {@code config}: managed (starts servers) when it has no endpoints. */
    static RedisBackend open(BackendConfig config) {
        Checks.requireNonNull("config", config);
        if (!"redis".equals(config.backend())) {
            throw new IllegalArgumentException("backend = '" + config.backend() + "', but this is the redis backend");
        }
        RedisOptions.validate(config);
        RedisDeployment deployment = null;
        RedisEndpoint endpoint;
        if (config.managed()) {
            RedisLaunchOptions.Builder lo = RedisLaunchOptions.builder()
                    .topology(RedisOptions.topology(config))
                    .durability(RedisOptions.durability(config));
            RedisOptions.dataDir(config).ifPresent(lo::dataDir);
            config.password().ifPresent(lo::password);
            try {
                deployment = RedisLauncher.start(lo.build());
            } catch (RedisLaunchException e) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                        "cannot start a managed redis-server: " + e.getMessage(), e);
            }
            if (deployment.topology() == RedisLaunchOptions.Topology.SENTINEL) {
                List<RedisEndpoint.HostPort> hs = deployment.sentinels().stream()
                        .map(s -> new RedisEndpoint.HostPort(s.host(), s.port())).toList();
                endpoint = RedisEndpoint.sentinel(hs, deployment.masterName(), null, config.password().orElse(null));
            } else {
                RedisServerProcess p = deployment.primary();
                endpoint = RedisEndpoint.standalone(p.host(), p.port(), null, config.password().orElse(null));
            }
        } else {
            endpoint = RedisEndpoint.parse(config);
        }
        RedisConnector redis = null;
        RedisConnector reads = null;
        try {
            redis = new RedisConnector(endpoint, config.operationTimeout(), config.connectTimeout(),
                    RedisOptions.waitReplicas(config), RedisOptions.waitTimeout(config));
            redis.connectEagerly();
            ServerFacts facts = ServerFacts.read(redis);
            if (facts.role != null && !"master".equals(facts.role)) {
                throw new BackendException(BackendException.Kind.ERROR, false, "redis " + endpoint.address()
                        + " is a replica (role:" + facts.role + "): give the primary's address, or redis-sentinel:// "
                        + "endpoints to follow failovers");
            }
            if (RedisOptions.readFromReplica(config)) {
                RedisServerProcess r = deployment.replicas().get(0);
                reads = new RedisConnector(RedisEndpoint.standalone(r.host(), r.port(), null,
                        config.password().orElse(null)), config.operationTimeout(), config.connectTimeout());
                reads.connectEagerly();
            }
            return new RedisBackend(config, deployment, redis, reads == null ? redis : reads, facts);
        } catch (RuntimeException e) {
            if (reads != null) {
                reads.close();
            }
            if (redis != null) {
                redis.close();
            }
            if (deployment != null) {
                deployment.close();
            }
            throw e;
        }
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    /** For each capability not declared: why not. */
    public Map<Capability, String> undeclaredReasons() {
        return undeclared;
    }

    @Override
    public BackendTiming timing() {
        return new BackendTiming(TTL_TOLERANCE, MIN_TTL);
    }

    @Override
    public String describe() {
        return description;
    }

    /** The servers this backend started (empty for external endpoints); for chaos runs and tests. */
    public Optional<RedisDeployment> deployment() {
        return Optional.ofNullable(deployment);
    }

    /**
     * Kill, start, pause and resume the managed servers, or restart them all ({@link RedisFaults}); empty for
     * external endpoints.
     */
    @Override
    public Optional<io.dsbench.spi.Faults> faults() {
        return Optional.ofNullable(faults);
    }

    private boolean answersPing() {
        try {
            return "PONG".equals(redis.call("PING", false, c -> c.ping()));
        } catch (BackendException e) {
            return false;
        }
    }

    /** The endpoint as shown in messages: host:port, or the Sentinels; never credentials. */
    public String address() {
        return redis.endpoint().address();
    }

    /** The config it was opened with. */
    public BackendConfig config() {
        return config;
    }

    /**
     * Managed only: stops the primary gracefully and starts it again on the same port and directory (what a
     * durable server must survive, rule LOG-4). The connection is re-established on the next call.
     *
     * @throws IllegalStateException for external endpoints
     */
    public void restartServer() {
        requireOpen();
        if (deployment == null) {
            throw new IllegalStateException("restartServer needs a managed redis; " + address() + " is external");
        }
        deployment.currentPrimary().restart();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the redis backend for " + address() + " is closed");
        }
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        requireOpen();
        return new RedisKeyValueStore(redis, kvReads, keys, namespace);
    }

    @Override
    public ServiceRegistry registry(RegistryConfig config) {
        requireOpen();
        RedisServiceRegistry[] self = new RedisServiceRegistry[1];
        self[0] = new RedisServiceRegistry(redis, keys, config, MIN_TTL, watchRetention,
                () -> registries.remove(self[0]));
        registries.add(self[0]);
        return self[0];
    }

    @Override
    public CacheStore cache(String name) {
        requireOpen();
        return new RedisCacheStore(redis, keys, name, MIN_TTL);
    }

    @Override
    public IdempotencyStore idempotency(IdempotencyConfig config) {
        requireOpen();
        return new RedisIdempotencyStore(redis, keys, config, MIN_TTL);
    }

    @Override
    public LockService locks(LockConfig config) {
        requireOpen();
        return new RedisLockService(redis, keys, config, MIN_TTL);
    }

    @Override
    public DurableLog log(String name) {
        requireOpen();
        return new RedisDurableLog(redis, keys, name);
    }

    /** SCANs for every key under the prefix (glob characters in it escaped) and UNLINKs them. */
    @Override
    public long deleteWrittenData() {
        requireOpen();
        String pattern = config.keyPrefix().replaceAll("([*?\\[\\]\\\\])", "\\\\$1") + "/*";
        io.lettuce.core.ScanArgs args = io.lettuce.core.ScanArgs.Builder.matches(pattern).limit(500);
        return redis.call("delete written data", true, c -> {
            long deleted = 0;
            io.lettuce.core.KeyScanCursor<byte[]> cursor = c.scan(args);
            while (true) {
                if (!cursor.getKeys().isEmpty()) {
                    deleted += c.unlink(cursor.getKeys().toArray(new byte[0][]));
                }
                if (cursor.isFinished()) {
                    return deleted;
                }
                cursor = c.scan(cursor, args);
            }
        });
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            for (RedisServiceRegistry r : List.copyOf(registries)) {
                r.close();
            }
            if (kvReads != redis) {
                kvReads.close();
            }
            redis.close();
        } finally {
            if (deployment != null) {
                deployment.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RedisBackend[" + description + ", keyPrefix=" + config.keyPrefix() + "]";
    }
}
