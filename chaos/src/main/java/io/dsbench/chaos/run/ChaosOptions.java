package io.dsbench.chaos.run;

import io.dsbench.chaos.nemesis.NemesisContext;
import io.dsbench.chaos.net.ChaosCluster;
import io.dsbench.chaos.workload.Workload;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What one chaos run does, validated eagerly: every bad value is an {@link IllegalArgumentException} naming the
 * option and the legal values (the CLI turns it into exit 2).
 *
 * @param backend   etcd, redis, redis-sentinel or inmemory
 * @param workloads register, set, lock, lock-fenced, idempotency, registry, saga, 2pc (each runs on a fresh deployment)
 * @param nemeses   kill, pause, partition, packet, clock (in this order within the fault window); empty: none
 * @param target    primary, one, minority, majority, ring (partition only: the majorities ring, etcd with 5 members)
 * @param time      the workload's duration
 * @param rate      target ops/s over all clients
 * @param clients   client threads, each with at most one request in flight
 * @param seed      seeds every random choice
 * @param minRate   ops/s the run must reach before the first fault, or a negative value for the workload's default
 * @param maxOps    upper bound on client steps
 * @param latencyMs packet latency
 * @param jitterMs  packet jitter
 * @param loss      packet loss probability
 * @param clockMs   clock offset
 * @param results   the run directory ({@code results/<run-id>})
 * @param partitionImpl how etcd partitions are made: {@code netns} (each member in its own network namespace,
 *                  nftables rules inside them; needs root and nft), {@code proxy} (client links cut at the fault
 *                  proxies), or {@code auto} (netns when available)
 * @param members   etcd members: 3 or 5 (other backends: 3, meaning their default topology)
 * @param reads     etcd reads of the workload's clients: {@code linearizable} (default) or {@code serializable}
 *                  (served by any member from its local state; the backend then does not declare
 *                  LINEARIZABLE_KV, so stale reads are an allowed, expected anomaly)
 */
public record ChaosOptions(String backend, List<String> workloads, List<String> nemeses, String target,
                           Duration time, double rate, int clients, long seed, double minRate, long maxOps,
                           long latencyMs, long jitterMs, double loss, long clockMs, Path results,
                           String partitionImpl, int members, String reads) {

    /** 3 members, linearizable reads. */
    public ChaosOptions(String backend, List<String> workloads, List<String> nemeses, String target, Duration time,
                        double rate, int clients, long seed, double minRate, long maxOps, long latencyMs,
                        long jitterMs, double loss, long clockMs, Path results, String partitionImpl) {
        this(backend, workloads, nemeses, target, time, rate, clients, seed, minRate, maxOps, latencyMs, jitterMs,
                loss, clockMs, results, partitionImpl, 3, "linearizable");
    }

    /** The nemeses, in the order they run. */
    public static final List<String> NEMESES = List.of("kill", "pause", "partition", "packet", "clock");

    public ChaosOptions {
        if (!ChaosCluster.KINDS.contains(backend)) {
            throw new IllegalArgumentException("--backend '" + backend + "' (legal: " + String.join(", ",
                    ChaosCluster.KINDS) + ")");
        }
        if (workloads.isEmpty()) {
            throw new IllegalArgumentException("--workload is empty (legal: " + String.join(", ", Workload.NAMES) + ")");
        }
        for (String w : workloads) {
            if (!Workload.NAMES.contains(w)) {
                throw new IllegalArgumentException("--workload '" + w + "' (legal: " + String.join(", ",
                        Workload.NAMES) + ")");
            }
        }
        List<String> ordered = new ArrayList<>();
        for (String n : nemeses) {
            if (!NEMESES.contains(n) && !n.equals("none")) {
                throw new IllegalArgumentException("--nemesis '" + n + "' (legal: " + String.join(", ", NEMESES)
                        + ", none)");
            }
        }
        for (String n : NEMESES) {
            if (nemeses.contains(n)) {
                ordered.add(n);
            }
        }
        nemeses = List.copyOf(ordered);
        if (!NemesisContext.TARGETS.contains(target)) {
            throw new IllegalArgumentException("--target '" + target + "' (legal: " + String.join(", ",
                    NemesisContext.TARGETS) + ")");
        }
        if (time.compareTo(Duration.ofSeconds(5)) < 0 || time.compareTo(Duration.ofHours(2)) > 0) {
            throw new IllegalArgumentException("--time " + time.toSeconds() + "s (legal: 5s to 2h)");
        }
        if (!(rate > 0 && rate <= 100_000)) {
            throw new IllegalArgumentException("--rate " + rate + " (legal: > 0 and <= 100000 ops/s)");
        }
        if (clients < 1 || clients > 256) {
            throw new IllegalArgumentException("--clients " + clients + " (legal: 1 to 256)");
        }
        if (maxOps < 1) {
            throw new IllegalArgumentException("--max-ops " + maxOps + " (legal: >= 1)");
        }
        if (latencyMs < 0 || jitterMs < 0 || loss < 0 || loss > 1 || clockMs < 0) {
            throw new IllegalArgumentException("--latency/--jitter/--clock-offset must be >= 0 ms and --loss in [0, 1]");
        }
        if (nemeses.contains("packet") && (backend.equals("redis-sentinel") || backend.equals("inmemory"))) {
            throw new IllegalArgumentException("--nemesis packet needs fault proxies on the client links: backend "
                    + backend + " has none (redis-sentinel clients get the servers' real addresses from the Sentinels;"
                    + " inmemory has no network). Use etcd or redis.");
        }
        if (!List.of("auto", "netns", "proxy").contains(partitionImpl)) {
            throw new IllegalArgumentException("--partition-impl '" + partitionImpl + "' (legal: auto, netns, proxy)");
        }
        if (partitionImpl.equals("netns") && !io.dsbench.chaos.net.NetnsEtcd.available()) {
            throw new IllegalArgumentException("--partition-impl netns needs root and nft (apt-get install nftables)");
        }
        if (members != 3 && !(members == 5 && backend.equals("etcd"))) {
            throw new IllegalArgumentException("--members " + members + " (legal: 3; 5 for etcd)");
        }
        if (!List.of("linearizable", "serializable").contains(reads)
                || (reads.equals("serializable") && !backend.equals("etcd"))) {
            throw new IllegalArgumentException("--reads '" + reads + "' (legal: linearizable; serializable for etcd)");
        }
        if (target.equals("ring")) {
            if (!nemeses.equals(List.of("partition")) || !backend.equals("etcd") || members != 5
                    || partitionImpl.equals("proxy")
                    || (partitionImpl.equals("auto") && !io.dsbench.chaos.net.NetnsEtcd.available())) {
                throw new IllegalArgumentException("--target ring (the majorities ring: each member sees a majority, "
                        + "no two the same one) needs --backend etcd --members 5 --nemesis partition alone, and network "
                        + "namespaces (root and nft; not --partition-impl proxy)");
            }
        }
        if (nemeses.contains("partition") && backend.equals("inmemory")) {
            throw new IllegalArgumentException("--nemesis partition: backend inmemory has no network to partition");
        }
    }

    /** Whether etcd members run in network namespaces in this run. */
    public boolean useNetns() {
        return backend.equals("etcd") && (partitionImpl.equals("netns")
                || (partitionImpl.equals("auto") && io.dsbench.chaos.net.NetnsEtcd.available()));
    }

    /** Parses {@code 60s}, {@code 2m}, {@code 500ms} or a plain number of seconds. */
    public static Duration parseDuration(String option, String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        try {
            if (t.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            }
            if (t.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 1000));
            }
            if (t.endsWith("m")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(t.substring(0, t.length() - 1)) * 60_000));
            }
            return Duration.ofMillis(Math.round(Double.parseDouble(t) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " '" + s + "' is not a duration (e.g. 60s, 2m, 500ms)");
        }
    }

    /** Splits a comma list, trimming, dropping empties. */
    public static List<String> list(String s) {
        List<String> out = new ArrayList<>();
        if (s == null) {
            return out;
        }
        for (String p : s.split(",")) {
            if (!p.isBlank()) {
                out.add(p.trim().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    /**
     * The check directory name for a workload: {@code <workload>-<backend>-<nemeses joined by +, or none>}, then, only
     * where they differ from the defaults, {@code -target-<target>}, {@code -<n>members} and {@code -serializable}, so
     * that variants gathered in one run-id do not overwrite each other.
     */
    public String checkName(String workload) {
        StringBuilder name = new StringBuilder(workload).append('-').append(backend).append('-')
                .append(nemeses.isEmpty() ? "none" : String.join("+", nemeses));
        if (!target.equals("primary")) {
            name.append("-target-").append(target);
        }
        if (members != 3) {
            name.append('-').append(members).append("members");
        }
        if (!reads.equals("linearizable")) {
            name.append('-').append(reads);
        }
        return name.toString();
    }
}
