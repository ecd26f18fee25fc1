package io.dsbench.chaos.k8s;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One experiment to express as Kubernetes manifests: what {@code ./dsbench chaos} would run on one machine, with the
 * faults handed to Chaos Mesh. The time line of the generated {@code Workflow} is derived here: a quiet phase
 * ({@code before}, a sixth of the time), then one slot per nemesis (the fault for half the slot, then a heal pause),
 * then a quiet phase ({@code after}, a sixth), so the workload's before/during/after statistics have all three.
 *
 * @param backend  etcd, redis or redis-sentinel
 * @param workload one of {@link #WORKLOADS}
 * @param nemeses  a non-empty list of distinct names from {@link #NEMESES}, in the order the faults run
 * @param time     the workload's run time, whole seconds, 30 s to 24 h
 * @param rate     operations per second over all clients, at least 1
 * @param clients  concurrent clients, at least 1
 * @param seed     the workload's seed
 */
public record Experiment(String backend, String workload, List<String> nemeses, Duration time, int rate, int clients,
        long seed) {
    /** The backends that have a Kubernetes deployment here. */
    public static final List<String> BACKENDS = List.of("etcd", "redis", "redis-sentinel");
    /** The workloads of {@code ./dsbench chaos} (issue 12). */
    public static final List<String> WORKLOADS = List.of("register", "set", "lock", "idempotency", "registry", "saga", "2pc");
    /** The local nemeses, each mirrored by Chaos Mesh objects (see {@link ChaosManifests}). */
    public static final List<String> NEMESES = List.of("kill", "pause", "partition", "packet", "clock");

    private static final Duration MIN_TIME = Duration.ofSeconds(30);
    private static final Duration MAX_TIME = Duration.ofHours(24);

    /** Checks every argument; an unknown name or a bad number is an {@link IllegalArgumentException} naming it. */
    public Experiment {
        if (backend == null || !BACKENDS.contains(backend)) {
            throw new IllegalArgumentException("backend '" + backend + "' has no Kubernetes deployment; use one of "
                    + String.join(", ", BACKENDS));
        }
        if (workload == null || !WORKLOADS.contains(workload)) {
            throw new IllegalArgumentException("unknown workload '" + workload + "'; use one of "
                    + String.join(", ", WORKLOADS));
        }
        if (nemeses == null || nemeses.isEmpty()) {
            throw new IllegalArgumentException("no nemesis given; use one or more of " + String.join(", ", NEMESES));
        }
        Set<String> seen = new HashSet<>();
        for (String n : nemeses) {
            if (n == null || !NEMESES.contains(n)) {
                throw new IllegalArgumentException("unknown nemesis '" + n + "'; use one or more of "
                        + String.join(", ", NEMESES));
            }
            if (!seen.add(n)) {
                throw new IllegalArgumentException("nemesis '" + n + "' is given twice");
            }
        }
        nemeses = List.copyOf(nemeses);
        if (time == null || time.compareTo(MIN_TIME) < 0 || time.compareTo(MAX_TIME) > 0 || time.getNano() != 0) {
            // 30 s leave each of up to 5 nemeses a slot of at least 4 s: 2 s of fault, 2 s of healing
            throw new IllegalArgumentException("time " + time + " must be whole seconds from 30s to 24h (a sixth before"
                    + " the faults, a sixth after, and at least 4 s per nemesis)");
        }
        if (rate < 1) {
            throw new IllegalArgumentException("rate " + rate + " must be at least 1 operation per second");
        }
        if (clients < 1) {
            throw new IllegalArgumentException("clients " + clients + " must be at least 1");
        }
    }

    /** The run time in seconds. */
    public long seconds() {
        return time.getSeconds();
    }

    /** The quiet phase before the first fault, in seconds. */
    public long beforeSeconds() {
        return seconds() / 6;
    }

    /** The quiet phase after the last heal: what is left after the slots. */
    public long afterSeconds() {
        return seconds() - beforeSeconds() - slotSeconds() * nemeses.size();
    }

    /** One nemesis's slot: its fault, then its heal pause. */
    public long slotSeconds() {
        return (seconds() - 2 * beforeSeconds()) / nemeses.size();
    }

    /** How long each fault lasts. */
    public long faultSeconds() {
        return slotSeconds() / 2;
    }

    /** The pause after each fault, for the system to heal before the next one. */
    public long healSeconds() {
        return slotSeconds() - faultSeconds();
    }

    /** The {@code ./dsbench chaos} flags of this experiment, as the manifests' headers show them. */
    public String flags() {
        return "--backend " + backend + " --workload " + workload + " --nemesis " + String.join(",", nemeses)
                + " --time " + seconds() + "s --rate " + rate + " --clients " + clients + " --seed " + seed;
    }
}
