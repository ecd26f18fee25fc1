package io.dsbench.etcd;

import io.dsbench.spec.BackendException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Launches a real etcd cluster of 1, 3 or 5 members on free loopback ports, for tests, the chaos runner and
 * benchmarks.
 *
 * <p>The {@code etcd} binary is taken from the environment variable {@code DSBENCH_ETCD} (a path) or found on
 * {@code PATH}. Every member gets a temporary data directory and a log file ({@link Member#log()}); the
 * cluster uses fast elections by default ({@code --heartbeat-interval=50 --election-timeout=250}, so a new
 * leader is usually elected well under a second after the leader dies). {@link #start()} waits, bounded by
 * {@link Builder#startTimeout}, until every member reports healthy (its {@code /health} endpoint) and a
 * leader exists; on failure it stops what it started and throws with the tail of each member's log.
 *
 * <p>Faults act on one member: {@link Member#kill()} (SIGKILL), {@link Member#restart()} (same data
 * directory and ports), {@link Member#pause()} / {@link Member#resume()} (SIGSTOP / SIGCONT);
 * {@link #leader()} finds the current leader through each member's metrics ({@code etcd_server_is_leader}).
 *
 * <p>Processes are stopped by PID only (SIGTERM, then SIGKILL after a grace period), by {@link #close()}
 * and by a JVM shutdown hook (which also deletes the data directories); if the JVM is killed, the
 * {@link io.dsbench.spi.ServerProcesses} watchdog kills them and deletes the directories. Thread-safe: member operations are synchronised per member.
 */
public final class EtcdCluster implements AutoCloseable {
    /** The environment variable naming the etcd binary. */
    public static final String ENV_BINARY = "DSBENCH_ETCD";

    private static final Pattern IS_LEADER = Pattern.compile("(?m)^etcd_server_is_leader\\s+(\\S+)");

    private final List<Member> members;
    private final Path baseDir;
    private final Builder settings;
    private final Thread shutdownHook;
    private volatile boolean closed;

    private EtcdCluster(Builder b, Path baseDir, List<Member> members) {
        this.settings = b;
        this.baseDir = baseDir;
        this.members = List.copyOf(members);
        this.shutdownHook = new Thread(() -> {
            stopAllQuietly();
            deleteTree(baseDir);
        }, "dsbench-etcd-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** A builder with defaults: 1 member, heartbeat 50 ms, election timeout 250 ms, start timeout 20 s. */
    public static Builder builder() {
        return new Builder();
    }

    /** Starts a cluster of {@code members} members with the default settings. */
    public static EtcdCluster start(int members) {
        return builder().members(members).start();
    }

    /**
     * The etcd binary: {@code $DSBENCH_ETCD} or {@code etcd} on {@code PATH}.
     *
     * @throws BackendException (UNAVAILABLE) naming how to install it when it is missing
     */
    public static Path findBinary() {
        return findBinary(System.getenv());
    }

    /** {@link #findBinary()} with the given environment (for tests). */
    static Path findBinary(java.util.Map<String, String> environment) {
        String env = environment.get(ENV_BINARY);
        if (env != null && !env.isBlank()) {
            Path p = Path.of(env.trim());
            if (Files.isExecutable(p)) {
                return p;
            }
            throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                    ENV_BINARY + " = '" + env + "' is not an executable file");
        }
        String path = environment.get("PATH");
        if (path != null) {
            for (String dir : path.split(java.io.File.pathSeparator)) {
                if (dir.isEmpty()) {
                    continue;
                }
                Path p = Path.of(dir, "etcd");
                if (Files.isExecutable(p) && !Files.isDirectory(p)) {
                    return p;
                }
            }
        }
        throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                "etcd not found: it is neither on PATH nor named by " + ENV_BINARY
                        + "; install it (Debian/Ubuntu: apt-get install -y etcd-server) or set " + ENV_BINARY
                        + "=/path/to/etcd");
    }

    /** The members, in start order ({@code e1}, {@code e2}, ...). */
    public List<Member> members() {
        return members;
    }

    /** One member by index (0-based). */
    public Member member(int index) {
        return members.get(index);
    }

    /** Client URLs of all members, e.g. {@code http://127.0.0.1:41234}. */
    public List<String> clientUrls() {
        List<String> urls = new ArrayList<>();
        for (Member m : members) {
            urls.add(m.clientUrl());
        }
        return urls;
    }

    /** The configured heartbeat interval. */
    public Duration heartbeatInterval() {
        return settings.heartbeat;
    }

    /** The configured election timeout. */
    public Duration electionTimeout() {
        return settings.election;
    }

    /**
     * The running, unpaused member that reports itself leader (its {@code etcd_server_is_leader} metric is
     * 1). Empty when none does (during an election, or with a paused leader not yet replaced) and when more
     * than one does (a deposed leader that has not yet heard of the new term).
     */
    public Optional<Member> leader() {
        Member found = null;
        for (Member m : members) {
            if (m.isRunning() && !m.isPaused() && m.isLeader(Duration.ofMillis(500))) {
                if (found != null) {
                    return Optional.empty(); // a deposed leader has not noticed yet: ask again
                }
                found = m;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Waits until a running member is leader and every running, unpaused member answers healthy.
     *
     * @return the leader
     * @throws BackendException (TIMEOUT) with the members' log tails if that does not happen within {@code max}
     */
    public Member awaitLeader(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long pause = 5;
        while (true) {
            Optional<Member> l = leader();
            if (l.isPresent()) {
                boolean allHealthy = true;
                for (Member m : members) {
                    if (m.isRunning() && !m.isPaused() && !m.healthy(Duration.ofMillis(500))) {
                        allHealthy = false;
                        break;
                    }
                }
                if (allHealthy) {
                    return l.get();
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new BackendException(BackendException.Kind.TIMEOUT, false,
                        "etcd cluster has no healthy leader after " + max.toMillis() + " ms\n" + logTails(20));
            }
            sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    /** Like {@link #awaitLeader} but fails at once, with the log tails, when a member process exits. */
    private void awaitStart(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        long pause = 5;
        while (true) {
            for (Member m : members) {
                if (!m.isRunning()) {
                    throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "etcd member " + m.name()
                            + " exited during start-up (exit code " + m.exitCode() + ")\n" + logTails(20));
                }
            }
            if (leader().isPresent() && members.stream().allMatch(m -> m.healthy(Duration.ofMillis(500)))) {
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                throw new BackendException(BackendException.Kind.TIMEOUT, false,
                        "etcd cluster has no healthy leader " + max.toMillis() + " ms after start\n" + logTails(20));
            }
            sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    /** The last {@code lines} lines of every member's log, for error messages. */
    public String logTails(int lines) {
        StringBuilder sb = new StringBuilder();
        for (Member m : members) {
            sb.append("--- ").append(m.name()).append(" (").append(m.log()).append("), last ").append(lines)
                    .append(" lines:\n").append(m.logTail(lines));
        }
        return sb.toString();
    }

    /** Stops every member (SIGTERM, then SIGKILL) and deletes the data directories. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        stopAllQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
        deleteTree(baseDir);
        io.dsbench.spi.ServerProcesses.unregisterDir(baseDir);
    }

    private void stopAllQuietly() {
        for (Member m : members) {
            try {
                m.stop();
            } catch (RuntimeException ignored) {
                // best effort on shutdown
            }
        }
    }

    @Override
    public String toString() {
        return "etcd cluster of " + members.size() + " on " + clientUrls();
    }

    /** One etcd process. */
    public static final class Member {
        private final String name;
        private final int clientPort;
        private final int peerPort;
        private final int metricsPort;
        private final boolean tls;
        private final Path dataDir;
        private final Path log;
        private final List<String> command;
        private Process process;
        private boolean paused;

        private Member(String name, int clientPort, int peerPort, int metricsPort, boolean tls, Path dataDir, Path log,
                       List<String> command) {
            this.name = name;
            this.clientPort = clientPort;
            this.peerPort = peerPort;
            this.metricsPort = metricsPort;
            this.tls = tls;
            this.dataDir = dataDir;
            this.log = log;
            this.command = command;
        }

        public String name() {
            return name;
        }

        /** {@code http://127.0.0.1:<clientPort>} ({@code https} with client TLS). */
        public String clientUrl() {
            return (tls ? "https" : "http") + "://127.0.0.1:" + clientPort;
        }

        /** {@code http://127.0.0.1:<metricsPort>}: {@code /health} and {@code /metrics}, always plain http. */
        public String metricsUrl() {
            return "http://127.0.0.1:" + metricsPort;
        }

        public int clientPort() {
            return clientPort;
        }

        public int peerPort() {
            return peerPort;
        }

        public Path dataDir() {
            return dataDir;
        }

        /** The member's log file (stdout and stderr of the process). */
        public Path log() {
            return log;
        }

        /** The exit code of the last process, or -1 while running or never started. */
        public synchronized int exitCode() {
            return process != null && !process.isAlive() ? process.exitValue() : -1;
        }

        /** The OS process id, or -1 when not running. */
        public synchronized long pid() {
            return process != null && process.isAlive() ? process.pid() : -1;
        }

        public synchronized boolean isRunning() {
            return process != null && process.isAlive();
        }

        public synchronized boolean isPaused() {
            return paused && isRunning();
        }

        synchronized void launch() {
            if (isRunning()) {
                return;
            }
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            try {
                process = pb.start();
                io.dsbench.spi.ServerProcesses.register(process); // dies with the JVM, however it ends
            } catch (IOException e) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false,
                        "cannot start etcd member " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
            }
            paused = false;
        }

        /** SIGKILL: the member dies at once, without flushing anything. */
        public synchronized void kill() {
            if (process == null) {
                return;
            }
            if (paused) {
                signal("CONT");
            }
            process.destroyForcibly();
            waitFor(process, Duration.ofSeconds(10));
            paused = false;
        }

        /** SIGTERM, then SIGKILL after 5 s. */
        public synchronized void stop() {
            if (process == null || !process.isAlive()) {
                return;
            }
            if (paused) {
                signal("CONT");
                paused = false;
            }
            process.destroy();
            if (!waitFor(process, Duration.ofSeconds(5))) {
                process.destroyForcibly();
                waitFor(process, Duration.ofSeconds(5));
            }
        }

        /**
         * Starts the member again with the same data directory and ports (after {@link #kill()} or
         * {@link #stop()}). Does not wait for it to rejoin: use {@link EtcdCluster#awaitLeader}.
         */
        public synchronized void restart() {
            stop();
            launch();
        }

        /** SIGSTOP: the process freezes (no heartbeats, no answers) until {@link #resume()}. */
        public synchronized void pause() {
            requireRunning("pause");
            signal("STOP");
            paused = true;
        }

        /** SIGCONT after {@link #pause()}. */
        public synchronized void resume() {
            requireRunning("resume");
            signal("CONT");
            paused = false;
        }

        private void requireRunning(String what) {
            if (!isRunning()) {
                throw new IllegalStateException("cannot " + what + " etcd member " + name + ": it is not running");
            }
        }

        private void signal(String sig) {
            long pid = process.pid();
            try {
                Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
                if (!k.waitFor(5, TimeUnit.SECONDS) || k.exitValue() != 0) {
                    throw new IllegalStateException("kill -" + sig + " " + pid + " failed for etcd member " + name);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot send SIG" + sig + " to etcd member " + name, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while signalling etcd member " + name, e);
            }
        }

        /** Whether {@code GET /health} answers {@code "health":"true"} within {@code timeout}. */
        public boolean healthy(Duration timeout) {
            String body = http("GET", "/health", null, timeout);
            return body != null && body.replace(" ", "").contains("\"health\":\"true\"");
        }

        /** Whether the member reports itself leader ({@code etcd_server_is_leader 1} in {@code /metrics}). */
        public boolean isLeader(Duration timeout) {
            String body = http("GET", "/metrics", null, timeout);
            if (body == null) {
                return false;
            }
            Matcher m = IS_LEADER.matcher(body);
            return m.find() && Double.parseDouble(m.group(1)) == 1.0;
        }

        private String http(String method, String path, String body, Duration timeout) {
            if (!isRunning() || isPaused()) {
                return null;
            }
            HttpURLConnection c = null;
            try {
                c = (HttpURLConnection) URI.create(metricsUrl() + path).toURL().openConnection();
                c.setConnectTimeout((int) Math.max(1, timeout.toMillis()));
                c.setReadTimeout((int) Math.max(1, timeout.toMillis()));
                c.setRequestMethod(method);
                if (body != null) {
                    c.setDoOutput(true);
                    c.setRequestProperty("Content-Type", "application/json");
                    try (OutputStream out = c.getOutputStream()) {
                        out.write(body.getBytes(StandardCharsets.UTF_8));
                    }
                }
                if (c.getResponseCode() != 200) {
                    return null;
                }
                try (InputStream in = c.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                return null;
            } finally {
                if (c != null) {
                    c.disconnect();
                }
            }
        }

        /** The last {@code lines} lines of the log. */
        public String logTail(int lines) {
            try {
                if (!Files.exists(log)) {
                    return "(no log)\n";
                }
                Deque<String> tail = new ArrayDeque<>();
                try (Stream<String> s = Files.lines(log, StandardCharsets.UTF_8)) {
                    s.forEach(l -> {
                        tail.addLast(l);
                        if (tail.size() > lines) {
                            tail.removeFirst();
                        }
                    });
                }
                return String.join("\n", tail) + "\n";
            } catch (IOException | UncheckedIOException e) {
                return "(cannot read log: " + e.getMessage() + ")\n";
            }
        }

        @Override
        public String toString() {
            return name + "@" + clientUrl();
        }
    }

    /** Settings for {@link EtcdCluster}. Not thread-safe. */
    public static final class Builder {
        private int members = 1;
        private Duration heartbeat = Duration.ofMillis(50);
        private Duration election = Duration.ofMillis(250);
        private Duration startTimeout = Duration.ofSeconds(20);
        private Path binary;
        private Path tlsCert;
        private Path tlsKey;
        private Path clientCa;
        private final List<String> extraArgs = new ArrayList<>();

        private Builder() {
        }

        /** 1, 3 or 5 members. */
        public Builder members(int n) {
            if (n != 1 && n != 3 && n != 5) {
                throw new IllegalArgumentException("members = " + n + " is out of range (legal values: 1, 3, 5)");
            }
            this.members = n;
            return this;
        }

        /** {@code --heartbeat-interval}; default 50 ms. */
        public Builder heartbeatInterval(Duration d) {
            this.heartbeat = io.dsbench.spec.Checks.requirePositive("heartbeatInterval", d);
            return this;
        }

        /** {@code --election-timeout}; default 250 ms; must be at least 5 x the heartbeat interval. */
        public Builder electionTimeout(Duration d) {
            this.election = io.dsbench.spec.Checks.requirePositive("electionTimeout", d);
            return this;
        }

        /** How long {@link #start()} waits for a healthy leader; default 20 s. */
        public Builder startTimeout(Duration d) {
            this.startTimeout = io.dsbench.spec.Checks.requirePositive("startTimeout", d);
            return this;
        }

        /** The etcd binary; default {@link #findBinary()}. */
        public Builder binary(Path p) {
            this.binary = p;
            return this;
        }

        /**
         * Serves clients over TLS ({@code https} client URLs) with this PEM certificate and key; peers and the
         * health/metrics endpoint stay plain http on loopback.
         */
        public Builder clientTls(Path certFile, Path keyFile) {
            this.tlsCert = io.dsbench.spec.Checks.requireNonNull("certFile", certFile);
            this.tlsKey = io.dsbench.spec.Checks.requireNonNull("keyFile", keyFile);
            return this;
        }

        /**
         * With {@link #clientTls}: require client certificates signed by this PEM CA ({@code --client-cert-auth}).
         */
        public Builder clientCertAuth(Path caFile) {
            this.clientCa = io.dsbench.spec.Checks.requireNonNull("caFile", caFile);
            return this;
        }

        /** Extra command-line arguments for every member (e.g. {@code --auto-compaction-retention=1}). */
        public Builder extraArg(String arg) {
            this.extraArgs.add(arg);
            return this;
        }

        /**
         * Starts the members and waits for a healthy leader. Retries once with new ports if a port was taken
         * in the meantime.
         *
         * @throws BackendException (UNAVAILABLE or TIMEOUT) with the log tails if the cluster does not come up
         */
        public EtcdCluster start() {
            if (clientCa != null && tlsCert == null) {
                throw new IllegalArgumentException("clientCertAuth needs clientTls (client certificates need https)");
            }
            if (election.toMillis() < 5 * heartbeat.toMillis()) {
                throw new IllegalArgumentException("electionTimeout = " + election.toMillis()
                        + " ms is out of range (legal range: >= 5 x heartbeatInterval = " + 5 * heartbeat.toMillis()
                        + " ms)");
            }
            Path bin = binary != null ? binary : findBinary();
            BackendException last = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                EtcdCluster c = launch(bin);
                try {
                    c.awaitStart(startTimeout);
                    return c;
                } catch (BackendException e) {
                    String tails = c.logTails(30);
                    c.close();
                    last = e;
                    if (!tails.contains("address already in use")) {
                        throw e;
                    }
                }
            }
            throw last;
        }

        private EtcdCluster launch(Path bin) {
            Path base;
            try {
                base = Files.createTempDirectory("dsbench-etcd-");
                io.dsbench.spi.ServerProcesses.registerDir(base); // deleted however the JVM ends
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create a temporary directory for etcd", e);
            }
            int[] ports = freePorts(3 * members);
            boolean tls = tlsCert != null;
            String clientScheme = tls ? "https" : "http";
            String token = "dsbench-" + UUID.randomUUID().toString().substring(0, 8);
            StringBuilder initial = new StringBuilder();
            for (int i = 0; i < members; i++) {
                if (i > 0) {
                    initial.append(',');
                }
                initial.append("e").append(i + 1).append("=http://127.0.0.1:").append(ports[3 * i + 1]);
            }
            List<Member> ms = new ArrayList<>();
            List<List<String>> commands = new ArrayList<>();
            for (int i = 0; i < members; i++) {
                String name = "e" + (i + 1);
                int cp = ports[3 * i];
                int pp = ports[3 * i + 1];
                int mp = ports[3 * i + 2];
                List<String> cmd = new ArrayList<>(List.of(bin.toString(),
                        "--name", name,
                        "--data-dir", base.resolve(name + ".etcd").toString(),
                        "--listen-client-urls", clientScheme + "://127.0.0.1:" + cp,
                        "--advertise-client-urls", clientScheme + "://127.0.0.1:" + cp,
                        "--listen-metrics-urls", "http://127.0.0.1:" + mp,
                        "--listen-peer-urls", "http://127.0.0.1:" + pp,
                        "--initial-advertise-peer-urls", "http://127.0.0.1:" + pp,
                        "--initial-cluster", initial.toString(),
                        "--initial-cluster-token", token,
                        "--initial-cluster-state", "new",
                        "--heartbeat-interval=" + heartbeat.toMillis(),
                        "--election-timeout=" + election.toMillis()));
                if (tls) {
                    cmd.add("--cert-file=" + tlsCert);
                    cmd.add("--key-file=" + tlsKey);
                    if (clientCa != null) {
                        cmd.add("--client-cert-auth");
                        cmd.add("--trusted-ca-file=" + clientCa);
                    }
                }
                cmd.addAll(extraArgs);
                commands.add(cmd);
            }
            for (int i = 0; i < members; i++) {
                String name = "e" + (i + 1);
                ms.add(new Member(name, ports[3 * i], ports[3 * i + 1], ports[3 * i + 2], tls, base.resolve(name + ".etcd"),
                        base.resolve(name + ".log"), List.copyOf(commands.get(i))));
            }
            EtcdCluster real = new EtcdCluster(this, base, ms);
            try {
                for (Member m : real.members) {
                    m.launch();
                }
            } catch (RuntimeException e) {
                real.close();
                throw e;
            }
            return real;
        }
    }

    private static int[] freePorts(int n) {
        int[] ports = new int[n];
        List<ServerSocket> open = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                s.setReuseAddress(true);
                open.add(s);
                ports[i] = s.getLocalPort();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find free loopback ports", e);
        } finally {
            for (ServerSocket s : open) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
        return ports;
    }

    private static boolean waitFor(Process p, Duration max) {
        try {
            return p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for etcd", e);
        }
    }

    private static void deleteTree(Path root) {
        if (root == null || !Files.exists(root)) {
            return;
        }
        try (Stream<Path> s = Files.walk(root)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // best effort
                }
            });
        } catch (IOException ignored) {
            // best effort
        }
    }
}
