package io.dsbench.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/**
 * {@code dsbench} run as its own JVM from the shaded jar (built in the package phase, before the ITs), with a
 * private {@code java.io.tmpdir}, so a test can interrupt or kill it and look for what it left behind.
 */
final class CliProcess implements AutoCloseable {
    /** The shaded jar the ITs run (failsafe's working directory is the module). */
    static final Path JAR = Path.of("target", "dsbench-cli.jar").toAbsolutePath();

    final Process process;
    private final List<String> lines = new ArrayList<>();

    private CliProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(l);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "cli-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code dsbench args} with {@code env} added to this JVM's environment; stderr goes with stdout. */
    static CliProcess start(Path tmp, Map<String, String> env, String... args) throws IOException {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: the ITs run after 'package'");
        }
        List<String> cmd = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/perl"))) {
            // A job started with '&' by a non-interactive shell (CI runners, nohup, a backgrounded mvn) inherits
            // SIGINT as ignored, and a JVM started so never sees Ctrl-C: reset it to the default, then exec
            // (same PID), so the Ctrl-C tests test dsbench, not how the test itself was launched.
            cmd.addAll(List.of("/usr/bin/perl", "-e", "$SIG{INT} = 'DEFAULT'; exec { $ARGV[0] } @ARGV or die \"exec: $!\";"));
        }
        cmd.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.io.tmpdir=" + tmp, "-cp", JAR.toString(), "io.dsbench.cli.Dsbench"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("DSBENCH_TIMEOUT_SCALE");
        pb.environment().remove("DSBENCH_SEED");
        pb.environment().putAll(env);
        return new CliProcess(pb.start());
    }

    /** Waits for a line matching {@code p}; fails with the output so far when none comes within {@code max}. */
    String awaitLine(Predicate<String> p, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        int checked = 0;
        synchronized (lines) {
            while (true) {
                for (; checked < lines.size(); checked++) {
                    if (p.test(lines.get(checked))) {
                        return lines.get(checked);
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && checked == lines.size())) {
                    throw new AssertionError("no expected line within " + max + (process.isAlive() ? "" : " (exited "
                            + process.exitValue() + ")") + "; output:\n" + String.join("\n", lines));
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(Math.min(left, 200_000_000L))));
            }
        }
    }

    /** Waits for the exit; fails with the output when it takes longer than {@code max}. */
    int awaitExit(Duration max) throws InterruptedException {
        if (!process.waitFor(max.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("dsbench did not end within " + max + "; output:\n" + output());
        }
        // let the reader drain the pipe
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < until && process.getInputStream() != null) {
            try {
                if (process.getInputStream().available() == 0) {
                    break;
                }
            } catch (IOException e) {
                break;
            }
            Thread.sleep(10);
        }
        Thread.sleep(50);
        return process.exitValue();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    /** Every process the dsbench JVM started, directly or not (servers, the watchdog). */
    List<ProcessHandle> descendants() {
        return process.descendants().toList();
    }

    void signal(String sig) throws IOException, InterruptedException {
        Process k = new ProcessBuilder("kill", "-" + sig, Long.toString(process.pid())).inheritIO().start();
        k.waitFor(5, TimeUnit.SECONDS);
    }

    /** Files and directories under {@code dir} whose name starts with {@code prefix}. */
    static List<Path> entries(Path dir, String prefix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
