package io.dsbench.cli;

import io.dsbench.reports.ReportWriter;
import io.dsbench.reports.UnusableRunDirectoryException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code dsbench report}: (re-)renders a results directory's report, optionally compared with another run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Writes index.html (one self-contained page), summary.md and summary.json into a results",
            "directory, from the files run, bench and chaos wrote there. Missing or broken files are listed in",
            "the report, never fatal. With --compare: rules that changed outcome, verdicts that changed, and",
            "benchmark regressions beyond both runs' JMH error bounds."},
        footer = {"", "Examples:",
            "  dsbench report                                   # results/latest",
            "  dsbench report results/review-2 --compare results/review-1",
            "", "Exit codes: 0 report written (even if some result files are missing),",
            "  2 the directory is unusable (missing, unreadable, not a results directory) or unwritable."})
public final class ReportCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "RUN_DIR",
            description = "A results directory (default: results/latest).")
    Path runDir;

    @Option(names = "--compare", paramLabel = "OTHER", description = "An earlier results directory to compare with.")
    Path compare;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path dir = runDir != null ? runDir : latest(Path.of("results"));
        try {
            ReportWriter.Result r = ReportWriter.write(dir, compare);
            out.println("Report: " + r.index());
            out.println("Summary: " + r.markdown() + ", " + r.json());
            if (!r.problems().isEmpty()) {
                out.println(r.problems().size() + " result file(s) missing or incomplete (listed in the report):");
                r.problems().forEach(p -> out.println("  " + p));
            }
            if (compare != null) {
                out.println("Compared with " + compare + ": " + r.regressions()
                        + " benchmark regression(s) beyond the runs' error bounds (see summary.md)");
            }
            out.flush();
            return 0;
        } catch (UnusableRunDirectoryException | UncheckedIOException e) {
            err.println("dsbench: report: " + e.getMessage());
            err.flush();
            return 2;
        }
    }

    /** {@code results/latest}: the link, or the run named in {@code results/LATEST} where links are not possible. */
    static Path latest(Path results) {
        Path link = results.resolve("latest");
        if (Files.exists(link)) {
            return link;
        }
        Path file = results.resolve("LATEST");
        if (Files.isRegularFile(file)) {
            try {
                return results.resolve(Files.readString(file).trim());
            } catch (IOException e) {
                return link;
            }
        }
        return link;
    }
}
