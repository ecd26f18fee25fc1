package io.dsbench.reports;

import java.util.Locale;

/** Number and text formatting shared by the HTML, Markdown and SVG output. */
final class Fmt {
    private Fmt() {
    }

    /** Three significant digits, plain (no exponent), thousands separated: 12,300 / 0.842 / 4.50. */
    static String num(Double v) {
        if (v == null) {
            return "\u2013";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            return String.format(Locale.ROOT, "%,.0f", v);
        }
        if (a >= 100) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (a >= 10) {
            return String.format(Locale.ROOT, "%.1f", v);
        }
        if (a >= 1 || a == 0) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** Short axis labels: 1.5k, 20M, 0.5. */
    static String tick(double v) {
        double a = Math.abs(v);
        if (a >= 1e6) {
            return trim(v / 1e6) + "M";
        }
        if (a >= 1e3) {
            return trim(v / 1e3) + "k";
        }
        if (a > 0 && a < 0.01) {
            return String.format(Locale.ROOT, "%.1g", v);
        }
        return trim(v);
    }

    private static String trim(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        return s.equals("-0") ? "0" : s;
    }

    /** A latency given in microseconds, in the unit that reads best: 850 us, 1.20 ms, 2.50 s. */
    static String micros(Double us) {
        if (us == null) {
            return "\u2013";
        }
        if (us >= 1e6) {
            return num(us / 1e6) + " s";
        }
        if (us >= 1e3) {
            return num(us / 1e3) + " ms";
        }
        return num(us) + " \u00b5s";
    }

    /** A count of things, thousands separated: 192,000. */
    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    static String pct(Double fraction) {
        return fraction == null ? "\u2013" : num(fraction * 100) + "%";
    }

    static String ratio(Double r) {
        if (r == null) {
            return "\u2013";
        }
        // two significant digits below 0.1 (a saga at 0.0029x of three puts is not "0.00x")
        return String.format(Locale.ROOT, Math.abs(r) < 0.1 && r != 0 ? "%.2g\u00d7" : "%.2f\u00d7", r);
    }

    static String html(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A Markdown table cell: no pipes or line breaks. */
    static String md(String s) {
        return s == null ? "" : s.replace("|", "\\|").replace("\r", "").replace("\n", " ");
    }

    /** An id usable in HTML and URLs. */
    static String slug(String s) {
        return s == null ? "x" : s.replaceAll("[^A-Za-z0-9_-]+", "-");
    }
}
