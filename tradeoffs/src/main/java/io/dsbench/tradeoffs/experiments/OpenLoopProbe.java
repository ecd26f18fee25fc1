package io.dsbench.tradeoffs.experiments;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Open-loop write probes for the failover window: one put of a distinct key starts every {@code period}, whether or
 * not earlier ones have returned (up to {@code maxInFlight} at once; a start skipped because that many hang is
 * counted), so a call stuck on the killed leader until the operation timeout does not hide that the new leader
 * already accepts writes. Every attempt is recorded (start, end, acknowledged or failed).
 */
final class OpenLoopProbe implements AutoCloseable {
    /** One probe write. Times are {@link System#nanoTime()}. */
    record Attempt(long start, long end, boolean ok) {
    }

    /** A kill and its recovery, as seen by the probes. */
    record Outage(long killedAt, long recoveredAt, long failed) {
        double windowMs() {
            return (recoveredAt - killedAt) / 1e6;
        }
    }

    private final KeyValueStore kv;
    private final ScheduledExecutorService ticker;
    private final ExecutorService workers;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong seq = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final ConcurrentLinkedQueue<Attempt> attempts = new ConcurrentLinkedQueue<>();
    private final AtomicReference<CountDownLatch> recovered = new AtomicReference<>();
    private volatile long killedAt;

    OpenLoopProbe(KeyValueStore kv, Duration period, int maxInFlight) {
        this.kv = kv;
        this.maxInFlight = maxInFlight;
        this.workers = Executors.newFixedThreadPool(maxInFlight, r -> daemon(r, "probe-write"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "probe-tick"));
        ticker.scheduleAtFixedRate(this::tick, 0, period.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    private void tick() {
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            skipped.incrementAndGet();
            return;
        }
        long n = seq.getAndIncrement();
        workers.execute(() -> {
            long t0 = System.nanoTime();
            boolean ok;
            try {
                kv.put("p" + n, new byte[] {1});
                ok = true;
            } catch (BackendException e) {
                ok = false;
            } finally {
                inFlight.decrementAndGet();
            }
            long t1 = System.nanoTime();
            attempts.add(new Attempt(t0, t1, ok));
            CountDownLatch l = recovered.get();
            if (ok && l != null && t0 - killedAt >= 0) {
                l.countDown();
            }
        });
    }

    /**
     * Call just before the kill: returns a latch released by the first acknowledged write started after this call.
     */
    CountDownLatch killing() {
        CountDownLatch l = new CountDownLatch(1);
        killedAt = System.nanoTime();
        recovered.set(l);
        return l;
    }

    /** When the last {@link #killing} was called. */
    long killedAt() {
        return killedAt;
    }

    /** Starts skipped because {@code maxInFlight} calls were in flight. */
    long skipped() {
        return skipped.get();
    }

    /** Attempts recorded so far. */
    List<Attempt> attempts() {
        return new ArrayList<>(attempts);
    }

    /**
     * The outage after a kill at {@code killedAt}: recovery = the end of the first acknowledged write started at or
     * after it; failed = writes that failed and were in flight at some moment between the kill and the recovery
     * (including calls stuck on the killed server until their timeout). Call after {@link #close}, so every
     * attempt has ended.
     */
    static Outage outage(List<Attempt> all, long killedAt) {
        long recoveredAt = Long.MAX_VALUE;
        boolean found = false;
        for (Attempt a : all) {
            if (a.ok() && a.start() - killedAt >= 0 && (!found || a.end() - recoveredAt < 0)) {
                recoveredAt = a.end();
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("no write was acknowledged after the kill");
        }
        long failed = 0;
        for (Attempt a : all) {
            if (!a.ok() && a.end() - killedAt >= 0 && a.start() - recoveredAt < 0) {
                failed++;
            }
        }
        return new Outage(killedAt, recoveredAt, failed);
    }

    /** Stops starting writes and waits (bounded) for those in flight. */
    @Override
    public void close() throws InterruptedException {
        ticker.shutdownNow();
        ticker.awaitTermination(5, TimeUnit.SECONDS);
        workers.shutdown();
        if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
            workers.shutdownNow();
        }
    }
}
