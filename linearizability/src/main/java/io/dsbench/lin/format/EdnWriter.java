package io.dsbench.lin.format;

import io.dsbench.lin.history.Keyword;

import java.math.BigInteger;
import java.util.Collection;
import java.util.Map;
import java.util.Set;

/** Writes values as EDN for {@link Edn#write}: lists as vectors, sets, maps, keywords, strings, numbers. Stateless. */
final class EdnWriter {

    private EdnWriter() {
    }

    /** Appends a value as EDN. */
    static void write(Object v, StringBuilder sb) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof String str) {
            sb.append('"');
            for (int i = 0; i < str.length(); i++) {
                char c = str.charAt(i);
                switch (c) {
                    case '"': sb.append("\\\""); break;
                    case '\\': sb.append("\\\\"); break;
                    case '\n': sb.append("\\n"); break;
                    case '\t': sb.append("\\t"); break;
                    case '\r': sb.append("\\r"); break;
                    default:
                        if (c < 0x20) {
                            sb.append(String.format("\\u%04x", (int) c));
                        } else {
                            sb.append(c);
                        }
                }
            }
            sb.append('"');
        } else if (v instanceof Keyword || v instanceof Long || v instanceof Boolean || v instanceof EdnSymbol
                || v instanceof Integer || v instanceof BigInteger) {
            sb.append(v);
        } else if (v instanceof Double d) {
            String t = d.toString();
            sb.append(t.contains(".") || t.contains("E") || t.contains("N") ? t : t + ".0");
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                write(e.getKey(), sb);
                sb.append(' ');
                write(e.getValue(), sb);
            }
            sb.append('}');
        } else if (v instanceof Set<?> set) {
            sb.append("#{");
            joinTo(set, sb);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            joinTo(c, sb);
            sb.append(']');
        } else if (v instanceof Number n) {
            sb.append(n);
        } else {
            write(v.toString(), sb);
        }
    }

    private static void joinTo(Collection<?> c, StringBuilder sb) {
        boolean first = true;
        for (Object o : c) {
            if (!first) {
                sb.append(' ');
            }
            first = false;
            write(o, sb);
        }
    }
}
