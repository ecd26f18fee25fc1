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
 * One HdrHistogram interval log ({@code latency/<backend>-<op>.hlog}, written by {@code HistogramLogWriter}), its
 * intervals merged per tag, with the percentile curve of one tag in microseconds.
 *
 * <p><b>Tags.</b> {@code dsbench bench} tags each interval with what was measured: {@code rN} at N requests/s
 * offered (one per rate of a sweep), {@code open-stall} / {@code closed-stall} (the server stopped for a while),
 * {@code warmup-*} (in no figure: left out here too). Mixing them would give one curve of several experiments, so
 * the log's figures ({@link #percentileUs}, {@link #curve}) are those of one tag, {@link #shownTag}: the highest
 * rate at or under the sweep's knee (the most load the backend took within its p99 bound), else the highest rate,
 * else the untagged intervals. {@link #tag} gives any other tag's histogram.
 *
 * <p><b>Unit.</b> A dsbench log names it in its first comment ({@code values in nanoseconds}); for a log without it,
 * the unit is taken from the matching {@code bench.json} latency row: the log's median is compared with the row's
 * {@code p50_us} and the nearest power of 1000 is the scale. Without either, microseconds are assumed and the report
 * says so.
 */
final class LatencyLog {
    private static final java.util.regex.Pattern UNIT = java.util.regex.Pattern.compile(
            "values in (nanoseconds|microseconds|milliseconds)");

    final String file;
    final String backend;
    final String op;
    /** The histogram of {@link #shownTag}. */
    final Histogram histogram;
    /** The tag whose figures are shown ("" for untagged intervals). */
    final String shownTag;
    /** Measured (not warm-up) intervals merged per tag, in the order first seen; "" for untagged ones. */
    final java.util.Map<String, Histogram> tags;
    /** Divide recorded values by this to get microseconds. */
    final double toMicros;
    final String unitNote;

    private LatencyLog(String file, String backend, String op, java.util.Map<String, Histogram> tags, String shownTag,
                       double toMicros, String unitNote) {
        this.file = file;
        this.backend = backend;
        this.op = op;
        this.tags = tags;
        this.shownTag = shownTag;
        this.histogram = tags.get(shownTag);
        this.toMicros = toMicros;
        this.unitNote = unitNote;
    }

    /**
     * Reads a log; throws IOException (or IllegalArgumentException from the decoder) for a malformed file.
     *
     * @param p50UsHint the matching row's median in microseconds, or null
     * @param kneeRate  the knee of this backend and op's rate sweep (requests/s), or null
     */
    static LatencyLog read(Path file, String relative, String backend, String op, Double p50UsHint, Double kneeRate)
            throws IOException {
        if (Files.size(file) == 0) {
            throw new IOException("empty file");
        }
        java.util.Map<String, Histogram> tags = new java.util.LinkedHashMap<>();
        int intervals = 0;
        try (HistogramLogReader reader = new HistogramLogReader(file.toFile())) {
            EncodableHistogram h;
            while ((h = reader.nextIntervalHistogram()) != null) {
                intervals++;
                String tag = h.getTag() == null ? "" : h.getTag();
                if (h instanceof Histogram hh && !tag.startsWith("warmup")) {
                    Histogram merged = tags.computeIfAbsent(tag, t -> {
                        Histogram m = new Histogram(hh.getNumberOfSignificantValueDigits());
                        m.setAutoResize(true);
                        return m;
                    });
                    merged.add(hh);
                }
            }
        } catch (RuntimeException e) {
            throw new IOException("not an HdrHistogram log: " + e, e);
        }
        tags.values().removeIf(h -> h.getTotalCount() == 0);
        if (tags.isEmpty()) {
            throw new IOException(intervals == 0 ? "no interval histograms in the log"
                    : "the log's " + intervals + " intervals hold no measured values");
        }
        String shown = shownTag(tags.keySet(), kneeRate);
        double scale = 1;
        String note = "values read as microseconds (neither the log nor a bench.json row gives the unit)";
        String declared = declaredUnit(file);
        if (declared != null) {
            scale = declared.equals("nanoseconds") ? 1000 : declared.equals("milliseconds") ? 0.001 : 1;
            note = "values in " + declared + " (as the log says)";
        } else if (p50UsHint != null && p50UsHint > 0) {
            double ratio = tags.get(shown).getValueAtPercentile(50) / p50UsHint;
            double exp = Math.round(Math.log10(ratio) / 3);
            scale = Math.pow(1000, exp);
            note = "unit from bench.json's p50_us: " + (exp == 0 ? "microseconds" : exp == 1 ? "nanoseconds"
                    : exp == -1 ? "milliseconds" : "scale " + scale);
        }
        return new LatencyLog(relative, backend, op, tags, shown, scale, note);
    }

    /** The highest rate tag at or under the knee, else the highest rate tag, else "" or the first tag. */
    static String shownTag(java.util.Set<String> tags, Double kneeRate) {
        String best = null;
        double bestRate = -1;
        String underKnee = null;
        double underKneeRate = -1;
        for (String t : tags) {
            Double r = rateOf(t);
            if (r == null) {
                continue;
            }
            if (r > bestRate) {
                best = t;
                bestRate = r;
            }
            if (kneeRate != null && r <= kneeRate && r > underKneeRate) {
                underKnee = t;
                underKneeRate = r;
            }
        }
        return underKnee != null ? underKnee : best != null ? best : tags.contains("") ? "" : tags.iterator().next();
    }

    /** N of a tag {@code rN}, else null. */
    static Double rateOf(String tag) {
        return tag != null && tag.matches("r\\d+(\\.\\d+)?") ? Double.valueOf(tag.substring(1)) : null;
    }

    private static String declaredUnit(Path file) throws IOException {
        try (java.io.BufferedReader r = Files.newBufferedReader(file, java.nio.charset.StandardCharsets.ISO_8859_1)) {
            for (int i = 0; i < 5; i++) {
                String line = r.readLine();
                if (line == null || !line.startsWith("#")) {
                    return null;
                }
                java.util.regex.Matcher m = UNIT.matcher(line);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return null;
    }

    /** What the shown figures are: "at 128,000 requests/s offered", "open-stall", or "" for an untagged log. */
    String shownWhat() {
        Double r = rateOf(shownTag);
        return r != null ? "at " + Fmt.num(r) + " requests/s offered" : shownTag;
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

    /** (percentile, latency in us) points of the shown tag, HdrHistogram style: denser towards the tail. */
    List<double[]> curve() {
        return curve(histogram);
    }

    /** (percentile, latency in us) points of {@code h} (one of {@link #tags}). */
    List<double[]> curve(Histogram h) {
        List<double[]> pts = new ArrayList<>();
        for (HistogramIterationValue v : h.percentiles(5)) {
            double pct = v.getPercentileLevelIteratedTo();
            if (pct >= 100) {
                pct = 100 - 100.0 / Math.max(h.getTotalCount(), 1) / 2; // the last point: shown at the log axis' end
            }
            pts.add(new double[] {pct, v.getValueIteratedTo() / toMicros});
            if (pts.size() > 400) {
                break;
            }
        }
        return pts;
    }
}
