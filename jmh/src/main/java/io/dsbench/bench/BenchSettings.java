package io.dsbench.bench;

import java.time.Duration;
import java.util.List;

/**
 * How long and how hard each of dsbench's own benchmarks runs; {@link #quickProfile()} keeps a backend under a minute and a
 * half (the JMH part comes on top), {@link #fullProfile()} gives figures worth quoting.
 *
 * @param quick          whether this is the quick profile
 * @param p99BoundUs     the stated bound of the rate sweep: the knee is the highest rate whose p99 stays under it
 * @param sweepWarmup    warm-up of each sweep point
 * @param sweepMeasure   measurement of each sweep point
 * @param sweepPoints    most points of a sweep (rates double from the backend's start rate)
 * @param sweepClients   client threads of the open loop (at most one request in flight each)
 * @param clientCounts   client counts of the scaling runs
 * @param scalingWarmup  warm-up of each scaling point
 * @param scalingMeasure measurement of each scaling point
 * @param stallWarmup    warm-up of each stall run
 * @param stallMeasure   measurement of each stall run (the stall starts a third of the way in)
 * @param stallLength    how long the server is stopped (SIGSTOP) in the stall runs
 * @param baselineClients concurrency of the server-tool baselines (redis-benchmark -c, the etcd put loops)
 * @param baselineMeasure measurement of our side of each baseline
 * @param redisRequests  requests per redis-benchmark run at -P 1 (-P 16 runs 8 times as many)
 * @param etcdCheckPerf  whether to run {@code etcdctl check perf} (60 s) besides the raw put loop
 * @param shardingKeys   keys routed for the router-quality rows
 */
public record BenchSettings(boolean quick, double p99BoundUs, Duration sweepWarmup, Duration sweepMeasure,
                            int sweepPoints, int sweepClients, List<Integer> clientCounts, Duration scalingWarmup,
                            Duration scalingMeasure, Duration stallWarmup, Duration stallMeasure, Duration stallLength,
                            int baselineClients, Duration baselineMeasure, int redisRequests, boolean etcdCheckPerf,
                            int shardingKeys) {
    /** The sweep's stated p99 bound by default: 10 ms ({@code --p99-bound-ms} changes it). */
    public static final double P99_BOUND_US = 10_000;

    public static BenchSettings quickProfile() {
        return new BenchSettings(true, P99_BOUND_US, Duration.ofMillis(500), Duration.ofMillis(1500), 6, 16,
                List.of(1, 4, 16, 64), Duration.ofMillis(300), Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(6), Duration.ofSeconds(1), 50, Duration.ofSeconds(2), 50_000, false, 100_000);
    }

    public static BenchSettings fullProfile() {
        return new BenchSettings(false, P99_BOUND_US, Duration.ofSeconds(2), Duration.ofSeconds(8), 8, 32,
                List.of(1, 2, 4, 8, 16, 32, 64), Duration.ofSeconds(1), Duration.ofSeconds(4), Duration.ofSeconds(2),
                Duration.ofSeconds(15), Duration.ofSeconds(1), 50, Duration.ofSeconds(8), 200_000, true, 1_000_000);
    }

    /** These settings with another p99 bound for the sweep's knee (in microseconds, &gt; 0). */
    public BenchSettings withP99BoundUs(double boundUs) {
        if (!(boundUs > 0) || boundUs > 60_000_000) {
            throw new IllegalArgumentException("p99 bound = " + boundUs + " us is out of range (legal: > 0 and <= 60 s)");
        }
        return new BenchSettings(quick, boundUs, sweepWarmup, sweepMeasure, sweepPoints, sweepClients, clientCounts,
                scalingWarmup, scalingMeasure, stallWarmup, stallMeasure, stallLength, baselineClients, baselineMeasure,
                redisRequests, etcdCheckPerf, shardingKeys);
    }

    /** The first rate of a sweep and of the stall runs for a backend, in requests per second. */
    public static double startRate(String backend) {
        return switch (backend) {
            case "inmemory" -> 4000;
            case "redis" -> 1000;
            default -> 100;
        };
    }

    /** The offered rate of the stall runs: high enough that the closed loop's few stalled calls vanish below p99.9. */
    public static double stallRate(String backend) {
        return switch (backend) {
            case "inmemory" -> 2000;
            case "redis" -> 1000;
            default -> 500;
        };
    }
}
