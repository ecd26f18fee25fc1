package io.dsbench.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.chaos.workload.Checkers;
import io.dsbench.chaos.workload.Outcome;
import io.dsbench.lin.format.HistoryFormats;
import io.dsbench.lin.history.History;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Re-checks a saved chaos run from its files: the workload named in {@code result.json}, the history in
 * {@code history.edn} (or the history file given), the same checker as the run. {@code dsbench check} hands it a
 * chaos directory, its {@code result.json}, or a history file beside a chaos {@code result.json}.
 */
public final class Recheck {
    private Recheck() {
    }

    /** The chaos {@code result.json} for a path (a run directory, the result itself, or a history beside it). */
    public static Optional<Path> resultFor(Path p) {
        Path candidate = Files.isDirectory(p) ? p.resolve("result.json")
                : p.getFileName().toString().equals("result.json") ? p
                : p.toAbsolutePath().getParent() == null ? null : p.toAbsolutePath().getParent().resolve("result.json");
        if (candidate == null || !Files.isRegularFile(candidate)) {
            return Optional.empty();
        }
        try {
            JsonNode n = ResultFiles.JSON.readTree(candidate.toFile());
            return "dsbench-chaos/1".equals(n.path("schema").asText()) ? Optional.of(candidate) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Re-checks and prints one line; returns 0 valid, 1 invalid, 3 unknown, 2 when the files are unusable.
     */
    public static int run(Path p, PrintStream out, PrintStream err) {
        Optional<Path> result = resultFor(p);
        if (result.isEmpty()) {
            err.println("dsbench: " + p + " is not a chaos run (no result.json with schema dsbench-chaos/1 beside it)");
            return 2;
        }
        try {
            JsonNode n = ResultFiles.JSON.readTree(result.get().toFile());
            String workload = n.path("workload").asText();
            Path history = Files.isDirectory(p) || p.getFileName().toString().equals("result.json")
                    ? result.get().getParent().resolve(n.path("files").path("history_edn").asText("history.edn")) : p;
            History h = HistoryFormats.read(history, null);
            Outcome o = Checkers.check(workload, h);
            String stored = n.path("check_verdict").asText("?");
            out.println(history + ": " + workload + " " + o.verdict() + ": " + o.summary() + " (anomalies "
                    + o.anomalies() + "; the run recorded " + stored + (stored.equals(o.verdict()) ? ", same" : ", DIFFERENT")
                    + "; run verdict " + n.path("verdict").asText("?") + ")");
            return o.verdict().equals("valid") ? 0 : o.verdict().equals("invalid") ? 1 : 3;
        } catch (IOException | RuntimeException e) {
            err.println("dsbench: cannot re-check " + p + ": " + e.getMessage());
            return 2;
        }
    }
}
