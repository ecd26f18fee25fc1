package io.dsbench.tradeoffs;

import java.util.Objects;

/**
 * One measured cell entry of the trade-off table: a number with its unit and sample size, or the reason it could
 * not be measured on this backend.
 *
 * @param row       the table row
 * @param side      advantage or disadvantage column
 * @param backend   the backend it ran on ({@code core} for figures of core algorithms that need no backend)
 * @param variant   which option of the decision, e.g. {@code etcd linearizable reads}, {@code W=1 R=1 N=3},
 *                  {@code write-behind}
 * @param metric    what was measured, e.g. {@code stale reads}, {@code read latency p99}
 * @param value     the number, or null when not measured (then {@code reason} says why)
 * @param unit      its unit: {@code ms}, {@code us}, {@code %}, {@code reads}, {@code x} (a ratio), ...
 * @param samples   how many observations it summarises (reads, writes, runs, ...)
 * @param samplesOf what the samples are, e.g. {@code reads}, {@code kills}
 * @param note      optional context in one line: a comparison baseline, the workload, a caveat (may be null)
 * @param reason    why it was not measured (null when {@code value} is set)
 * @param command   the command that reproduces it (filled in by {@link ExperimentContext#add})
 */
public record Figure(Row row, Row.Side side, String backend, String variant, String metric, Double value,
                     String unit, long samples, String samplesOf, String note, String reason, String command) {
    public Figure {
        Objects.requireNonNull(row, "row");
        Objects.requireNonNull(side, "side");
        Objects.requireNonNull(variant, "variant");
        Objects.requireNonNull(metric, "metric");
        if (value == null && (reason == null || reason.isBlank())) {
            throw new IllegalArgumentException("a figure without a value needs a reason: " + row.id() + " " + metric);
        }
        if (value != null && (value.isNaN() || value.isInfinite())) {
            throw new IllegalArgumentException(row.id() + " " + metric + ": value " + value + " is not a number");
        }
        if (value != null && (unit == null || samplesOf == null || samples < 0)) {
            throw new IllegalArgumentException(row.id() + " " + metric + ": a value needs a unit and a sample size");
        }
    }

    /** A measured number (backend and command are filled in when added to the context). */
    public static Figure of(Row row, Row.Side side, String variant, String metric, double value, String unit,
                            long samples, String samplesOf, String note) {
        return new Figure(row, side, null, variant, metric, value, unit, samples, samplesOf, note, null, null);
    }

    /** A cell entry that could not be measured here, and why. */
    public static Figure unmeasured(Row row, Row.Side side, String variant, String metric, String reason) {
        return new Figure(row, side, null, variant, metric, null, null, 0, null, null, reason, null);
    }

    public boolean measured() {
        return value != null;
    }

    Figure on(String backendName, String commandLine) {
        return new Figure(row, side, backend == null ? backendName : backend, variant, metric, value, unit, samples,
                samplesOf, note, reason, command == null ? commandLine : command);
    }
}
