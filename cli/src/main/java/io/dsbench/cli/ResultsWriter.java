package io.dsbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creates {@code <out>/<run-id>/} and writes a run's result files there; points {@code <out>/latest} at
 * it (a symbolic link, or a file holding the run id where links are not possible). Each rule's result is
 * appended to {@code rules.jsonl} (one JSON object per line, flushed) the moment it is known, so nothing
 * finished is lost if the run is interrupted or killed; {@code conformance.json} (the summary) is written
 * to a temporary name and moved into place, at the end or, marked {@code "complete": false}, on interrupt.
 */
public final class ResultsWriter {
    static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    private final Path out;
    private final String runId;
    private final Path dir;

    private java.io.Writer rules;

    private ResultsWriter(Path out, String runId) {
        this.out = out;
        this.runId = runId;
        this.dir = out.resolve(runId);
    }

    /**
     * A writer for a new run under {@code out}. Checks at once that {@code out} can be written (the run
     * directory is made with the first file), so that an unusable {@code --out} is reported before any rule runs.
     *
     * @throws IllegalArgumentException one line saying what is wrong with {@code out}
     */
    public static ResultsWriter create(Path out) {
        return create(out, null);
    }

    /**
     * A writer for the run {@code runId} under {@code out} (a new id when null). Several commands given the same
     * {@code --run-id} write into one directory ({@link RunIdOption}); each replaces only its own files.
     *
     * @throws IllegalArgumentException one line saying what is wrong with {@code out} or {@code runId}
     */
    public static ResultsWriter create(Path out, String runId) {
        String id = runId != null ? RunIdOption.validate(runId)
                : ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"))
                + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x1000, 0x10000));
        ResultsWriter w = new ResultsWriter(out, id);
        if (Files.exists(w.dir) && !Files.isDirectory(w.dir)) {
            throw new IllegalArgumentException("--run-id " + id + ": " + w.dir + " exists and is not a directory");
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + ": exists and is not a directory");
        }
        try {
            Files.createDirectories(out);
            Path probe = Files.createTempFile(out, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException | SecurityException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null ? fse.getReason()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            throw new IllegalArgumentException("--out " + out + ": cannot write results there (" + why + ")");
        }
        return w;
    }

    /** Appends one rule's result to {@code rules.jsonl} and flushes it. */
    public synchronized void appendRule(KitRunner.RuleResult rr) {
        try {
            if (rules == null) {
                Files.createDirectories(dir);
                // a run id reused by a second 'run' replaces that run's rules (bench and chaos add other files)
                rules = Files.newBufferedWriter(rulesFile(), java.nio.charset.StandardCharsets.UTF_8,
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.TRUNCATE_EXISTING,
                        java.nio.file.StandardOpenOption.WRITE);
            }
            rules.write(JSON.copy().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(node(rr)));
            rules.write('\n');
            rules.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + rulesFile() + ": " + e.getMessage(), e);
        }
    }

    /** {@code rules.jsonl}: every rule's result, one JSON object per line, in the order they finished. */
    public Path rulesFile() {
        return dir.resolve("rules.jsonl");
    }

    /** Closes {@code rules.jsonl}. */
    public synchronized void closeRules() {
        if (rules != null) {
            try {
                rules.close();
            } catch (IOException ignored) {
                // every line was flushed already
            }
            rules = null;
        }
    }

    public String runId() {
        return runId;
    }

    public Path dir() {
        return dir;
    }

    /** The {@code latest} link. */
    public Path latestLink() {
        return out.resolve("latest");
    }

    /**
     * Writes {@code conformance.json} and points latest at this run; returns the file.
     *
     * @param complete false when the run was interrupted: the file then holds what had finished
     * @param seed     the seed the run's rules used (replay with {@code --seed})
     */
    public Path writeConformance(RunSummary summary, boolean complete, long seed) {
        return writeConformance(summary, complete, seed, java.util.List.of());
    }

    /**
     * Writes {@code conformance.json} as {@link #writeConformance(RunSummary, boolean, long)} does, with the rules
     * an interrupted run did not get to: {@code "not_run": [ { "backend", "started", "rules": [ { "rule", "title",
     * "level", "group" } ] } ]} (written when {@code complete} is false).
     */
    public Path writeConformance(RunSummary summary, boolean complete, long seed, java.util.List<RunSummary.NotRun> notRun) {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", "dsbench-conformance/1");
        root.put("run_id", summary.runId());
        root.put("complete", complete);
        root.put("seed", seed);
        root.put("written", ZonedDateTime.now(ZoneOffset.UTC).toString());
        root.put("java", System.getProperty("java.version"));
        root.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        root.put("cores", Runtime.getRuntime().availableProcessors());
        ArrayNode backends = root.putArray("backends");
        ArrayNode results = root.putArray("results");
        for (RunSummary.BackendRun r : summary.runs()) {
            ObjectNode b = backends.addObject();
            b.put("name", r.backend());
            b.put("description", r.description());
            b.set("capabilities", JSON.valueToTree(r.capabilities()));
            b.put("ttl_tolerance_ms", r.ttlToleranceMs());
            b.put("min_ttl_ms", r.minTtlMs());
            b.put("error", r.error());
            for (KitRunner.Outcome o : KitRunner.Outcome.values()) {
                b.put(o == KitRunner.Outcome.ERROR ? "errors" : o.name().toLowerCase(java.util.Locale.ROOT),
                        r.count(o));
            }
            b.put("duration_ms", r.durationMs());
            ArrayNode ladders = JSON.createArrayNode();
            for (KitRunner.RuleResult rr : r.results()) {
                results.add(node(rr));
                ladders.addAll(ladders(rr));
            }
            if (!ladders.isEmpty()) {
                b.set("consistency_ladder", ladders); // rule CONS-LADDER's measurements, one per workload
            }
        }
        if (!complete) {
            ArrayNode nr = root.putArray("not_run");
            for (RunSummary.NotRun n : notRun) {
                ObjectNode b = nr.addObject();
                b.put("backend", n.backend());
                b.put("started", n.started());
                ArrayNode rs = b.putArray("rules");
                for (io.dsbench.conformance.RuleCatalog.Rule r : n.rules()) {
                    rs.addObject().put("rule", r.id()).put("title", r.title())
                            .put("level", r.level().name().toLowerCase(java.util.Locale.ROOT)).put("group", r.group());
                }
            }
        }
        Path file = dir.resolve("conformance.json");
        write(file, root);
        pointLatest();
        return file;
    }

    /** The consistency ladders a rule published ({@code consistency_ladder.<workload>} = JSON), in key order. */
    static ArrayNode ladders(KitRunner.RuleResult rr) {
        ArrayNode out = JSON.createArrayNode();
        new java.util.TreeMap<>(rr.measurements()).forEach((k, v) -> {
            if (k.startsWith("consistency_ladder.")) {
                try {
                    out.add(JSON.readTree(v));
                } catch (IOException e) {
                    throw new UncheckedIOException("rule " + rr.rule() + " published a malformed " + k + ": " + v, e);
                }
            }
        });
        return out;
    }

    private static ObjectNode node(KitRunner.RuleResult rr) {
        ObjectNode n = JSON.createObjectNode();
        n.put("rule", rr.rule());
        n.put("title", rr.title());
        n.put("level", rr.level().toLowerCase(java.util.Locale.ROOT));
        n.put("group", rr.group());
        n.put("backend", rr.backend());
        n.put("outcome", rr.outcome().name().toLowerCase(java.util.Locale.ROOT));
        n.put("message", rr.message());
        n.put("duration_ms", rr.durationMs());
        n.put("test", rr.test());
        if (!rr.measurements().isEmpty()) {
            n.set("measurements", JSON.valueToTree(rr.measurements()));
        }
        return n;
    }

    /** Writes any JSON tree atomically. */
    void write(Path file, Object tree) {
        writeAtomically(file, tree);
    }

    /** Writes any JSON tree to a temporary name and moves it into place. */
    static void writeAtomically(Path file, Object tree) {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), tree);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Points {@code <out>/latest} at this run (every command that writes into a run does, when it ends). */
    public void pointLatest() {
        Path link = latestLink();
        try {
            Path tmp = out.resolve("latest.tmp-" + runId);
            Files.deleteIfExists(tmp);
            Files.createSymbolicLink(tmp, Path.of(runId));
            Files.move(tmp, link, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            try {
                if (Files.isSymbolicLink(link) || Files.isRegularFile(link)) {
                    Files.delete(link);
                }
                Files.writeString(out.resolve("LATEST"), runId + "\n");
            } catch (IOException e2) {
                throw new UncheckedIOException("cannot record the latest run in " + out + ": " + e2.getMessage(), e2);
            }
        }
    }
}
