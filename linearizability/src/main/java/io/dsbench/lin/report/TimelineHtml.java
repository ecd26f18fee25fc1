package io.dsbench.lin.report;

import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.Counterexample;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.format.Edn;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;
import io.dsbench.lin.model.Outcome;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a check result as one self-contained HTML page (inline CSS, no scripts or fonts from the network):
 * one row per process, one bar per operation spanning its invocation to its completion (in history order), the
 * failing operation in red, the operations of the longest linearizable prefix in green, unknown outcomes hatched;
 * hovering a bar shows the operation, and for the failing one the model states reachable just before it.
 * Stateless and thread-safe.
 */
public final class TimelineHtml {
    private TimelineHtml() {
    }

    /**
     * @param title      the page title (e.g. the file name)
     * @param operations every checked operation (all partitions)
     * @param result     the check result
     * @param historySize number of events in the history (the time axis)
     */
    public static String render(String title, List<Operation> operations, CheckResult result, int historySize) {
        Counterexample ce = result.counterexample();
        Model model = result.modelRef();
        Set<Long> prefix = new HashSet<>();
        Operation failing = null;
        if (ce != null) {
            for (Operation o : ce.prefix()) {
                prefix.add(ident(o));
            }
            failing = ce.failing();
        }
        TreeMap<Integer, StringBuilder> rows = new TreeMap<>();
        int axis = Math.max(1, historySize);
        for (Operation o : operations) {
            int end = o.returnPos() == Integer.MAX_VALUE ? axis : o.returnPos() + 1;
            double left = 100.0 * o.callPos() / axis;
            double width = Math.max(0.3, 100.0 * (end - o.callPos()) / axis);
            boolean isFailing = failing != null && ident(failing) == ident(o);
            String cls = isFailing ? "op fail" : prefix.contains(ident(o)) ? "op lin" : "op";
            if (o.outcome() == Outcome.UNKNOWN) {
                cls += " unk";
            }
            StringBuilder tip = new StringBuilder(o.describe());
            tip.append("\ninvoked at event ").append(o.callPos()).append(", ")
                    .append(o.returnPos() == Integer.MAX_VALUE ? "never returned" : "returned at event " + o.returnPos());
            if (isFailing) {
                tip.append("\n\nCANNOT BE LINEARIZED. States reachable just before it:");
                for (Object s : ce.statesBefore()) {
                    tip.append("\n  ").append(model == null ? Edn.write(s) : model.describe(s));
                }
            }
            String label = ":" + o.f() + (o.key() != null ? " " + Edn.write(o.key()) : "") + " " + Edn.write(o.value());
            rows.computeIfAbsent(o.process(), p -> new StringBuilder())
                    .append("<div class=\"").append(cls).append("\" style=\"left:")
                    .append(String.format(java.util.Locale.ROOT, "%.4f", left)).append("%;width:")
                    .append(String.format(java.util.Locale.ROOT, "%.4f", width)).append("%\" title=\"")
                    .append(esc(tip.toString())).append("\">").append(esc(label)).append("</div>");
        }
        StringBuilder sb = new StringBuilder(4096);
        sb.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>").append(esc(title))
                .append("</title>\n<style>\n")
                .append("body{font-family:sans-serif;margin:16px;color:#222}\n")
                .append(".row{position:relative;height:26px;border-bottom:1px solid #eee}\n")
                .append(".lbl{position:absolute;left:0;width:70px;font:12px monospace;line-height:26px}\n")
                .append(".lane{position:absolute;left:74px;right:0;top:0;bottom:0}\n")
                .append(".op{position:absolute;top:3px;height:19px;background:#cfd8e3;border:1px solid #8899aa;")
                .append("border-radius:3px;font:11px monospace;overflow:hidden;white-space:nowrap;box-sizing:border-box}\n")
                .append(".op:hover{z-index:5;outline:2px solid #333}\n")
                .append(".lin{background:#c8e6c9;border-color:#4caf50}\n")
                .append(".fail{background:#ef9a9a;border:2px solid #c62828;font-weight:bold}\n")
                .append(".unk{background-image:repeating-linear-gradient(45deg,transparent 0 4px,rgba(0,0,0,.12) 4px 8px)}\n")
                .append(".verdict{font-size:18px;margin:8px 0}\n.legend span{display:inline-block;padding:2px 6px;margin-right:8px;border:1px solid #999}\n")
                .append("pre{background:#f6f6f6;padding:8px;white-space:pre-wrap}\n")
                .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n");
        sb.append("<div class=\"verdict\">").append(esc(Summaries.line(title, result))).append("</div>\n");
        sb.append("<div class=\"legend\"><span class=\"lin\" style=\"background:#c8e6c9\">in the longest linearizable prefix</span>")
                .append("<span style=\"background:#ef9a9a\">cannot be placed</span>")
                .append("<span style=\"background:#cfd8e3\">other</span>")
                .append("<span class=\"unk\">unknown outcome</span></div>\n");
        if (ce != null) {
            sb.append("<pre>").append(esc(Summaries.evidence(result))).append("</pre>\n");
        }
        sb.append("<p>Rows are processes; bars span invocation to completion in history order (event positions), ")
                .append("hover a bar for details.</p>\n<div class=\"timeline\">\n");
        for (var e : rows.entrySet()) {
            sb.append("<div class=\"row\"><div class=\"lbl\">p").append(e.getKey() == Integer.MIN_VALUE ? "nemesis" : e.getKey())
                    .append("</div><div class=\"lane\">").append(e.getValue()).append("</div></div>\n");
        }
        sb.append("</div>\n</body></html>\n");
        return sb.toString();
    }

    private static long ident(Operation o) {
        return ((long) o.callPos() << 32) ^ o.process();
    }

    static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<': sb.append("&lt;"); break;
                case '>': sb.append("&gt;"); break;
                case '&': sb.append("&amp;"); break;
                case '"': sb.append("&quot;"); break;
                case '\n': sb.append("&#10;"); break;
                default: sb.append(c);
            }
        }
        return sb.toString();
    }

    /** True when the result's verdict is a definite answer. */
    static boolean definite(CheckResult r) {
        return r.verdict() != Verdict.UNKNOWN;
    }
}
