package io.dsbench.etcd;

import io.dsbench.spec.BackendException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One etcd process of an {@link EtcdCluster}: its ports, data directory and log, and the faults that act on it by
 * PID: {@link #kill()} (SIGKILL), {@link #restart()} (same data directory and ports), {@link #pause()} /
 * {@link #resume()} (SIGSTOP / SIGCONT). Health and leadership are read from its metrics endpoint. Thread-safe:
 * lifecycle methods are synchronised.
 */
public final class EtcdMember {
    private static final Pattern IS_LEADER = Pattern.compile("(?m)^etcd_server_is_leader\\s+(\\S+)");

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

    EtcdMember(String name, int clientPort, int peerPort, int metricsPort, boolean tls, Path dataDir, Path log,
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

    static boolean waitFor(Process p, Duration max) {
        try {
            return p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !p.isAlive();
        }
    }
}
