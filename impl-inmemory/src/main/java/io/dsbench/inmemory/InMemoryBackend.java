package io.dsbench.inmemory;

import io.dsbench.spec.Checks;
import io.dsbench.spec.Ticker;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.BackendTiming;
import io.dsbench.spi.Capability;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An opened {@code inmemory} backend. It owns the data of every primitive it hands out: primitives with the
 * same namespace or name share one state object (one lock each), different names are isolated, and two
 * backend instances never share anything.
 *
 * <p>Thread-safe. Two daemon threads: a sweeper (optional, see {@link InMemoryBackendProvider}) and the
 * watch dispatcher that calls registry listeners in event order. {@link #close()} stops both and makes
 * every primitive of this backend throw {@link IllegalStateException}.
 *
 * <p>Timing: expiry is exact on the configured {@link Ticker} (tolerance 0), smallest TTL 1 ms.
 *
 * <p>Faults ({@link #faults()}, capability FAULTS) are simulated by {@link InMemoryFaults}: one member
 * {@code inmemory}; killed, every operation fails with UNAVAILABLE; paused, operations wait; a start or restart
 * drops all data (the backend is not DURABLE) but versions and tokens keep counting, so they never go back.
 */
public final class InMemoryBackend implements Backend {
    /** Declared timing: in-process, exact. */
    public static final BackendTiming TIMING = new BackendTiming(Duration.ZERO, Duration.ofMillis(1));

    private static final String SWEEP_OPTION = "sweepIntervalMillis";
    private static final String WATCH_BUFFER_OPTION = "watchBuffer";
    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final BackendConfig config;
    private final Ticker ticker;
    private final int instance = INSTANCES.incrementAndGet();
    private volatile boolean closed;

    private final Map<String, InMemoryKeyValueStore> kv = new ConcurrentHashMap<>();
    private final Map<String, RegistryState> registries = new ConcurrentHashMap<>();
    private final Map<String, InMemoryCacheStore> caches = new ConcurrentHashMap<>();
    private final Map<String, IdempotencyState> idempotency = new ConcurrentHashMap<>();
    private final Map<String, LockState> locks = new ConcurrentHashMap<>();
    private final Map<String, InMemoryDurableLog> logs = new ConcurrentHashMap<>();

    private final InMemoryFaults faults = new InMemoryFaults(this);
    private final ExecutorService dispatcher;
    private final int watchBuffer;
    private final ScheduledExecutorService sweeper;
    /** {@link #TIMING} with the sweep interval as TTL tolerance (the lateness of watch EXPIRED events). */
    private final BackendTiming timing;

    InMemoryBackend(BackendConfig config) {
        this.config = config;
        this.ticker = config.ticker();
        if (!config.endpoints().isEmpty()) {
            throw new IllegalArgumentException("endpoints = " + config.endpoints().size()
                    + " given, but backend 'inmemory' runs in-process and takes no endpoints");
        }
        for (String option : config.options().keySet()) {
            if (!option.equals(SWEEP_OPTION) && !option.equals(WATCH_BUFFER_OPTION)) {
                throw new IllegalArgumentException("option '" + option + "' is unknown to backend 'inmemory'"
                        + " (known options: " + SWEEP_OPTION + ", " + WATCH_BUFFER_OPTION + ")");
            }
        }
        long sweepMillis = parseSweep(config.option(SWEEP_OPTION).orElse("50"));
        // reads see expiry exactly; watch EXPIRED events come from the sweeper, up to one interval late
        this.timing = new BackendTiming(Duration.ofMillis(sweepMillis), TIMING.minTtl());
        this.watchBuffer = parseWatchBuffer(config.option(WATCH_BUFFER_OPTION).orElse("10000"));
        this.dispatcher = Executors.newSingleThreadExecutor(daemon("dsbench-inmemory-" + instance + "-watch"));
        if (sweepMillis > 0) {
            this.sweeper = Executors.newSingleThreadScheduledExecutor(daemon("dsbench-inmemory-" + instance + "-sweeper"));
            sweeper.scheduleWithFixedDelay(this::sweep, sweepMillis, sweepMillis, TimeUnit.MILLISECONDS);
        } else {
            this.sweeper = null;
        }
    }

    private static long parseSweep(String raw) {
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + SWEEP_OPTION + " = '" + raw
                    + "' is not a whole number of milliseconds (legal range: 0..60000)", e);
        }
        return Checks.requireRange(SWEEP_OPTION, value, 0, 60_000);
    }

    private static int parseWatchBuffer(String raw) {
        long value;
        try {
            value = Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("option " + WATCH_BUFFER_OPTION + " = '" + raw
                    + "' is not a whole number of events (legal range: 1..1000000)", e);
        }
        return (int) Checks.requireRange(WATCH_BUFFER_OPTION, value, 1, 1_000_000);
    }

    /** Events a registry watch may have waiting for its listener; beyond that it delivers a RESET instead. */
    int watchBuffer() {
        return watchBuffer;
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /** Removes expired entries everywhere; emits EXPIRED watch events. Runs on the sweeper thread. */
    void sweep() {
        if (closed) {
            return;
        }
        try {
            registries.values().forEach(RegistryState::sweep);
            caches.values().forEach(InMemoryCacheStore::sweep);
            idempotency.values().forEach(IdempotencyState::sweep);
        } catch (RuntimeException e) {
            // A sweep must never kill the sweeper thread; lazy expiry stays correct without it.
            System.getLogger(InMemoryBackend.class.getName())
                    .log(System.Logger.Level.WARNING, "inmemory sweep failed", e);
        }
    }

    /**
     * Throws if this backend was closed, or (fault injection, {@link InMemoryFaults}) while it is killed; waits while
     * it is paused, failing with TIMEOUT after the operation timeout. Every operation calls it first.
     */
    void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("backend 'inmemory' #" + instance + " is closed");
        }
        faults.gate();
    }

    /**
     * A simulated crash of the whole backend (nothing is durable): drops every key, grant, claim, log record, cache
     * entry and registration (watches see EXPIRED); versions and tokens keep counting unless {@code keepCounters}
     * is false (a planted bug for the kit's own tests).
     */
    void crash(boolean keepCounters) {
        kv.values().forEach(s -> s.crash(keepCounters));
        locks.values().forEach(s -> s.crash(keepCounters));
        idempotency.values().forEach(s -> s.crash(keepCounters));
        logs.values().forEach(InMemoryDurableLog::crash);
        caches.values().forEach(InMemoryCacheStore::crash);
        registries.values().forEach(RegistryState::crash);
    }

    @Override
    public java.util.Optional<io.dsbench.spi.Faults> faults() {
        return java.util.Optional.of(faults);
    }

    Ticker ticker() {
        return ticker;
    }

    /** Queues a listener call on the watch dispatcher (in submission order). */
    void dispatch(Runnable call) {
        if (!closed) {
            try {
                dispatcher.execute(call);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // closing: watches end with the backend
            }
        }
    }

    /** Validates a TTL or lease against {@link #TIMING}. */
    static Duration requireTtl(String field, Duration ttl) {
        Checks.requirePositive(field, ttl);
        if (ttl.compareTo(TIMING.minTtl()) < 0) {
            throw new IllegalArgumentException(field + " = " + ttl + " is out of range (legal range: >= "
                    + TIMING.minTtl() + " for backend 'inmemory')");
        }
        return ttl;
    }

    /** A deadline {@code ttl} from now on the ticker, saturating instead of overflowing. */
    long deadline(Duration ttl) {
        long nanos;
        try {
            nanos = ttl.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE / 4;
        }
        return ticker.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 4);
    }

    /** Whether a deadline from {@link #deadline} has passed (reached counts as passed). */
    boolean expired(long deadline) {
        return ticker.nanoTime() - deadline >= 0;
    }

    @Override
    public String name() {
        return InMemoryBackendProvider.NAME;
    }

    @Override
    public Set<Capability> capabilities() {
        return InMemoryBackendProvider.CAPABILITIES;
    }

    @Override
    public BackendTiming timing() {
        return timing;
    }

    @Override
    public String describe() {
        return "inmemory #" + instance + " (in-process, one lock per namespace, exact expiry"
                + (sweeper == null ? ", no sweeper" : "") + ")";
    }

    @Override
    public KeyValueStore keyValue(String namespace) {
        ensureOpen();
        Checks.requireKey("namespace", namespace);
        return kv.computeIfAbsent(namespace, ns -> new InMemoryKeyValueStore(this, ns));
    }

    @Override
    public ServiceRegistry registry(RegistryConfig config) {
        ensureOpen();
        Checks.requireNonNull("config", config);
        RegistryState state = registries.computeIfAbsent(config.namespace(), ns -> new RegistryState(this, ns));
        return new InMemoryServiceRegistry(state, config);
    }

    @Override
    public CacheStore cache(String name) {
        ensureOpen();
        Checks.requireKey("name", name);
        return caches.computeIfAbsent(name, n -> new InMemoryCacheStore(this, n));
    }

    @Override
    public IdempotencyStore idempotency(IdempotencyConfig config) {
        ensureOpen();
        Checks.requireNonNull("config", config);
        requireTtl("retention", config.retention());
        requireTtl("lockTimeout", config.lockTimeout());
        IdempotencyState state = idempotency.computeIfAbsent(config.namespace(), ns -> new IdempotencyState(this, ns));
        return new InMemoryIdempotencyStore(state, config);
    }

    @Override
    public LockService locks(LockConfig config) {
        ensureOpen();
        Checks.requireNonNull("config", config);
        requireTtl("lease", config.lease());
        LockState state = locks.computeIfAbsent(config.namespace(), ns -> new LockState(this, ns));
        return new InMemoryLockService(state, config);
    }

    @Override
    public DurableLog log(String name) {
        ensureOpen();
        Checks.requireKey("name", name);
        return logs.computeIfAbsent(name, n -> new InMemoryDurableLog(this, n));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        faults.closed();
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
        dispatcher.shutdown();
        // wake lock waiters so they see the closed backend
        locks.values().forEach(LockState::wakeAll);
    }

    /** True once {@link #close()} ran. */
    boolean isClosed() {
        return closed;
    }

    BackendConfig config() {
        return config;
    }
}
