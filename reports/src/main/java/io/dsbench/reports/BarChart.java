package io.dsbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Grouped bars: one group per category, one bar per series; optional error bars and a reference line. */
final class BarChart {
    final String title;
    final String yLabel;
    final List<String> categories = new ArrayList<>();
    final List<String> seriesNames = new ArrayList<>();
    final List<String> colors = new ArrayList<>();
    /** [category][series]: value, or null for no bar. */
    final List<Double[]> values = new ArrayList<>();
    final List<Double[]> errors = new ArrayList<>();
    /** [category][series]: a word drawn where a bar is missing (e.g. "failed"), or null. */
    final List<String[]> notes = new ArrayList<>();
    Double reference;
    String referenceLabel;
    /** A logarithmic value axis (bars start at the lowest decade), for values spanning orders of magnitude. */
    boolean log;

    BarChart(String title, String yLabel, List<String> seriesNames, List<String> colors) {
        this.title = title;
        this.yLabel = yLabel;
        this.seriesNames.addAll(seriesNames);
        this.colors.addAll(colors);
    }

    void category(String name, Double[] vals, Double[] errs) {
        category(name, vals, errs, null);
    }

    void category(String name, Double[] vals, Double[] errs, String[] missingNotes) {
        categories.add(name);
        values.add(vals);
        errors.add(errs);
        notes.add(missingNotes);
    }

    boolean isEmpty() {
        return values.stream().allMatch(v -> java.util.Arrays.stream(v).allMatch(x -> x == null));
    }

    String render() {
        double max = reference == null ? 0 : reference;
        for (int c = 0; c < values.size(); c++) {
            for (int s = 0; s < seriesNames.size(); s++) {
                Double v = values.get(c)[s];
                Double e = errors.get(c) == null ? null : errors.get(c)[s];
                if (v != null) {
                    max = Math.max(max, v + (e == null ? 0 : e));
                }
            }
        }
        double min = Double.POSITIVE_INFINITY;
        for (Double[] vs : values) {
            for (Double v : vs) {
                if (v != null && v > 0) {
                    min = Math.min(min, v);
                }
            }
        }
        Svg.Axis axis = log && min < Double.POSITIVE_INFINITY ? Svg.Axis.LOG : Svg.Axis.LINEAR;
        Svg.Scale sy = axis == Svg.Axis.LOG ? Svg.scale(axis, new double[] {min, max}, new double[0], Svg.H - Svg.B, Svg.T)
                : Svg.scale(axis, new double[] {0, max <= 0 ? 1 : max}, new double[0], Svg.H - Svg.B, Svg.T);
        double floor = axis == Svg.Axis.LOG ? Math.pow(10, sy.lo) : 0;
        StringBuilder b = Svg.open(title);
        double groupW = (Svg.W - Svg.L - Svg.R) / (double) Math.max(categories.size(), 1);
        double barW = Math.min(36, groupW * 0.8 / Math.max(seriesNames.size(), 1));
        // y axis and grid
        for (double t : sy.ticks) {
            double py = sy.map(t);
            b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e5e5e5\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\" fill=\"#444\">%s</text>",
                    Svg.L, py, Svg.W - Svg.R, py, Svg.L - 4, py + 4, Fmt.tick(t)));
        }
        b.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>",
                Svg.L, Svg.H - Svg.B, Svg.W - Svg.R, Svg.H - Svg.B));
        Svg.yTitle(b, axis == Svg.Axis.LOG ? yLabel + " (log scale)" : yLabel);
        for (int c = 0; c < categories.size(); c++) {
            double gx = Svg.L + c * groupW + (groupW - barW * seriesNames.size()) / 2;
            for (int s = 0; s < seriesNames.size(); s++) {
                Double v = values.get(c)[s];
                if (v == null) {
                    String note = notes.get(c) == null ? null : notes.get(c)[s];
                    if (note != null) {
                        double nx = gx + s * barW + (barW - 2) / 2;
                        b.append(String.format(Locale.ROOT, "<text class=\"missing-bar\" x=\"%.1f\" y=\"%d\""
                                + " font-size=\"10\" fill=\"#a50e0e\" text-anchor=\"start\" transform=\"rotate(-90"
                                + " %.1f %d)\">%s</text>", nx + 3, Svg.H - Svg.B - 4, nx + 3, Svg.H - Svg.B - 4, Fmt.html(note)));
                    }
                    continue;
                }
                double x0 = gx + s * barW;
                double y0 = sy.map(Math.max(v, floor));
                b.append(String.format(Locale.ROOT, "<rect class=\"series\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\""
                        + " height=\"%.1f\" fill=\"%s\"><title>%s, %s: %s</title></rect>", x0, y0, barW - 2,
                        Math.max(Svg.H - Svg.B - y0, 1), colors.get(s), Fmt.html(categories.get(c)),
                        Fmt.html(seriesNames.get(s)), Fmt.num(v)));
                Double e = errors.get(c) == null ? null : errors.get(c)[s];
                if (e != null && e > 0) {
                    double cx = x0 + (barW - 2) / 2;
                    double hi = sy.map(v + e);
                    double lo = sy.map(Math.max(v - e, floor));
                    b.append(String.format(Locale.ROOT, "<path class=\"errorbar\" d=\"M%.1f,%.1fL%.1f,%.1fM%.1f,%.1f"
                            + "L%.1f,%.1fM%.1f,%.1fL%.1f,%.1f\" stroke=\"#000\" stroke-width=\"1\"/>", cx, hi, cx, lo,
                            cx - 4, hi, cx + 4, hi, cx - 4, lo, cx + 4, lo));
                }
            }
            String label = categories.get(c);
            double cx = Svg.L + c * groupW + groupW / 2;
            b.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"end\""
                    + " transform=\"rotate(-20 %.1f %d)\" fill=\"#333\">%s</text>", cx + 8, Svg.H - Svg.B + 14, cx + 8, Svg.H - Svg.B + 14,
                    Fmt.html(label.length() > 28 ? label.substring(0, 27) + "\u2026" : label)));
        }
        if (reference != null) {
            double py = sy.map(reference);
            b.append(String.format(Locale.ROOT, "<line class=\"marker\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\""
                    + " stroke=\"#555\" stroke-dasharray=\"5,3\"/><text x=\"%d\" y=\"%.1f\" font-size=\"11\""
                    + " text-anchor=\"end\" fill=\"#333\">%s</text>", Svg.L, py, Svg.W - Svg.R, py, Svg.W - Svg.R - 2, py - 3,
                    Fmt.html(referenceLabel)));
        }
        List<String[]> leg = new ArrayList<>();
        for (int s = 0; s < seriesNames.size(); s++) {
            leg.add(new String[] {seriesNames.get(s), colors.get(s), ""});
        }
        Svg.legend(b, leg);
        return b.append("</svg>").toString();
    }
}
