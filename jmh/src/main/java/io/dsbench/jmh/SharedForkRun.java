package io.dsbench.jmh;

import io.dsbench.jmh.support.BenchBackend;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Quick mode's way of running: the planned runs of each backend (consecutive runs with the same backend; the
 * in-process benchmarks with {@code inmemory}) go to ONE forked JVM ({@link SharedFork}) with the same fixed heap and
 * GC flags the full mode's forks get, instead of one JVM per run. That saves, per run, the JVM start, JMH's own
 * probe and the managed server's start (about 3 s on redis, 5-8 s on etcd), which dominated a quick run.
 *
 * <p>What it costs in honesty, stated in {@code jmh/README.md}: the runs of a backend share one JIT profile (a call
 * site that one benchmark made monomorphic can be polymorphic in the next), one heap and one server, so quick figures
 * are a smoke test and a first look; the full mode keeps one JVM per run and is the one to quote.
 *
 * <p>A forked JVM that dies, hangs (no run finished for {@link #STALL_SECONDS} s beyond the expected time) or cannot
 * start marks its unfinished runs failed with the reason; the next backend still runs.
 */
final class SharedForkRun {
    /** Seconds past a run's expected duration after which the shared JVM is considered hung and destroyed. */
    static final long STALL_SECONDS = 120;

    private final BenchRun run;
    private final List<BenchRun.Unit> units;
    private final Path json;
    private final Path log;
    private final List<String> finishedJson = new ArrayList<>();

    SharedForkRun(BenchRun run, List<BenchRun.Unit> units, Path json, Path log) {
        this.run = run;
        this.units = units;
        this.json = json;
        this.log = log;
    }

    List<JmhBenchmarks.Row> run() throws IOException, InterruptedException {
        List<JmhBenchmarks.Row> rows = new ArrayList<>();
        writeMerged(null);
        long start = System.nanoTime();
        int[] done = {0};
        try (PrintStream out = new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8)) {
            int from = 0;
            while (from < units.size()) {
                int to = from + 1;
                while (to < units.size() && units.get(to).backend().equals(units.get(from).backend())) {
                    to++;
                }
                rows.addAll(runGroup(units.subList(from, to), out, start, done));
                from = to;
            }
        }
        return rows;
    }

    /** Runs {@code group} (one backend) in one forked JVM. */
    private List<JmhBenchmarks.Row> runGroup(List<BenchRun.Unit> group, PrintStream out, long start, int[] done)
            throws IOException, InterruptedException {
        Path plan = Files.createTempFile(json.getParent(), "shared-fork-", ".plan");
        Path childJson = json.resolveSibling(plan.getFileName().toString().replace(".plan", ".json"));
        List<String> lines = new ArrayList<>();
        group.forEach(u -> lines.add(SharedFork.planLine(u)));
        Files.write(plan, lines, StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(run.forkJvmArgs());
        cmd.add("-D" + BenchBackend.SHARED_PROPERTY + "=true");
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(SharedFork.class.getName());
        cmd.add(plan.toString());
        cmd.add(childJson.toString());
        out.println("### dsbench: shared JVM for " + group.size() + " runs on " + group.get(0).backend() + ": "
                + String.join(" ", cmd));
        List<JmhBenchmarks.Row> rows = new ArrayList<>();
        List<JmhBenchmarks.Row> pending = new ArrayList<>();
        int finished = 0;
        String lastLine = null;
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            for (BenchRun.Unit u : group) {
                JmhBenchmarks.Row r = BenchRun.failed(u, "cannot start the benchmark JVM: " + e.getMessage());
                rows.add(r);
                run.report(++done[0], units.size(), start, List.of(r));
            }
            return rows;
        }
        Watchdog dog = new Watchdog(p, run.settings().expectedSeconds());
        dog.start();
        String readError = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith(SharedFork.ROW)) {
                    String b64 = line.substring(line.indexOf(' ', SharedFork.ROW.length()) + 1);
                    pending.add(decode(b64));
                } else if (line.startsWith(SharedFork.DONE)) {
                    dog.progress();
                    if (pending.isEmpty()) {
                        pending.add(BenchRun.failed(group.get(finished), "the benchmark JVM reported no row"));
                    }
                    rows.addAll(pending);
                    writeMerged(childJson);
                    done[0]++;
                    run.report(done[0], units.size(), start, pending);
                    pending = new ArrayList<>();
                    finished++;
                } else {
                    out.println(line);
                    if (!line.isBlank()) {
                        lastLine = line;
                    }
                }
            }
        } catch (IOException e) {
            readError = e.toString(); // destroying the JVM closes its output: the runs not finished fail below
        } finally {
            dog.interrupt();
        }
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        String why = dog.fired ? "the benchmark JVM was destroyed: no run finished within " + dog.limitSeconds()
                + " s" : "the benchmark JVM " + (p.isAlive() ? "did not exit" : "exited with code " + p.exitValue())
                + " before this run finished" + (lastLine == null ? "" : " (its last line: " + lastLine.strip() + ")")
                + (readError == null ? "" : "; reading its output: " + readError);
        for (int i = finished; i < group.size(); i++) {
            JmhBenchmarks.Row r = BenchRun.failed(group.get(i), why);
            rows.add(r);
            run.report(++done[0], units.size(), start, List.of(r));
        }
        if (Files.exists(childJson)) {
            finishedJson.add(Files.readString(childJson, StandardCharsets.UTF_8));
            Files.delete(childJson);
        }
        writeMerged(null);
        Files.deleteIfExists(plan);
        return rows;
    }

    private static JmhBenchmarks.Row decode(String b64) throws IOException {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(Base64.getDecoder().decode(b64)))) {
            return (JmhBenchmarks.Row) in.readObject();
        } catch (ClassNotFoundException | IllegalArgumentException | ClassCastException e) {
            throw new IOException("cannot read a row of the benchmark JVM: " + e, e);
        }
    }

    /** Rewrites jmh.json: the JSON of the finished JVMs, then the running one's ({@code current}, may be null). */
    private void writeMerged(Path current) throws IOException {
        List<String> parts = new ArrayList<>(finishedJson);
        if (current != null && Files.exists(current)) {
            parts.add(Files.readString(current, StandardCharsets.UTF_8));
        }
        String merged = mergeArrays(parts);
        Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
        Files.writeString(tmp, merged, StandardCharsets.UTF_8);
        Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** JSON arrays (JMH's result files) concatenated into one array. */
    static String mergeArrays(List<String> arrays) {
        StringBuilder b = new StringBuilder("[\n");
        boolean first = true;
        for (String a : arrays) {
            String t = a.strip();
            if (!t.startsWith("[") || !t.endsWith("]")) {
                throw new IllegalStateException("not a JSON array: " + (t.length() > 40 ? t.substring(0, 40) : t));
            }
            String body = t.substring(1, t.length() - 1).strip();
            if (body.isEmpty()) {
                continue;
            }
            b.append(first ? "" : ",\n").append("    ").append(body);
            first = false;
        }
        return b.append("\n]\n").toString();
    }

    /** Destroys the shared JVM when no run finishes within the expected time plus {@link #STALL_SECONDS}. */
    private static final class Watchdog extends Thread {
        private final Process p;
        private final double expected;
        private volatile long last = System.nanoTime();
        volatile boolean fired;

        Watchdog(Process p, double expectedSeconds) {
            super("dsbench-shared-fork-watchdog");
            setDaemon(true);
            this.p = p;
            this.expected = expectedSeconds;
        }

        long limitSeconds() {
            return Math.round(expected) + STALL_SECONDS;
        }

        void progress() {
            last = System.nanoTime();
        }

        @Override
        public void run() {
            try {
                while (p.isAlive()) {
                    if (System.nanoTime() - last > TimeUnit.SECONDS.toNanos(limitSeconds())) {
                        fired = true;
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                        return;
                    }
                    Thread.sleep(1000);
                }
            } catch (InterruptedException e) {
                // the group finished
            }
        }
    }
}
