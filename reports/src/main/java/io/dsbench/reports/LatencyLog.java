package io.dsbench.reports;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;

/**
 * One HdrHistogram interval log ({@code latency/<backend>-<op>.hlog}, written by {@code HistogramLogWriter}),
 * merged over all its intervals into one histogram, with its percentile curve in microseconds.
 *
 * <p>Log files carry no unit. The unit is taken from the matching {@code bench.json} latency row: the log's
 * median is compared with the row's {@code p50_us} and the nearest power of 1000 is the scale (a log recorded in
 * nanoseconds has a median 1000 times the row's). Without a row, microseconds are assumed and the report says so.
 */
final class LatencyLog {
    final String file;
    final String backend;
    final String op;
    final Histogram histogram;
    /** Divide recorded values by this to get microseconds. */
    final double toMicros;
    final String unitNote;

    private LatencyLog(String file, String backend, String op, Histogram histogram, double toMicros, String unitNote) {
        this.file = file;
        this.backend = backend;
        this.op = op;
        this.histogram = histogram;
        this.toMicros = toMicros;
        this.unitNote = unitNote;
    }

    /**
     * Reads a log; throws IOException (or IllegalArgumentException from the decoder) for a malformed file.
     *
     * @param p50UsHint the matching row's median in microseconds, or null
     */
    static LatencyLog read(Path file, String relative, String backend, String op, Double p50UsHint)
            throws IOException {
        if (Files.size(file) == 0) {
            throw new IOException("empty file");
        }
        Histogram merged = null;
        int intervals = 0;
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                intervals++;
                if (h instanceof Histogram hh) {
                    if (merged == null) {
                        merged = new Histogram(hh.getNumberOfSignificantValueDigits());
                        merged.setAutoResize(true);
                    }
                    merged.add(hh);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("not an HdrHistogram log: " + e, e);
        }
        if (merged == null || merged.getTotalCount() == 0) {
            throw new IOException(intervals == 0 ? "no interval histograms in the log"
                    : "the log's " + intervals + " intervals hold no values");
        }
        double scale = 1;
        String note = "values read as microseconds (no bench.json row gives the unit)";
        if (p50UsHint != null && p50UsHint > 0) {
            double ratio = merged.getValueAtPercentile(50) / p50UsHint;
            double exp = Math.round(Math.log10(ratio) / 3);
            scale = Math.pow(1000, exp);
            note = "unit from bench.json's p50_us: " + (exp == 0 ? "microseconds" : exp == 1 ? "nanoseconds"
                    : exp == -1 ? "milliseconds" : "scale " + scale);
        }
        return new LatencyLog(relative, backend, op, merged, scale, note);
    }

    long count() {
        return histogram.getTotalCount();
    }

    double percentileUs(double p) {
        return histogram.getValueAtPercentile(p) / toMicros;
    }

    double maxUs() {
        return histogram.getMaxValue() / toMicros;
    }

    /** (percentile, latency in us) points, HdrHistogram style: denser towards the tail. */
    List<double[]> curve() {
        List<double[]> pts = new ArrayList<>();
        for (HistogramIterationValue v : histogram.percentiles(5)) {
            double pct = v.getPercentileLevelIteratedTo();
            if (pct >= 100) {
                pct = 100 - 100.0 / Math.max(count(), 1) / 2; // the last point: shown at the log axis' end
            }
            pts.add(new double[] {pct, v.getValueIteratedTo() / toMicros});
            if (pts.size() > 400) {
                break;
            }
        }
        return pts;
    }
}
