package io.dsbench.cli;

import java.nio.file.Path;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * {@code --run-id ID}: a picocli mixin that lets several commands write into one results directory, e.g.
 * <pre>
 * dsbench run   --backends inmemory,redis,etcd --run-id review-1
 * dsbench bench --quick --run-id review-1
 * dsbench chaos --run-id review-1 ...
 * </pre>
 * all into {@code results/review-1/}, whose report then shows conformance, performance and consistency together.
 * Without it each command makes a new id ({@code yyyyMMdd-HHmmss-xxxx}). A command using it:
 * {@code @Mixin RunIdOption runId;} and {@code ResultsWriter.create(out, runId.runId())}.
 */
public final class RunIdOption {
    private static final Pattern LEGAL = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,79}");

    @Option(names = "--run-id", paramLabel = "ID",
            description = "Write into <out>/ID/ (created, or added to if it exists) so that several commands (run,"
                    + " bench, chaos) share one results directory and one report. Letters, digits, '.', '_', '-'."
                    + " Default: a new id.")
    String runId;

    /** The id given, or null for a new one. */
    public String runId() {
        return runId;
    }

    /** The run's directory under {@code out}, when an id was given; else null. */
    public Path dir(Path out) {
        return runId == null ? null : out.resolve(validate(runId));
    }

    /**
     * Checks an id: a single path element of letters, digits, '.', '_', '-' (not "latest", not starting with a dot).
     *
     * @throws IllegalArgumentException one line naming the id
     */
    static String validate(String id) {
        if (!LEGAL.matcher(id).matches() || id.equals("latest") || id.equals("LATEST")) {
            throw new IllegalArgumentException("--run-id '" + id + "': use 1 to 80 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit (and not 'latest')");
        }
        return id;
    }
}
