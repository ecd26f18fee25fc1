package io.dsbench.chaos.k8s;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Go's duration syntax, as accepted by {@code time.ParseDuration}, which is what Chaos Mesh's webhook runs on every
 * {@code duration}, {@code latency}, {@code jitter}, {@code timeOffset} and workflow {@code deadline} field (see
 * {@link WebhookRules}). The grammar follows the Go documentation of {@code time.ParseDuration}: an optional sign,
 * then either the bare {@code 0} or one or more decimal numbers each followed by a unit ({@code ns}, {@code us},
 * {@code µs}, {@code μs}, {@code ms}, {@code s}, {@code m}, {@code h}), e.g. {@code 300ms}, {@code -1.5h},
 * {@code 2h45m}. A number without a unit ({@code 30}), an empty string, a space or a day unit ({@code 1d}) is
 * refused, as Go refuses it; so is a value past the int64 nanosecond range (about 292 years).
 */
public final class GoDuration {
    private static final Map<String, BigInteger> UNIT_NANOS = Map.of(
            "ns", BigInteger.ONE,
            "us", BigInteger.valueOf(1_000L),
            "\u00b5s", BigInteger.valueOf(1_000L),
            "\u03bcs", BigInteger.valueOf(1_000L),
            "ms", BigInteger.valueOf(1_000_000L),
            "s", BigInteger.valueOf(1_000_000_000L),
            "m", BigInteger.valueOf(60_000_000_000L),
            "h", BigInteger.valueOf(3_600_000_000_000L));
    private static final BigDecimal MAX_NANOS = BigDecimal.valueOf(Long.MAX_VALUE);

    private GoDuration() {
    }

    /** The parsed duration, or why the text is not a Go duration (never both). */
    public record Parsed(Optional<Duration> value, Optional<String> error) {
    }

    /** Parses {@code text}; the error names what is wrong, in the words Go's parser would use. */
    public static Parsed parse(String text) {
        if (text == null || text.isEmpty()) {
            return error("an empty string is not a duration (Go syntax, e.g. 30s, 1m30s, 500ms)");
        }
        int i = 0;
        boolean negative = false;
        if (text.charAt(0) == '-' || text.charAt(0) == '+') {
            negative = text.charAt(0) == '-';
            i = 1;
        }
        if (text.substring(i).equals("0")) {
            return new Parsed(Optional.of(Duration.ZERO), Optional.empty());
        }
        if (i == text.length()) {
            return error("'" + text + "' is not a duration: a sign alone");
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < text.length()) {
            int start = i;
            while (i < text.length() && (Character.isDigit(text.charAt(i)) && text.charAt(i) < 128 || text.charAt(i) == '.')) {
                i++;
            }
            String number = text.substring(start, i);
            if (number.isEmpty() || number.equals(".") || number.indexOf('.') != number.lastIndexOf('.')) {
                return error("'" + text + "' is not a duration: expected a number at position " + start
                        + " (Go syntax, e.g. 30s, 1m30s, 500ms)");
            }
            int unitStart = i;
            while (i < text.length() && !Character.isDigit(text.charAt(i)) && text.charAt(i) != '.') {
                i++;
            }
            String unit = text.substring(unitStart, i);
            if (unit.isEmpty()) {
                return error("'" + text + "' is not a duration: missing unit after '" + number
                        + "' (one of ns, us, ms, s, m, h)");
            }
            BigInteger nanos = UNIT_NANOS.get(unit);
            if (nanos == null) {
                return error("'" + text + "' is not a duration: unknown unit '" + unit
                        + "' (one of ns, us, ms, s, m, h; Go has no day unit)");
            }
            String normalized = number.startsWith(".") ? "0" + number : number.endsWith(".") ? number + "0" : number;
            total = total.add(new BigDecimal(normalized).multiply(new BigDecimal(nanos)));
            if (total.compareTo(MAX_NANOS) > 0) {
                return error("'" + text + "' is not a duration: out of range (Go durations end at about 292 years)");
            }
        }
        long n = total.longValue();
        return new Parsed(Optional.of(Duration.ofNanos(negative ? -n : n)), Optional.empty());
    }

    /** Whole seconds in Go syntax, e.g. {@code 45s}; what the generator writes. */
    public static String seconds(long seconds) {
        return seconds + "s";
    }

    private static Parsed error(String message) {
        return new Parsed(Optional.empty(), Optional.of(message));
    }
}
