package io.dsbench.chaos.net;

import io.dsbench.etcd.EtcdBackend;
import io.dsbench.etcd.EtcdMember;
import io.dsbench.redis.RedisBackend;
import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The deployment a chaos run acts on, built from the backends' own launchers (no launcher of its own): the
 * <b>admin</b> backend owns the servers and their {@link Faults}; the workload's <b>client</b> backend reaches them
 * through one {@link FaultProxy} per data member where the topology allows it, so {@code packet} and proxy
 * {@code partition} faults sit on the client links.
 *
 * <ul>
 *   <li>{@code etcd}: 3 members (or 5); the client is an external-endpoint etcd backend over the 3 proxies. As root (with
 *       {@code nft}), each member runs in its own network namespace ({@link NetnsEtcd}), so {@code partition} cuts
 *       the links between members.</li>
 *   <li>{@code redis}: one standalone server; the client is an external redis backend over its proxy.</li>
 *   <li>{@code redis-sentinel}: primary + 2 replicas + 3 Sentinels; the client is the managed backend itself
 *       (Sentinels hand out the servers' real addresses, so a proxy cannot sit in between: no {@code packet}, and
 *       {@code partition} is pause-isolation, named so).</li>
 *   <li>{@code inmemory}: the in-process backend; its faults are simulated (no processes, no proxies).</li>
 * </ul>
 * Closing stops the proxies, the client and the servers; safe to call twice.
 */
public final class ChaosCluster implements AutoCloseable {
    /** The backend kinds a chaos run accepts. */
    public static final List<String> KINDS = List.of("etcd", "redis", "redis-sentinel", "inmemory");

    private final String kind;
    private final Backend admin;
    private final Backend client;
    private final Map<String, FaultProxy> proxies;
    private volatile boolean closed;

    private final NetnsEtcd netns;

    private ChaosCluster(String kind, Backend admin, Backend client, Map<String, FaultProxy> proxies,
                         NetnsEtcd netns) {
        this.kind = kind;
        this.admin = admin;
        this.client = client;
        this.proxies = proxies;
        this.netns = netns;
    }

    private ChaosCluster(String kind, Backend admin, Backend client, Map<String, FaultProxy> proxies) {
        this(kind, admin, client, proxies, null);
    }

    /**
     * Starts the deployment of {@code kind}.
     *
     * @param clock the suite's clock for in-process expiry (the {@code clock} nemesis skews it)
     * @throws IllegalArgumentException naming the kinds for an unknown one
     */
    public static ChaosCluster open(String kind, String keyPrefix, SkewClock clock, long seed, Duration opTimeout,
                                    boolean useNetns) {
        return open(kind, keyPrefix, clock, seed, opTimeout, useNetns, 3, "linearizable");
    }

    /**
     * Starts the deployment of {@code kind} with {@code members} etcd members (3 or 5; ignored by the other kinds)
     * and the workload's etcd clients reading with {@code reads} ({@code linearizable} or {@code serializable}).
     */
    public static ChaosCluster open(String kind, String keyPrefix, SkewClock clock, long seed, Duration opTimeout,
                                    boolean useNetns, int members, String reads) {
        Backend admin = null;
        Map<String, FaultProxy> proxies = new LinkedHashMap<>();
        NetnsEtcd net = null;
        try {
            switch (kind) {
                case "etcd": {
                    if (useNetns) {
                        net = new NetnsEtcd(members, seed);
                        admin = Backends.open(BackendConfig.builder("etcd").option("members", Integer.toString(members))
                                .option("binary", net.wrapper().toString()).keyPrefix(keyPrefix).ticker(clock).build());
                        proxies.putAll(net.clientProxies());
                        List<String> endpoints = new ArrayList<>();
                        for (FaultProxy p : proxies.values()) {
                            endpoints.add("http://" + p.address());
                        }
                        Backend c = Backends.open(BackendConfig.builder("etcd").endpoints(endpoints)
                                .option("reads", reads).keyPrefix(keyPrefix).ticker(clock).operationTimeout(opTimeout)
                                .build());
                        return new ChaosCluster(kind, admin, c, proxies, net);
                    }
                    admin = Backends.open(BackendConfig.builder("etcd").option("members", Integer.toString(members))
                            .keyPrefix(keyPrefix).ticker(clock).build());
                    List<String> endpoints = new ArrayList<>();
                    for (EtcdMember m : ((EtcdBackend) admin).cluster().orElseThrow().members()) {
                        FaultProxy p = new FaultProxy(m.name(), "127.0.0.1", m.clientPort(), seed + proxies.size());
                        proxies.put(m.name(), p);
                        endpoints.add("http://" + p.address());
                    }
                    Backend c = Backends.open(BackendConfig.builder("etcd").endpoints(endpoints).option("reads", reads)
                            .keyPrefix(keyPrefix).ticker(clock).operationTimeout(opTimeout).build());
                    return new ChaosCluster(kind, admin, c, proxies);
                }
                case "redis": {
                    admin = Backends.open(BackendConfig.builder("redis").keyPrefix(keyPrefix).ticker(clock).build());
                    RedisServerProcess p0 = ((RedisBackend) admin).deployment().orElseThrow().primary();
                    FaultProxy p = new FaultProxy(p0.dir().getFileName().toString(), p0.host(), p0.port(), seed);
                    proxies.put(p.name(), p);
                    Backend c = Backends.open(BackendConfig.builder("redis").endpoint("redis://" + p.address())
                            .keyPrefix(keyPrefix).ticker(clock).operationTimeout(opTimeout).build());
                    return new ChaosCluster(kind, admin, c, proxies);
                }
                case "redis-sentinel": {
                    admin = Backends.open(BackendConfig.builder("redis").option("topology", "sentinel")
                            .keyPrefix(keyPrefix).ticker(clock).operationTimeout(opTimeout).build());
                    return new ChaosCluster(kind, admin, admin, proxies);
                }
                case "inmemory": {
                    admin = Backends.open(BackendConfig.builder("inmemory").keyPrefix(keyPrefix).ticker(clock)
                            .operationTimeout(opTimeout).build());
                    return new ChaosCluster(kind, admin, admin, proxies);
                }
                default:
                    throw new IllegalArgumentException("--backend '" + kind + "' is not one chaos runs on (legal: "
                            + String.join(", ", KINDS) + ")");
            }
        } catch (IOException e) {
            closeAll(proxies, admin, net);
            throw new UncheckedIOException("cannot start a fault proxy: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeAll(proxies, admin, net);
            throw e;
        }
    }

    private static void closeAll(Map<String, FaultProxy> proxies, Backend admin, NetnsEtcd net) {
        proxies.values().forEach(FaultProxy::close);
        try {
            if (admin != null) {
                admin.close();
            }
        } finally {
            if (net != null) {
                net.close();
            }
        }
    }

    /** The network namespaces of the etcd members, when they run in them. */
    public Optional<NetnsEtcd> netns() {
        return Optional.ofNullable(netns);
    }

    public String kind() {
        return kind;
    }

    /** The backend that owns the servers (its capabilities are the declared promises). */
    public Backend admin() {
        return admin;
    }

    /** The backend the workload's clients use. */
    public Backend client() {
        return client;
    }

    /**
     * The promises the run is judged by: the servers' (the admin backend's), without LINEARIZABLE_KV when the
     * workload's clients do not have it (etcd clients with serializable reads).
     */
    public Set<Capability> capabilities() {
        Set<Capability> caps = java.util.EnumSet.noneOf(Capability.class);
        caps.addAll(admin.capabilities());
        if (!client.capabilities().contains(Capability.LINEARIZABLE_KV)) {
            caps.remove(Capability.LINEARIZABLE_KV);
        }
        return caps;
    }

    public Faults faults() {
        return admin.faults().orElseThrow(() -> new IllegalStateException(kind + " offers no faults"));
    }

    /** The members that hold data (Sentinels excluded), in a stable order. */
    public List<String> dataMembers() {
        List<String> out = new ArrayList<>();
        for (Faults.Member m : faults().members()) {
            if (m.role() != Faults.Role.SENTINEL && !m.name().startsWith("sentinel")) {
                out.add(m.name());
            }
        }
        return out;
    }

    /** The OS process id of a member, or -1 (not running, or simulated in-process). */
    public long pid(String member) {
        if (admin instanceof EtcdBackend e) {
            for (EtcdMember m : e.cluster().orElseThrow().members()) {
                if (m.name().equals(member)) {
                    return m.pid();
                }
            }
        }
        if (admin instanceof RedisBackend r) {
            for (RedisServerProcess p : r.deployment().orElseThrow().allProcesses()) {
                if (p.dir().getFileName().toString().equals(member)) {
                    return p.pid();
                }
            }
        }
        return -1;
    }

    /** Whether the member itself answers (etcd {@code /health}, redis PING; in-memory: its simulated state). */
    public boolean answers(String member, Duration timeout) {
        if (admin instanceof EtcdBackend e) {
            for (EtcdMember m : e.cluster().orElseThrow().members()) {
                if (m.name().equals(member)) {
                    return httpHealthy(m.metricsUrl() + "/health", timeout);
                }
            }
        }
        if (admin instanceof RedisBackend r) {
            for (RedisServerProcess p : r.deployment().orElseThrow().allProcesses()) {
                if (p.dir().getFileName().toString().equals(member)) {
                    return p.ping(timeout);
                }
            }
        }
        return faults().require(member).state() == Faults.State.RUNNING;
    }

    /**
     * A real probe over the network (the launcher's own health check skips members it paused, which would prove
     * nothing about a pause).
     */
    private static boolean httpHealthy(String url, Duration timeout) {
        java.net.HttpURLConnection c = null;
        try {
            c = (java.net.HttpURLConnection) java.net.URI.create(url).toURL().openConnection();
            c.setConnectTimeout((int) Math.max(1, timeout.toMillis()));
            c.setReadTimeout((int) Math.max(1, timeout.toMillis()));
            try (java.io.InputStream in = c.getInputStream()) {
                String body = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                return body.replace(" ", "").contains("\"health\":\"true\"");
            }
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            if (c != null) {
                c.disconnect();
            }
        }
    }

    /** The redis deployment, for Sentinel failover evidence. */
    public Optional<RedisDeployment> redisDeployment() {
        return admin instanceof RedisBackend r ? r.deployment() : Optional.empty();
    }

    /** The proxy in front of a member's client port, if the topology has one. */
    public Optional<FaultProxy> proxy(String member) {
        return Optional.ofNullable(proxies.get(member));
    }

    public List<FaultProxy> proxies() {
        return List.copyOf(proxies.values());
    }

    /** How {@code partition} is done here: {@code proxy-client-links}, {@code pause-isolation}, or null (none). */
    public String partitionMode() {
        if (netns != null) {
            return "netns-nftables";
        }
        if (!proxies.isEmpty()) {
            return "proxy-client-links";
        }
        return kind.equals("redis-sentinel") ? "pause-isolation" : null;
    }

    /** The servers' log files by member name. */
    public Map<String, Path> logs() {
        Map<String, Path> out = new LinkedHashMap<>();
        if (admin instanceof EtcdBackend e) {
            for (EtcdMember m : e.cluster().orElseThrow().members()) {
                out.put(m.name(), m.log());
            }
        }
        if (admin instanceof RedisBackend r) {
            for (RedisServerProcess p : r.deployment().orElseThrow().allProcesses()) {
                out.put(p.dir().getFileName().toString(), p.logFile());
            }
        }
        return out;
    }

    public String describe() {
        return admin.describe() + (netns != null ? "; each member in its own network namespace" : "")
                + (proxies.isEmpty() ? "" : "; clients through " + proxies.size() + " fault proxies");
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        proxies.values().forEach(FaultProxy::close);
        try {
            if (client != admin) {
                client.close();
            }
        } finally {
            closeAll(Map.of(), admin, netns);
        }
    }
}
