package io.dsbench.lin.checker;

import io.dsbench.lin.history.History;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Operation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Checks histories for linearizability against a {@link Model}. When the model partitions operations (e.g. by key),
 * each partition is checked on its own (P-compositionality: a history is linearizable iff each partition is),
 * in parallel; the first non-linearizable partition cancels the others.
 *
 * <p>Thread-safe: instances hold only immutable configuration; each call allocates its own search state.
 * Bad input (an unknown operation for the model, a malformed value, a badly formed history) raises
 * {@link IllegalArgumentException} with a message naming the operation.
 */
public final class LinearizabilityChecker {

    /** Below this many operations partitions are checked one after another (threads cost more than they save). */
    private static final int PARALLEL_THRESHOLD = 1000;

    /** Shared daemon threads for partitions; idle threads end after a minute. */
    private static final ExecutorService POOL = new java.util.concurrent.ThreadPoolExecutor(0, Integer.MAX_VALUE,
            60, java.util.concurrent.TimeUnit.SECONDS, new java.util.concurrent.SynchronousQueue<>(), r -> {
                Thread t = new Thread(r, "dsbench-lin-check");
                t.setDaemon(true);
                return t;
            });

    private final CheckOptions options;

    public LinearizabilityChecker(CheckOptions options) {
        this.options = options;
    }

    /** A checker with {@link CheckOptions#defaults()}. */
    public LinearizabilityChecker() {
        this(CheckOptions.defaults());
    }

    /** Checks a history, reading {@code :fail} per {@code failMode}. */
    public CheckResult check(History history, Model model, FailMode failMode) {
        return check(Operations.of(history, model, failMode), model);
    }

    /** Checks prepared operations. */
    public CheckResult check(List<Operation> operations, Model model) {
        long start = System.nanoTime();
        long deadline = options.timeLimit() == null ? 0 : start + options.timeLimit().toNanos();
        if (deadline == 0 && options.timeLimit() != null) {
            deadline = 1;
        }
        Map<Object, List<Operation>> parts = partition(operations, model);
        for (List<Operation> p : parts.values()) {
            if (p.size() > options.maxOps()) {
                return new CheckResult(Verdict.UNKNOWN, model.name(), operations.size(), parts.size(),
                        System.nanoTime() - start, "too large: a partition has " + p.size()
                        + " operations, more than the limit of " + options.maxOps(), null, model);
            }
        }
        AtomicLong memoBytes = new AtomicLong();
        AtomicBoolean cancel = new AtomicBoolean();
        List<Map.Entry<Object, List<Operation>>> entries = new ArrayList<>(parts.entrySet());
        // smallest partitions first: cheap ones (and their counterexamples) come out early
        entries.sort(java.util.Comparator.comparingInt(e -> e.getValue().size()));
        List<PartResult> results;
        try {
            if (entries.size() == 1) {
                results = round(entries, model, deadline, memoBytes, cancel, Integer.MAX_VALUE, operations.size());
            } else {
                // round 1: every partition with a small memo cap, so one hard partition cannot hide an easy
                // counterexample in another; round 2: the deferred ones without the cap
                results = round(entries, model, deadline, memoBytes, cancel, FIRST_ROUND_ENTRIES, operations.size());
                boolean found = results.stream().anyMatch(r -> r.end == WglSearch.End.NOT);
                if (!found) {
                    List<Map.Entry<Object, List<Operation>>> deferred = new ArrayList<>();
                    List<PartResult> kept = new ArrayList<>();
                    for (PartResult r : results) {
                        if (r.end == WglSearch.End.DEFERRED) {
                            deferred.add(new java.util.AbstractMap.SimpleEntry<>(r.key, parts.get(r.key)));
                        } else {
                            kept.add(r);
                        }
                    }
                    if (!deferred.isEmpty()) {
                        kept.addAll(round(deferred, model, deadline, memoBytes, cancel, Integer.MAX_VALUE,
                                operations.size()));
                    }
                    results = kept;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancel.set(true);
            return new CheckResult(Verdict.UNKNOWN, model.name(), operations.size(), parts.size(),
                    System.nanoTime() - start, "interrupted", null, model);
        }
        long took = System.nanoTime() - start;
        for (PartResult r : results) {
            if (r.end == WglSearch.End.NOT) {
                return new CheckResult(Verdict.NOT_LINEARIZABLE, model.name(), operations.size(), parts.size(), took,
                        null, r.counterexample, model);
            }
        }
        for (PartResult r : results) {
            if (r.end == WglSearch.End.TIMEOUT) {
                return new CheckResult(Verdict.UNKNOWN, model.name(), operations.size(), parts.size(), took,
                        "time limit of " + options.timeLimit() + " reached", null, model);
            }
            if (r.end == WglSearch.End.TOO_LARGE) {
                return new CheckResult(Verdict.UNKNOWN, model.name(), operations.size(), parts.size(), took,
                        "too large: the search's memo cache exceeded its budget of "
                                + (options.memoBudgetBytes() >> 20) + " MiB", null, model);
            }
            if (r.end == WglSearch.End.CANCELLED) {
                return new CheckResult(Verdict.UNKNOWN, model.name(), operations.size(), parts.size(), took,
                        "cancelled", null, model);
            }
        }
        return new CheckResult(Verdict.LINEARIZABLE, model.name(), operations.size(), parts.size(), took, null,
                null, model);
    }

    private record PartResult(Object key, WglSearch.End end, Counterexample counterexample) {
    }

    /** Memo entries a partition may use in the first round before it is deferred to the second. */
    private static final int FIRST_ROUND_ENTRIES = 200_000;

    private List<PartResult> round(List<Map.Entry<Object, List<Operation>>> entries, Model model, long dl,
                                   AtomicLong memoBytes, AtomicBoolean cancel, int maxEntries, int totalOps)
            throws InterruptedException {
        List<PartResult> results = new ArrayList<>();
        if (entries.size() == 1 || options.parallelism() == 1 || totalOps < PARALLEL_THRESHOLD) {
            for (Map.Entry<Object, List<Operation>> e : entries) {
                PartResult r = checkPart(e.getKey(), e.getValue(), model, dl, memoBytes, cancel, maxEntries);
                results.add(r);
                if (r.end == WglSearch.End.NOT) {
                    break;
                }
            }
            return results;
        }
        java.util.concurrent.Semaphore permits = new java.util.concurrent.Semaphore(options.parallelism(), true);
        List<Future<PartResult>> fs = new ArrayList<>();
        for (Map.Entry<Object, List<Operation>> e : entries) {
            permits.acquire();
            if (cancel.get()) {
                permits.release();
                break;
            }
            fs.add(POOL.submit(() -> {
                try {
                    return checkPart(e.getKey(), e.getValue(), model, dl, memoBytes, cancel, maxEntries);
                } finally {
                    permits.release();
                }
            }));
        }
        try {
            for (Future<PartResult> f : fs) {
                results.add(f.get());
            }
        } catch (ExecutionException e) {
            cancel.set(true);
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        }
        return results;
    }

    private PartResult checkPart(Object key, List<Operation> ops, Model model, long deadline, AtomicLong memoBytes,
                                 AtomicBoolean cancel, int maxEntries) {
        // the model may remove or bound operations of unknown outcome (exactly: see Model.simplify); the search
        // runs on the simplified operations, renumbered, and evidence is mapped back to the originals
        List<Operation> simplified = model.simplify(ops);
        List<Operation> searched = simplified == ops ? ops : renumber(simplified);
        WglSearch s = new WglSearch(model, searched, deadline, memoBytes, options.memoBudgetBytes(), cancel,
                maxEntries);
        WglSearch.End end;
        try {
            end = s.run();
        } catch (OutOfMemoryError oom) {
            return new PartResult(key, WglSearch.End.TOO_LARGE, null);
        }
        if (end == WglSearch.End.NOT) {
            cancel.set(true);
            List<Operation> witness = new ArrayList<>();
            for (Operation o : s.witness()) {
                witness.add(ops.get(simplified.get(o.id()).id()));
            }
            Operation failing = s.failing() == null ? null : ops.get(simplified.get(s.failing().id()).id());
            return new PartResult(key, end, new Counterexample(key, failing, witness,
                    new ArrayList<>(s.bestStates), ops));
        }
        return new PartResult(key, end, null);
    }

    private static List<Operation> renumber(List<Operation> list) {
        List<Operation> r = new ArrayList<>(list.size());
        for (int i = 0; i < list.size(); i++) {
            r.add(list.get(i).withId(i));
        }
        return r;
    }

    private static Map<Object, List<Operation>> partition(List<Operation> operations, Model model) {
        Map<Object, List<Operation>> parts = new LinkedHashMap<>();
        for (Operation op : operations) {
            Object k = model.partitionKey(op);
            parts.computeIfAbsent(k, x -> new ArrayList<>()).add(op);
        }
        if (parts.isEmpty()) {
            parts.put(null, new ArrayList<>());
        }
        Map<Object, List<Operation>> renumbered = new LinkedHashMap<>();
        parts.forEach((k, list) -> renumbered.put(k, renumber(list)));
        return renumbered;
    }
}
