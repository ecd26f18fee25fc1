package io.dsbench.tradeoffs;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;

/** The terminal's view of the measured table: per row, each side's words and the figures under them. */
public final class TradeoffsTable {
    private TradeoffsTable() {
    }

    public static void print(List<Figure> figures, PrintWriter o) {
        for (Row row : Row.values()) {
            List<Figure> mine = figures.stream().filter(f -> f.row() == row).toList();
            if (mine.isEmpty()) {
                continue;
            }
            o.println(row.decision() + " (" + row.id() + ")");
            for (Row.Side side : Row.Side.values()) {
                o.println("  " + (side == Row.Side.ADVANTAGE ? "+ " + row.specAdvantage() : "- "
                        + row.specDisadvantage()));
                for (Figure f : mine) {
                    if (f.side() == side) {
                        o.println("      " + text(f));
                    }
                }
            }
        }
        o.flush();
    }

    /** One figure in one line: {@code etcd linearizable reads: stale reads 0 reads (n = 812 reads)}. */
    public static String text(Figure f) {
        if (!f.measured()) {
            return String.format(Locale.ROOT, "%-8s not measured: %s", f.backend(), f.reason());
        }
        return String.format(Locale.ROOT, "%-8s %s: %s %s (n = %,d %s)%s", f.backend(), f.variant(), f.metric(),
                value(f.value(), f.unit()), f.samples(), f.samplesOf(), f.note() == null || f.note().isBlank() ? ""
                        : "; " + f.note());
    }

    static String value(double v, String unit) {
        String n = Math.abs(v) >= 100 || v == Math.rint(v) ? String.format(Locale.ROOT, "%,.0f", v)
                : Math.abs(v) >= 10 ? String.format(Locale.ROOT, "%.1f", v)
                : Math.abs(v) >= 1 ? String.format(Locale.ROOT, "%.2f", v) : String.format(Locale.ROOT, "%.3g", v);
        return switch (unit) {
            case "%" -> n + "%";
            case "x" -> n + "x";
            default -> n + " " + unit;
        };
    }
}
