package io.dsbench.lin.format;

import io.dsbench.lin.history.Keyword;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * A small EDN reader and writer, enough for Jepsen/Knossos histories: vectors and lists (read as {@code List}),
 * maps ({@code Map}, insertion-ordered, null values allowed), sets, keywords ({@link Keyword}), strings, integers
 * ({@code Long}, or {@code BigInteger} when too large), floats ({@code Double}), {@code nil}, {@code true},
 * {@code false}, characters (as one-character strings), {@code ;} comments, {@code #_} discards, and tagged
 * literals ({@code #tag form} reads as the form). Collections returned are unmodifiable.
 *
 * <p>{@link Reader} is not thread-safe; the static methods are.
 */
public final class Edn {

    private Edn() {
    }

    /** Reads every top-level form of {@code text}. */
    public static List<Object> readAll(String text, String file) {
        Reader r = new Reader(text, file);
        List<Object> out = new ArrayList<>();
        while (r.hasNext()) {
            out.add(r.next());
        }
        return out;
    }

    /** Reads exactly one form. */
    public static Object read(String text) {
        List<Object> all = readAll(text, "<string>");
        if (all.size() != 1) {
            throw new HistoryFormatException("<string>", 1, "expected exactly one EDN form, found " + all.size());
        }
        return all.get(0);
    }

    /**
     * The deepest nesting of forms (collections, tagged literals, discards) read: deeper input is an error naming the
     * line, not a stack overflow (histories nest a handful of levels).
     */
    public static final int MAX_DEPTH = 1000;

    /** A streaming reader of top-level forms, tracking line numbers. */
    public static final class Reader {
        private final String s;
        private final String file;
        private int depth;
        private int pos;
        private int line = 1;
        private int formLine = 1;

        public Reader(String text, String file) {
            this.s = text;
            this.file = file;
        }

        /** True when another form follows (skips whitespace and comments). */
        public boolean hasNext() {
            skipWs();
            return pos < s.length();
        }

        /** The next form. */
        public Object next() {
            skipWs();
            formLine = line;
            return readForm();
        }

        /**
         * If the next form is a vector or a list, consumes its opening bracket and returns true; its elements are then
         * read one by one ({@link #hasNextElement()}, {@link #next()}) without holding them all, which keeps the
         * memory for a long history to the operations built from them.
         */
        public boolean openSequence() {
            skipWs();
            if (pos < s.length() && (s.charAt(pos) == '[' || s.charAt(pos) == '(')) {
                openClose = s.charAt(pos) == '[' ? ']' : ')';
                openLine = line;
                pos++;
                return true;
            }
            return false;
        }

        /** Within {@link #openSequence()}: true when another element follows; false (consuming it) at its end. */
        public boolean hasNextElement() {
            skipWs();
            if (pos >= s.length()) {
                throw new HistoryFormatException(file, openLine,
                        "collection opened on this line is never closed: expected '" + openClose + "'");
            }
            char c = s.charAt(pos);
            if (c == openClose) {
                pos++;
                return false;
            }
            if (c == ']' || c == ')' || c == '}') {
                throw error("unexpected '" + c + "': expected '" + openClose + "'");
            }
            return true;
        }

        private char openClose;
        private int openLine;

        /** The line on which the last form returned by {@link #next()} started. */
        public int formLine() {
            return formLine;
        }

        /** The current line. */
        public int line() {
            return line;
        }

        private HistoryFormatException error(String what) {
            return new HistoryFormatException(file, line, what);
        }

        private void skipWs() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (c == ' ' || c == '\t' || c == '\r' || c == ',' || c == '\f') {
                    pos++;
                } else if (c == ';') {
                    while (pos < s.length() && s.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (c == '#' && pos + 1 < s.length() && s.charAt(pos + 1) == '_') {
                    pos += 2;
                    skipWs();
                    readForm();
                } else if (c == '#' && pos + 1 < s.length() && s.charAt(pos + 1) == '!') {
                    while (pos < s.length() && s.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        private Object readForm() {
            if (++depth > MAX_DEPTH) {
                throw error("forms nested deeper than " + MAX_DEPTH + " levels: not a history");
            }
            try {
                return readFormAt();
            } finally {
                depth--;
            }
        }

        private Object readFormAt() {
            if (pos >= s.length()) {
                throw error("unexpected end of input: expected an EDN value");
            }
            char c = s.charAt(pos);
            switch (c) {
                case '[':
                case '(': {
                    char close = c == '[' ? ']' : ')';
                    pos++;
                    List<Object> items = new ArrayList<>();
                    readUntil(close, items);
                    return Collections.unmodifiableList(items);
                }
                case '{': {
                    pos++;
                    List<Object> items = new ArrayList<>();
                    int startLine = line;
                    readUntil('}', items);
                    if (items.size() % 2 != 0) {
                        throw new HistoryFormatException(file, startLine,
                                "map starting here has an odd number of forms (" + items.size()
                                        + "): expected key/value pairs");
                    }
                    Map<Object, Object> m = new LinkedHashMap<>();
                    for (int i = 0; i < items.size(); i += 2) {
                        m.put(items.get(i), items.get(i + 1));
                    }
                    return Collections.unmodifiableMap(m);
                }
                case '#': {
                    if (pos + 1 < s.length() && s.charAt(pos + 1) == '{') {
                        pos += 2;
                        List<Object> items = new ArrayList<>();
                        readUntil('}', items);
                        return Collections.unmodifiableSet(new LinkedHashSet<>(items));
                    }
                    // tagged literal: #tag form -> form
                    pos++;
                    readToken();
                    skipWs();
                    return readForm();
                }
                case ']':
                case ')':
                case '}':
                    throw error("unexpected '" + c + "': no collection is open here");
                case '"':
                    return readString();
                case '\\': {
                    pos++;
                    String tok = readToken();
                    if (tok.isEmpty() && pos < s.length()) {
                        tok = String.valueOf(s.charAt(pos++));
                    }
                    switch (tok) {
                        case "newline": return "\n";
                        case "space": return " ";
                        case "tab": return "\t";
                        default: return tok.substring(0, 1);
                    }
                }
                case ':': {
                    pos++;
                    String tok = readToken();
                    if (tok.isEmpty()) {
                        throw error("expected a keyword name after ':'");
                    }
                    return Keyword.of(tok);
                }
                default: {
                    String tok = readToken();
                    if (tok.isEmpty()) {
                        throw error("unexpected character '" + c + "': expected an EDN value");
                    }
                    return atom(tok);
                }
            }
        }

        private void readUntil(char close, List<Object> items) {
            int startLine = line;
            while (true) {
                skipWs();
                if (pos >= s.length()) {
                    throw new HistoryFormatException(file, startLine,
                            "collection opened on this line is never closed: expected '" + close + "'");
                }
                char c = s.charAt(pos);
                if (c == close) {
                    pos++;
                    return;
                }
                if (c == ']' || c == ')' || c == '}') {
                    throw error("unexpected '" + c + "': expected '" + close + "'");
                }
                items.add(readForm());
            }
        }

        private String readToken() {
            int start = pos;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (Character.isWhitespace(c) || c == ',' || c == '[' || c == ']' || c == '(' || c == ')'
                        || c == '{' || c == '}' || c == '"' || c == ';') {
                    break;
                }
                pos++;
            }
            return s.substring(start, pos);
        }

        private Object atom(String tok) {
            switch (tok) {
                case "nil": return null;
                case "true": return Boolean.TRUE;
                case "false": return Boolean.FALSE;
                default:
                    break;
            }
            char c0 = tok.charAt(0);
            boolean numeric = Character.isDigit(c0)
                    || ((c0 == '-' || c0 == '+') && tok.length() > 1 && Character.isDigit(tok.charAt(1)));
            if (!numeric) {
                return new EdnSymbol(tok);
            }
            String t = tok;
            if (t.endsWith("N")) {
                t = t.substring(0, t.length() - 1);
            }
            try {
                if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0 || t.endsWith("M")) {
                    return Double.parseDouble(t.endsWith("M") ? t.substring(0, t.length() - 1) : t);
                }
                BigInteger b = new BigInteger(t.startsWith("+") ? t.substring(1) : t);
                return b.bitLength() < 64 ? (Object) b.longValue() : b;
            } catch (NumberFormatException e) {
                throw error("malformed number '" + tok + "'");
            }
        }

        private String readString() {
            int startLine = line;
            pos++;
            StringBuilder sb = new StringBuilder();
            while (true) {
                if (pos >= s.length()) {
                    throw new HistoryFormatException(file, startLine, "string starting here is never closed: expected '\"'");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\n') {
                    line++;
                }
                if (c == '\\') {
                    if (pos >= s.length()) {
                        throw error("unfinished escape in string");
                    }
                    char e = s.charAt(pos++);
                    switch (e) {
                        case 'n': sb.append('\n'); break;
                        case 't': sb.append('\t'); break;
                        case 'r': sb.append('\r'); break;
                        case '"': sb.append('"'); break;
                        case '\\': sb.append('\\'); break;
                        case 'u':
                            if (pos + 4 > s.length()) {
                                throw error("unfinished \\u escape in string");
                            }
                            try {
                                sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
                            } catch (NumberFormatException ex) {
                                throw error("malformed \\u escape in string");
                            }
                            pos += 4;
                            break;
                        default:
                            throw error("unknown escape '\\" + e + "' in string");
                    }
                } else {
                    sb.append(c);
                }
            }
        }
    }

    /** Writes a value as EDN (lists as vectors). */
    public static String write(Object v) {
        StringBuilder sb = new StringBuilder();
        EdnWriter.write(v, sb);
        return sb.toString();
    }

    /** Appends a value as EDN. */
    public static void write(Object v, StringBuilder sb) {
        EdnWriter.write(v, sb);
    }
}
