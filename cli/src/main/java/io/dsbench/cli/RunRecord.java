package io.dsbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dsbench.spi.Backend;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code run.json}: what ran in a results directory. Every command that writes into {@code results/<run-id>/}
 * ({@code run}, {@code bench}, {@code chaos}) appends itself with {@link #append}; several commands sharing one
 * {@code --run-id} therefore list all of them. Written under a file lock and moved into place atomically, so two
 * commands finishing at once both stay in the list.
 *
 * <pre>{ "dsbench_version", "commit", "commands": [ { "command", "started", "duration_s", "exit_code" } ],
 *   "backends": [ { "name", "server_version", "topology", "description" } ],
 *   "machine": { "cores", "memory_mb", "os", "jvm" } }</pre>
 */
public final class RunRecord {
    private static final Pattern VERSION = Pattern.compile("\\b(\\d+\\.\\d+(?:\\.\\d+)?)\\b");

    private RunRecord() {
    }

    /**
     * One backend as run.json lists it. {@code serverVersion} and {@code topology} are read from the backend's
     * {@link Backend#describe()} line ("redis 7.0.15 standalone primary 127.0.0.1:41234": version 7.0.15, topology
     * "standalone primary 127.0.0.1:41234"); the whole line is kept as {@code description}.
     */
    public record BackendInfo(String name, String serverVersion, String topology, String description) {
        public static BackendInfo of(Backend b) {
            return of(b.name(), b.describe());
        }

        public static BackendInfo of(String name, String description) {
            if (description == null) {
                return new BackendInfo(name, null, null, null);
            }
            String rest = description.startsWith(name) ? description.substring(name.length()).trim() : description;
            Matcher m = VERSION.matcher(rest);
            String version = null;
            if (m.find() && m.start() == 0) {
                version = m.group(1);
                rest = rest.substring(m.end()).trim();
            }
            return new BackendInfo(name, version, rest.isEmpty() ? null : rest, description);
        }
    }

    /**
     * Adds one command to {@code runDir/run.json} (creating it), merges its backends (by name: a later command's
     * description wins) and refreshes version, commit and machine.
     *
     * @param command  the command line as typed, e.g. {@code dsbench run --backends inmemory}
     * @param exitCode the exit code the command returns
     */
    public static Path append(Path runDir, String command, Instant started, Instant ended, int exitCode,
                              List<BackendInfo> backends) {
        Path file = runDir.resolve("run.json");
        try {
            Files.createDirectories(runDir);
            try (FileChannel lockFile = FileChannel.open(runDir.resolve(".run.json.lock"), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock ignored = lockFile.lock()) {
                ObjectNode root = read(file);
                root.put("dsbench_version", version());
                String commit = commit();
                if (commit != null) {
                    root.put("commit", commit);
                } else if (!root.has("commit")) {
                    root.putNull("commit");
                }
                ArrayNode commands = root.has("commands") && root.get("commands").isArray()
                        ? (ArrayNode) root.get("commands") : root.putArray("commands");
                ObjectNode c = commands.addObject();
                c.put("command", command);
                c.put("started", started.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
                c.put("duration_s", Math.round(Duration.between(started, ended).toMillis() / 100.0) / 10.0);
                c.put("exit_code", exitCode);
                ArrayNode bs = root.has("backends") && root.get("backends").isArray()
                        ? (ArrayNode) root.get("backends") : root.putArray("backends");
                for (BackendInfo b : backends) {
                    ObjectNode n = null;
                    for (JsonNode x : bs) {
                        if (b.name().equals(x.path("name").asText(null))) {
                            n = (ObjectNode) x;
                        }
                    }
                    if (n == null) {
                        n = bs.addObject();
                        n.put("name", b.name());
                    }
                    if (b.description() != null || !n.has("description")) {
                        n.put("server_version", b.serverVersion());
                        n.put("topology", b.topology());
                        n.put("description", b.description());
                    }
                }
                root.set("machine", machine());
                ResultsWriter.writeAtomically(file, root);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static ObjectNode read(Path file) {
        if (Files.exists(file)) {
            try {
                JsonNode n = ResultsWriter.JSON.readTree(file.toFile());
                if (n != null && n.isObject()) {
                    return (ObjectNode) n;
                }
            } catch (IOException e) {
                // a broken run.json is replaced: the other result files still hold everything else
            }
        }
        return ResultsWriter.JSON.createObjectNode();
    }

    static ObjectNode machine() {
        ObjectNode m = ResultsWriter.JSON.createObjectNode();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            m.put("memory_mb", os.getTotalMemorySize() / (1024 * 1024));
        } else {
            m.putNull("memory_mb");
        }
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("jvm", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        return m;
    }

    static String version() {
        String v = Dsbench.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    /**
     * The source commit: {@code DSBENCH_COMMIT} if set, else {@code git describe --always --dirty} in the working
     * directory (the checkout {@code ./dsbench} runs from), else null.
     */
    static String commit() {
        String env = System.getenv("DSBENCH_COMMIT");
        if (env != null && !env.isBlank()) {
            return env.trim();
        }
        try {
            Process p = new ProcessBuilder("git", "describe", "--always", "--dirty", "--abbrev=12")
                    .redirectErrorStream(true).start();
            p.getOutputStream().close(); // git reads nothing
            if (!p.waitFor(3, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.exitValue() == 0 && out.matches("[0-9a-zA-Z._-]+") ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The command line as typed: {@code dsbench} and the arguments, quoted where they hold spaces. */
    public static String commandLine(picocli.CommandLine.Model.CommandSpec spec) {
        StringBuilder s = new StringBuilder("dsbench");
        picocli.CommandLine.Model.CommandSpec root = spec.root();
        if (root == spec) {
            s.append(' ').append(spec.name()); // the subcommand was run on its own (tests)
        }
        picocli.CommandLine.ParseResult pr = root.commandLine().getParseResult();
        for (String a : pr == null ? List.<String>of() : pr.originalArgs()) {
            s.append(' ').append(a.isEmpty() || a.matches(".*[\\s'\"$].*") ? "'" + a.replace("'", "'\\''") + "'" : a);
        }
        return s.toString();
    }
}
