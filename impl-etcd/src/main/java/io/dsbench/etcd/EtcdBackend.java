package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
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
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseGrantResponse;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * An opened {@code etcd} backend.
 *
 * <h2>Modes</h2>
 * <ul>
 *   <li><b>Managed</b> (no endpoints): starts an {@link EtcdCluster} (1 member, or {@code members=3|5}) with
 *       fast elections and stops it on {@link #close()}; {@link #cluster()} gives access to it, and
 *       {@link #faults()} (capability FAULTS) kills, pauses and restarts its members.</li>
 *   <li><b>External</b>: endpoints {@code http://host:port} or {@code https://host:port}; user and password
 *       from the config (etcd auth); for https, {@code tls.ca} (PEM trust file; default: the JVM's trust
 *       store), and {@code tls.cert} + {@code tls.key} (PEM client certificate and PKCS#8 key) for mutual
 *       TLS. Credentials never appear in {@link #describe()}, logs or error messages.</li>
 * </ul>
 *
 * <h2>Options</h2>
 * {@code reads=linearizable|serializable} (default linearizable: reads go through etcd's ReadIndex and see
 * every write acknowledged before they started; with {@code serializable}, {@code KeyValueStore.get} is served by any member from its
 * local state and may be stale, so {@link Capability#LINEARIZABLE_KV} is not declared; every other read
 * (registry, cache, locks, idempotency, log) stays linearizable because those contracts promise
 * read-your-writes), {@code members=1|3|5}, {@code heartbeatMs} and
 * {@code electionMs} (managed only; defaults 50 and 250), {@code binary} (managed only: the etcd executable, e.g. a
 * wrapper that starts each member in its own network namespace; default {@code $DSBENCH_ETCD} or {@code etcd} on
 * PATH), {@code tls.ca}, {@code tls.cert}, {@code tls.key}.
 *
 * <h2>Timing</h2>
 * etcd leases have whole-second TTLs and a server minimum of {@code ceil(1.5 x election timeout)} (1 s with
 * the managed defaults, 2 s with etcd's own defaults); the backend measures the minimum at open by granting
 * a 1 s lease and reading the TTL the server gave, and declares it as {@link BackendTiming#minTtl()}.
 * Requested TTLs are rounded <b>up</b> to whole seconds (never expire early). The declared tolerance of
 * 1.5 s covers that rounding (under 1 s) plus etcd's lessor, which checks for expired leases every 500 ms.
 * Note: a leader change refreshes every lease (etcd extends them by the election time), so expiry is later
 * after a failover.
 *
 * <h2>Errors</h2>
 * Opening (connect, authenticate, first call) waits at most {@link BackendConfig#connectTimeout()} +
 * {@link BackendConfig#operationTimeout()}; every later call at most the operation timeout (also set as the
 * gRPC deadline of unary calls, so a call given up on is never sent later). Failures are
 * {@link BackendException}s naming the endpoints: TIMEOUT (no answer in time: unreachable, no leader),
 * UNAVAILABLE, AUTH (wrong user or password), ERROR. A mutation that failed by timeout or lost connection
 * {@linkplain BackendException#mayHaveTakenEffect() may have taken effect}.
 *
 * <p>Thread-safe.
 */
public final class EtcdBackend implements Backend {
    /** Declared expiry tolerance, see the class comment. */
    public static final Duration TTL_TOLERANCE = Duration.ofMillis(1500);

    private static final Set<String> OPTIONS = Collections.unmodifiableSet(new TreeSet<>(List.of(
            "reads", "members", "heartbeatMs", "electionMs", "tls.ca", "tls.cert", "tls.key", "binary")));

    private final BackendConfig config;
    private final EtcdCluster cluster;
    private final Client client;
    private final EtcdSession session;
    private final Set<Capability> capabilities;
    private final BackendTiming timing;
    private final String description;
    private final List<AutoCloseable> children = Collections.synchronizedList(new ArrayList<>());
    private final EtcdFaults faults;
    private volatile boolean closed;

    private EtcdBackend(BackendConfig config, EtcdCluster cluster, Client client, EtcdSession session,
                        Set<Capability> capabilities, BackendTiming timing, String description) {
        this.config = config;
        this.cluster = cluster;
        this.client = client;
        this.session = session;
        this.capabilities = Collections.unmodifiableSet(capabilities);
        this.timing = timing;
        this.description = description;
        this.faults = cluster == null ? null : new EtcdFaults(cluster, config, this::answersRead);
    }

    /**
     * Opens the backend: starts servers in managed mode, connects, and checks that the cluster answers (a
     * lease grant, which also measures the minimum TTL and checks the credentials).
     *
     * @throws IllegalArgumentException for a bad option or endpoint (naming it)
     * @throws BackendException         when etcd cannot be started or reached, or refuses the credentials
     */
    public static EtcdBackend open(BackendConfig config) {
        for (String k : config.options().keySet()) {
            if (!OPTIONS.contains(k)) {
                throw new IllegalArgumentException("option '" + k + "' is not known by backend etcd; known options: "
                        + String.join(", ", OPTIONS));
            }
        }
        String reads = config.option("reads").orElse("linearizable").toLowerCase(Locale.ROOT);
        if (!reads.equals("linearizable") && !reads.equals("serializable")) {
            throw new IllegalArgumentException("option reads = '" + reads
                    + "' is not valid (legal values: linearizable, serializable)");
        }
        boolean serializable = reads.equals("serializable");
        int members = intOption(config, "members", 1);
        if (members != 1 && members != 3 && members != 5) {
            throw new IllegalArgumentException("option members = " + members + " is out of range (legal values: 1, 3, 5)");
        }
        if (!config.managed() && config.options().containsKey("members")) {
            throw new IllegalArgumentException("option members applies only to managed mode (no endpoints)");
        }
        if (!config.managed() && config.options().containsKey("binary")) {
            throw new IllegalArgumentException("option binary applies only to managed mode (no endpoints)");
        }

        EtcdCluster cluster = null;
        List<URI> uris = new ArrayList<>();
        if (config.managed()) {
            EtcdClusterBuilder builder = EtcdCluster.builder().members(members)
                    .heartbeatInterval(Duration.ofMillis(intOption(config, "heartbeatMs", 50)))
                    .electionTimeout(Duration.ofMillis(intOption(config, "electionMs", 250)));
            config.option("binary").ifPresent(b -> builder.binary(java.nio.file.Path.of(b.trim())));
            cluster = builder.start();
            for (String u : cluster.clientUrls()) {
                uris.add(URI.create(u));
            }
        } else {
            for (int i = 0; i < config.endpoints().size(); i++) {
                String e = config.endpoints().get(i).trim();
                URI u = URI.create(e);
                String scheme = u.getScheme().toLowerCase(Locale.ROOT);
                if (!scheme.equals("http") && !scheme.equals("https")) {
                    throw new IllegalArgumentException("endpoints[" + i + "] = '" + BackendConfig.redact(e)
                            + "' has scheme '" + scheme + "' (legal: http, https)");
                }
                if (u.getPort() < 0) {
                    throw new IllegalArgumentException("endpoints[" + i + "] = '" + BackendConfig.redact(e)
                            + "' has no port (e.g. http://127.0.0.1:2379)");
                }
                if (u.getUserInfo() != null) {
                    throw new IllegalArgumentException("endpoints[" + i + "] = '" + BackendConfig.redact(e)
                            + "' carries user info; give user and password as credentials instead");
                }
                uris.add(URI.create(scheme + "://" + u.getHost() + ":" + u.getPort()));
            }
        }
        StringBuilder where = new StringBuilder();
        for (URI u : uris) {
            if (where.length() > 0) {
                where.append(',');
            }
            where.append(u.getHost()).append(':').append(u.getPort());
        }
        Client client = null;
        try {
            // The first calls also connect (and authenticate): bound them by connect + operation timeout.
            Duration connect = config.connectTimeout().plus(config.operationTimeout());
            EtcdClientFactory.DeadlineInterceptor deadlines = new EtcdClientFactory.DeadlineInterceptor(connect);
            client = EtcdClientFactory.build(config, uris, deadlines);
            EtcdSession probe = new EtcdSession(client, config.keyPrefix(), connect, serializable,
                    where.toString(), 1);
            // a read under the prefix: with auth enabled and no (or wrong) credentials, this is where etcd says so
            // (lease grant and member list answer without a user), so a bad setting fails at open, not per rule
            probe.await(client.getKVClient().get(EtcdSession.bytes(config.keyPrefix() + "/")),
                    "connect (read under the key prefix)", false);
            LeaseGrantResponse g = probe.await(client.getLeaseClient().grant(1), "connect (lease grant)", false);
            long minTtl = Math.max(1, g.getTTL());
            // the probe lease expires on its own after minTtl seconds
            int clusterSize = probe.await(client.getClusterClient().listMember(), "member list", false)
                    .getMembers().size();
            String version = probe.await(client.getMaintenanceClient().statusMember(uris.get(0).toString()),
                    "status", false).getVersion();
            deadlines.timeout(config.operationTimeout());
            EtcdSession session = new EtcdSession(client, config.keyPrefix(), config.operationTimeout(),
                    serializable, where.toString(), minTtl);
            Set<Capability> caps = EnumSet.copyOf(new EtcdBackendProvider().capabilities());
            if (serializable) {
                caps.remove(Capability.LINEARIZABLE_KV);
            }
            if (clusterSize >= 3) {
                caps.add(Capability.REPLICATED);
            }
            if (cluster == null) {
                caps.remove(Capability.FAULTS);
            }
            String desc = "etcd " + version + " " + (clusterSize == 1 ? "single member" : clusterSize + " members")
                    + (cluster != null ? " (managed)" : "") + " on " + where + ", " + reads + " reads"
                    + (uris.get(0).getScheme().equals("https") ? ", TLS" : "")
                    + (config.username().isPresent() ? ", auth" : "") + ", min lease " + minTtl + " s";
            return new EtcdBackend(config, cluster, client, session, caps,
                    new BackendTiming(TTL_TOLERANCE, Duration.ofSeconds(minTtl)), desc);
        } catch (RuntimeException e) {
            if (client != null) {
                client.close();
            }
            if (e instanceof BackendException be && be.kind() == BackendException.Kind.TIMEOUT
                    && uris.get(0).getScheme().equals("https")) {
                e = new BackendException(be.kind(), false, be.getMessage() + "; with https, also check that the"
                        + " server certificate is trusted (option tls.ca) and names the host, and whether the"
                        + " server requires a client certificate (options tls.cert, tls.key)", be);
            }
            if (cluster != null) {
                String tails = cluster.logTails(15);
                cluster.close();
                if (e instanceof BackendException be) {
                    throw new BackendException(be.kind(), false, be.getMessage() + "\n" + tails, be);
                }
            }
            throw e;
        }
    }

    private static int intOption(BackendConfig config, String name, int dflt) {
        Optional<String> v = config.option(name);
        if (v.isEmpty()) {
            return dflt;
        }
        try {
            return Integer.parseInt(v.get().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + name + " = '" + v.get() + "' is not an integer");
        }
    }

    /** The managed cluster, or empty in external mode. */
    public Optional<EtcdCluster> cluster() {
        return Optional.ofNullable(cluster);
    }

    /**
     * Kill, start, pause and resume the managed members, or restart them all ({@link EtcdFaults}); empty in
     * external mode.
     */
    @Override
    public Optional<io.dsbench.spi.Faults> faults() {
        return Optional.ofNullable(faults);
    }

    /** Whether a linearizable read through this backend's own client succeeds now. */
    private boolean answersRead() {
        try {
            new EtcdKeyValueStore(session, "faults-probe").get("probe");
            return true;
        } catch (BackendException e) {
            return false;
        }
    }

    /** The config this backend was opened with. */
    public BackendConfig config() {
        return config;
    }

    @Override
    public String name() {
        return EtcdBackendProvider.NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public BackendTiming timing() {
        return timing;
    }

    @Override
    public String describe() {
        return description;
    }

    private void open() {
        if (closed) {
            throw new IllegalStateException("etcd backend is closed");
        }
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        open();
        return new EtcdKeyValueStore(session, namespace);
    }

    @Override
    public ServiceRegistry registry(RegistryConfig config) {
        open();
        EtcdServiceRegistry r = new EtcdServiceRegistry(session, io.dsbench.spec.Checks.requireNonNull("config", config));
        children.add(r);
        return r;
    }

    @Override
    public CacheStore cache(String name) {
        open();
        return new EtcdCacheStore(session, name);
    }

    @Override
    public IdempotencyStore idempotency(IdempotencyConfig config) {
        open();
        return new EtcdIdempotencyStore(session, io.dsbench.spec.Checks.requireNonNull("config", config));
    }

    @Override
    public LockService locks(LockConfig config) {
        open();
        return new EtcdLockService(session, io.dsbench.spec.Checks.requireNonNull("config", config));
    }

    @Override
    public DurableLog log(String name) {
        open();
        return new EtcdDurableLog(session, name);
    }

    /** Waits up to {@code max} for lease revokes sent in the background (tests that count Raft writes). */
    void drainBackgroundRevokes(Duration max) {
        session.drain(max);
    }

    /** Closes watches and the client; in managed mode stops the cluster. Idempotent. */
    /** Deletes the whole key range under the prefix in one request. */
    @Override
    public long deleteWrittenData() {
        String prefix = config.keyPrefix().endsWith("/") ? config.keyPrefix() : config.keyPrefix() + "/";
        return session.await(client.getKVClient().delete(EtcdSession.bytes(prefix),
                io.etcd.jetcd.options.DeleteOption.builder().isPrefix(true).build()), "delete written data", true)
                .getDeleted();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        synchronized (children) {
            for (AutoCloseable c : children) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort
                }
            }
            children.clear();
        }
        try {
            session.drain(Duration.ofMillis(500));
            client.close();
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
