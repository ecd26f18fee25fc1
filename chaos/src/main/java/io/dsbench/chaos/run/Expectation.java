package io.dsbench.chaos.run;

import io.dsbench.spi.Capability;
import java.util.List;
import java.util.Set;

/**
 * What a run is expected to show, declared from the backend's capabilities and the nemeses before the run (never
 * tuned to a result).
 *
 * @param mustBeValid true: the backend promises this workload's guarantee under these faults, so only a valid
 *                    verdict matches; false: it does not (the anomaly is allowed, and a run without it says "not
 *                    reproduced in this run", never "safe")
 * @param text        the promise (or its absence) in words, with the capabilities it follows from
 * @param allowed     anomalies allowed even when {@code mustBeValid} (a known, declared weakness under these
 *                    faults, e.g. a lease outliving its TTL across a leader change); a run showing only these
 *                    matches the expectation and says which
 */
public record Expectation(boolean mustBeValid, String text, Set<String> allowed) {
    public Expectation {
        allowed = Set.copyOf(allowed);
    }

    /** An expectation with no anomaly allowed beyond {@code mustBeValid}. */
    public Expectation(boolean mustBeValid, String text) {
        this(mustBeValid, text, Set.of());
    }

    /** Declares the expectation of {@code workload} on a backend with {@code caps} under {@code nemeses}. */
    public static Expectation declare(String backend, String workload, Set<Capability> caps, List<String> nemeses,
                                      String partitionMode) {
        boolean kill = nemeses.contains("kill");
        boolean durable = caps.contains(Capability.DURABLE);
        boolean linKv = caps.contains(Capability.LINEARIZABLE_KV);
        boolean failover = caps.contains(Capability.REPLICATED) && !linKv;
        boolean disruptive = kill || nemeses.contains("pause") || nemeses.contains("partition");
        switch (workload) {
            case "register":
                if (!linKv) {
                    return new Expectation(false, backend + " does not declare LINEARIZABLE_KV"
                            + (backend.equals("etcd") ? " (its clients read serializably: any member answers from its "
                            + "local state, possibly stale)" : failover ? " (asynchronous replication with failover)" : "")
                            + ": non-linearizable histories are allowed");
                }
                if (kill && !durable) {
                    return new Expectation(false, backend + " declares LINEARIZABLE_KV but not DURABLE: a kill may "
                            + "lose acknowledged writes, so a non-linearizable history is allowed under kill");
                }
                return new Expectation(true, backend + " declares LINEARIZABLE_KV" + (kill ? " and DURABLE" : "")
                        + ": the history must be linearizable under " + String.join(", ", nemeses));
            case "set":
                if (failover && disruptive) {
                    return new Expectation(false, backend + " replicates asynchronously and fails over (REPLICATED "
                            + "without LINEARIZABLE_KV): acknowledged adds are expected to be lost when the primary is "
                            + ("pause-isolation".equals(partitionMode) ? "isolated" : "faulted") + " (Jepsen 2013)");
                }
                if (kill && !durable) {
                    return new Expectation(false, backend + " is not DURABLE: a kill may lose acknowledged adds");
                }
                return new Expectation(true, backend + " declares LINEARIZABLE_KV" + (kill ? " and DURABLE" : "")
                        + ": no acknowledged add may be lost");
            case "lock":
                if (nemeses.contains("pause") || nemeses.contains("clock")) {
                    return new Expectation(false, "no fencing: a holder frozen past its lease (pause) or misled by "
                            + "its clock (clock) writes after another client was granted the lock; damaged writes "
                            + "are expected (Kleppmann on Redlock)");
                }
                if (!caps.contains(Capability.LINEARIZABLE_LOCKS) || (kill && !durable)) {
                    return new Expectation(false, backend + " does not promise exclusive grants under these faults "
                            + "(LINEARIZABLE_LOCKS" + (kill ? " + DURABLE" : "") + " not declared): damaged writes "
                            + "are allowed without fencing");
                }
                return new Expectation(true, backend + " declares LINEARIZABLE_LOCKS: grants stay exclusive while "
                        + "leases hold, so no write may be damaged");
            case "lock-fenced":
                if (!linKv || !caps.contains(Capability.LINEARIZABLE_LOCKS) || (kill && !durable)) {
                    return new Expectation(false, backend + " does not declare LINEARIZABLE_KV + LINEARIZABLE_LOCKS"
                            + (kill ? " + DURABLE" : "") + ": tokens or the fenced counter may go back, so damaged "
                            + "writes are allowed");
                }
                return new Expectation(true, "fencing tokens strictly increase (LINEARIZABLE_LOCKS) and the counter "
                        + "checks them in one compare-and-set (LINEARIZABLE_KV): no write may be damaged, even by a "
                        + "holder whose lease ran out");
            case "idempotency":
                if (!caps.contains(Capability.LINEARIZABLE_IDEMPOTENCY) || !linKv) {
                    return new Expectation(false, backend + " does not declare LINEARIZABLE_IDEMPOTENCY + "
                            + "LINEARIZABLE_KV: double and lost executions are allowed");
                }
                if (disruptive || nemeses.contains("packet")) {
                    return new Expectation(false, "a request interrupted between its effect and its completion is "
                            + "re-run by a retry once its claim is abandoned (lock timeout 5 s): the store promises "
                            + "at-least-once, so double executions are allowed under " + String.join(", ", nemeses));
                }
                return new Expectation(true, backend + " declares LINEARIZABLE_IDEMPOTENCY: with no request "
                        + "interrupted, every request executes exactly once");
            case "registry":
                return registry(backend, caps, nemeses, failover, disruptive, kill, durable, linKv);
            case "saga":
            case "2pc": {
                String what = workload.equals("saga") ? "every saga ends all done or all compensated, each step "
                        + "executed and compensated at most once" : "every transaction commits at all participants or "
                        + "at none, as decided, and nothing stays in doubt after recovery";
                if (failover && disruptive) {
                    return new Expectation(false, backend + " replicates asynchronously and fails over: records of "
                            + "the coordinator's log, claims and data acknowledged by the old primary may be lost, so "
                            + "broken atomicity is allowed (the pattern is only as safe as its log)");
                }
                if (kill && !durable) {
                    return new Expectation(false, backend + " is not DURABLE: a kill may lose log records and data");
                }
                return new Expectation(true, backend + (linKv ? " declares LINEARIZABLE_KV" : "") + (kill ? " and DURABLE"
                        : "") + ", and the coordinator's decisions are fenced in its log: " + what + ", under "
                        + (nemeses.isEmpty() ? "no fault" : String.join(", ", nemeses)) + " and coordinator kills");
            }
            default:
                throw new IllegalArgumentException("workload " + workload);
        }
    }

    private static Expectation registry(String backend, Set<Capability> caps, List<String> nemeses, boolean failover,
                                        boolean disruptive, boolean kill, boolean durable, boolean linKv) {
        if (failover && disruptive) {
            return new Expectation(false, backend + " replicates asynchronously and fails over: registrations and "
                    + "deregistrations acknowledged by the old primary may be lost (live instances missing, "
                    + "deregistered ones back)");
        }
        if (kill && !durable) {
            return new Expectation(false, backend + " is not DURABLE: a kill may lose registrations");
        }
        Set<String> allowed = new java.util.TreeSet<>();
        StringBuilder why = new StringBuilder();
        if (disruptive && caps.contains(Capability.REPLICATED) && linKv) {
            allowed.add("expired_discovered");
            why.append("; instances may outlive TTL + tolerance when a fault moves the leadership (a new leader "
                    + "restarts every lease's TTL: etcd's lessor renews all leases on promotion), so "
                    + "expired_discovered is allowed");
        }
        if (nemeses.contains("clock") && !caps.contains(Capability.SERVER_SIDE_EXPIRY)) {
            allowed.add("expired_discovered");
            why.append("; expiry is judged by the suite's own clock, which the clock nemesis sets back, so "
                    + "expired_discovered is allowed");
        }
        return new Expectation(true, backend + " declares" + (linKv ? " LINEARIZABLE_KV" : "") + (kill ? " and DURABLE"
                : "") + ": no deregistered instance discovered, none after its TTL bound, no live instance missing"
                + why, allowed);
    }
}
