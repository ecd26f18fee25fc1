package io.dsbench.patterns.saga.choreography;

import io.dsbench.patterns.faults.CrashHook;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.saga.SagaDefinition;
import io.dsbench.patterns.saga.SagaStep;
import io.dsbench.patterns.tracing.Tracing;
import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Runs the services of a choreographed saga, each on its own thread(s) as its own process would, over one event log
 * and one offset store, and starts sagas (the initiator: it appends {@code STARTED} and is done; no one coordinates
 * what follows).
 *
 * <p>Each service instance is a {@link ChoreographyService} with an {@link EventConsumer}; an instance that dies (an
 * {@link Error} such as a simulated crash, or a call that failed after its retries) is replaced by a new one that
 * keeps nothing from the dead one: it starts from the committed position, so the event the dead one was handling
 * is delivered again (a supervisor restarting a process). {@link #addInstance} runs a second instance of a service
 * beside the first (both read every event: redeliveries by design), {@link #replay} rewinds a service.
 *
 * <p>Thread-safe. {@link #close()} stops every instance (interrupts and joins).
 */
public final class ChoreographyRuntime implements AutoCloseable {
    private final SagaDefinition def;
    private final EventLog events;
    private final OffsetStore offsets;
    private final ChoreographyConfig config;
    private final Tracing tracing;
    private final Function<String, CrashHook> crashes;
    private final Consumer<ChoreoEvent> listener;
    private final DeliveryStats stats = new DeliveryStats();
    private final Map<String, List<Instance>> instances = new ConcurrentHashMap<>();
    private final List<String> deaths = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /**
     * @param def      the saga; service {@code k} owns step {@code k} (named after it)
     * @param log      the event log (a backend primitive)
     * @param offsets  where consumer positions are kept (a backend namespace of their own)
     * @param config   delivery, batching, retries
     * @param tracing  spans ({@link Tracing#off()} for none)
     * @param crashes  each service's crash hook (tests); {@code s -> CrashHook.NONE} otherwise
     * @param listener told of every event a service published (for measurements); {@code e -> { }} for nothing
     */
    public ChoreographyRuntime(SagaDefinition def, DurableLog log, KeyValueStore offsets, ChoreographyConfig config,
            Tracing tracing, Function<String, CrashHook> crashes, Consumer<ChoreoEvent> listener) {
        this.def = Checks.requireNonNull("def", def);
        this.config = Checks.requireNonNull("config", config);
        RemoteCalls calls = RemoteCalls.of(config.calls());
        this.events = new EventLog(Checks.requireNonNull("log", log), calls);
        this.offsets = new OffsetStore(Checks.requireNonNull("offsets", offsets), calls);
        this.tracing = Checks.requireNonNull("tracing", tracing);
        this.crashes = Checks.requireNonNull("crashes", crashes);
        this.listener = Checks.requireNonNull("listener", listener);
    }

    /** Default config, no tracing, no crashes. */
    public static ChoreographyRuntime of(SagaDefinition def, DurableLog log, KeyValueStore offsets) {
        return new ChoreographyRuntime(def, log, offsets, ChoreographyConfig.defaults(), Tracing.off(),
                s -> CrashHook.NONE, e -> { });
    }

    /** Starts one instance of every service. */
    public ChoreographyRuntime startServices() {
        for (SagaStep s : def.steps()) {
            addInstance(s.name());
        }
        return this;
    }

    /** Starts one more instance of {@code service} (it shares the service's position and reads every event). */
    public void addInstance(String service) {
        int k = index(service);
        if (closed) {
            throw new IllegalStateException("choreography runtime of saga '" + def.name() + "' is closed");
        }
        Instance i = new Instance(k);
        instances.computeIfAbsent(service, s -> new CopyOnWriteArrayList<>()).add(i);
        i.thread.start();
    }

    /**
     * Starts saga {@code sagaId}: appends its STARTED event (in a span {@code choreo.start <saga>}, kind PRODUCER,
     * whose context the event carries) and returns its sequence number.
     */
    public long startSaga(String sagaId, Map<String, String> input) {
        Checks.requireKey("sagaId", sagaId);
        Checks.requireNonNull("input", input);
        return tracing.inSpan("choreo.start " + def.name(), SpanKind.PRODUCER,
                Attributes.of(ChoreographyService.SAGA_ID, sagaId, ChoreographyService.SERVICE, "initiator"),
                span -> events.start(ChoreographyService.started(def, sagaId, input, "initiator", tracing.inject())));
    }

    /**
     * Stops every instance of {@code service}, sets its position to {@code sequence} and starts one instance: the
     * events after {@code sequence} are delivered to it again.
     */
    public void replay(String service, long sequence) {
        index(service);
        for (Instance i : instances.getOrDefault(service, List.of())) {
            i.stop();
        }
        instances.remove(service);
        offsets.rewind(service, sequence);
        addInstance(service);
    }

    /**
     * Whether every service has committed the whole log (so no handling is in progress and, choreography being
     * purely reactive, nothing more will be published until a saga is started).
     */
    public boolean quiescent() {
        long last = events.lastSequence();
        for (SagaStep s : def.steps()) {
            if (offsets.committed(s.name()) < last) {
                return false;
            }
        }
        return true;
    }

    /** The event log. */
    public EventLog events() {
        return events;
    }

    /** The offset store. */
    public OffsetStore offsets() {
        return offsets;
    }

    /** What the consumers did. */
    public DeliveryStats stats() {
        return stats;
    }

    /** Why instances died, in order ({@code service: exception}). */
    public List<String> deaths() {
        return Collections.unmodifiableList(new ArrayList<>(deaths));
    }

    private int index(String service) {
        Checks.requireKey("service", service);
        for (int k = 0; k < def.steps().size(); k++) {
            if (def.steps().get(k).name().equals(service)) {
                return k;
            }
        }
        throw new IllegalArgumentException("service '" + service + "' is not a step of saga '" + def.name() + "'");
    }

    @Override
    public void close() {
        closed = true;
        for (List<Instance> l : instances.values()) {
            for (Instance i : l) {
                i.stop();
            }
        }
        instances.clear();
    }

    /** One service's thread: runs an instance and, when it dies, a new one (unless stopped). */
    private final class Instance {
        private final Thread thread;
        private volatile boolean stopped;

        Instance(int k) {
            String name = def.steps().get(k).name();
            this.thread = new Thread(() -> {
                while (!stopped && !closed) {
                    ChoreographyService service = new ChoreographyService(def, k, events, tracing,
                            crashes.apply(name), listener);
                    try {
                        new EventConsumer(service, events, offsets, config, stats).run();
                        return;
                    } catch (Throwable death) {
                        if (stopped || closed) {
                            return;
                        }
                        deaths.add(name + ": " + death);
                        stats.restarted(name);
                    }
                }
            }, "choreo-" + def.name() + "-" + name);
            thread.setDaemon(true);
        }

        void stop() {
            stopped = true;
            thread.interrupt();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
