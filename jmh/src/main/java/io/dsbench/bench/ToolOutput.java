package io.dsbench.bench;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parsers for the servers' own tools' output. Pure functions; lines they do not know are ignored. */
public final class ToolOutput {
    private static final Pattern CHECK_PERF = Pattern.compile(
            "(?:PASS|FAIL): Throughput(?: is| too low:) ([0-9]+(?:\\.[0-9]+)?) writes/s");

    private ToolOutput() {
    }

    /**
     * Requests per second per test from {@code redis-benchmark --csv}: a header line
     * {@code "test","rps",...} then one line per test, e.g. {@code "GET","86206.90",...}. Keys are upper case
     * ({@code GET}, {@code SET}).
     *
     * @throws IllegalArgumentException when there is no header or no test line (the message quotes the output)
     */
    public static Map<String, Double> redisBenchmarkCsv(String output) {
        Map<String, Double> rps = new LinkedHashMap<>();
        boolean header = false;
        int rpsColumn = -1;
        for (String line : output.split("\\R")) {
            String[] cells = line.trim().split(",");
            if (cells.length < 2) {
                continue;
            }
            for (int i = 0; i < cells.length; i++) {
                cells[i] = unquote(cells[i]);
            }
            if (cells[0].equals("test")) {
                header = true;
                for (int i = 0; i < cells.length; i++) {
                    if (cells[i].equals("rps")) {
                        rpsColumn = i;
                    }
                }
                continue;
            }
            if (header && rpsColumn > 0 && cells.length > rpsColumn) {
                try {
                    rps.put(cells[0].toUpperCase(Locale.ROOT), Double.parseDouble(cells[rpsColumn]));
                } catch (NumberFormatException ignored) {
                    // not a result line (a warning, a progress line)
                }
            }
        }
        if (rps.isEmpty()) {
            throw new IllegalArgumentException("no result in redis-benchmark --csv output (expected a \"test\",\"rps\""
                    + " header and a line per test): " + abbreviate(output));
        }
        return rps;
    }

    /**
     * Writes per second from {@code etcdctl check perf}: its {@code PASS: Throughput is 150 writes/s} or
     * {@code FAIL: Throughput too low: 120 writes/s} line.
     */
    public static OptionalDouble etcdCheckPerf(String output) {
        Matcher m = CHECK_PERF.matcher(output);
        return m.find() ? OptionalDouble.of(Double.parseDouble(m.group(1))) : OptionalDouble.empty();
    }

    private static String unquote(String s) {
        s = s.trim();
        return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").trim();
        return one.isEmpty() ? "(no output)" : one.length() > 300 ? one.substring(0, 300) + " ..." : one;
    }
}
