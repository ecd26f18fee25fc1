package io.dsbench.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Drives one operation at a constant arrival rate (open loop) or from clients that wait for each reply (closed
 * loop), and records its latencies in an HdrHistogram {@link Recorder}; the warm-up goes to a second recorder and
 * is in no reported figure.
 *
 * <h2>Open loop: latency from the intended start</h2>
 * Request {@code i} is due at {@code start + i / rate}. {@code clients} threads take the next due request in
 * order, wait for its due time if it is in the future (or send it at once if it is already late), and record
 * {@code completion - due time}. A client has at most one request in flight; when every client is busy (the
 * server stalls), due requests wait, and their waiting counts: that is the latency a user arriving at that instant
 * would see. The schedule never slows down to match the server, so there is no coordinated omission. If the
 * generator itself cannot keep up (too few clients for rate x latency), the lateness is counted as latency too, and
 * the achieved rate falls below the offered one: check {@link Result#achievedRatePerS()}.
 *
 * <h2>Closed loop: latency from the actual send</h2>
 * Each client has its own schedule ({@code rate / clients}; with rate 0, as fast as it can) and sends its next
 * request only after the previous reply; latency is measured from the actual send, and slots a client missed while
 * it waited are skipped. A 1 s stall is then recorded once per client instead of once per request due during it:
 * the coordinated omission of most load tools, offered here to show the difference, and used (rate 0) for maximum
 * throughput at a given concurrency.
 *
 * <p>Failed calls are counted ({@link Result#errors()}) and not recorded in the histogram. A run ends at its
 * planned end; calls still in flight then get {@link Config#drainMax()} to finish before the clients are
 * interrupted ({@link Result#drained()} tells whether every client thread ended). Not thread-safe: one run at a time
 * per instance of {@code Op}; {@link #run} is a static method and keeps no state.
 */
public final class LoadGenerator {
    private LoadGenerator() {
    }

    /** How requests are paced and measured. */
    public enum Loop {
        /** Constant arrival rate, latency from the intended start. */
        OPEN,
        /** One request per client at a time, latency from the actual send, missed slots skipped. */
        CLOSED
    }

    /** The operation under load; {@code client} is the calling client's index (0 .. clients-1). */
    @FunctionalInterface
    public interface Op {
        void call(int client) throws Exception;
    }

    /**
     * Something done to the server during the measurement, e.g. SIGSTOP for one second.
     *
     * @param at     offset from the start of the measurement (after the warm-up)
     * @param length how long until {@code end} runs
     * @param begin  starts the disturbance
     * @param end    ends it; always runs once {@code begin} ran
     */
    public record Disturbance(Duration at, Duration length, Runnable begin, Runnable end) {
    }

    /**
     * One run's settings.
     *
     * @param loop      open or closed
     * @param ratePerS  offered rate in requests per second (&gt; 0; 0 only for CLOSED: as fast as possible)
     * @param clients   client threads, 1 .. 1024
     * @param warmup    warm-up, recorded separately (&gt;= 0)
     * @param measure   the measured part (&gt; 0)
     * @param interval  length of one interval in the .hlog (&gt; 0)
     * @param drainMax  how long calls in flight at the planned end may take to finish (&gt; 0)
     */
    public record Config(Loop loop, double ratePerS, int clients, Duration warmup, Duration measure, Duration interval,
                         Duration drainMax) {
        public Config {
            if (loop == null) {
                throw new IllegalArgumentException("loop is null");
            }
            if (!(ratePerS >= 0) || (ratePerS == 0 && loop == Loop.OPEN) || ratePerS > 10_000_000) {
                throw new IllegalArgumentException("ratePerS = " + ratePerS + " is out of range (legal: > 0 and <= 1e7"
                        + " per second; 0 only for a closed loop)");
            }
            if (clients < 1 || clients > 1024) {
                throw new IllegalArgumentException("clients = " + clients + " is out of range (legal: 1..1024)");
            }
            if (warmup == null || warmup.isNegative()) {
                throw new IllegalArgumentException("warmup = " + warmup + " must be >= 0");
            }
            for (Duration d : new Duration[] {measure, interval, drainMax}) {
                if (d == null || d.isZero() || d.isNegative()) {
                    throw new IllegalArgumentException("measure, interval and drainMax must be > 0; got " + measure
                            + ", " + interval + ", " + drainMax);
                }
            }
        }

        /** An open loop at {@code ratePerS} with 1 s intervals and 5 s to drain. */
        public static Config open(double ratePerS, int clients, Duration warmup, Duration measure) {
            return new Config(Loop.OPEN, ratePerS, clients, warmup, measure, Duration.ofSeconds(1), Duration.ofSeconds(5));
        }

        /** A closed loop ({@code ratePerS} 0: as fast as each client can) with 1 s intervals and 5 s to drain. */
        public static Config closed(double ratePerS, int clients, Duration warmup, Duration measure) {
            return new Config(Loop.CLOSED, ratePerS, clients, warmup, measure, Duration.ofSeconds(1),
                    Duration.ofSeconds(5));
        }
    }

    /**
     * What a run measured.
     *
     * @param config           its settings
     * @param warmup           the warm-up's latencies (reported separately, never mixed in)
     * @param measured         the measured part's latencies (successful calls)
     * @param histogram        the measured part's histogram (nanoseconds)
     * @param errors           failed calls in the measured part
     * @param firstError       the first failure, or null
     * @param completed        calls of the measured part that returned (successfully or not)
     * @param achievedRatePerS completed / time from the measurement's start to its last completion
     * @param drained          whether every client thread had ended when the run returned
     */
    public record Result(Config config, LatencyStats warmup, LatencyStats measured, Histogram histogram, long errors,
                         String firstError, long completed, double achievedRatePerS, boolean drained) {
        /** Share of failed calls among completed ones (0 when none completed). */
        public double errorFraction() {
            return completed == 0 ? 0 : (double) errors / completed;
        }
    }

    /**
     * Runs {@code op} under {@code config}; intervals go to {@code log} (may be null) tagged {@code tag} (the warm-up's
     * tagged {@code warmup-<tag>}).
     */
    public static Result run(String name, Op op, Config config, HlogFile log, String tag) throws InterruptedException {
        return run(name, op, config, log, tag, null);
    }

    /** As {@link #run(String, Op, Config, HlogFile, String)}, with a disturbance during the measurement. */
    public static Result run(String name, Op op, Config config, HlogFile log, String tag, Disturbance disturbance)
            throws InterruptedException {
        return new Run(name, op, config, log, tag).execute(disturbance);
    }

    private static final class Run {
        final String name;
        final Op op;
        final Config c;
        final HlogFile log;
        final String tag;
        final Recorder warm = new Recorder(3);
        final Recorder rec = new Recorder(3);
        final Histogram total = new Histogram(3);
        final Histogram warmTotal = new Histogram(3);
        final LongAdder errors = new LongAdder();
        final LongAdder completed = new LongAdder();
        final AtomicReference<String> firstError = new AtomicReference<>();
        final AtomicLong lastEnd = new AtomicLong(Long.MIN_VALUE);
        final AtomicLong next = new AtomicLong();
        volatile boolean stop;
        long start;
        long measureStart;
        long plannedEnd;

        Run(String name, Op op, Config c, HlogFile log, String tag) {
            this.name = name;
            this.op = op;
            this.c = c;
            this.log = log;
            this.tag = tag;
        }

        Result execute(Disturbance disturbance) throws InterruptedException {
            long warmNs = c.warmup().toNanos();
            long measureNs = c.measure().toNanos();
            start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(20); // every client is waiting by then
            measureStart = start + warmNs;
            plannedEnd = measureStart + measureNs;
            CountDownLatch done = new CountDownLatch(c.clients());
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < c.clients(); i++) {
                int client = i;
                Thread t = new Thread(() -> {
                    try {
                        if (c.loop() == Loop.OPEN) {
                            openClient(client);
                        } else {
                            closedClient(client);
                        }
                    } finally {
                        done.countDown();
                    }
                }, "dsbench-load-" + name + "-" + i);
                t.setDaemon(true);
                threads.add(t);
                t.start();
            }
            Thread fault = disturbance == null ? null : startDisturbance(disturbance);
            boolean drained;
            try {
                long nextFlush = start + c.interval().toNanos();
                long giveUp = plannedEnd + c.drainMax().toNanos();
                while (!done.await(Math.max(0, Math.min(nextFlush, giveUp) - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                    if (System.nanoTime() >= giveUp) {
                        break;
                    }
                    if (System.nanoTime() >= nextFlush) {
                        flush();
                        nextFlush += c.interval().toNanos();
                    }
                }
            } finally {
                stop = true;
                if (done.getCount() > 0) {
                    threads.forEach(Thread::interrupt);
                    drained = done.await(c.drainMax().toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    drained = true;
                }
                if (drained) {
                    for (Thread t : threads) {
                        t.join(1000); // each has counted down; let it end before the run returns
                    }
                }
                if (fault != null) {
                    fault.interrupt();
                    fault.join(c.drainMax().toMillis());
                }
                flush();
            }
            long end = lastEnd.get();
            long measuredSpan = end == Long.MIN_VALUE ? measureNs : Math.max(end - measureStart, 1);
            double achieved = completed.sum() / (measuredSpan / 1e9);
            return new Result(c, LatencyStats.of(warmTotal), LatencyStats.of(total), total, errors.sum(),
                    firstError.get(), completed.sum(), achieved, drained);
        }

        private Thread startDisturbance(Disturbance d) {
            Thread t = new Thread(() -> {
                long at = measureStart + d.at().toNanos();
                if (!sleepUntil(at)) {
                    return;
                }
                d.begin().run();
                try {
                    // the stall's length is the measured subject here, so a timed wait is the point, not a sync
                    sleepUntil(System.nanoTime() + d.length().toNanos());
                } finally {
                    d.end().run();
                }
            }, "dsbench-load-" + name + "-disturbance");
            t.setDaemon(true);
            t.start();
            return t;
        }

        private synchronized void flush() {
            Histogram w = warm.getIntervalHistogram();
            Histogram m = rec.getIntervalHistogram();
            if (w.getTotalCount() > 0) {
                warmTotal.add(w);
                if (log != null) {
                    log.write(w, "warmup-" + tag);
                }
            }
            if (m.getTotalCount() > 0) {
                total.add(m);
                if (log != null) {
                    log.write(m, tag);
                }
            }
        }

        private void openClient(int client) {
            double periodNs = 1e9 / c.ratePerS();
            long warmSlots = Math.round(c.warmup().toNanos() / periodNs);
            long slots = warmSlots + Math.max(1, Math.round(c.measure().toNanos() / periodNs));
            while (!stop) {
                long i = next.getAndIncrement();
                if (i >= slots) {
                    return;
                }
                long due = start + (long) (i * periodNs);
                if (!sleepUntil(due)) {
                    return;
                }
                if (!call(client, due, i < warmSlots)) {
                    return;
                }
            }
        }

        private void closedClient(int client) {
            double periodNs = c.ratePerS() == 0 ? 0 : 1e9 / c.ratePerS();
            double clientPeriod = periodNs * c.clients();
            long base = start + (long) (client * periodNs);
            long k = 0;
            while (!stop) {
                long now = System.nanoTime();
                if (now >= plannedEnd) {
                    return;
                }
                if (clientPeriod > 0) {
                    long due = base + (long) (k * clientPeriod);
                    if (!sleepUntil(due)) {
                        return;
                    }
                }
                long sent = System.nanoTime();
                if (sent >= plannedEnd) {
                    return;
                }
                if (!call(client, sent, sent < measureStart)) {
                    return;
                }
                if (clientPeriod > 0) {
                    // the slots missed while waiting for the reply are skipped: never sent, never measured
                    long behind = (long) Math.ceil((System.nanoTime() - base) / clientPeriod);
                    k = Math.max(k + 1, behind);
                }
            }
        }

        /** Calls the op once; false when the client must stop (interrupted). */
        private boolean call(int client, long from, boolean warmup) {
            boolean ok;
            try {
                op.call(client);
                ok = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception | Error e) {
                if (e instanceof Error && !(e instanceof AssertionError)) {
                    throw (Error) e;
                }
                ok = false;
                if (!warmup) {
                    errors.increment();
                    firstError.compareAndSet(null, describe(e));
                }
            }
            long end = System.nanoTime();
            if (warmup) {
                if (ok) {
                    warm.recordValue(Math.max(0, end - from));
                }
            } else {
                if (ok) {
                    rec.recordValue(Math.max(0, end - from));
                }
                completed.increment();
                lastEnd.accumulateAndGet(end, Math::max);
            }
            return !Thread.currentThread().isInterrupted();
        }

        private boolean sleepUntil(long deadline) {
            long rem;
            while ((rem = deadline - System.nanoTime()) > 0) {
                if (stop || Thread.currentThread().isInterrupted()) {
                    return false;
                }
                LockSupport.parkNanos(rem);
            }
            return !Thread.currentThread().isInterrupted();
        }
    }

    /** One line for a failure: its class and first message line. */
    static String describe(Throwable e) {
        String m = e.getMessage();
        if (m != null) {
            int nl = m.indexOf('\n');
            m = nl < 0 ? m : m.substring(0, nl);
        }
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }
}
