package io.dsbench.reports;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Writes the report of one results directory: {@code index.html} (one self-contained page: inline CSS and script,
 * charts as inline SVG), {@code summary.md} and {@code summary.json}, beside the result files. Reads
 * {@code run.json}, {@code conformance.json} (or {@code rules.jsonl} when the run did not finish),
 * {@code checks/}{@code *}{@code /result.json}, {@code bench.json}, {@code jmh.json}, {@code baselines.json} and
 * {@code latency/*.hlog}; every file is optional, and the report lists what is missing or broken and why.
 */
public final class ReportWriter {
    private ReportWriter() {
    }

    /** What was written. */
    public record Result(Path index, Path markdown, Path json, List<String> problems, long regressions) {
    }

    /**
     * Writes the report of {@code runDir}.
     *
     * @throws UnusableRunDirectoryException the directory is missing, unreadable or not a results directory
     * @throws UncheckedIOException          the report cannot be written there
     */
    public static Result write(Path runDir) {
        return write(runDir, null);
    }

    /**
     * Writes the report of {@code runDir}, compared with the earlier run {@code other} when not null.
     *
     * @throws UnusableRunDirectoryException either directory is unusable (the message names it)
     */
    public static Result write(Path runDir, Path other) {
        RunData d = RunData.load(runDir);
        Comparison cmp = null;
        if (other != null) {
            RunData o;
            try {
                o = RunData.load(other);
            } catch (UnusableRunDirectoryException e) {
                throw new UnusableRunDirectoryException("--compare " + e.getMessage());
            }
            cmp = Comparison.of(d, o);
        }
        String generated = ZonedDateTime.now(ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        HtmlReport html = HtmlReport.render(d, cmp, generated);
        Path index = runDir.resolve("index.html");
        Path md = runDir.resolve("summary.md");
        Path json = runDir.resolve("summary.json");
        try {
            writeAtomically(index, html.html);
            writeAtomically(md, Summaries.markdown(d, html, cmp, generated));
            writeAtomically(json, Json.MAPPER.writeValueAsString(Summaries.json(d, html, cmp, generated)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + runDir + ": " + e.getMessage(), e);
        }
        return new Result(index, md, json, d.problems.stream().map(p -> p.file() + ": " + p.message()).toList(),
                cmp == null ? 0 : cmp.regressions());
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
