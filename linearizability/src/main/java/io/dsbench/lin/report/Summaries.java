package io.dsbench.lin.report;

import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.Counterexample;
import io.dsbench.lin.format.Edn;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One-line, evidence and JSON summaries of a check result. Stateless and thread-safe. */
public final class Summaries {
    private Summaries() {
    }

    /** e.g. {@code etcd_000.log: NOT linearizable (cas-register, 85 ops, 1.23 ms)}. */
    public static String line(String file, CheckResult r) {
        String v = switch (r.verdict()) {
            case LINEARIZABLE -> "linearizable";
            case NOT_LINEARIZABLE -> "NOT linearizable";
            case UNKNOWN -> "unknown (" + r.reason() + ")";
        };
        String s = String.format(Locale.ROOT, "%s: %s (%s, %d ops, %d partition%s, %.2f ms)", file, v, r.model(),
                r.operations(), r.partitions(), r.partitions() == 1 ? "" : "s", r.checkMillis());
        if (r.counterexample() != null && r.counterexample().failing() != null) {
            s += " cannot place " + r.counterexample().failing().describe() + " at event "
                    + r.counterexample().failing().callPos();
        }
        return s;
    }

    /** Multi-line evidence for a non-linearizable result. */
    public static String evidence(CheckResult r) {
        Counterexample ce = r.counterexample();
        if (ce == null) {
            return "";
        }
        Model m = r.modelRef();
        StringBuilder sb = new StringBuilder();
        if (ce.partition() != null) {
            sb.append("partition: ").append(Edn.write(ce.partition())).append('\n');
        }
        Operation f = ce.failing();
        sb.append("cannot place: ").append(f == null ? "?" : f.describe() + " (invoked at event " + f.callPos()
                + ", returned at event " + f.returnPos() + ")").append('\n');
        sb.append("longest linearizable prefix (").append(ce.prefix().size()).append(" ops):\n");
        for (Operation o : ce.prefix()) {
            sb.append("  ").append(o.describe()).append('\n');
        }
        sb.append("model states reachable just before it:\n");
        for (Object s : ce.statesBefore()) {
            sb.append("  ").append(m == null ? Edn.write(s) : m.describe(s)).append('\n');
        }
        return sb.toString();
    }

    /** The JSON object for {@code check --json}: file, valid, model, ops, check_ms, counterexample. */
    public static Map<String, Object> json(String file, CheckResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        m.put("valid", r.verdict().json());
        m.put("model", r.model());
        m.put("ops", r.operations());
        m.put("check_ms", Math.round(r.checkMillis() * 1000) / 1000.0);
        if (r.reason() != null) {
            m.put("reason", r.reason());
        }
        Counterexample ce = r.counterexample();
        if (ce == null) {
            m.put("counterexample", null);
        } else {
            Map<String, Object> c = new LinkedHashMap<>();
            if (ce.partition() != null) {
                c.put("partition", Edn.write(ce.partition()));
            }
            c.put("op", ce.failing() == null ? null : opJson(ce.failing()));
            List<Object> prefix = new ArrayList<>();
            for (Operation o : ce.prefix()) {
                prefix.add(opJson(o));
            }
            c.put("prefix", prefix);
            List<String> states = new ArrayList<>();
            for (Object s : ce.statesBefore()) {
                states.add(r.modelRef() == null ? Edn.write(s) : r.modelRef().describe(s));
            }
            c.put("states", states);
            m.put("counterexample", c);
        }
        return m;
    }

    private static Map<String, Object> opJson(Operation o) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("process", o.process());
        m.put("f", o.f());
        if (o.key() != null) {
            m.put("key", Edn.write(o.key()));
        }
        m.put("value", Edn.write(o.value()));
        m.put("outcome", o.outcome().name().toLowerCase(Locale.ROOT));
        m.put("invoke_index", o.callPos());
        m.put("complete_index", o.returnPos() == Integer.MAX_VALUE ? null : o.returnPos());
        return m;
    }
}
