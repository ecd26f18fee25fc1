package io.dsbench.lin.format;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Keyword;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads and writes histories in every {@link HistoryFormat}, and sniffs the format of a file. Stateless and
 * thread-safe. Malformed input raises {@link HistoryFormatException} with the file, line and what was expected.
 */
public final class HistoryFormats {

    private static final Pattern JEPSEN_LINE =
            Pattern.compile("^\\s*\\S+\\s+jepsen\\.util\\s+-\\s+(\\S+)\\s+(:\\S+)\\s+(:\\S+)\\s*(.*?)\\s*$");

    private HistoryFormats() {
    }

    /** Reads a file, sniffing the format when {@code format} is null. */
    public static History read(Path file, HistoryFormat format) {
        String text = HistoryFiles.readText(file);
        String name = file.toString();
        return parse(text, name, format == null ? sniff(text, name) : format);
    }

    /** Parses text in a format (a leading byte order mark is skipped). */
    public static History parse(String text, String file, HistoryFormat format) {
        text = HistoryFiles.stripBom(text);
        switch (format) {
            case EDN:
            case PORCUPINE_KV:
                return parseEdn(text, file);
            case JEPSEN_LOG:
                return parseJepsenLog(text, file);
            case JSONL:
                return parseJsonLines(text, file);
            default:
                throw new IllegalArgumentException("format " + format);
        }
    }

    /**
     * Guesses the format from the content: JSON lines start with <code>{"</code>; Jepsen logs contain
     * {@code jepsen.util}; a map per line with {@code :key} is Porcupine kv; otherwise EDN. An empty file is EDN.
     */
    public static HistoryFormat sniff(String text, String file) {
        text = HistoryFiles.stripBom(text);
        for (String line : text.split("\n", 50)) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith(";")) {
                continue;
            }
            if (t.contains("jepsen.util")) {
                return HistoryFormat.JEPSEN_LOG;
            }
            if (t.startsWith("{\"")) {
                return HistoryFormat.JSONL;
            }
            if (t.startsWith("{") && t.contains(":key")) {
                return HistoryFormat.PORCUPINE_KV;
            }
            return HistoryFormat.EDN;
        }
        if (file != null && file.endsWith(".log")) {
            return HistoryFormat.JEPSEN_LOG;
        }
        return HistoryFormat.EDN;
    }

    // ---------------------------------------------------------------- EDN

    private static History parseEdn(String text, String file) {
        Edn.Reader r = new Edn.Reader(text, file);
        List<Op> ops = new ArrayList<>();
        boolean sawVector = false;
        while (r.hasNext()) {
            int startLine = r.line();
            if (r.openSequence()) {
                if (sawVector || !ops.isEmpty()) {
                    throw new HistoryFormatException(file, startLine,
                            "a second top-level collection: expected one vector of ops, or one op map per line");
                }
                sawVector = true;
                // element by element: the op maps are not all held at once
                while (r.hasNextElement()) {
                    Object o = r.next();
                    ops.add(opFromMap(o, file, r.formLine(), ops.size()));
                }
                continue;
            }
            Object form = r.next();
            int line = r.formLine();
            if (form instanceof Map<?, ?>) {
                if (sawVector) {
                    throw new HistoryFormatException(file, line, "an op map after the vector of ops");
                }
                ops.add(opFromMap(form, file, line, ops.size()));
            } else {
                throw new HistoryFormatException(file, line,
                        "expected a vector of op maps or an op map, found " + describe(form));
            }
        }
        return History.of(ops);
    }

    private static String describe(Object o) {
        return o == null ? "nil" : o.getClass().getSimpleName() + " " + Edn.write(o);
    }

    /** Turns one op map (keyword or string keys) into an op. */
    static Op opFromMap(Object form, String file, int line, int position) {
        if (!(form instanceof Map<?, ?> m)) {
            throw new HistoryFormatException(file, line, "op " + position + ": expected an op map {:process .. :type .. :f ..}, found "
                    + describe(form));
        }
        Object typeV = field(m, "type");
        OpType type = typeV == null ? null : OpType.parse(name(typeV));
        if (type == null) {
            throw new HistoryFormatException(file, line, "op " + position
                    + ": expected :type to be one of :invoke :ok :fail :info, found " + describe(typeV));
        }
        Object procV = field(m, "process");
        int process;
        if (procV instanceof Number n) {
            process = n.intValue();
        } else if (procV != null && "nemesis".equals(name(procV))) {
            process = Op.NEMESIS;
        } else {
            throw new HistoryFormatException(file, line, "op " + position
                    + ": expected :process to be an integer or :nemesis, found " + describe(procV));
        }
        Object fV = field(m, "f");
        if (fV == null) {
            throw new HistoryFormatException(file, line, "op " + position + ": expected an :f (function), found none");
        }
        Object timeV = field(m, "time");
        long time = timeV instanceof Number n ? n.longValue() : -1;
        return new Op(position, time, type, process, name(fV), field(m, "value"), field(m, "key"), field(m, "error"));
    }

    private static Object field(Map<?, ?> m, String name) {
        Object v = m.get(new Keyword(name));
        return v != null ? v : m.get(name);
    }

    /** The name of a keyword or the string itself. */
    public static String name(Object v) {
        if (v instanceof Keyword k) {
            return k.name();
        }
        if (v instanceof EdnSymbol s) {
            return s.name();
        }
        return String.valueOf(v);
    }

    // ---------------------------------------------------------------- Jepsen log

    private static History parseJepsenLog(String text, String file) {
        List<Op> ops = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            Matcher mt = JEPSEN_LINE.matcher(line);
            if (!mt.matches()) {
                if (!line.contains("jepsen.util")) {
                    continue; // other log output (other loggers) is not part of the history
                }
                throw new HistoryFormatException(file, i + 1,
                        "expected 'INFO  jepsen.util - <process> :<type> :<f> <value>', found '" + line.strip() + "'");
            }
            String procS = mt.group(1);
            int process;
            if (procS.equals(":nemesis")) {
                process = Op.NEMESIS;
            } else {
                try {
                    process = Integer.parseInt(procS);
                } catch (NumberFormatException e) {
                    throw new HistoryFormatException(file, i + 1,
                            "expected a process number or :nemesis, found '" + procS + "'");
                }
            }
            OpType type = OpType.parse(mt.group(2));
            if (type == null) {
                throw new HistoryFormatException(file, i + 1,
                        "expected :invoke, :ok, :fail or :info, found '" + mt.group(2) + "'");
            }
            String f = mt.group(3).substring(1);
            Object value = null;
            Object error = null;
            String rest = mt.group(4);
            if (!rest.isEmpty()) {
                List<Object> forms;
                try {
                    forms = Edn.readAll(rest, file);
                } catch (HistoryFormatException e) {
                    throw new HistoryFormatException(file, i + 1, "malformed value '" + rest + "': " + e.getMessage());
                }
                value = forms.isEmpty() ? null : forms.get(0);
            }
            if (value instanceof Keyword && type != OpType.INVOKE && type != OpType.OK) {
                error = value; // e.g. ":info :write :timed-out"
                value = null;
            }
            ops.add(new Op(ops.size(), -1, type, process, f, value, null, error));
        }
        return History.of(ops);
    }

    // ---------------------------------------------------------------- JSON lines

    private static History parseJsonLines(String text, String file) {
        List<Op> ops = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            JsonNode node;
            try {
                node = Json.mapper().readTree(line);
            } catch (JsonProcessingException e) {
                throw new HistoryFormatException(file, i + 1,
                        "expected one JSON object per line: " + e.getOriginalMessage());
            }
            if (node == null || !node.isObject()) {
                throw new HistoryFormatException(file, i + 1, "expected a JSON object, found " + line);
            }
            ops.add(opFromMap(fromJson(node), file, i + 1, ops.size()));
        }
        return History.of(ops);
    }

    private static Object fromJson(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (n.isIntegralNumber()) {
            return n.canConvertToLong() ? (Object) n.longValue() : n.bigIntegerValue();
        }
        if (n.isNumber()) {
            return n.doubleValue();
        }
        if (n.isBoolean()) {
            return n.booleanValue();
        }
        if (n.isTextual()) {
            String t = n.textValue();
            return t.length() > 1 && t.startsWith(":") ? Keyword.of(t) : t;
        }
        if (n.isArray()) {
            List<Object> l = new ArrayList<>();
            for (JsonNode c : n) {
                l.add(fromJson(c));
            }
            return Collections.unmodifiableList(l);
        }
        Map<Object, Object> m = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = n.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            m.put(e.getKey(), fromJson(e.getValue()));
        }
        return Collections.unmodifiableMap(m);
    }

    // ---------------------------------------------------------------- writing

    /** The op as an EDN map with keyword keys (the order Jepsen prints). */
    public static Map<Object, Object> toMap(Op op) {
        Map<Object, Object> m = new LinkedHashMap<>();
        m.put(new Keyword("index"), (long) op.index());
        if (op.time() >= 0) {
            m.put(new Keyword("time"), op.time());
        }
        m.put(new Keyword("type"), new Keyword(op.type().ednName()));
        m.put(new Keyword("process"), op.isNemesis() ? new Keyword("nemesis") : (Object) (long) op.process());
        m.put(new Keyword("f"), new Keyword(op.f()));
        if (op.key() != null) {
            m.put(new Keyword("key"), op.key());
        }
        m.put(new Keyword("value"), op.value());
        if (op.error() != null) {
            m.put(new Keyword("error"), op.error());
        }
        return m;
    }

    /** Writes a history as Knossos EDN: a vector with one op map per line. Reading it back gives an equal history. */
    public static String toEdn(History h) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < h.size(); i++) {
            if (i > 0) {
                sb.append("\n ");
            }
            Edn.write(toMap(h.get(i)), sb);
        }
        return sb.append("]\n").toString();
    }

    /** Writes a history as JSON lines (keywords as ":name" strings). */
    public static String toJsonLines(History h) {
        StringBuilder sb = new StringBuilder();
        for (Op op : h) {
            Map<String, Object> m = new LinkedHashMap<>();
            for (Map.Entry<Object, Object> e : toMap(op).entrySet()) {
                m.put(((Keyword) e.getKey()).name(), toJsonValue(e.getValue()));
            }
            m.put("type", op.type().ednName());
            m.put("f", op.f());
            if (op.isNemesis()) {
                m.put("process", "nemesis");
            }
            try {
                sb.append(Json.mapper().writeValueAsString(m)).append('\n');
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        }
        return sb.toString();
    }

    private static Object toJsonValue(Object v) {
        if (v instanceof Keyword k) {
            return k.toString();
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(toJsonValue(o));
            }
            return out;
        }
        if (v instanceof java.util.Collection<?> c) {
            List<Object> out = new ArrayList<>();
            for (Object o : c) {
                out.add(toJsonValue(o));
            }
            return out;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(e.getKey() instanceof Keyword k ? k.name() : String.valueOf(e.getKey()), toJsonValue(e.getValue()));
            }
            return out;
        }
        if (v instanceof EdnSymbol s) {
            return s.name();
        }
        return v;
    }
}
