package io.dsbench.bench;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One HdrHistogram interval log ({@code .hlog}), written with {@link HistogramLogWriter}: a header (format version,
 * start time, legend), then one line per interval histogram with its tag. Values are nanoseconds, so HdrHistogram's
 * {@code HistogramLogProcessor} (default output unit ratio 1e6) prints milliseconds. Tags separate what one file
 * holds: {@code r2000} is the measured part at 2000 requests/s, {@code warmup-r2000} its warm-up,
 * {@code open-stall} / {@code closed-stall} the stall runs. Read one with
 * {@code java -cp HdrHistogram.jar org.HdrHistogram.HistogramLogProcessor -i FILE -tag r2000}. Thread-safe.
 */
public final class HlogFile implements AutoCloseable {
    private final Path path;
    private final PrintStream out;
    private final HistogramLogWriter writer;

    /** Creates (or replaces) {@code path} and writes the header. */
    public HlogFile(Path path) {
        this.path = path;
        try {
            if (path.getParent() != null) {
                Files.createDirectories(path.getParent());
            }
            this.out = new PrintStream(path.toFile(), java.nio.charset.StandardCharsets.US_ASCII);
        } catch (FileNotFoundException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
        this.writer = new HistogramLogWriter(out);
        long now = System.currentTimeMillis();
        writer.outputComment("dsbench latency log: values in nanoseconds; tag rN = measured at N requests/s,"
                + " warmup-* = warm-up (in no reported figure)");
        writer.outputLogFormatVersion();
        writer.outputStartTime(now);
        writer.setBaseTime(now);
        writer.outputLegend();
        out.flush();
    }

    /** Appends one interval histogram tagged {@code tag} (no spaces or commas). */
    public synchronized void write(EncodableHistogram h, String tag) {
        h.setTag(tag);
        writer.outputIntervalHistogram(h);
        out.flush();
    }

    public Path path() {
        return path;
    }

    @Override
    public synchronized void close() {
        out.close();
    }
}
