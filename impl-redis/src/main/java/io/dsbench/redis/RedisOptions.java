package io.dsbench.redis;

import io.dsbench.redis.launcher.RedisLaunchOptions;
import io.dsbench.spi.BackendConfig;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code --option k=v} names the redis backend understands. Unknown names are rejected with the list of
 * known ones, so a typo never silently changes nothing.
 *
 * <ul>
 *   <li>{@code topology} (managed only): {@code standalone} (default), {@code replicated} (primary + 2
 *       replicas), {@code sentinel} (primary + 2 replicas + 3 Sentinels).</li>
 *   <li>{@code durability} (managed only): {@code none} (default: {@code save ""}, {@code appendonly no}) or
 *       {@code aof-always} ({@code appendonly yes}, {@code appendfsync always}).</li>
 *   <li>{@code dataDir} (managed only): run the servers in this directory and keep it after close, so a
 *       backend reopened with the same option finds the data (needs {@code durability=aof-always}).</li>
 *   <li>{@code sentinelMaster}: the master name for {@code redis-sentinel://} endpoints (default
 *       {@code mymaster}; a URI fragment {@code #name} also sets it).</li>
 *   <li>{@code tlsVerify}: {@code true} (default) or {@code false}, for {@code rediss://} endpoints.</li>
 *   <li>{@code readFrom} (managed only): {@code primary} (default) or {@code replica}: {@code KeyValueStore.get}
 *       reads from the first replica (asynchronous replication: reads may be stale; every other call goes to the
 *       primary). Needs {@code topology=replicated} or {@code sentinel}.</li>
 *   <li>{@code waitReplicas} (default 0: off): every write on the shared connection (a mutating command or
 *       script of any primitive) is followed by {@code WAIT waitReplicas waitTimeoutMs} on the same connection, so a
 *       write is acknowledged only once that many replicas confirmed it (synchronous replication). Fewer in time:
 *       the call fails with TIMEOUT, {@code mayHaveTakenEffect} (the primary applied it). Managed: needs
 *       {@code topology=replicated} or {@code sentinel}, at most 2.</li>
 *   <li>{@code waitTimeoutMs} (default: the operation timeout): WAIT's timeout, {@code >= 1}.</li>
 *   <li>{@code tlsCaFile}: a PEM file of CA certificates to trust for {@code rediss://} (default: the JDK's
 *       trust store).</li>
 * </ul>
 */
public final class RedisOptions {
    public static final String TOPOLOGY = "topology";
    public static final String DURABILITY = "durability";
    public static final String DATA_DIR = "dataDir";
    public static final String SENTINEL_MASTER = "sentinelMaster";
    public static final String TLS_VERIFY = "tlsVerify";
    public static final String TLS_CA_FILE = "tlsCaFile";
    public static final String WATCH_RETENTION = "watchRetention";
    public static final String READ_FROM = "readFrom";
    public static final String WAIT_REPLICAS = "waitReplicas";
    public static final String WAIT_TIMEOUT_MS = "waitTimeoutMs";

    private static final Map<String, String> KNOWN = new TreeMap<>(Map.of(
            TOPOLOGY, "standalone|replicated|sentinel (managed only)",
            DURABILITY, "none|aof-always (managed only)",
            DATA_DIR, "a directory kept after close (managed only)",
            SENTINEL_MASTER, "master name for redis-sentinel:// endpoints",
            TLS_VERIFY, "true|false, for rediss://",
            TLS_CA_FILE, "PEM file of CA certificates to trust, for rediss://",
            WATCH_RETENTION, "registry events kept per service for watches (default 10000, >= 1)",
            READ_FROM, "primary|replica: where KeyValueStore.get reads (managed, topology replicated or sentinel)",
            WAIT_REPLICAS, "0 (default) or N: every write waits for N replicas (WAIT) before it is acknowledged",
            WAIT_TIMEOUT_MS, "WAIT's timeout in ms (default: the operation timeout, >= 1)"));

    private RedisOptions() {
    }

    /** Rejects unknown option names and options that do not fit the mode. */
    static void validate(BackendConfig config) {
        watchRetention(config);
        for (String name : config.options().keySet()) {
            if (!KNOWN.containsKey(name)) {
                throw new IllegalArgumentException("unknown option '" + name + "' for backend redis; known options: "
                        + KNOWN);
            }
        }
        if (!config.managed()) {
            for (String managedOnly : new String[] {TOPOLOGY, DURABILITY, DATA_DIR, READ_FROM}) {
                if (config.option(managedOnly).isPresent()) {
                    throw new IllegalArgumentException("option '" + managedOnly + "' applies only to a managed redis "
                            + "(no --endpoint); with endpoints " + config.endpoints().stream().map(BackendConfig::redact)
                            .toList() + " the servers are yours to configure");
                }
            }
        }
        topology(config);
        durability(config);
        if (readFromReplica(config) && topology(config) == RedisLaunchOptions.Topology.STANDALONE) {
            throw new IllegalArgumentException("option readFrom=replica needs replicas: add topology=replicated (or "
                    + "sentinel)");
        }
        int wait = waitReplicas(config);
        waitTimeout(config);
        if (wait > 0 && config.managed()) {
            if (topology(config) == RedisLaunchOptions.Topology.STANDALONE) {
                throw new IllegalArgumentException("option waitReplicas=" + wait + " needs replicas: add "
                        + "topology=replicated (or sentinel)");
            }
            if (wait > 2) {
                throw new IllegalArgumentException("option waitReplicas=" + wait + " is more than the managed topology "
                        + topology(config).name().toLowerCase(Locale.ROOT) + " has 2 replicas: every write would time "
                        + "out");
            }
        }
        bool(config, TLS_VERIFY, true);
        config.option(TLS_CA_FILE).ifPresent(f -> {
            if (!java.nio.file.Files.isReadable(Path.of(f.trim()))) {
                throw new IllegalArgumentException("option tlsCaFile = '" + f + "' is not a readable file");
            }
        });
        if (config.option(DATA_DIR).isPresent() && durability(config) != RedisLaunchOptions.Durability.AOF_ALWAYS) {
            throw new IllegalArgumentException("option dataDir needs durability=aof-always (an in-memory server keeps "
                    + "nothing in its directory)");
        }
    }

    static RedisLaunchOptions.Topology topology(BackendConfig config) {
        String v = config.option(TOPOLOGY).orElse("standalone").trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "standalone":
                return RedisLaunchOptions.Topology.STANDALONE;
            case "replicated":
                return RedisLaunchOptions.Topology.REPLICATED;
            case "sentinel":
                return RedisLaunchOptions.Topology.SENTINEL;
            default:
                throw new IllegalArgumentException("option topology = '" + v
                        + "' is not one of standalone, replicated, sentinel");
        }
    }

    static RedisLaunchOptions.Durability durability(BackendConfig config) {
        String v = config.option(DURABILITY).orElse("none").trim().toLowerCase(Locale.ROOT);
        switch (v) {
            case "none":
                return RedisLaunchOptions.Durability.NONE;
            case "aof-always":
            case "always":
                return RedisLaunchOptions.Durability.AOF_ALWAYS;
            default:
                throw new IllegalArgumentException("option durability = '" + v + "' is not one of none, aof-always");
        }
    }

    /** Whether {@code KeyValueStore.get} reads from a replica ({@code readFrom=replica}). */
    static boolean readFromReplica(BackendConfig config) {
        String v = config.option(READ_FROM).orElse("primary").trim().toLowerCase(Locale.ROOT);
        return switch (v) {
            case "primary" -> false;
            case "replica" -> true;
            default -> throw new IllegalArgumentException("option readFrom = '" + v + "' is not one of primary, replica");
        };
    }

    /** The registry events kept per service (the stream's MAXLEN); a watch further behind gets a RESET. */
    static long watchRetention(BackendConfig config) {
        String v = config.option(WATCH_RETENTION).orElse("10000").trim();
        try {
            long n = Long.parseLong(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + WATCH_RETENTION + " = '" + v + "' is out of range (legal range: "
                + "a whole number >= 1)");
    }

    /** Replicas every write waits for ({@code WAIT}); 0 = none (asynchronous replication). */
    static int waitReplicas(BackendConfig config) {
        String v = config.option(WAIT_REPLICAS).orElse("0").trim();
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + WAIT_REPLICAS + " = '" + v + "' is out of range (legal range: "
                + "a whole number >= 0)");
    }

    /** WAIT's timeout: {@code waitTimeoutMs}, default the operation timeout. */
    static java.time.Duration waitTimeout(BackendConfig config) {
        String v = config.option(WAIT_TIMEOUT_MS).orElse(null);
        if (v == null) {
            return config.operationTimeout();
        }
        try {
            long ms = Long.parseLong(v.trim());
            if (ms >= 1) {
                return java.time.Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("option " + WAIT_TIMEOUT_MS + " = '" + v + "' is out of range (legal range: "
                + "a whole number of milliseconds >= 1; WAIT 0 would block forever)");
    }

    static java.util.Optional<Path> dataDir(BackendConfig config) {
        return config.option(DATA_DIR).map(String::trim).map(Path::of);
    }

    static boolean bool(BackendConfig config, String name, boolean dflt) {
        String v = config.option(name).orElse(null);
        if (v == null) {
            return dflt;
        }
        switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "true":
            case "yes":
                return true;
            case "false":
            case "no":
                return false;
            default:
                throw new IllegalArgumentException("option " + name + " = '" + v + "' is not true or false");
        }
    }
}
