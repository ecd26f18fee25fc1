package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.saga.OrderFlow;
import io.dsbench.patterns.saga.SagaLog;
import io.dsbench.patterns.saga.choreography.ChoreographyHistory;
import io.dsbench.patterns.saga.choreography.EventLog;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spi.Backend;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Latencies;
import io.dsbench.tradeoffs.Row;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.ToIntFunction;

/**
 * Row {@code saga}: orchestration vs choreography on one flow ({@link OrderFlow}: order, payment, inventory,
 * shipping; the flow the kit's SAGA-C4 compares), with the same inputs, over the same backend, in one run.
 * <ol>
 *   <li>M sagas one at a time by {@code SagaOrchestrator} over a saga log, then the same M inputs by the
 *       choreography's initiator and four services (each service its own {@code ChoreographyRuntime}, as its own
 *       process would be). A quarter of the inputs make payment, inventory or shipping refuse, so the steps before
 *       are compensated. Each saga is checked all or nothing in the services' stores afterwards.</li>
 *   <li>Per saga: time to consistency (orchestrator: its run returned; choreography: the terminal event was
 *       published), messages (saga-log records + step calls; events), steps run, and from the spans (each process
 *       has its own tracer) the traces and processes one must read to follow it.</li>
 *   <li>Orchestrator load: every process's backend calls are counted through proxies of its primitives.</li>
 *   <li>Choreography's redeliveries: C more sagas, in each of which one service is killed (its runtime's crash
 *       hook) after its step and before publishing DONE; the replacement starts from the committed offset.</li>
 *   <li>Reconstruction: one saga rebuilt R times from the event log ({@code ChoreographyHistory}) and from the saga
 *       log ({@code SagaLog}): records read and time.</li>
 * </ol>
 */
public final class SagaExperiment implements Experiment {
    private static final Row ROW = Row.SAGA;
    private static final String ORCH = "orchestration";
    private static final String CHOREO = "choreography";
    private static final int WARMUP = 4;

    @Override
    public String id() {
        return "saga";
    }

    @Override
    public String method() {
        return "The same 4-step flow (order, payment, inventory, shipping; each step reserves the saga in its service's"
                + " own namespace, idempotent through the backend's idempotency store) run M times one at a time by the"
                + " saga orchestrator (saga log on the backend) and by choreography (an initiator and 4 services, each its"
                + " own runtime over one event log), same inputs; a quarter fail at a later step and are compensated;"
                + " every saga is checked all-or-nothing in the stores. Time to consistency = start until the"
                + " orchestrator returned / the terminal event was published. Messages = saga-log records + step calls"
                + " vs events. Debuggability = traces and processes (one tracer per process) holding one saga's spans."
                + " Orchestrator load = its share of all backend calls (counted per process). Redeliveries = consumer"
                + " handlings repeated after one service per saga is killed between its step and publishing DONE."
                + " Reconstruction = records read and time to rebuild one saga from the event log vs the saga log.";
    }

    @Override
    public List<Row> rows() {
        return List.of(ROW);
    }

    @Override
    public Duration estimate(String backend, boolean quick) {
        return Duration.ofSeconds(switch (backend) {
            case "inmemory" -> quick ? 3 : 8;
            case "etcd" -> quick ? 15 : 60;
            default -> quick ? 6 : 20;
        });
    }

    /** Sizes of one run. */
    record Profile(int sagas, int minimum, int crashes, int rebuilds, Duration phase) {
        static Profile of(String backend, boolean quick) {
            return switch (backend) {
                case "inmemory" -> quick ? new Profile(60, 12, 6, 5, Duration.ofSeconds(2))
                        : new Profile(400, 12, 30, 20, Duration.ofSeconds(15));
                case "etcd" -> quick ? new Profile(20, 8, 4, 3, Duration.ofSeconds(6))
                        : new Profile(150, 8, 20, 10, Duration.ofSeconds(50));
                default -> quick ? new Profile(40, 10, 5, 5, Duration.ofSeconds(4))
                        : new Profile(300, 10, 25, 15, Duration.ofSeconds(35));
            };
        }
    }

    @Override
    public void run(ExperimentContext ctx) throws Exception {
        Profile profile = Profile.of(ctx.backend(), ctx.quick());
        Backend backend = ctx.open(Map.of());
        Random random = ctx.random();
        String prefix = "tradeoffs-saga-" + Long.toString(System.currentTimeMillis(), 36);
        List<SagaStyles.Plan> orchPlans = new ArrayList<>();
        List<SagaStyles.Plan> choreoPlans = new ArrayList<>();
        for (int i = 0; i < profile.sagas(); i++) {
            boolean fails = random.nextInt(4) == 0;
            Map<String, String> input = fails ? Map.of(OrderFlow.FAIL, OrderFlow.SERVICES.get(1 + random.nextInt(3)))
                    : Map.of("item", Integer.toString(i));
            orchPlans.add(new SagaStyles.Plan("o" + i, input, fails));
            choreoPlans.add(new SagaStyles.Plan("c" + i, input, fails));
        }
        SagaTraces traces = ctx.track(new SagaTraces());
        SagaStyles styles = new SagaStyles(backend, prefix, traces, Duration.ofSeconds(30));

        ctx.progress("orchestration: up to " + profile.sagas() + " sagas");
        SagaStyles.Run orch = styles.orchestrate(warmup("ow"), orchPlans, System.nanoTime() + profile.phase().toNanos(),
                profile.minimum());
        ctx.progress("choreography: " + orch.sagas().size() + " sagas (the same inputs)");
        SagaStyles.Run choreo;
        SagaStyles.Run crashed;
        long redeliveriesWithoutCrash;
        long redeliveries;
        long restarts;
        try (SagaStyles.Choreography c = ctx.track(styles.new Choreography())) {
            List<SagaStyles.Plan> ran = choreoPlans.subList(0, orch.sagas().size());
            for (SagaStyles.Plan p : warmup("cw")) {
                c.run(p, null);
            }
            c.mark();
            long redeliveriesBefore = c.redeliveries();
            List<Long> nanos = new ArrayList<>();
            for (SagaStyles.Plan p : ran) {
                nanos.add(c.run(p, null));
            }
            choreo = c.collect(ran, nanos);
            redeliveriesWithoutCrash = c.redeliveries() - redeliveriesBefore;
            long restartsBefore = c.restarts();
            ctx.progress("choreography: " + profile.crashes() + " sagas with a service killed in each");
            c.mark();
            List<SagaStyles.Plan> crashPlans = new ArrayList<>();
            List<Long> crashNanos = new ArrayList<>();
            for (int i = 0; i < profile.crashes(); i++) {
                SagaStyles.checkInterrupted();
                SagaStyles.Plan p = new SagaStyles.Plan("k" + i, Map.of("item", "k" + i), false);
                crashNanos.add(c.run(p, OrderFlow.SERVICES.get(random.nextInt(OrderFlow.SERVICES.size()))));
                crashPlans.add(p);
            }
            crashed = c.collect(crashPlans, crashNanos);
            redeliveries = c.redeliveries() - redeliveriesBefore - redeliveriesWithoutCrash;
            restarts = c.restarts() - restartsBefore;
        }
        advantages(ctx, orch, choreo);
        orchestratorLoad(ctx, orch, choreo);
        redeliveries(ctx, choreo, crashed, redeliveriesWithoutCrash, redeliveries, restarts);
        ctx.progress("reconstruction: one saga rebuilt " + profile.rebuilds() + " times from each log");
        reconstruction(ctx, orch, choreo, profile.rebuilds());
    }

    private static void advantages(ExperimentContext ctx, SagaStyles.Run orch, SagaStyles.Run choreo) {
        Latencies o = latencies(orch);
        Latencies c = latencies(choreo);
        long n = orch.sagas().size();
        long failing = orch.sagas().stream().filter(s -> s.plan().fails()).count();
        String mix = n + " sagas, " + failing + " of them compensated after a later step refused";
        for (double pct : new double[] {50, 99}) {
            String metric = "time to consistency p" + (int) pct;
            ctx.add(Figure.of(ROW, Row.Side.ADVANTAGE, ORCH, metric, o.percentileMs(pct), "ms", n, "sagas",
                    String.format(Locale.ROOT, "vs %.2f ms by choreography, same inputs, same run; %s", c.percentileMs(pct),
                            mix)));
            ctx.add(Figure.of(ROW, Row.Side.ADVANTAGE, CHOREO, metric, c.percentileMs(pct), "ms", n, "sagas",
                    String.format(Locale.ROOT, "vs %.2f ms orchestrated; each hop waits for the next service's poll;"
                            + " %s", o.percentileMs(pct), mix)));
        }
        double records = mean(orch, s -> s.messages() - s.deliveries());
        double calls = mean(orch, SagaStyles.Saga::deliveries);
        double events = mean(choreo, SagaStyles.Saga::messages);
        ctx.add(Figure.of(ROW, Row.Side.ADVANTAGE, ORCH, "messages per saga", mean(orch, SagaStyles.Saga::messages),
                "messages", n, "sagas", String.format(Locale.ROOT, "%.1f saga-log records + %.1f step calls (mean);"
                        + " vs %.1f events by choreography", records, calls, events)));
        ctx.add(Figure.of(ROW, Row.Side.ADVANTAGE, CHOREO, "messages per saga", events, "events", n, "sagas",
                String.format(Locale.ROOT, "events in the log (n + 1 = %d when all %d steps complete); vs %.1f records"
                        + " + calls orchestrated", OrderFlow.SERVICES.size() + 1, OrderFlow.SERVICES.size(),
                        records + calls)));
        for (SagaStyles.Run r : List.of(orch, choreo)) {
            String style = r == orch ? ORCH : CHOREO;
            ctx.add(Figure.of(ROW, Row.Side.ADVANTAGE, style, "steps per saga", mean(r, SagaStyles.Saga::stepsRun),
                    "steps", n, "sagas", String.format(Locale.ROOT, "executions + compensations that ran a service's"
                            + " code; %.2f deliveries (%s) per saga", mean(r, SagaStyles.Saga::deliveries),
                            r == orch ? "the orchestrator's step calls" : "handlings that reached a step")));
        }
        ctx.add(Figure.of(ROW, Row.Side.ADVANTAGE, ORCH, "processes recording one saga",
                mean(orch, SagaStyles.Saga::processes), "processes", n, "sagas", String.format(Locale.ROOT,
                        "one saga log and %.2f trace(s) per saga, written by the orchestrator alone (its saga log holds"
                                + " each step's state); vs %.2f processes choreographed", mean(orch,
                                SagaStyles.Saga::traces), mean(choreo, SagaStyles.Saga::processes))));
        ctx.add(Figure.of(ROW, Row.Side.ADVANTAGE, CHOREO, "processes recording one saga",
                mean(choreo, SagaStyles.Saga::processes), "processes", n, "sagas", String.format(Locale.ROOT,
                        "the initiator and every service the saga reached publish its events; %.2f trace(s) per saga"
                                + " (each event carries the W3C trace context); vs 1 orchestrator",
                        mean(choreo, SagaStyles.Saga::traces))));
    }

    private static void orchestratorLoad(ExperimentContext ctx, SagaStyles.Run orch, SagaStyles.Run choreo) {
        long total = orch.totalCalls();
        long mine = orch.callsByProcess().getOrDefault(SagaStyles.ORCHESTRATOR, 0L);
        Map.Entry<String, Long> busiest = choreo.callsByProcess().entrySet().stream()
                .max(Map.Entry.comparingByValue()).orElseThrow();
        double busiestShare = 100.0 * busiest.getValue() / Math.max(1, choreo.totalCalls());
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, ORCH, "orchestrator's share of backend calls",
                100.0 * mine / Math.max(1, total), "%", total, "backend calls", String.format(Locale.ROOT,
                        "%d of %d calls (saga log) by the orchestrator, the rest by the 4 services' steps; every step"
                                + " call also passes through it; vs %.1f%% by the busiest choreography process (%s)",
                        mine, total, busiestShare, busiest.getKey())));
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, ORCH, "orchestrator backend calls per saga",
                (double) mine / orch.sagas().size(), "calls", orch.sagas().size(), "sagas", String.format(Locale.ROOT,
                        "saga-log appends and fence reads; vs %.1f calls per saga by the busiest choreography process"
                                + " (its consumer's polls of the event log and offset commits included)",
                        (double) busiest.getValue() / choreo.sagas().size())));
    }

    private static void redeliveries(ExperimentContext ctx, SagaStyles.Run choreo, SagaStyles.Run crashed,
            long withoutCrash, long redelivered, long restarts) {
        int k = crashed.sagas().size();
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, CHOREO, "redeliveries per consumer crash",
                (double) redelivered / k, "redeliveries", k, "crashes", String.format(Locale.ROOT,
                        "%d redeliveries, %d restarts: one service killed per saga after its step, before publishing"
                                + " DONE; its replacement re-reads from the committed offset (steps deduplicated: %.2f"
                                + " run per saga); vs %d redeliveries in %d sagas without a crash", redelivered, restarts,
                        mean(crashed, SagaStyles.Saga::stepsRun), withoutCrash, choreo.sagas().size())));
        Latencies c = latencies(crashed);
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, CHOREO, "time to consistency p50 with a consumer crash",
                c.percentileMs(50), "ms", k, "sagas", String.format(Locale.ROOT, "vs %.2f ms without a crash (all"
                        + " completing), same run", latencies(completed(choreo)).percentileMs(50))));
    }

    private static void reconstruction(ExperimentContext ctx, SagaStyles.Run orch, SagaStyles.Run choreo,
            int times) {
        String oid = orch.sagas().get(orch.sagas().size() / 2).plan().id();
        String cid = choreo.sagas().get(choreo.sagas().size() / 2).plan().id();
        Latencies oTime = new Latencies();
        Latencies cTime = new Latencies();
        long oRecords = 0;
        long cRecords = 0;
        int inLog = 0;
        for (int i = 0; i < times; i++) {
            BackendCalls calls = new BackendCalls();
            DurableLog log = calls.wrap(DurableLog.class, choreo.log(), "reader");
            long t0 = System.nanoTime();
            ChoreographyHistory h = ChoreographyHistory.read(new EventLog(log));
            ChoreographyHistory.Flow f = h.flow(cid).orElseThrow();
            inLog = h.flows().size();
            cTime.record(System.nanoTime() - t0);
            if (!f.settled()) {
                throw new IllegalStateException("saga " + cid + " rebuilt unsettled: " + f.chain());
            }
            cRecords = calls.recordsRead("reader");
            calls = new BackendCalls();
            log = calls.wrap(DurableLog.class, orch.log(), "reader");
            t0 = System.nanoTime();
            if (SagaLog.snapshot(log).states().get(oid).finished().isEmpty()) {
                throw new IllegalStateException("saga " + oid + " rebuilt unfinished from the saga log");
            }
            oTime.record(System.nanoTime() - t0);
            oRecords = calls.recordsRead("reader");
        }
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, CHOREO, "records read to rebuild one saga", cRecords, "records",
                times, "rebuilds", String.format(Locale.ROOT, "ChoreographyHistory reads the whole event log (%d sagas)"
                        + " and checks each event's cause; vs %d saga-log records read by SagaLog for an orchestrated"
                        + " saga", inLog, oRecords)));
        ctx.add(Figure.of(ROW, Row.Side.DISADVANTAGE, CHOREO, "time to rebuild one saga p50", cTime.percentileMs(50),
                "ms", times, "rebuilds", String.format(Locale.ROOT, "vs %.2f ms from the orchestrator's saga log,"
                        + " same sagas", oTime.percentileMs(50))));
    }

    /** Sagas run before the measured ones (class loading, connections, JIT), one completing, one compensated. */
    private static List<SagaStyles.Plan> warmup(String prefix) {
        List<SagaStyles.Plan> out = new ArrayList<>();
        for (int i = 0; i < WARMUP; i++) {
            boolean fails = i % 2 == 1;
            out.add(new SagaStyles.Plan(prefix + i, fails ? Map.of(OrderFlow.FAIL, "shipping") : Map.of(), fails));
        }
        return out;
    }

    private static SagaStyles.Run completed(SagaStyles.Run r) {
        return new SagaStyles.Run(r.sagas().stream().filter(s -> !s.plan().fails()).toList(), r.callsByProcess(),
                r.log());
    }

    private static Latencies latencies(SagaStyles.Run r) {
        Latencies l = new Latencies();
        r.sagas().forEach(s -> l.record(s.nanos()));
        return l;
    }

    private static double mean(SagaStyles.Run r, ToIntFunction<SagaStyles.Saga> f) {
        return r.sagas().stream().mapToInt(f).average().orElse(0);
    }
}
