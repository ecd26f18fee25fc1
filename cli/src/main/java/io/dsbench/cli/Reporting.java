package io.dsbench.cli;

import io.dsbench.reports.ReportWriter;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * What every command that writes into a results directory does when it ends: records itself in {@code run.json},
 * points {@code results/latest} at the run, writes the report ({@code index.html}, {@code summary.md},
 * {@code summary.json}) and prints its path. One call at the end of {@code run}, {@code bench} and {@code chaos}:
 * <pre>
 * Reporting.finish(writer, spec, started, exitCode, backends, out);
 * </pre>
 * It never throws and never changes the command's exit code: a report that cannot be written is one warning line.
 */
public final class Reporting {
    private Reporting() {
    }

    /**
     * @param writer   the command's results writer (its directory and the latest link)
     * @param spec     the command's picocli spec (for the command line as typed)
     * @param started  when the command started
     * @param exitCode what the command is about to return
     * @param backends the backends it used ({@link RunRecord.BackendInfo#of(io.dsbench.spi.Backend)}); may be empty
     * @param out      where to print the report's path
     * @return the report's index.html, or null when it could not be written
     */
    public static Path finish(ResultsWriter writer, picocli.CommandLine.Model.CommandSpec spec, Instant started,
                              int exitCode, List<RunRecord.BackendInfo> backends, PrintWriter out) {
        return finish(writer.dir(), RunRecord.commandLine(spec), started, exitCode, backends, out, writer);
    }

    static Path finish(Path runDir, String command, Instant started, int exitCode, List<RunRecord.BackendInfo> backends,
                       PrintWriter out, ResultsWriter writer) {
        try {
            RunRecord.append(runDir, command, started, Instant.now(), exitCode, backends);
        } catch (RuntimeException e) {
            out.println("dsbench: warning: could not update " + runDir.resolve("run.json") + ": " + e.getMessage());
        }
        if (writer != null) {
            try {
                writer.pointLatest();
            } catch (RuntimeException e) {
                out.println("dsbench: warning: " + e.getMessage());
            }
        }
        try {
            ReportWriter.Result r = ReportWriter.write(runDir);
            out.println("Report: " + r.index() + " (also " + r.markdown().getFileName() + ", "
                    + r.json().getFileName() + (r.problems().isEmpty() ? "" : "; " + r.problems().size()
                    + " result file(s) missing or incomplete, listed in the report") + ")");
            out.flush();
            return r.index();
        } catch (RuntimeException e) {
            out.println("dsbench: warning: could not write the report for " + runDir + ": " + e.getMessage());
            out.flush();
            return null;
        }
    }
}
