package io.dsbench.redis.launcher;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Servers started together by {@link RedisLauncher}: a primary, and for the replicated topologies two
 * replicas and optionally three Sentinels. {@link #close()} stops them all (Sentinels first, so that stopping
 * the primary triggers no failover) and deletes the temp directory.
 *
 * <p>After a failover the primary is whichever server the Sentinels name: {@link #currentPrimary()} asks them.
 * Thread-safe.
 */
public final class RedisDeployment implements AutoCloseable {
    private final RedisLaunchOptions options;
    private final Path root;
    private final boolean deleteOnClose;
    private final RedisServerProcess primary;
    private final List<RedisServerProcess> replicas;
    private final List<RedisServerProcess> sentinels;
    private final String version;
    volatile long startupNanos;
    private volatile boolean closed;

    RedisDeployment(RedisLaunchOptions options, Path root, boolean deleteOnClose, RedisServerProcess primary,
                    List<RedisServerProcess> replicas, List<RedisServerProcess> sentinels) {
        this.options = options;
        this.root = root;
        this.deleteOnClose = deleteOnClose;
        this.primary = primary;
        this.replicas = replicas;
        this.sentinels = sentinels;
        String v = "unknown";
        try {
            v = primary.info("server").getOrDefault("redis_version", "unknown");
        } catch (IOException e) {
            // describe() then says "unknown"; the server answered PING, so this is not fatal
        }
        this.version = v;
    }

    public RedisLaunchOptions options() {
        return options;
    }

    public RedisLaunchOptions.Topology topology() {
        return options.topology();
    }

    /** The server started as primary (it may have been failed over since: see {@link #currentPrimary()}). */
    public RedisServerProcess primary() {
        return primary;
    }

    /** The servers started as replicas (empty for standalone). */
    public List<RedisServerProcess> replicas() {
        return List.copyOf(replicas);
    }

    /** The Sentinels (empty unless {@link RedisLaunchOptions.Topology#SENTINEL}). */
    public List<RedisServerProcess> sentinels() {
        return List.copyOf(sentinels);
    }

    /** Primary and replicas, primary first. */
    public List<RedisServerProcess> dataServers() {
        List<RedisServerProcess> all = new ArrayList<>();
        all.add(primary);
        all.addAll(replicas);
        return all;
    }

    /** Every process: data servers, then Sentinels. */
    public List<RedisServerProcess> allProcesses() {
        List<RedisServerProcess> all = dataServers();
        all.addAll(sentinels);
        return all;
    }

    /** The directory holding every server's directory, config and log. */
    public Path root() {
        return root;
    }

    /** The {@code redis_version} the primary reported at start. */
    public String version() {
        return version;
    }

    /** Wall time from launching the first process until the whole topology was ready. */
    public Duration startupTime() {
        return Duration.ofNanos(startupNanos);
    }

    /** The Sentinel master name. */
    public String masterName() {
        return options.masterName();
    }

    /**
     * Endpoint URIs for an external {@code BackendConfig} (no credentials): the primary's {@code redis://}
     * URI, or for Sentinel one {@code redis-sentinel://host:port#master} per Sentinel.
     */
    public List<String> endpoints() {
        if (sentinels.isEmpty()) {
            return List.of(primary.uri());
        }
        List<String> uris = new ArrayList<>();
        for (RedisServerProcess s : sentinels) {
            uris.add("redis-sentinel://" + s.address() + "#" + masterName());
        }
        return uris;
    }

    /**
     * The server that is primary now: asked from a live Sentinel for the Sentinel topology, else the
     * started primary.
     */
    public RedisServerProcess currentPrimary() {
        if (sentinels.isEmpty()) {
            return primary;
        }
        return sentinelPrimaryPort().flatMap(this::byPort).orElseThrow(() -> new RedisLaunchException(
                "no live Sentinel names a primary for '" + masterName() + "' among " + dataServers()));
    }

    /** The primary port according to the first Sentinel that answers. */
    public Optional<Integer> sentinelPrimaryPort() {
        for (RedisServerProcess s : sentinels) {
            if (!s.isAlive() || s.isPaused()) {
                continue;
            }
            try {
                Object r = s.command(Duration.ofSeconds(1), "SENTINEL", "get-master-addr-by-name", masterName());
                if (r instanceof List<?> l && l.size() == 2) {
                    return Optional.of(Integer.parseInt(String.valueOf(l.get(1))));
                }
            } catch (IOException | NumberFormatException e) {
                // try the next Sentinel
            }
        }
        return Optional.empty();
    }

    private Optional<RedisServerProcess> byPort(int port) {
        return dataServers().stream().filter(p -> p.port() == port).findFirst();
    }

    /**
     * Waits until the Sentinels name a primary other than {@code old} and that server reports
     * {@code role:master}.
     *
     * @return the new primary
     * @throws RedisLaunchException when no failover completed within {@code max}, with the Sentinels' log tails
     */
    public RedisServerProcess awaitFailover(RedisServerProcess old, Duration max) {
        if (sentinels.isEmpty()) {
            throw new IllegalStateException("awaitFailover needs the SENTINEL topology, this is " + topology());
        }
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() - deadline < 0) {
            Optional<RedisServerProcess> p = sentinelPrimaryPort().flatMap(this::byPort);
            if (p.isPresent() && p.get() != old && p.get().isAlive()) {
                try {
                    if ("master".equals(p.get().info("replication").get("role"))) {
                        return p.get();
                    }
                } catch (IOException e) {
                    // not answering yet
                }
            }
            RedisServerProcess.sleep(50);
        }
        StringBuilder logs = new StringBuilder();
        for (RedisServerProcess s : sentinels) {
            logs.append("\n--- ").append(s.describe()).append(" ---\n").append(s.logTail(10));
        }
        throw new RedisLaunchException("no failover away from " + old.describe() + " within " + max + logs);
    }

    void awaitReplicasLinked(List<RedisServerProcess> reps, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (RedisServerProcess r : reps) {
            String last = "?";
            while (true) {
                try {
                    Map<String, String> info = r.info("replication");
                    last = info.getOrDefault("master_link_status", "?");
                    if ("up".equals(last)) {
                        break;
                    }
                } catch (IOException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new RedisLaunchException(r.describe() + " did not link to its primary within " + max
                            + " (master_link_status: " + last + ")\n--- last lines of " + r.logFile() + " ---\n"
                            + r.logTail(15));
                }
                RedisServerProcess.sleep(20);
            }
        }
    }

    void awaitSentinelsReady(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        for (RedisServerProcess s : sentinels) {
            String last = "?";
            while (true) {
                try {
                    Object r = s.command(Duration.ofSeconds(1), "SENTINEL", "master", masterName());
                    Map<String, String> m = pairs(r);
                    last = "num-slaves=" + m.get("num-slaves") + ", num-other-sentinels=" + m.get("num-other-sentinels");
                    if ("2".equals(m.get("num-slaves")) && "2".equals(m.get("num-other-sentinels"))) {
                        break;
                    }
                } catch (IOException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new RedisLaunchException(s.describe() + " did not discover the replicas and other Sentinels within "
                            + max + " (" + last + ")\n--- last lines of " + s.logFile() + " ---\n" + s.logTail(15));
                }
                RedisServerProcess.sleep(50);
            }
        }
    }

    private static Map<String, String> pairs(Object reply) {
        Map<String, String> m = new java.util.HashMap<>();
        if (reply instanceof List<?> l) {
            for (int i = 0; i + 1 < l.size(); i += 2) {
                m.put(String.valueOf(l.get(i)), String.valueOf(l.get(i + 1)));
            }
        }
        return m;
    }

    /** One line, e.g. {@code redis 7.0.15 SENTINEL primary 127.0.0.1:1234, replicas [...], sentinels [...]}. */
    public String describe() {
        StringBuilder b = new StringBuilder("redis ").append(version).append(' ').append(topology())
                .append(" primary ").append(primary.address());
        if (!replicas.isEmpty()) {
            b.append(", replicas ").append(replicas.stream().map(RedisServerProcess::address).toList());
        }
        if (!sentinels.isEmpty()) {
            b.append(", sentinels ").append(sentinels.stream().map(RedisServerProcess::address).toList());
        }
        if (options.durability() == RedisLaunchOptions.Durability.AOF_ALWAYS) {
            b.append(", appendfsync always");
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return describe();
    }

    /** Stops every process (Sentinels, replicas, primary) and deletes the temp directory. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        RuntimeException first = null;
        List<RedisServerProcess> order = new ArrayList<>(sentinels);
        order.addAll(replicas);
        order.add(primary);
        for (RedisServerProcess p : order) {
            try {
                p.stop();
            } catch (RuntimeException e) {
                p.forceStop();
                if (first == null) {
                    first = e;
                }
            }
        }
        if (deleteOnClose) {
            deleteRecursively(root);
            io.dsbench.spi.ServerProcesses.unregisterDir(root);
        }
        if (first != null) {
            throw first;
        }
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException exc) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            // best effort: a leftover temp dir is harmless
        }
    }
}
