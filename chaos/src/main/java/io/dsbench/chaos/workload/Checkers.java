package io.dsbench.chaos.workload;

import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;
import io.dsbench.lin.model.Values;
import io.dsbench.lin.model.VersionedKvModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The checks of the chaos workloads, from the history alone (so {@code dsbench check} re-checks a saved run):
 * {@code register} with the linearizability checker ({@code versioned-kv}, per key), {@code set} with Jepsen's set
 * checker, {@code lock}/{@code lock-fenced} by counting double grants and damaged writes, {@code idempotency} by
 * counting double and lost executions; {@code registry}, {@code saga} and {@code 2pc} in their own classes
 * ({@link RegistryChecker}, {@link SagaChecker}, {@link TpcChecker}). Stateless.
 */
public final class Checkers {
    private static final int EXAMPLES = 5;

    private Checkers() {
    }

    /** Checks a history of the named workload. */
    public static Outcome check(String workload, History h) {
        switch (workload) {
            case "register":
                return register(h);
            case "set":
                return set(h);
            case "lock":
            case "lock-fenced":
                return lock(h);
            case "idempotency":
                return idempotency(h);
            case "registry":
                return RegistryChecker.check(h);
            case "saga":
                return SagaChecker.check(h);
            case "2pc":
                return TpcChecker.check(h);
            default:
                throw new IllegalArgumentException("workload '" + workload + "' (legal: "
                        + String.join(", ", Workload.NAMES) + ")");
        }
    }

    /** The model the register workload is checked against. */
    public static Model registerModel() {
        return new VersionedKvModel();
    }

    static Outcome register(History h) {
        Model model = registerModel();
        List<Operation> ops = Operations.of(h, model, FailMode.DROP);
        CheckResult r = new LinearizabilityChecker(CheckOptions.defaults().withTimeLimit(Duration.ofSeconds(120)))
                .check(ops, model);
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("operations_checked", (long) r.operations());
        counts.put("keys", (long) r.partitions());
        counts.put("indeterminate_ops", ops.stream().filter(Operation::optional).count());
        Map<String, Long> anomalies = new LinkedHashMap<>();
        anomalies.put("non_linearizable_keys", r.verdict() == Verdict.NOT_LINEARIZABLE ? 1L : 0L);
        List<Outcome.Example> ex = new ArrayList<>();
        String verdict = r.verdict() == Verdict.LINEARIZABLE ? "valid"
                : r.verdict() == Verdict.NOT_LINEARIZABLE ? "invalid" : "unknown";
        String summary;
        if (r.counterexample() != null) {
            List<String> involved = new ArrayList<>();
            if (r.counterexample().failing() != null) {
                involved.add(r.counterexample().failing().invoke().toString());
                if (r.counterexample().failing().completion() != null) {
                    involved.add(r.counterexample().failing().completion().toString());
                }
            }
            ex.add(new Outcome.Example("non-linearizable (key " + r.counterexample().partition() + ": no linearization "
                    + "places this op)", involved));
            summary = "NOT linearizable at key " + r.counterexample().partition() + " (" + r.operations() + " ops, "
                    + r.partitions() + " keys)";
        } else if (r.verdict() == Verdict.UNKNOWN) {
            summary = "unknown: " + r.reason();
        } else {
            summary = "linearizable: " + r.operations() + " ops over " + r.partitions() + " keys checked in "
                    + Math.round(r.checkMillis()) + " ms";
        }
        return new Outcome(verdict, anomalies, counts, ex, summary, r, ops);
    }

    static Outcome set(History h) {
        Set<Long> attempted = new TreeSet<>();
        Set<Long> acknowledged = new TreeSet<>();
        Set<Long> indeterminate = new TreeSet<>();
        Map<Long, Op> ackOp = new HashMap<>();
        List<?> finalRead = null;
        for (History.Call call : h.calls()) {
            Op inv = call.invoke();
            Op op = call.completion();
            if (inv.f().equals("add")) {
                long e = Values.asLong(inv.value(), ":add value");
                attempted.add(e);
                if (op == null || op.type() == OpType.INFO || op.error() != null) {
                    indeterminate.add(e);
                } else if (op.type() == OpType.OK) {
                    acknowledged.add(e);
                    ackOp.put(e, op);
                }
            } else if (inv.f().equals("read") && op != null && op.type() == OpType.OK) {
                finalRead = Values.list(op.value());
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("attempted_adds", (long) attempted.size());
        counts.put("acknowledged_adds", (long) acknowledged.size());
        counts.put("indeterminate_adds", (long) indeterminate.size());
        Map<String, Long> anomalies = new LinkedHashMap<>();
        if (finalRead == null) {
            anomalies.put("lost_acknowledged_writes", 0L);
            return new Outcome("unknown", anomalies, counts, List.of(), "no successful final read: nothing to "
                    + "compare the acknowledged adds with", null, List.of());
        }
        Set<Long> read = new TreeSet<>();
        for (Object o : finalRead) {
            read.add(Values.asLong(o, ":read element"));
        }
        List<Long> lost = new ArrayList<>();
        for (long e : acknowledged) {
            if (!read.contains(e)) {
                lost.add(e);
            }
        }
        List<Long> unexpected = new ArrayList<>();
        long recovered = 0;
        for (long e : read) {
            if (!attempted.contains(e)) {
                unexpected.add(e);
            } else if (indeterminate.contains(e)) {
                recovered++;
            }
        }
        anomalies.put("lost_acknowledged_writes", (long) lost.size());
        anomalies.put("unexpected_elements", (long) unexpected.size());
        counts.put("final_read_size", (long) read.size());
        counts.put("recovered_indeterminate_adds", recovered);
        List<Outcome.Example> ex = new ArrayList<>();
        if (!lost.isEmpty()) {
            List<String> ops = new ArrayList<>();
            for (long e : lost.subList(0, Math.min(EXAMPLES, lost.size()))) {
                ops.add(ackOp.get(e).toString());
            }
            ex.add(new Outcome.Example("lost acknowledged add (acknowledged, missing from the final read)", ops));
        }
        boolean bad = !lost.isEmpty() || !unexpected.isEmpty();
        String pct = acknowledged.isEmpty() ? "0" : String.format(java.util.Locale.ROOT, "%.1f",
                100.0 * lost.size() / acknowledged.size());
        String summary = lost.size() + " of " + acknowledged.size() + " acknowledged adds lost (" + pct + "%), "
                + unexpected.size() + " unexpected, " + recovered + " of " + indeterminate.size()
                + " indeterminate adds present";
        return new Outcome(bad ? "invalid" : "valid", anomalies, counts, ex, summary, null, List.of());
    }

    static Outcome lock(History h) {
        // holds: process -> [token, grant-ok index]; a hold ends at the release invoke
        Map<Integer, long[]> holding = new HashMap<>();
        Map<Integer, History.Call> calls = h.callsByOpIndex();
        Map<Integer, Long> maxAtInvoke = new HashMap<>();
        long grants = 0;
        long doubleGrants = 0;
        long maxToken = 0;
        long okWrites = 0;
        long infoWrites = 0;
        long staleAccepted = 0;
        long rejected = 0;
        Long finalValue = null;
        List<String> doubleEx = new ArrayList<>();
        List<String> staleEx = new ArrayList<>();
        boolean fenced = h.ops().stream().anyMatch(o -> o.f().equals("fence"));
        long maxRegistered = 0;
        for (Op op : h) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                if (op.f().equals("release")) {
                    holding.remove(op.process());
                }
                if (op.f().equals("write")) {
                    maxAtInvoke.put(op.process(), fenced ? maxRegistered : maxToken);
                }
                continue;
            }
            Op inv = calls.get(op.index()).invoke();
            switch (inv.f()) {
                case "acquire":
                    if (op.type() == OpType.OK) {
                        long token = Values.asLong(op.value(), ":acquire token");
                        grants++;
                        if (!holding.isEmpty()) {
                            doubleGrants++;
                            if (doubleEx.size() < EXAMPLES) {
                                doubleEx.add(op + " while process(es) " + holding.keySet() + " still held it");
                            }
                        }
                        holding.put(op.process(), new long[] {token, op.index()});
                        maxToken = Math.max(maxToken, token);
                    } else if (op.type() == OpType.INFO) {
                        holding.remove(op.process());
                    }
                    break;
                case "fence":
                    if (op.type() == OpType.OK) {
                        maxRegistered = Math.max(maxRegistered, Values.asLong(inv.value(), ":fence token"));
                    } else if (op.type() == OpType.FAIL && op.error() == null) {
                        rejected++;
                    }
                    break;
                case "write": {
                    long token = Values.asLong(Values.list(inv.value()).get(0), ":write token");
                    if (op.type() == OpType.OK) {
                        okWrites++;
                        long superseding = maxAtInvoke.getOrDefault(op.process(), 0L);
                        if (token < superseding) {
                            staleAccepted++;
                            if (staleEx.size() < EXAMPLES) {
                                staleEx.add(op + " (token " + token + " < " + superseding + ", " + (fenced
                                        ? "registered with the counter" : "granted") + " before the write was sent)");
                            }
                        }
                    } else if (op.type() == OpType.INFO) {
                        infoWrites++;
                    } else if (op.error() == null) {
                        rejected++;
                    }
                    break;
                }
                case "final-read":
                    if (op.type() == OpType.OK) {
                        finalValue = Values.asLong(op.value(), ":final-read value");
                    }
                    break;
                default:
                    break;
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("grants", grants);
        counts.put("acknowledged_writes", okWrites);
        counts.put("indeterminate_writes", infoWrites);
        counts.put("writes_rejected_by_fencing", rejected);
        Map<String, Long> anomalies = new LinkedHashMap<>();
        anomalies.put("double_grants", doubleGrants);
        anomalies.put("stale_writes_accepted", staleAccepted);
        long lostIncrements = finalValue == null ? 0 : Math.max(0, okWrites - finalValue);
        anomalies.put("lost_increments", lostIncrements);
        List<Outcome.Example> ex = new ArrayList<>();
        if (!doubleEx.isEmpty()) {
            ex.add(new Outcome.Example("double grant (a second holder while the first still believed it held the lock)",
                    doubleEx));
        }
        if (!staleEx.isEmpty()) {
            ex.add(new Outcome.Example("damaged write (accepted from a holder whose token was superseded)", staleEx));
        }
        if (finalValue == null) {
            return new Outcome("unknown", anomalies, counts, ex, "no successful final read of the counter", null,
                    List.of());
        }
        counts.put("final_counter", finalValue);
        long damaged = staleAccepted + lostIncrements;
        String summary = doubleGrants + " double grants, " + staleAccepted + " stale writes accepted, "
                + lostIncrements + " increments lost (counter " + finalValue + " after " + okWrites
                + " acknowledged increments), " + rejected + " writes rejected by fencing";
        return new Outcome(damaged > 0 ? "invalid" : "valid", anomalies, counts, ex, summary, null, List.of());
    }

    static Outcome idempotency(History h) {
        Map<Long, Op> executed = new HashMap<>();
        long requests = 0;
        long replayed = 0;
        long indeterminate = 0;
        List<?> finalRead = null;
        for (History.Call call : h.calls()) {
            Op inv = call.invoke();
            Op op = call.completion();
            if (inv.f().equals("request")) {
                requests++;
                if (op == null || op.type() == OpType.INFO || op.error() != null) {
                    indeterminate++;
                } else if (op.type() == OpType.OK) {
                    if ("executed".equals(Values.name(op.value()))) {
                        executed.put(Values.asLong(inv.value(), ":request"), op);
                    } else {
                        replayed++;
                    }
                }
            } else if (inv.f().equals("final-read") && op != null && op.type() == OpType.OK) {
                finalRead = Values.list(op.value());
            }
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("requests", requests);
        counts.put("acknowledged_executions", (long) executed.size());
        counts.put("replayed", replayed);
        counts.put("indeterminate", indeterminate);
        Map<String, Long> anomalies = new LinkedHashMap<>();
        if (finalRead == null) {
            anomalies.put("double_executions", 0L);
            return new Outcome("unknown", anomalies, counts, List.of(), "no successful final read of the execution "
                    + "counters", null, List.of());
        }
        long doubles = 0;
        long lost = 0;
        List<String> doubleEx = new ArrayList<>();
        List<String> lostEx = new ArrayList<>();
        for (Object o : finalRead) {
            List<?> rc = Values.list(o);
            long r = Values.asLong(rc.get(0), ":final-read request");
            long n = Values.asLong(rc.get(1), ":final-read count");
            if (n > 1) {
                doubles++;
                if (doubleEx.size() < EXAMPLES) {
                    doubleEx.add("request " + r + " executed " + n + " times");
                }
            }
            if (n == 0 && executed.containsKey(r)) {
                lost++;
                if (lostEx.size() < EXAMPLES) {
                    lostEx.add(executed.get(r).toString());
                }
            }
        }
        anomalies.put("double_executions", doubles);
        anomalies.put("lost_executions", lost);
        List<Outcome.Example> ex = new ArrayList<>();
        if (!doubleEx.isEmpty()) {
            ex.add(new Outcome.Example("double execution", doubleEx));
        }
        if (!lostEx.isEmpty()) {
            ex.add(new Outcome.Example("lost execution (acknowledged as executed, counter 0)", lostEx));
        }
        String summary = doubles + " requests executed more than once, " + lost + " acknowledged executions lost, of "
                + requests + " requests (" + executed.size() + " executed, " + replayed + " replayed, "
                + indeterminate + " indeterminate)";
        return new Outcome(doubles + lost > 0 ? "invalid" : "valid", anomalies, counts, ex, summary, null, List.of());
    }
}
