package io.dsbench.redis.launcher;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import io.dsbench.spi.ServerProcesses;

/**
 * One {@code redis-server} process (a data server or a Sentinel) started by {@link RedisLauncher}, with its
 * own port on 127.0.0.1, its own directory and config file (which Redis may rewrite), and a log file that
 * collects stdout and stderr across restarts. Secrets (a password) are never in the config file: they are
 * given on the server's standard input ({@code redis-server redis.conf -}). The process is registered with
 * {@link ServerProcesses}, so it dies with the JVM however the JVM ends.
 *
 * <p>Faults for chaos runs act on this process by PID: {@link #kill()} (SIGKILL), {@link #pause()} (SIGSTOP),
 * {@link #resume()} (SIGCONT), {@link #restart()} (same port, config and directory). {@link #stop()} sends
 * SIGTERM and, after the stop timeout, SIGKILL. Every live process is also stopped by a JVM shutdown hook.
 *
 * <p>Thread-safe: lifecycle methods are synchronised.
 */
public final class RedisServerProcess {
    /** What the process is. */
    public enum Role {
        PRIMARY, REPLICA, SENTINEL
    }

    private static final Set<RedisServerProcess> LIVE = ConcurrentHashMap.newKeySet();
    private static volatile boolean hookInstalled;

    private final Role role;
    private final Path binary;
    private final Path dir;
    private final Path configFile;
    private final Path logFile;
    private final int port;
    private final String password;
    /** Config lines holding secrets (requirepass, masterauth, auth-pass): given on stdin, never written to a file. */
    private final String secretConfig;
    private final Duration startTimeout;
    private final Duration stopTimeout;
    private volatile Process process;
    private volatile boolean paused;

    RedisServerProcess(Role role, Path binary, Path dir, Path configFile, int port, String password,
                       String secretConfig, Duration startTimeout, Duration stopTimeout) {
        this.secretConfig = secretConfig;
        this.role = role;
        this.binary = binary;
        this.dir = dir;
        this.configFile = configFile;
        this.logFile = dir.resolve(role == Role.SENTINEL ? "sentinel.log" : "redis.log");
        this.port = port;
        this.password = password;
        this.startTimeout = startTimeout;
        this.stopTimeout = stopTimeout;
    }

    /** The role it was started in (a replica promoted by a failover still reports REPLICA here). */
    public Role role() {
        return role;
    }

    /** Always {@code 127.0.0.1}. */
    public String host() {
        return "127.0.0.1";
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:port}. */
    public String address() {
        return host() + ":" + port;
    }

    /** {@code redis://127.0.0.1:port} (no credentials). */
    public String uri() {
        return "redis://" + address();
    }

    public Path dir() {
        return dir;
    }

    public Path configFile() {
        return configFile;
    }

    public Path logFile() {
        return logFile;
    }

    /** The OS process id, or -1 when not running. */
    public synchronized long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized boolean isPaused() {
        return paused && isAlive();
    }

    /** Starts the process and waits until it answers PING; throws with the log tail when it does not. */
    synchronized void start() {
        if (isAlive()) {
            throw new IllegalStateException(describe() + " is already running");
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(binary.toString());
        cmd.add(configFile.toString());
        if (role == Role.SENTINEL) {
            cmd.add("--sentinel");
        }
        if (secretConfig != null) {
            cmd.add("-"); // the rest of the config (the secrets) comes on stdin: no file, no command line holds them
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
        try {
            process = pb.start();
            ServerProcesses.register(process);
            try (java.io.OutputStream in = process.getOutputStream()) {
                if (secretConfig != null) {
                    in.write(secretConfig.getBytes(StandardCharsets.UTF_8));
                }
            }
        } catch (IOException e) {
            if (process != null) {
                process.destroyForcibly();
            }
            throw new RedisLaunchException("cannot run " + binary + " for " + describe() + ": " + e.getMessage(), e);
        }
        paused = false;
        LIVE.add(this);
        installHook();
        awaitReady();
    }

    private void awaitReady() {
        long deadline = System.nanoTime() + startTimeout.toNanos();
        long pause = 2;
        String last = "no answer yet";
        while (true) {
            if (!process.isAlive()) {
                int code = process.exitValue();
                LIVE.remove(this);
                throw new RedisLaunchException(describe() + " exited with code " + code + " during startup"
                        + logTailForMessage());
            }
            try {
                Object reply = RespClient.commandAuth(host(), port, Duration.ofMillis(500), null, "PING");
                if ("PONG".equals(reply) || (reply instanceof RespClient.ErrorReply e && e.message().startsWith("NOAUTH"))) {
                    return;
                }
                last = String.valueOf(reply);
            } catch (IOException e) {
                last = e.getMessage();
            }
            if (System.nanoTime() - deadline > 0) {
                forceStop();
                throw new RedisLaunchException(describe() + " did not answer PING within " + startTimeout
                        + " (last: " + last + ")" + logTailForMessage());
            }
            sleep(pause);
            pause = Math.min(pause * 2, 50);
        }
    }

    /** True when the server answers PING (or asks for AUTH) within {@code timeout}. */
    public boolean ping(Duration timeout) {
        try {
            Object reply = RespClient.commandAuth(host(), port, timeout, password, "PING");
            return "PONG".equals(reply);
        } catch (IOException e) {
            return false;
        }
    }

    /** Sends one command (authenticating with the deployment's password if any) and returns the reply. */
    public Object command(Duration timeout, String... args) throws IOException {
        return RespClient.commandAuth(host(), port, timeout, password, args);
    }

    /** {@code INFO section} as field/value pairs. */
    public java.util.Map<String, String> info(String section) throws IOException {
        return RespClient.parseInfo(command(Duration.ofSeconds(2), "INFO", section));
    }

    /** Stops gracefully: SIGCONT if paused, SIGTERM, and SIGKILL after the stop timeout. No-op when not running. */
    public synchronized void stop() {
        if (process == null) {
            return;
        }
        if (process.isAlive()) {
            if (paused) {
                signal("CONT");
                paused = false;
            }
            process.destroy();
            if (!waitFor(stopTimeout)) {
                process.destroyForcibly();
                if (!waitFor(stopTimeout)) {
                    throw new RedisLaunchException(describe() + " (pid " + process.pid()
                            + ") did not exit after SIGTERM and SIGKILL within " + stopTimeout.multipliedBy(2));
                }
            }
        }
        LIVE.remove(this);
    }

    /** SIGKILL (a crash: no AOF flush beyond what fsync already did), waiting for the process to exit. */
    public synchronized void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroyForcibly();
        paused = false;
        if (!waitFor(stopTimeout)) {
            throw new RedisLaunchException(describe() + " (pid " + process.pid() + ") did not exit after SIGKILL within "
                    + stopTimeout);
        }
        LIVE.remove(this);
    }

    /** SIGSTOP: the process stops answering but keeps its sockets (clients see timeouts, not refusals). */
    public synchronized void pause() {
        requireAlive("pause");
        signal("STOP");
        paused = true;
    }

    /** SIGCONT after {@link #pause()}. */
    public synchronized void resume() {
        requireAlive("resume");
        signal("CONT");
        paused = false;
    }

    /** Stops (gracefully, if running) and starts again on the same port, config and directory. */
    public synchronized void restart() {
        stop();
        start();
    }

    /** Starts again after {@link #kill()} or {@link #stop()} on the same port, config and directory. */
    public synchronized void startAgain() {
        start();
    }

    private void requireAlive(String what) {
        if (!isAlive()) {
            throw new IllegalStateException("cannot " + what + " " + describe() + ": not running");
        }
    }

    private void signal(String sig) {
        long pid = process.pid();
        try {
            Process p = new ProcessBuilder("kill", "-" + sig, Long.toString(pid)).redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new RedisLaunchException("kill -" + sig + " " + pid + " did not finish within 5 s");
            }
            if (p.exitValue() != 0) {
                String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                throw new RedisLaunchException("kill -" + sig + " " + pid + " (" + describe() + ") failed: " + out);
            }
        } catch (IOException e) {
            throw new RedisLaunchException("cannot run kill -" + sig + " " + pid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisLaunchException("interrupted while sending SIG" + sig + " to " + pid, e);
        }
    }

    private boolean waitFor(Duration d) {
        try {
            return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Best effort, for shutdown hooks and failed starts: SIGCONT, SIGTERM, short wait, SIGKILL. */
    synchronized void forceStop() {
        if (process != null && process.isAlive()) {
            if (paused) {
                try {
                    signal("CONT");
                } catch (RuntimeException ignored) {
                    // SIGKILL below works on a stopped process as well
                }
            }
            process.destroy();
            if (!waitFor(Duration.ofSeconds(2))) {
                process.destroyForcibly();
                waitFor(Duration.ofSeconds(2));
            }
        }
        LIVE.remove(this);
    }

    /** For the shutdown hook: like {@link #forceStop()} but without taking the lock a stuck thread may hold. */
    private void reap() {
        Process p = process;
        if (p == null || !p.isAlive()) {
            return;
        }
        if (paused) {
            try {
                signal("CONT");
            } catch (RuntimeException ignored) {
                // SIGKILL below works on a stopped process as well
            }
        }
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
        }
    }

    /** The last {@code lines} lines of the log (empty when there is no log yet). */
    public String logTail(int lines) {
        if (!Files.exists(logFile)) {
            return "";
        }
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long len = f.length();
            long from = Math.max(0, len - 64 * 1024);
            f.seek(from);
            byte[] buf = new byte[(int) (len - from)];
            f.readFully(buf);
            String[] all = new String(buf, StandardCharsets.UTF_8).split("\n");
            int start = Math.max(from > 0 ? 1 : 0, all.length - lines);
            return String.join("\n", java.util.Arrays.copyOfRange(all, Math.min(start, all.length), all.length));
        } catch (IOException e) {
            return "(cannot read " + logFile + ": " + e.getMessage() + ")";
        }
    }

    private String logTailForMessage() {
        String tail = logTail(20);
        return tail.isBlank() ? " (log " + logFile + " is empty)" : "\n--- last lines of " + logFile + " ---\n" + tail;
    }

    /** E.g. {@code redis PRIMARY 127.0.0.1:41234}. */
    public String describe() {
        return (role == Role.SENTINEL ? "redis sentinel " : "redis " + role + " ") + address();
    }

    @Override
    public String toString() {
        return describe();
    }

    private static void installHook() {
        if (hookInstalled) {
            return;
        }
        synchronized (LIVE) {
            if (hookInstalled) {
                return;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                for (RedisServerProcess p : List.copyOf(LIVE)) {
                    p.reap();
                }
            }, "dsbench-redis-reaper"));
            hookInstalled = true;
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisLaunchException("interrupted while waiting for a redis server", e);
        }
    }
}
