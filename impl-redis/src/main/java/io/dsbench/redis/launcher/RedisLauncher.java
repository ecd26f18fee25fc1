package io.dsbench.redis.launcher;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import io.dsbench.spi.ServerProcesses;

/**
 * Finds {@code redis-server} and starts {@link RedisDeployment}s on loopback.
 *
 * <p>The binary is taken from the environment variable {@code DSBENCH_REDIS_SERVER} (a path) or else from
 * {@code PATH}; when neither has it, {@link #findBinary()} fails with the command that installs it.
 * Ports are free loopback ports picked at start (a port taken between picking and binding is retried with
 * another, at most three times). Thread-safe (stateless).
 */
public final class RedisLauncher {
    /** The environment variable that names the {@code redis-server} binary to use. */
    public static final String BINARY_ENV = "DSBENCH_REDIS_SERVER";
    /** How to install the binary on Debian or Ubuntu (as root). */
    public static final String INSTALL_HINT = "apt-get update && apt-get install -y redis-server";

    private static final int PORT_ATTEMPTS = 3;

    private RedisLauncher() {
    }

    /**
     * The {@code redis-server} binary.
     *
     * @throws RedisLaunchException naming where it looked and the install command
     */
    public static Path findBinary() {
        String env = System.getenv(BINARY_ENV);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env.trim());
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
            throw new RedisLaunchException(BINARY_ENV + " = '" + env + "' is not an executable file; point it at "
                    + "redis-server, or unset it and install redis-server: " + INSTALL_HINT);
        }
        return searchPath().orElseThrow(() -> new RedisLaunchException(
                "redis-server not found on PATH (" + System.getenv("PATH") + ") and " + BINARY_ENV
                        + " is not set. Install it: " + INSTALL_HINT + "  (or set " + BINARY_ENV
                        + " to the binary's path)"));
    }

    private static Optional<Path> searchPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String d : path.split(File.pathSeparator)) {
            if (d.isEmpty()) {
                continue;
            }
            Path p = Path.of(d, "redis-server");
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Starts one standalone in-memory server. */
    public static RedisDeployment standalone() {
        return start(RedisLaunchOptions.standalone());
    }

    /**
     * Starts the topology in {@code options} and waits until it is usable: every server answers PING,
     * replicas report their link to the primary up, Sentinels know both replicas and each other.
     *
     * @throws RedisLaunchException with the failing server's log tail; servers already started are stopped
     */
    public static RedisDeployment start(RedisLaunchOptions options) {
        Path binary = options.binary().orElseGet(RedisLauncher::findBinary);
        boolean tempDir = options.dataDir().isEmpty();
        Path root;
        try {
            root = tempDir ? Files.createTempDirectory("dsbench-redis-") : Files.createDirectories(options.dataDir().get());
            if (tempDir) {
                ServerProcesses.registerDir(root); // deleted however the JVM ends
            }
        } catch (IOException e) {
            throw new RedisLaunchException("cannot create the data directory: " + e.getMessage(), e);
        }
        List<RedisServerProcess> started = new ArrayList<>();
        long t0 = System.nanoTime();
        try {
            String pw = options.password().orElse(null);
            RedisServerProcess primary = startServer(binary, root.resolve("node0"), RedisServerProcess.Role.PRIMARY,
                    options, -1, pw);
            started.add(primary);
            List<RedisServerProcess> replicas = new ArrayList<>();
            List<RedisServerProcess> sentinels = new ArrayList<>();
            if (options.topology() != RedisLaunchOptions.Topology.STANDALONE) {
                for (int i = 1; i <= 2; i++) {
                    RedisServerProcess r = startServer(binary, root.resolve("node" + i), RedisServerProcess.Role.REPLICA,
                            options, primary.port(), pw);
                    started.add(r);
                    replicas.add(r);
                }
            }
            RedisDeployment d = new RedisDeployment(options, root, tempDir, primary, replicas, sentinels);
            d.awaitReplicasLinked(replicas, options.startTimeout());
            if (options.topology() == RedisLaunchOptions.Topology.SENTINEL) {
                for (int i = 0; i < 3; i++) {
                    RedisServerProcess s = startServer(binary, root.resolve("sentinel" + i),
                            RedisServerProcess.Role.SENTINEL, options, primary.port(), pw);
                    started.add(s);
                    sentinels.add(s);
                }
                d.awaitSentinelsReady(options.startTimeout());
            }
            d.startupNanos = System.nanoTime() - t0;
            return d;
        } catch (RuntimeException e) {
            for (int i = started.size() - 1; i >= 0; i--) {
                started.get(i).forceStop();
            }
            if (tempDir) {
                RedisDeployment.deleteRecursively(root);
                ServerProcesses.unregisterDir(root);
            }
            throw e;
        }
    }

    private static RedisServerProcess startServer(Path binary, Path dir, RedisServerProcess.Role role,
                                                  RedisLaunchOptions o, int primaryPort, String password) {
        RedisLaunchException last = null;
        for (int attempt = 1; attempt <= PORT_ATTEMPTS; attempt++) {
            int port = freePort();
            try {
                Files.createDirectories(dir);
                Path conf = dir.resolve(role == RedisServerProcess.Role.SENTINEL ? "sentinel.conf" : "redis.conf");
                Files.deleteIfExists(conf);
                Files.createFile(conf, OWNER_ONLY);
                Files.writeString(conf, role == RedisServerProcess.Role.SENTINEL
                        ? sentinelConfig(dir, port, primaryPort, o)
                        : serverConfig(dir, port, role, primaryPort, o), StandardCharsets.UTF_8);
                RedisServerProcess p = new RedisServerProcess(role, binary, dir, conf, port,
                        role == RedisServerProcess.Role.SENTINEL ? null : password,
                        secretConfig(role, o, password), o.startTimeout(), o.stopTimeout());
                p.start();
                return p;
            } catch (IOException e) {
                throw new RedisLaunchException("cannot write the config in " + dir + ": " + e.getMessage(), e);
            } catch (RedisLaunchException e) {
                if (e.getMessage() == null || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    /** Config files are readable by their owner only (Sentinel rewrites its own, secrets included). */
    private static final java.nio.file.attribute.FileAttribute<?> OWNER_ONLY =
            java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                    java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));

    /** The config lines that hold the password, given on the server's stdin; null without a password. */
    static String secretConfig(RedisServerProcess.Role role, RedisLaunchOptions o, String password) {
        if (password == null) {
            return null;
        }
        if (role == RedisServerProcess.Role.SENTINEL) {
            return "sentinel auth-pass " + o.masterName() + " " + quote(password) + "\n";
        }
        return "requirepass " + quote(password) + "\nmasterauth " + quote(password) + "\n";
    }

    static String serverConfig(Path dir, int port, RedisServerProcess.Role role, int primaryPort, RedisLaunchOptions o) {
        StringBuilder c = new StringBuilder();
        c.append("# written by dsbench RedisLauncher\n");
        c.append("port ").append(port).append('\n');
        c.append("bind 127.0.0.1\n");
        c.append("protected-mode no\n");
        c.append("daemonize no\n");
        c.append("dir ").append(quote(dir.toAbsolutePath().toString())).append('\n');
        c.append("save \"\"\n");
        if (o.durability() == RedisLaunchOptions.Durability.AOF_ALWAYS) {
            c.append("appendonly yes\nappendfsync always\n");
        } else {
            c.append("appendonly no\n");
        }
        c.append("repl-diskless-sync-delay 0\n");
        // SIGTERM must not wait 10 s for lagging replicas (Redis 7 default).
        c.append("shutdown-timeout 1\n");
        if (role == RedisServerProcess.Role.REPLICA) {
            c.append("replicaof 127.0.0.1 ").append(primaryPort).append('\n');
        }
        for (String line : o.extraConfig()) {
            c.append(line).append('\n');
        }
        return c.toString();
    }

    static String sentinelConfig(Path dir, int port, int primaryPort, RedisLaunchOptions o) {
        String m = o.masterName();
        StringBuilder c = new StringBuilder();
        c.append("# written by dsbench RedisLauncher; Sentinel rewrites it\n");
        c.append("port ").append(port).append('\n');
        c.append("bind 127.0.0.1\n");
        c.append("protected-mode no\n");
        c.append("daemonize no\n");
        c.append("dir ").append(quote(dir.toAbsolutePath().toString())).append('\n');
        c.append("sentinel monitor ").append(m).append(" 127.0.0.1 ").append(primaryPort).append(" 2\n");
        c.append("sentinel down-after-milliseconds ").append(m).append(' ').append(o.sentinelDownAfter().toMillis()).append('\n');
        c.append("sentinel failover-timeout ").append(m).append(' ').append(o.sentinelFailoverTimeout().toMillis()).append('\n');
        c.append("sentinel parallel-syncs ").append(m).append(" 1\n");
        return c.toString();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A port that was free on 127.0.0.1 a moment ago. */
    static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            s.setReuseAddress(false);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new RedisLaunchException("cannot find a free port on 127.0.0.1: " + e.getMessage(), e);
        }
    }
}
