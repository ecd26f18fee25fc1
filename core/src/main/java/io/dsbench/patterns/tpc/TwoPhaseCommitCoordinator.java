package io.dsbench.patterns.tpc;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.resilience.CallTimeoutException;
import io.dsbench.patterns.resilience.OutcomeUnknownException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogFence;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The coordinator of two-phase commit, with its state in a backend {@link DurableLog} (format:
 * {@link TpcLog}).
 *
 * <h2>Protocol</h2>
 * <ol>
 *   <li>Log BEGIN with the participant ids.</li>
 *   <li>Prepare phase: ask every participant in parallel; each call has a timeout (and retries) from
 *       {@link TpcConfig#prepareCalls()}. Any no, error or timeout decides ABORT; all yes decides COMMIT.</li>
 *   <li>Log DECISION: the commit point. From here the outcome is fixed, crash or not.</li>
 *   <li>Send the decision to every participant (one after the other), each retried with backoff and jitter
 *       until acknowledged or the retries run out; log END when all acknowledged.</li>
 * </ol>
 * {@link #recover()} on a new coordinator over the same log completes every transaction without END:
 * with a DECISION it resends that decision to every participant; with only BEGIN (crashed before deciding)
 * it logs ABORT and sends abort to every participant ("presumed abort").
 *
 * <h2>One decision per transaction (the fence)</h2>
 * A recovery cannot tell a dead coordinator from a slow one. So the DECISION record is appended
 * conditionally ({@link LogFence}, over {@link DurableLog#appendAt}): only if no DECISION of the transaction
 * is in the log at the moment of the append. The original coordinator and any number of recoveries may race;
 * exactly one decision is logged, and every other coordinator adopts it and sends it: a participant never
 * receives both commit and abort (rule TPC-7). A coordinator whose decision was overruled reports the logged
 * outcome.
 *
 * <h2>Blocking</h2>
 * A participant that voted yes cannot decide alone: it stays prepared, holding its locks, until the
 * coordinator (or its recovery) tells it the outcome. A coordinator that dies after the prepare phase blocks
 * those participants for as long as it stays down (rule TPC-5 measures it). This is why dsbench prefers sagas
 * across services (see the package documentation).
 *
 * <h2>Tracing</h2>
 * One span {@code 2pc <txId>} per run (child of the caller's current span, if any), with children
 * {@code 2pc.prepare} and {@code 2pc.commit} or {@code 2pc.abort}, each with one child per participant
 * ({@code prepare <id>}, {@code commit <id>}, {@code abort <id>}); no votes and failures have status ERROR.
 *
 * <p>Thread-safe; transaction ids must be unique per log. Recoveries may run while the original coordinators
 * still run, and several at once: the fence keeps one decision per transaction.
 */
public final class TwoPhaseCommitCoordinator implements AutoCloseable {
    private static final AttributeKey<String> TX_ID = AttributeKey.stringKey("tpc.tx.id");
    private static final AttributeKey<String> PARTICIPANT = AttributeKey.stringKey("tpc.participant");
    private static final AttributeKey<String> VOTE = AttributeKey.stringKey("tpc.vote");
    private static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tpc.outcome");

    private final DurableLog log;
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final TpcConfig config;
    private final Tracer tracer;
    private final CrashHook crash;
    private final RemoteCalls logCalls;
    private final RemoteCalls prepareCalls;
    private final RemoteCalls decisionCalls;
    private final ExecutorService prepareThreads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "dsbench-2pc-prepare");
        t.setDaemon(true);
        return t;
    });

    /** Default config, no tracing, no crash hook. */
    public TwoPhaseCommitCoordinator(DurableLog log, List<? extends Participant> participants) {
        this(log, participants, TpcConfig.defaults(), OpenTelemetry.noop().getTracer("io.dsbench.tpc"), CrashHook.NONE);
    }

    /**
     * @param log          the coordinator's log
     * @param participants every participant this coordinator may involve (unique ids); recovery needs them all
     * @param config       timeouts and retries
     * @param tracer       where spans go ({@code OpenTelemetry.noop()} to turn tracing off)
     * @param crash        crash injection (tests); {@link CrashHook#NONE} in production
     */
    public TwoPhaseCommitCoordinator(DurableLog log, List<? extends Participant> participants, TpcConfig config,
            Tracer tracer, CrashHook crash) {
        this.log = Checks.requireNonNull("log", log);
        Checks.requireNonNull("participants", participants);
        for (Participant p : participants) {
            if (this.participants.put(p.id(), p) != null) {
                throw new IllegalArgumentException("participants: id '" + p.id() + "' given twice");
            }
        }
        this.config = Checks.requireNonNull("config", config);
        this.tracer = Checks.requireNonNull("tracer", tracer);
        this.crash = Checks.requireNonNull("crash", crash);
        this.logCalls = RemoteCalls.of(config.logCalls());
        this.prepareCalls = RemoteCalls.of(config.prepareCalls());
        this.decisionCalls = RemoteCalls.of(config.decisionCalls(), t -> !(t instanceof InterruptedException));
    }

    /**
     * Runs transaction {@code txId}.
     *
     * @param payloads what each involved participant must prepare, by participant id (at least one)
     * @throws IllegalArgumentException for an unknown participant id or an empty transaction
     * @throws io.dsbench.spec.BackendException if the coordinator's log cannot be written after retries;
     *         participants that voted yes then stay prepared until {@link #recover()} completes the transaction
     */
    public TpcResult execute(String txId, Map<String, byte[]> payloads) {
        Checks.requireKey("txId", txId);
        Checks.requireNonNull("payloads", payloads);
        if (payloads.isEmpty()) {
            throw new IllegalArgumentException("payloads must name at least one participant");
        }
        for (String pid : payloads.keySet()) {
            if (!participants.containsKey(pid)) {
                throw new IllegalArgumentException("payloads: participant '" + pid + "' is unknown (known: "
                        + participants.keySet() + ")");
            }
        }
        List<String> ids = new ArrayList<>(payloads.keySet());
        Span root = tracer.spanBuilder("2pc " + txId).setAttribute(TX_ID, txId).startSpan();
        try {
            return run(root, txId, ids, payloads);
        } catch (RuntimeException e) {
            root.recordException(e);
            root.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
            root.end();
            throw e;
        }
    }

    private TpcResult run(Span root, String txId, List<String> ids, Map<String, byte[]> payloads) {
        Context rootCtx = Context.current().with(root);
        crash.at("2pc " + txId + " before BEGIN");
        long begin = append(new TpcLog(TpcLog.COORDINATOR, "BEGIN", txId, String.join(",", ids)));
        crash.at("2pc " + txId + " after BEGIN");

        Span phase = tracer.spanBuilder("2pc.prepare").setParent(rootCtx).setAttribute(TX_ID, txId).startSpan();
        Context phaseCtx = rootCtx.with(phase);
        Map<String, CompletableFuture<String>> futures = new LinkedHashMap<>();
        for (String pid : ids) {
            futures.put(pid, CompletableFuture.supplyAsync(phaseCtx.wrapSupplier(
                    () -> prepareOne(txId, participants.get(pid), payloads.get(pid))), prepareThreads));
        }
        Map<String, String> votes = new LinkedHashMap<>();
        String abortReason = "";
        for (Map.Entry<String, CompletableFuture<String>> f : futures.entrySet()) {
            String vote;
            try {
                vote = f.getValue().get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                vote = "error: interrupted";
            } catch (ExecutionException e) {
                vote = "error: " + e.getCause();
            }
            votes.put(f.getKey(), vote);
            if (!"yes".equals(vote) && abortReason.isEmpty()) {
                abortReason = "participant " + f.getKey() + " answered prepare with " + vote;
            }
        }
        boolean commit = abortReason.isEmpty();
        if (!commit) {
            phase.setStatus(StatusCode.ERROR, abortReason);
        }
        phase.end();
        crash.at("2pc " + txId + " before DECISION");
        String proposed = commit ? "COMMIT" : "ABORT:" + abortReason;
        String decided = decide(txId, begin, proposed);
        if (!decided.equals(proposed)) {
            commit = "COMMIT".equals(decided);
            abortReason = commit ? "" : decided.substring("ABORT:".length()) + " (decided by another coordinator)";
        }
        crash.at("2pc " + txId + " after DECISION");
        List<String> unacked = sendDecision(rootCtx, txId, ids, commit, false);
        return finish(root, txId, commit, abortReason, votes, unacked, false);
    }

    /**
     * Completes every transaction in the log without END (see the class javadoc).
     *
     * @return one result per transaction completed, in log order
     * @throws IllegalStateException if the log names a participant this coordinator was not given
     */
    public List<TpcResult> recover() {
        // every record up to here is in the read below; the fence re-checks anything appended after it
        long scanned = logCalls.callUnchecked("2pc log lastSequence " + log.name(), log::lastSequence);
        List<TpcLog> records = logCalls.callUnchecked("2pc log read " + log.name(),
                () -> TpcLog.read(log, TpcLog.COORDINATOR));
        Map<String, List<String>> begun = new LinkedHashMap<>();
        Map<String, String> decisions = new LinkedHashMap<>();
        Map<String, Boolean> ended = new LinkedHashMap<>();
        for (TpcLog r : records) {
            switch (r.type()) {
                case "BEGIN" -> begun.putIfAbsent(r.txId(), Arrays.asList(r.detail().split(",")));
                case "DECISION" -> decisions.putIfAbsent(r.txId(), r.detail());
                case "END" -> ended.put(r.txId(), true);
                default -> throw new IllegalArgumentException("log '" + log.name() + "': unknown coordinator record type '"
                        + r.type() + "'");
            }
        }
        List<TpcResult> results = new ArrayList<>();
        for (Map.Entry<String, List<String>> tx : begun.entrySet()) {
            String txId = tx.getKey();
            if (ended.containsKey(txId)) {
                continue;
            }
            for (String pid : tx.getValue()) {
                if (!participants.containsKey(pid)) {
                    throw new IllegalStateException("cannot recover transaction " + txId + ": participant '" + pid
                            + "' is unknown to this coordinator (known: " + participants.keySet() + ")");
                }
            }
            Span root = tracer.spanBuilder("2pc.recover " + txId).setNoParent().setAttribute(TX_ID, txId).startSpan();
            Context rootCtx = Context.current().with(root);
            String decision = decisions.get(txId);
            if (decision == null) {
                crash.at("2pc " + txId + " (recovery) before DECISION");
                decision = decide(txId, scanned, "ABORT:coordinator failed before deciding; recovery presumes abort");
                crash.at("2pc " + txId + " (recovery) after DECISION");
            }
            boolean commit = "COMMIT".equals(decision);
            List<String> unacked = sendDecision(rootCtx, txId, tx.getValue(), commit, true);
            results.add(finish(root, txId, commit, commit ? "" : decision.substring("ABORT:".length()), Map.of(),
                    unacked, true));
        }
        return results;
    }

    private String prepareOne(String txId, Participant p, byte[] payload) {
        Span span = tracer.spanBuilder("prepare " + p.id()).setAttribute(TX_ID, txId).setAttribute(PARTICIPANT, p.id())
                .startSpan();
        Context ctx = Context.current().with(span);
        String vote;
        try {
            Vote v = prepareCalls.call("2pc " + txId + " prepare " + p.id(), ctx.wrap(() -> p.prepare(txId, payload)));
            vote = v.yes() ? "yes" : "no: " + v.reason();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // an unknown outcome counts as no: the participant may be prepared, and the abort sent to every
            // participant of the transaction releases it
            vote = (e instanceof OutcomeUnknownException u ? (u.timedOut() ? "timeout: " : "unknown outcome: ")
                    : e instanceof CallTimeoutException ? "timeout: " : "error: ") + e.getMessage();
            span.recordException(e);
        }
        span.setAttribute(VOTE, vote);
        if (!"yes".equals(vote)) {
            span.setStatus(StatusCode.ERROR, vote);
        }
        span.end();
        return vote;
    }

    /** Phase two: returns the participants that did not acknowledge. */
    private List<String> sendDecision(Context rootCtx, String txId, List<String> ids, boolean commit, boolean recovery) {
        String verb = commit ? "commit" : "abort";
        Span phase = tracer.spanBuilder("2pc." + verb).setParent(rootCtx).setAttribute(TX_ID, txId).startSpan();
        Context phaseCtx = rootCtx.with(phase);
        List<String> unacked = new ArrayList<>();
        for (String pid : ids) {
            Participant p = participants.get(pid);
            Span span = tracer.spanBuilder(verb + " " + pid).setParent(phaseCtx).setAttribute(TX_ID, txId)
                    .setAttribute(PARTICIPANT, pid).startSpan();
            Context ctx = phaseCtx.with(span);
            try {
                decisionCalls.call("2pc " + txId + " " + verb + " " + pid, ctx.wrap(() -> {
                    if (commit) {
                        p.commit(txId);
                    } else {
                        p.abort(txId);
                    }
                    return null;
                }));
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                unacked.add(pid);
                span.recordException(e);
                span.setStatus(StatusCode.ERROR, verb + " not acknowledged: " + e.getMessage());
            } finally {
                span.end();
            }
            crash.at("2pc " + txId + (recovery ? " (recovery)" : "") + " after " + verb + " " + pid);
        }
        if (!unacked.isEmpty()) {
            phase.setStatus(StatusCode.ERROR, "not acknowledged by " + unacked);
        }
        phase.end();
        if (unacked.isEmpty()) {
            append(new TpcLog(TpcLog.COORDINATOR, "END", txId, ""));
            crash.at("2pc " + txId + (recovery ? " (recovery)" : "") + " after END");
        }
        return unacked;
    }

    private TpcResult finish(Span root, String txId, boolean commit, String reason, Map<String, String> votes,
            List<String> unacked, boolean recovered) {
        root.setAttribute(OUTCOME, commit ? "COMMITTED" : "ABORTED");
        if (!commit) {
            root.setStatus(StatusCode.ERROR, reason);
        }
        root.end();
        return new TpcResult(txId, commit ? TpcResult.Outcome.COMMITTED : TpcResult.Outcome.ABORTED, reason, votes,
                unacked, recovered);
    }

    private long append(TpcLog record) {
        byte[] payload = record.encode();
        return logCalls.callUnchecked("2pc log append " + record.type() + " " + record.txId(), () -> log.append(payload));
    }

    /**
     * Logs {@code proposed} as the decision of {@code txId} unless a decision of it is already in the log (after
     * {@code scannedTo}, the last record this coordinator has checked), atomically ({@link LogFence}): of two
     * coordinators deciding the same transaction at once, exactly one logs its decision.
     *
     * @return the decision in the log: {@code proposed}, or the other coordinator's, which this one adopts
     */
    private String decide(String txId, long scannedTo, String proposed) {
        byte[] payload = new TpcLog(TpcLog.COORDINATOR, "DECISION", txId, proposed).encode();
        LogFence.Result r = logCalls.callUnchecked("2pc log append DECISION " + txId + " (fenced)",
                () -> LogFence.appendUnless(log, scannedTo, rec -> {
                    TpcLog t = TpcLog.parse(log, rec, TpcLog.COORDINATOR);
                    return t.type().equals("DECISION") && t.txId().equals(txId);
                }, payload));
        return r.conflict().map(rec -> TpcLog.parse(log, rec, TpcLog.COORDINATOR).detail()).orElse(proposed);
    }

    /** Stops the prepare threads. */
    @Override
    public void close() {
        prepareThreads.shutdownNow();
    }
}
