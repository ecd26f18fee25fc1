package io.dsbench.patterns.caching;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Write-behind (write-back): a write goes to the cache at once and is remembered as pending; the store
 * receives it {@code flushDelay} after the <em>first</em> pending write to that key. Further writes to the key
 * before the flush are <b>coalesced</b>: the store receives only the last value, once.
 *
 * <h2>Durability, honestly</h2>
 * Until a write is flushed it exists only in the cache and in this process. {@link #close()} flushes
 * everything first and throws {@link WriteBehindException} (carrying the {@link WriteBehindLoss}) if some
 * writes could not be stored. {@link #closeWithoutFlush()} drops pending writes and returns exactly which
 * were lost (key, last value, and the ids of every write call lost), also logged as a warning: losses are
 * never silent. Each {@link #write} returns its id, so callers can match the report.
 *
 * <h2>Reads</h2>
 * Read-your-writes inside this instance: cache, else the pending value, else the store (filling the cache).
 * Other processes see a write in the cache at once and in the store after the flush.
 *
 * <h2>Threads</h2>
 * Thread-safe. One scheduler thread (bounded) performs all flushes, one at a time, so store writes of a key
 * never reorder. A failed flush (after the call policy's retries) keeps the write pending and tries again
 * after another {@code flushDelay}.
 *
 * <h2>Lost or uncertain</h2>
 * A flush whose store put timed out (in any attempt of the call policy, even if a later retry was refused) may
 * have reached the store: its writes are remembered as <em>uncertain</em>. If they are never stored afterwards,
 * the loss report lists them under {@link WriteBehindLoss#uncertain()}, never under {@link WriteBehindLoss#lost()};
 * writes made after that flush and coalesced into its retry are lost on their own if the retry never succeeds. Only
 * writes whose every store put certainly failed (refused before reaching the store) or was never attempted are
 * reported lost.
 */
public final class WriteBehind implements CachingStrategy {
    private static final System.Logger LOG = System.getLogger(WriteBehind.class.getName());

    private final CacheStore cache;
    private final KeyValueStore store;
    private final Duration ttl;
    private final Duration flushDelay;
    private final RemoteCalls calls;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Map<String, Pending> inFlight = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock closeLock = new ReentrantReadWriteLock();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong writes = new AtomicLong();
    private final AtomicLong storeWrites = new AtomicLong();
    private final AtomicLong flushFailures = new AtomicLong();
    private volatile boolean closed;

    /** Default call policy. */
    public WriteBehind(CacheStore cache, KeyValueStore store, Duration ttl, Duration flushDelay) {
        this(cache, store, ttl, flushDelay, RemoteCalls.defaults());
    }

    /** Timeouts and retries from the suite-wide {@code policy}. */
    public WriteBehind(CacheStore cache, KeyValueStore store, Duration ttl, Duration flushDelay, ResiliencePolicy policy) {
        this(cache, store, ttl, flushDelay, RemoteCalls.from(policy));
    }

    /**
     * @param ttl        lifetime of cache entries (&gt; 0; should exceed {@code flushDelay}, or reads between
     *                   expiry and flush are served from the pending value)
     * @param flushDelay how long after the first pending write to a key the store receives it (&gt; 0)
     */
    public WriteBehind(CacheStore cache, KeyValueStore store, Duration ttl, Duration flushDelay, RemoteCalls calls) {
        this.cache = Checks.requireNonNull("cache", cache);
        this.store = Checks.requireNonNull("store", store);
        this.ttl = Checks.requirePositive("ttl", ttl);
        this.flushDelay = Checks.requirePositive("flushDelay", flushDelay);
        this.calls = Checks.requireNonNull("calls", calls);
        this.scheduler = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "dsbench-write-behind-" + store.namespace());
            t.setDaemon(true);
            return t;
        });
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        scheduler.setRemoveOnCancelPolicy(true);
    }

    @Override
    public String strategyName() {
        return "write-behind";
    }

    /** The configured flush delay. */
    public Duration flushDelay() {
        return flushDelay;
    }

    @Override
    public void write(String key, byte[] value) {
        writeWithId(key, value);
    }

    /**
     * Writes to the cache now and to the store later.
     *
     * @return this write's id (positive, increasing), as listed in a {@link WriteBehindLoss}
     * @throws IllegalStateException after close
     */
    public long writeWithId(String key, byte[] value) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("value", value);
        byte[] copy = value.clone();
        closeLock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException("write-behind over '" + store.namespace() + "' is closed: write of '"
                        + key + "' refused");
            }
            Calls.run(calls, "write-behind cache put " + key, () -> cache.put(key, copy, ttl));
            long id = ids.incrementAndGet();
            writes.incrementAndGet();
            boolean[] first = {false};
            pending.compute(key, (k, old) -> {
                if (old == null) {
                    first[0] = true;
                    return new Pending(key, copy, List.of(id));
                }
                return old.then(copy, List.of(id));
            });
            if (first[0]) {
                scheduler.schedule(() -> flushKey(key), flushDelay.toNanos(), TimeUnit.NANOSECONDS);
            }
            return id;
        } finally {
            closeLock.readLock().unlock();
        }
    }

    @Override
    public Optional<byte[]> read(String key) {
        Checks.requireKey("key", key);
        Optional<byte[]> hit = calls.callUnchecked("write-behind cache get " + key, () -> cache.get(key));
        if (hit.isPresent()) {
            return hit;
        }
        Pending p = pending.get(key);
        if (p == null) {
            p = inFlight.get(key);
        }
        if (p != null) {
            return Optional.of(p.value.clone());
        }
        Optional<Versioned> v = calls.callUnchecked("write-behind store get " + key, () -> store.get(key));
        v.ifPresent(x -> Calls.run(calls, "write-behind fill " + key, () -> cache.putIfAbsent(key, x.value(), ttl)));
        return v.map(Versioned::value);
    }

    /** Keys with writes not yet in the store. */
    public int pendingKeys() {
        // a key whose flush failed is briefly both re-pended and in flight: count it once
        java.util.Set<String> keys = new java.util.HashSet<>(pending.keySet());
        keys.addAll(inFlight.keySet());
        return keys.size();
    }

    /** Write calls accepted so far. */
    public long writes() {
        return writes.get();
    }

    /** Store puts made by flushes so far (lower than {@link #writes()} by the coalesced writes). */
    public long storeWrites() {
        return storeWrites.get();
    }

    /** Flushes that failed after retries (and were rescheduled). */
    public long flushFailures() {
        return flushFailures.get();
    }

    /**
     * Flushes every pending write now and waits for it.
     *
     * @return the writes that could not be stored (empty on success); they stay pending
     */
    public WriteBehindLoss flush() {
        if (scheduler.isShutdown()) {
            return loss(pending.values(), List.of());
        }
        try {
            scheduler.submit(() -> {
                for (String key : new ArrayList<>(pending.keySet())) {
                    flushKey(key);
                }
            }).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException("write-behind flush failed: " + e.getCause(), e.getCause());
        }
        return loss(pending.values(), List.of());
    }

    /**
     * Flushes all pending writes, then stops.
     *
     * @throws WriteBehindException if some writes could not be stored; it carries exactly which
     */
    @Override
    public void close() {
        WriteBehindLoss left = flush();
        WriteBehindLoss lost = stop();
        if (!left.isEmpty() || !lost.isEmpty()) {
            throw new WriteBehindException(lost);
        }
    }

    /**
     * Stops without flushing: pending writes are dropped and reported. A flush already running is given up
     * to the call policy's timeout to finish; if it does not, its writes are reported as uncertain.
     *
     * @return exactly the writes that never reached the store (empty if none were pending)
     */
    public WriteBehindLoss closeWithoutFlush() {
        return stop();
    }

    private WriteBehindLoss stop() {
        closeLock.writeLock().lock();
        try {
            if (closed && scheduler.isTerminated()) {
                return loss(pending.values(), inFlight.values());
            }
            closed = true;
            scheduler.shutdown();
        } finally {
            closeLock.writeLock().unlock();
        }
        try {
            scheduler.awaitTermination(calls.settings().timeout().toMillis() * calls.settings().maxAttempts() + 1000,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        WriteBehindLoss loss = loss(pending.values(), inFlight.values());
        if (!loss.isEmpty()) {
            LOG.log(System.Logger.Level.WARNING, "write-behind over ''{0}'' closed: {1}", store.namespace(),
                    loss.describe());
        }
        return loss;
    }

    /** Runs on the scheduler thread only. */
    private void flushKey(String key) {
        Pending p = pending.remove(key);
        if (p == null) {
            return;
        }
        inFlight.put(key, p);
        boolean failed = false;
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        try {
            calls.call("write-behind store put " + key, () -> {
                attempts.incrementAndGet();
                try {
                    return store.put(key, p.value);
                } catch (RuntimeException e) {
                    if (certainlyNotApplied(e)) {
                        refused.incrementAndGet();
                    }
                    throw e;
                }
            });
            storeWrites.incrementAndGet();
        } catch (Exception e) {
            failed = true;
            // an attempt that timed out (or failed after it may have applied) may have reached the store
            boolean unknown = attempts.get() > refused.get() || !certainlyNotApplied(e);
            Pending again = unknown ? p.attemptedWithUnknownOutcome() : p;
            boolean[] reschedule = {false};
            pending.compute(key, (k, newer) -> {
                if (newer == null) {
                    reschedule[0] = true;
                    return again;
                }
                return again.then(newer.value, newer.writeIds);
            });
            if (reschedule[0] && !scheduler.isShutdown()) {
                scheduler.schedule(() -> flushKey(key), flushDelay.toNanos(), TimeUnit.NANOSECONDS);
            }
            LOG.log(System.Logger.Level.WARNING, "write-behind flush of ''{0}'' failed ({1}), kept pending: {2}", key,
                    unknown ? "may have reached the store" : "not stored", e);
        } finally {
            inFlight.remove(key);
        }
        if (failed) {
            // counted last, so whoever sees the failure also sees the write pending again
            flushFailures.incrementAndGet();
        }
    }

    /** A failure after which the store certainly did not apply the put. */
    private static boolean certainlyNotApplied(Throwable e) {
        return e instanceof BackendException b && !b.mayHaveTakenEffect();
    }

    /**
     * The report for writes still pending and writes whose flush was still running: pending writes are lost,
     * except those an earlier flush may have stored (uncertain); running flushes are uncertain.
     */
    private static WriteBehindLoss loss(Collection<Pending> pendingNow, Collection<Pending> running) {
        List<LostWrite> lost = new ArrayList<>();
        List<LostWrite> uncertain = new ArrayList<>();
        for (Pending p : pendingNow) {
            if (!p.writeIds.isEmpty()) {
                lost.add(new LostWrite(p.key, p.value, p.writeIds));
            }
            if (!p.uncertainIds.isEmpty()) {
                uncertain.add(new LostWrite(p.key, p.uncertainValue, p.uncertainIds));
            }
        }
        for (Pending p : running) {
            if (!p.writeIds.isEmpty()) {
                uncertain.add(new LostWrite(p.key, p.value, p.writeIds));
            }
            if (!p.uncertainIds.isEmpty()) {
                uncertain.add(new LostWrite(p.key, p.uncertainValue, p.uncertainIds));
            }
        }
        return new WriteBehindLoss(sorted(lost), sorted(uncertain));
    }

    private static List<LostWrite> sorted(List<LostWrite> out) {
        out.sort((a, b) -> Long.compare(a.writeIds().get(0), b.writeIds().get(0)));
        return out;
    }

    /**
     * Pending writes of one key: the last value and every write id it stands for, plus the writes an earlier flush
     * may have stored (their ids and the value that flush sent). Immutable.
     */
    private static final class Pending {
        final String key;
        final byte[] value;
        final List<Long> writeIds;
        final List<Long> uncertainIds;
        final byte[] uncertainValue;

        Pending(String key, byte[] value, List<Long> writeIds) {
            this(key, value, writeIds, List.of(), null);
        }

        private Pending(String key, byte[] value, List<Long> writeIds, List<Long> uncertainIds, byte[] uncertainValue) {
            this.key = key;
            this.value = value;
            this.writeIds = List.copyOf(writeIds);
            this.uncertainIds = List.copyOf(uncertainIds);
            this.uncertainValue = uncertainValue;
        }

        Pending then(byte[] newer, List<Long> newerIds) {
            List<Long> all = new ArrayList<>(writeIds);
            all.addAll(newerIds);
            return new Pending(key, newer, all, uncertainIds, uncertainValue);
        }

        /** After a flush of this value whose outcome is unknown: its writes may be stored; the value is retried. */
        Pending attemptedWithUnknownOutcome() {
            List<Long> maybe = new ArrayList<>(uncertainIds);
            maybe.addAll(writeIds);
            return new Pending(key, value, List.of(), maybe, value);
        }
    }
}
