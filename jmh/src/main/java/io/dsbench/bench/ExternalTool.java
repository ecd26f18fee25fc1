package io.dsbench.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs a server's own tool ({@code redis-benchmark}, {@code etcdctl}) as a child process and keeps its command line
 * and raw output. A tool missing from {@code PATH} is reported with the Debian package that installs it, never as
 * a crash. The child is killed (by its own handle, never by name) when it outlives its time limit.
 */
public final class ExternalTool {
    /** Tools dsbench runs and the Debian packages that install them. */
    public static final Map<String, String> DEBIAN_PACKAGES = Map.of(
            "redis-benchmark", "redis-tools",
            "redis-cli", "redis-tools",
            "etcdctl", "etcd-client");

    private ExternalTool() {
    }

    /**
     * What one invocation did.
     *
     * @param command  the command line, as run
     * @param output   stdout and stderr, interleaved
     * @param exitCode the exit code (-1 when killed for outliving its limit)
     * @param error    why it did not run or did not finish, or null
     */
    public record Outcome(List<String> command, String output, int exitCode, String error) {
        public String commandLine() {
            return String.join(" ", command);
        }
    }

    /** The executable's path on {@code PATH}, if any. */
    public static Optional<Path> onPath(String tool) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, tool);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** One line saying that {@code tool} is missing and what installs it. */
    public static String missing(String tool) {
        String pkg = DEBIAN_PACKAGES.get(tool);
        return tool + " not found on PATH" + (pkg == null ? "" : " (Debian/Ubuntu: apt-get install " + pkg + ")");
    }

    /** Runs {@code command} (its first word looked up on PATH) with {@code env} added, for at most {@code max}. */
    public static Outcome run(List<String> command, Map<String, String> env, Duration max) throws InterruptedException {
        if (onPath(command.get(0)).isEmpty()) {
            return new Outcome(command, "", -1, missing(command.get(0)));
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Outcome(command, "", -1, "could not start " + command.get(0) + ": " + e.getMessage());
        }
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (InputStream in = p.getInputStream()) {
                byte[] buf = new byte[8192];
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (out) {
                        out.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                    }
                }
            } catch (IOException ignored) {
                // the process ended or was killed
            }
        }, "dsbench-tool-output");
        reader.setDaemon(true);
        reader.start();
        try {
            if (!p.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                reader.join(1000);
                return new Outcome(command, text(out), -1, command.get(0) + " did not finish within " + max.toSeconds()
                        + " s; killed");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            throw e;
        }
        reader.join(5000);
        int code = p.exitValue();
        return new Outcome(command, text(out), code, code == 0 ? null : command.get(0) + " exited with " + code);
    }

    private static String text(StringBuilder sb) {
        synchronized (sb) {
            return sb.toString();
        }
    }
}
