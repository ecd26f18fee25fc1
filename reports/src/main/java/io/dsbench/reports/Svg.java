package io.dsbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Charts drawn on the server as inline SVG (no script, no library): line charts with linear, logarithmic or
 * HdrHistogram-style percentile axes, and grouped bar charts with error bars. Every chart has the class
 * {@code chart} and draws at least one series element, or is not made at all (the caller says why instead).
 */
final class Svg {
    enum Axis { LINEAR, LOG, PERCENTILE }

    private static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b",
        "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"};
    static final int W = 640;
    static final int H = 320;
    static final int L = 64;
    static final int R = 36;
    static final int T = 34;
    static final int B = 70;

    private Svg() {
    }

    static String color(int i) {
        return PALETTE[Math.floorMod(i, PALETTE.length)];
    }

    record Series(String name, String color, List<double[]> points, boolean dashed) {
    }

    /** A vertical (x) or horizontal (y) reference line with a label, e.g. the knee or a latency bound. */
    record Marker(boolean vertical, double at, String label) {
    }

    static final class LineChart {
        final String title;
        final String xLabel;
        final String yLabel;
        Axis x;
        Axis y;
        private final List<Series> raw = new ArrayList<>();
        private List<Series> series = new ArrayList<>();
        final List<Marker> markers = new ArrayList<>();

        LineChart(String title, String xLabel, Axis x, String yLabel, Axis y) {
            this.title = title;
            this.xLabel = xLabel;
            this.yLabel = yLabel;
            this.x = x;
            this.y = y;
        }

        LineChart add(Series s) {
            raw.add(s);
            return this;
        }

        /** Switches an axis to LOG when its values span more than 30x. */
        LineChart autoScale(boolean xAxis, boolean yAxis) {
            if (xAxis) {
                x = auto(raw.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]), 30);
            }
            if (yAxis) {
                y = auto(raw.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]), 30);
            }
            return this;
        }

        private List<Series> usableSeries() {
            List<Series> out = new ArrayList<>();
            for (Series s : raw) {
                List<double[]> usable = s.points().stream().filter(p -> usable(x, p[0]) && usable(y, p[1])).toList();
                if (!usable.isEmpty()) {
                    out.add(new Series(s.name(), s.color(), usable, s.dashed()));
                }
            }
            return out;
        }

        boolean isEmpty() {
            return usableSeries().isEmpty();
        }

        String render() {
            series = usableSeries();
            Scale sx = scale(x, series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[0]).toArray(),
                    markers.stream().filter(Marker::vertical).mapToDouble(Marker::at).toArray(), L, W - R);
            Scale sy = scale(y, series.stream().flatMap(s -> s.points().stream()).mapToDouble(p -> p[1]).toArray(),
                    markers.stream().filter(m -> !m.vertical()).mapToDouble(Marker::at).toArray(), H - B, T);
            StringBuilder b = open(title);
            axes(b, sx, sy, x == Axis.LOG ? xLabel + " (log scale)" : xLabel, y == Axis.LOG && !yLabel.contains("log")
                    ? yLabel + " (log scale)" : yLabel);
            int nth = 0;
            for (Marker m : markers) {
                if (m.vertical() && usable(x, m.at())) {
                    double px = sx.map(m.at());
                    b.append(String.format(Locale.ROOT, "<line class=\"marker\" x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\""
                            + " stroke=\"#555\" stroke-dasharray=\"5,3\"/>", px, T, px, H - B));
                    boolean left = px - L > 140;
                    b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" fill=\"#333\""
                            + " text-anchor=\"%s\">%s</text>", left ? px - 3 : px + 3, T + 11 + 13 * nth++,
                            left ? "end" : "start", Fmt.html(m.label())));
                } else if (!m.vertical() && usable(y, m.at())) {
                    double py = sy.map(m.at());
                    b.append(String.format(Locale.ROOT, "<line class=\"marker\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                            + " stroke=\"#999\" stroke-dasharray=\"2,3\"/>", L, py, W - R, py));
                    b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" fill=\"#666\">%s</text>",
                            L + 4, py - 3, Fmt.html(m.label())));
                }
            }
            for (Series s : series) {
                StringBuilder d = new StringBuilder();
                for (double[] p : s.points()) {
                    d.append(d.length() == 0 ? "M" : "L").append(String.format(Locale.ROOT, "%.1f,%.1f", sx.map(p[0]),
                            sy.map(p[1])));
                }
                b.append("<path class=\"series\" data-series=\"").append(Fmt.html(s.name())).append("\" d=\"")
                        .append(d).append("\" fill=\"none\" stroke=\"").append(s.color())
                        .append("\" stroke-width=\"2\"").append(s.dashed() ? " stroke-dasharray=\"6,3\"" : "")
                        .append("/>");
                if (s.points().size() <= 40) {
                    for (double[] p : s.points()) {
                        b.append(String.format(Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"%s\">"
                                + "<title>%s: %s, %s</title></circle>", sx.map(p[0]), sy.map(p[1]), s.color(),
                                Fmt.html(s.name()), Fmt.html(tickLabel(x, p[0], true)),
                                Fmt.html(tickLabel(y, p[1], true))));
                    }
                }
            }
            legend(b, series.stream().map(s -> new String[] {s.name(), s.color(), s.dashed() ? "d" : ""}).toList());
            return b.append("</svg>").toString();
        }
    }

    static StringBuilder open(String title) {
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(W).append(' ')
                .append(H).append("\" width=\"").append(W).append("\" height=\"").append(H)
                .append("\" role=\"img\" aria-label=\"").append(Fmt.html(title)).append("\" font-family=\"sans-serif\">")
                .append("<title>").append(Fmt.html(title)).append("</title>");
        return b;
    }

    static void yTitle(StringBuilder b, String yLabel) {
        b.append(String.format(Locale.ROOT, "<text x=\"14\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\""
                + " transform=\"rotate(-90 14 %d)\" fill=\"#222\">%s</text>", (T + H - B) / 2, (T + H - B) / 2,
                Fmt.html(yLabel)));
    }

    private static void axes(StringBuilder b, Scale sx, Scale sy, String xLabel, String yLabel) {
        for (double t : sy.ticks) {
            double py = sy.map(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">%s</text>",
                    L, py, W - R, py, L - 4, py + 4, Fmt.html(tickLabel(sy.axis, t, false))));
        }
        for (double t : sx.ticks) {
            double px = sx.map(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#eeeeee\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\" fill=\"#444\">%s</text>",
                    px, T, px, H - B, px, H - B + 14, Fmt.html(tickLabel(sx.axis, t, false))));
        }
        b.append(String.format(Locale.ROOT, "<path d=\"M%d,%dL%d,%dL%d,%d\" fill=\"none\" stroke=\"#333\"/>", L, T, L,
                H - B, W - R, H - B));
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"12\" text-anchor=\"middle\""
                + " fill=\"#222\">%s</text>", (L + W - R) / 2, H - B + 32, Fmt.html(xLabel)));
        yTitle(b, yLabel);
    }

    static void legend(StringBuilder b, List<String[]> items) {
        double x = L;
        double y = 14;
        for (String[] it : items) {
            double w = 28 + it[0].length() * 6.6;
            if (x + w > W - R && x > L) {
                x = L;
                y += 13;
            }
            b.append(String.format(Locale.ROOT, "<g class=\"legend\"><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\""
                    + " y2=\"%.1f\" stroke=\"%s\" stroke-width=\"3\"%s/><text x=\"%.1f\" y=\"%.1f\" font-size=\"11\""
                    + " fill=\"#222\">%s</text></g>", x, y - 4, x + 18, y - 4, it[1],
                    it[2].isEmpty() ? "" : " stroke-dasharray=\"6,3\"", x + 22, y, Fmt.html(it[0])));
            x += w;
        }
    }

    /** LOG when the positive values span more than {@code ratio} (e.g. 30x), else LINEAR. */
    static Axis auto(java.util.stream.DoubleStream values, double ratio) {
        double[] v = values.filter(x -> x > 0 && Double.isFinite(x)).toArray();
        if (v.length < 2) {
            return Axis.LINEAR;
        }
        double min = java.util.Arrays.stream(v).min().getAsDouble();
        double max = java.util.Arrays.stream(v).max().getAsDouble();
        return max / min > ratio ? Axis.LOG : Axis.LINEAR;
    }

    static boolean usable(Axis a, double v) {
        return switch (a) {
            case LINEAR -> Double.isFinite(v);
            case LOG -> Double.isFinite(v) && v > 0;
            case PERCENTILE -> Double.isFinite(v) && v >= 0 && v < 100;
        };
    }

    /** Position on the axis before scaling: the value, its log10, or log10(1 / (1 - p)) for percentiles. */
    static double t(Axis a, double v) {
        return switch (a) {
            case LINEAR -> v;
            case LOG -> Math.log10(v);
            case PERCENTILE -> Math.log10(1 / (1 - v / 100));
        };
    }

    static String tickLabel(Axis a, double v, boolean exact) {
        if (a == Axis.PERCENTILE) {
            if (exact) {
                return String.format(Locale.ROOT, "p%s", trimPct(v));
            }
            return trimPct(v) + "%";
        }
        return exact ? Fmt.num(v) : Fmt.tick(v);
    }

    private static String trimPct(double v) {
        String s = String.format(Locale.ROOT, "%.5f", v).replaceAll("0+$", "").replaceAll("\\.$", "");
        return s;
    }

    /** Maps axis values to pixels. */
    static final class Scale {
        final Axis axis;
        final double lo;
        final double hi;
        final double p0;
        final double p1;
        final List<Double> ticks = new ArrayList<>();

        Scale(Axis axis, double lo, double hi, double p0, double p1) {
            this.axis = axis;
            this.lo = lo;
            this.hi = hi;
            this.p0 = p0;
            this.p1 = p1;
        }

        double map(double v) {
            double tv = t(axis, v);
            return p0 + (tv - lo) / (hi - lo) * (p1 - p0);
        }
    }

    static Scale scale(Axis axis, double[] values, double[] extra, double p0, double p1) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] arr : new double[][] {values, extra}) {
            for (double v : arr) {
                if (usable(axis, v)) {
                    min = Math.min(min, t(axis, v));
                    max = Math.max(max, t(axis, v));
                }
            }
        }
        if (min == Double.POSITIVE_INFINITY) {
            min = 0;
            max = 1;
        }
        switch (axis) {
            case PERCENTILE -> {
                double hi = Math.max(2, Math.ceil(max));
                Scale s = new Scale(axis, 0, hi, p0, p1);
                for (int i = 0; i <= hi; i++) {
                    s.ticks.add(100 - 100 / Math.pow(10, i));
                }
                return s;
            }
            case LOG -> {
                double lo = Math.floor(min);
                double hi = Math.ceil(max);
                if (hi <= lo) {
                    hi = lo + 1;
                }
                Scale s = new Scale(axis, lo, hi, p0, p1);
                for (double e = lo; e <= hi + 1e-9; e++) {
                    s.ticks.add(Math.pow(10, e));
                }
                return s;
            }
            default -> {
                double lo = Math.min(0, min);
                double hi = max <= lo ? lo + 1 : max;
                double step = niceStep((hi - lo) / 5);
                hi = Math.ceil(hi / step) * step;
                Scale s = new Scale(axis, lo, hi, p0, p1);
                for (double v = lo; v <= hi + step / 1000; v += step) {
                    s.ticks.add(v);
                }
                return s;
            }
        }
    }

    static double niceStep(double raw) {
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        double f = raw / mag;
        return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
    }
}
