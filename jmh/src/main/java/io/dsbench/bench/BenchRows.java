package io.dsbench.bench;

import java.util.List;

/**
 * The rows {@code dsbench bench} writes to {@code bench.json} and {@code baselines.json} (format {@code
 * dsbench-bench/1}, see SCHEMAS.md). Plain records: serialised with snake_case names ({@code p999Us} becomes
 * {@code p999_us}); every figure names its unit in its name or a {@code unit} field.
 */
public final class BenchRows {
    private BenchRows() {
    }

    /**
     * One load run (open or closed loop) at one offered rate.
     *
     * @param tag     the run's tag in the .hlog ({@code r2000}, {@code open-stall}, ...)
     * @param fault   what was done to the server during the run, or null
     * @param status  {@code ok}, or {@code failed} when a call failed (partial figures are kept)
     * @param reason  the first failure and how many, or null
     */
    public record Latency(String backend, String op, String loop, int clients, double offeredRatePerS,
                          double achievedRatePerS, long count, double p50Us, double p90Us, double p99Us, double p999Us,
                          double p9999Us, double maxUs, long warmupCount, long errors, String hlog, String tag,
                          String fault, String status, String reason) {
    }

    /** A rate sweep of one operation: its points and the knee ({@code null} when even the lowest rate failed). */
    public record Sweep(String backend, String op, double p99BoundUs, Double kneeRatePerS, boolean kneeBelowTop,
                        List<Knee.Point> points, String hlog, String status, String reason) {
    }

    /** Throughput and latency at one client count (closed loop, each client as fast as it can). */
    public record ScalingPoint(int clients, double throughputPerS, double p50Us, double p99Us, double p999Us,
                               long errors) {
    }

    /** Throughput and p99 against client count for one operation. */
    public record Scaling(String backend, String op, String what, List<ScalingPoint> points, String status,
                          String reason) {
    }

    /**
     * A server tool's figure beside ours, as a ratio (ours / tool's).
     *
     * @param goal    the goal for this ratio (e.g. {@code >= 0.8}), or null
     * @param goalMet whether the ratio meets it (null when there is no goal or no ratio)
     */
    public record Baseline(String backend, String op, String tool, Double toolFigure, Double ours, String unit,
                           Double ratio, String goal, Boolean goalMet, int clients, String note) {
    }

    /** One tool invocation for {@code baselines.json}: its command line, raw output and parsed figure. */
    public record ToolRecord(String backend, String tool, String command, String rawOutput, Double figure, String unit,
                             Integer exitCode, String error) {
    }

    /** Router quality: imbalance over {@code nodesFrom} nodes and keys moved going to {@code nodesTo}. */
    public record Sharding(String router, int nodesFrom, int nodesTo, int keys, double imbalance,
                           double imbalanceAfter, double movedFraction, double idealMovedFraction,
                           int movedBetweenOthers) {
    }

    /** One of dsbench's own benchmarks (not JMH): whether it ran, and how long it took. */
    public record Task(String name, String backend, String status, String reason, double durationS) {
    }
}
