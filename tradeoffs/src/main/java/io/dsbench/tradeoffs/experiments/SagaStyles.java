package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.faults.SimulatedCrash;
import io.dsbench.patterns.saga.OrderFlow;
import io.dsbench.patterns.saga.SagaConfig;
import io.dsbench.patterns.saga.SagaLog;
import io.dsbench.patterns.saga.SagaLogRecord;
import io.dsbench.patterns.saga.SagaOrchestrator;
import io.dsbench.patterns.saga.SagaResult;
import io.dsbench.patterns.saga.choreography.ChoreoEvent;
import io.dsbench.patterns.saga.choreography.ChoreographyConfig;
import io.dsbench.patterns.saga.choreography.ChoreographyHistory;
import io.dsbench.patterns.saga.choreography.ChoreographyRuntime;
import io.dsbench.patterns.saga.choreography.EventLog;
import io.dsbench.patterns.saga.choreography.OffsetStore;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spi.Backend;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs {@link OrderFlow} sagas in both styles over one backend, each process with its own counted primitives
 * ({@link BackendCalls}) and its own tracer ({@link SagaTraces}): the orchestrator ({@link SagaOrchestrator} over a
 * saga log), or the initiator and the four services, each a {@link ChoreographyRuntime} of its own over the shared
 * event log and offset namespace (as separate processes would be). Sagas run one at a time, so each one's time to
 * consistency is its own.
 */
final class SagaStyles {
    static final String ORCHESTRATOR = "orchestrator";
    static final String INITIATOR = "initiator";

    /** A saga to run: its id and input; {@code fails} when a service will refuse it (it ends compensated). */
    record Plan(String id, Map<String, String> input, boolean fails) {
    }

    /**
     * How one saga went.
     *
     * @param nanos      start to consistency: the orchestrator's run returned; the terminal event was published
     * @param messages   saga-log records + step calls (orchestration), or events (choreography)
     * @param deliveries step calls or handlings that reached a step (redeliveries included)
     * @param stepsRun   executions and compensations that ran the services' code
     * @param traces     traces holding its spans
     * @param processes  processes that recorded spans in them
     */
    record Saga(Plan plan, long nanos, int messages, int deliveries, int stepsRun, int traces, int processes) {
    }

    /** One style's sagas, the backend calls of each process, and the log that records them (unwrapped). */
    record Run(List<Saga> sagas, Map<String, Long> callsByProcess, DurableLog log) {
        long totalCalls() {
            return callsByProcess.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Backend backend;
    private final String prefix;
    private final SagaTraces traces;
    private final Duration bound;

    /**
     * @param prefix namespace prefix unique to this run
     * @param bound  the longest one saga may take before the run fails
     */
    SagaStyles(Backend backend, String prefix, SagaTraces traces, Duration bound) {
        this.backend = backend;
        this.prefix = prefix;
        this.traces = traces;
        this.bound = bound;
    }

    /**
     * The orchestration side: the warm-up plans (not measured), then the plans in order, until the deadline once
     * {@code minimum} ran.
     */
    Run orchestrate(List<Plan> warmup, List<Plan> plans, long deadlineNanos, int minimum)
            throws InterruptedException {
        BackendCalls calls = new BackendCalls();
        DurableLog raw = backend.log(prefix + "-orch-log");
        SagaServices services = new SagaServices(backend, prefix + "-orch", calls);
        SagaOrchestrator orch = new SagaOrchestrator(calls.wrap(DurableLog.class, raw, ORCHESTRATOR),
                List.of(services.definition()), SagaConfig.defaults(), traces.tracer(ORCHESTRATOR), CrashHook.NONE);
        for (Plan p : warmup) {
            orch.run(OrderFlow.NAME, p.id(), p.input());
        }
        Map<String, Long> before = calls.byProcess();
        List<long[]> done = new ArrayList<>();
        List<Plan> ran = new ArrayList<>();
        for (Plan p : plans) {
            checkInterrupted();
            if (ran.size() >= minimum && System.nanoTime() > deadlineNanos) {
                break;
            }
            long t0 = System.nanoTime();
            SagaResult r = orch.run(OrderFlow.NAME, p.id(), p.input());
            done.add(new long[] {System.nanoTime() - t0});
            expect(p, r.outcome() == SagaResult.Outcome.COMPLETED, r.outcome().name());
            ran.add(p);
        }
        Map<String, Long> records = SagaLog.records(raw).stream()
                .collect(Collectors.groupingBy(SagaLogRecord::sagaId, Collectors.counting()));
        List<Saga> sagas = new ArrayList<>();
        for (int i = 0; i < ran.size(); i++) {
            Plan p = ran.get(i);
            check(services, p);
            int d = services.deliveries(p.id());
            sagas.add(new Saga(p, done.get(i)[0], (int) (long) records.getOrDefault(p.id(), 0L) + d, d,
                    services.stepsRun(p.id()), traces.traces(p.id()), traces.processes(p.id())));
        }
        return new Run(sagas, calls.since(before), raw);
    }

    /** Stops a loop of the experiment when its thread was interrupted (the run is being stopped). */
    static void checkInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("interrupted");
        }
    }

    private static void expect(Plan p, boolean completed, String outcome) {
        if (completed == p.fails()) {
            throw new IllegalStateException("saga " + p.id() + " with input " + p.input() + " ended " + outcome);
        }
    }

    private static void check(SagaServices services, Plan p) {
        List<String> bad = services.violations(p.id(), !p.fails());
        if (!bad.isEmpty()) {
            throw new IllegalStateException("saga " + p.id() + " is not all or nothing: " + bad);
        }
    }

    /** The choreography side: the initiator and the services, started, until closed. */
    final class Choreography implements AutoCloseable {
        private final BackendCalls calls = new BackendCalls();
        private final DurableLog raw = backend.log(prefix + "-choreo-events");
        private final SagaServices services = new SagaServices(backend, prefix + "-choreo", calls);
        private final Map<String, CompletableFuture<Long>> terminal = new ConcurrentHashMap<>();
        private final Map<String, String> armed = new ConcurrentHashMap<>();
        private final List<ChoreographyRuntime> runtimes = new ArrayList<>();
        private final ChoreographyRuntime initiator;
        private final OffsetStore offsetsRaw;
        private Map<String, Long> mark = Map.of();

        Choreography() {
            KeyValueStore offsets = backend.keyValue(prefix + "-choreo-offsets");
            offsetsRaw = new OffsetStore(offsets);
            int n = OrderFlow.SERVICES.size();
            initiator = runtime(INITIATOR, offsets, s -> CrashHook.NONE, n);
            for (String s : OrderFlow.SERVICES) {
                ChoreographyRuntime rt = runtime(s, offsets, this::crashHook, n);
                runtimes.add(rt);
                rt.addInstance(s);
            }
        }

        private ChoreographyRuntime runtime(String process, KeyValueStore offsets,
                Function<String, CrashHook> crashes, int n) {
            return new ChoreographyRuntime(services.definition(), calls.wrap(DurableLog.class, raw, process),
                    calls.wrap(KeyValueStore.class, offsets, process), ChoreographyConfig.defaults(),
                    Tracing.of(traces.tracer(process)), crashes, e -> {
                        boolean end = (e.kind() == ChoreoEvent.Kind.DONE && e.step() == n - 1)
                                || (e.step() == 0 && e.kind() != ChoreoEvent.Kind.DONE);
                        if (end) {
                            terminal.computeIfAbsent(e.sagaId(), x -> new CompletableFuture<>())
                                    .complete(System.nanoTime());
                        }
                    });
        }

        /** A service's hook: crashes it once after it ran its step of an armed saga, before publishing DONE. */
        private CrashHook crashHook(String service) {
            return point -> {
                String[] words = point.split(" ");
                if (words.length > 2 && words[0].equals(service) && point.contains(" executed step ")
                        && armed.remove(words[1], service)) {
                    throw new SimulatedCrash(point);
                }
            };
        }

        /** Runs one saga; with {@code crash} non-null, that service dies once in it (after its step, before DONE). */
        long run(Plan p, String crash) throws InterruptedException, TimeoutException {
            checkInterrupted();
            if (crash != null) {
                armed.put(p.id(), crash);
            }
            CompletableFuture<Long> end = terminal.computeIfAbsent(p.id(), x -> new CompletableFuture<>());
            long t0 = System.nanoTime();
            initiator.startSaga(p.id(), p.input());
            try {
                return end.get(bound.toMillis(), TimeUnit.MILLISECONDS) - t0;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                throw new TimeoutException("choreographed saga " + p.id() + " did not settle within " + bound.toMillis()
                        + " ms; " + stats() + "; instance deaths: " + deaths());
            }
        }

        /** From now on, {@link #collect} counts the backend calls made since this call. */
        void mark() {
            mark = calls.byProcess();
        }

        /**
         * The sagas' records from the event log, checked (all or nothing, a well-formed causal chain), with the
         * backend calls since the last {@link #mark()}.
         */
        Run collect(List<Plan> ran, List<Long> nanos) throws InterruptedException, TimeoutException {
            awaitQuiescent();
            ChoreographyHistory h = ChoreographyHistory.read(new EventLog(raw));
            List<Saga> sagas = new ArrayList<>();
            for (int i = 0; i < ran.size(); i++) {
                Plan p = ran.get(i);
                ChoreographyHistory.Flow f = h.flow(p.id()).orElseThrow(
                        () -> new IllegalStateException("saga " + p.id() + " has no events"));
                if (!f.problems().isEmpty()) {
                    throw new IllegalStateException("saga " + p.id() + " " + f.chain() + ": " + f.problems());
                }
                expect(p, f.outcome() == ChoreographyHistory.Outcome.COMPLETED, f.outcome().name());
                check(services, p);
                sagas.add(new Saga(p, nanos.get(i), f.events().size(), services.deliveries(p.id()),
                        services.stepsRun(p.id()), traces.traces(p.id()), traces.processes(p.id())));
            }
            return new Run(sagas, calls.since(mark), raw);
        }

        /**
         * Waits until every service has committed the whole log: their handlings (and spans) of the sagas run so far
         * have ended. The terminal event is seen when it is published, while its handling is still open.
         */
        private void awaitQuiescent() throws InterruptedException, TimeoutException {
            long deadline = System.nanoTime() + bound.toNanos();
            while (!quiescent()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the choreography services did not commit the whole event log within "
                            + bound.toMillis() + " ms; " + stats() + "; instance deaths: " + deaths());
                }
                Thread.sleep(1);
            }
        }

        /** Every service committed the whole log (read through uncounted primitives: the experiment's own check). */
        private boolean quiescent() {
            long last = raw.lastSequence();
            return OrderFlow.SERVICES.stream().allMatch(s -> offsetsRaw.committed(s) >= last);
        }

        /** Redeliveries so far, over every service. */
        long redeliveries() {
            return runtimes.stream().mapToLong(rt -> rt.stats().redeliveries()).sum();
        }

        /** Instances restarted after a crash so far. */
        long restarts() {
            return runtimes.stream().mapToLong(rt -> rt.stats().restarts().values().stream()
                    .mapToLong(Long::longValue).sum()).sum();
        }

        String stats() {
            return runtimes.stream().map(rt -> rt.stats().toString()).collect(Collectors.joining("; "));
        }

        List<String> deaths() {
            return runtimes.stream().flatMap(rt -> rt.deaths().stream()).toList();
        }

        @Override
        public void close() {
            for (ChoreographyRuntime rt : runtimes) {
                rt.close();
            }
            initiator.close();
        }
    }
}
