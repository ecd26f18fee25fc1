package io.dsbench.tradeoffs.experiments;

import io.dsbench.lin.consistency.KvHistory;
import io.dsbench.lin.consistency.KvLadderWorkload;
import io.dsbench.lin.consistency.Staleness;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.history.RecordedKv;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.tradeoffs.Latencies;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The two workloads of the consistency experiment, over any {@link KeyValueStore}s, both recorded as versioned-kv
 * histories and measured with the project's {@link Staleness} checker:
 * <ul>
 *   <li>{@link #steady}: the consistency ladder's workload ({@link KvLadderWorkload}: gets, puts, compare-and-sets
 *       on keys a, b, c, reading back half of the puts at once), every call timed ({@link MeasuredKv});</li>
 *   <li>{@link #partition}: a time-bounded window in which clients in named groups (the two sides of a partition,
 *       or the variants compared) read and write keys pa, pb, pc; per group it counts calls and failures, and
 *       measures the staleness of that group's reads against every write acknowledged in the window.</li>
 * </ul>
 */
final class ConsistencyProbe {
    private static final String[] PARTITION_KEYS = {"pa", "pb", "pc"};
    /** Calls per client of the unrecorded warm-up before each steady workload. */
    static final int WARM_UP_OPS = 10;

    private ConsistencyProbe() {
    }

    /** What one variant showed under the steady workload. */
    record Steady(String variant, Latencies reads, Latencies writes, Staleness.Report staleness) {
    }

    /**
     * Runs the ladder workload with {@code clients} clients of {@code ops} calls each ({@code storeOf(i)} is client
     * i's store), after an unrecorded warm-up of {@link #WARM_UP_OPS} calls each.
     */
    static Steady steady(String variant, int clients, int ops, IntFunction<KeyValueStore> storeOf, long seed,
                         Duration timeout) throws InterruptedException {
        // warm-up, not recorded: connections, JIT and the servers' caches, so that neither variant pays for them
        KvLadderWorkload.record(clients, WARM_UP_OPS, storeOf, seed - 1, timeout);
        Latencies reads = new Latencies();
        Latencies writes = new Latencies();
        History h = KvLadderWorkload.record(clients, ops, c -> new MeasuredKv(storeOf.apply(c), reads, writes), seed,
                timeout);
        return new Steady(variant, reads, writes, Staleness.of(KvHistory.of(h)));
    }

    /**
     * One client of the partition window.
     *
     * @param group  its group (e.g. {@code minority W=2 R=2}); counts and staleness are per group
     * @param kv     its store
     * @param mode   what it calls: gets and puts half and half, only puts, or only gets
     */
    record Client(String group, KeyValueStore kv, Mode mode) {
        boolean reads() {
            return mode != Mode.WRITE;
        }
    }

    /** What a partition-window client calls. */
    enum Mode { READ_WRITE, WRITE, READ }

    /** One group's counts in the window; {@code staleness} covers its reads (null when it did not read). */
    record Group(String name, long reads, long readsFailed, long writes, long writesFailed,
                 Staleness.Report staleness) {
        long calls() {
            return reads + writes;
        }

        long failed() {
            return readsFailed + writesFailed;
        }
    }

    private static final class Counts {
        long reads;
        long readsFailed;
        long writes;
        long writesFailed;
        boolean reading;
        final Set<Integer> readers = ConcurrentHashMap.newKeySet();
    }

    /**
     * Runs every client for {@code window} (at most {@code maxOps} calls each), each on its own thread; returns the
     * groups in the order of their first client.
     *
     * @throws IllegalStateException when a client is still running {@code grace} after the window closed
     */
    static Map<String, Group> partition(List<Client> clients, Duration window, int maxOps, long seed, Duration grace)
            throws InterruptedException {
        HistoryRecorder rec = new HistoryRecorder();
        Map<String, Counts> counts = new LinkedHashMap<>();
        for (Client c : clients) {
            counts.computeIfAbsent(c.group(), g -> new Counts()).reading |= c.reads();
        }
        ExecutorService pool = Executors.newFixedThreadPool(clients.size());
        CountDownLatch start = new CountDownLatch(1);
        SplittableRandom seeds = new SplittableRandom(seed);
        long[] deadline = new long[1];
        try {
            for (Client c : clients) {
                HistoryRecorder.Client hc = rec.client();
                SplittableRandom rnd = seeds.split();
                Counts cnt = counts.get(c.group());
                pool.submit(() -> {
                    start.await();
                    run(c, new RecordedKv(hc, c.kv()), hc, rnd, cnt, deadline[0], maxOps);
                    return null;
                });
            }
            deadline[0] = System.nanoTime() + window.toNanos();
            start.countDown();
            pool.shutdown();
            if (!pool.awaitTermination(window.plus(grace).toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("the partition window's clients did not stop within " + grace
                        + " after the window of " + window);
            }
        } finally {
            pool.shutdownNow();
        }
        History h = rec.history();
        Map<String, Group> out = new LinkedHashMap<>();
        for (Map.Entry<String, Counts> e : counts.entrySet()) {
            Counts c = e.getValue();
            Staleness.Report st = c.reading ? Staleness.of(KvHistory.of(readsOf(h, c.readers))) : null;
            synchronized (c) {
                out.put(e.getKey(), new Group(e.getKey(), c.reads, c.readsFailed, c.writes, c.writesFailed, st));
            }
        }
        return out;
    }

    private static void run(Client c, RecordedKv rk, HistoryRecorder.Client hc, SplittableRandom rnd, Counts cnt,
                            long deadline, int maxOps) {
        for (int i = 0; i < maxOps && System.nanoTime() < deadline && !Thread.currentThread().isInterrupted(); i++) {
            String key = PARTITION_KEYS[rnd.nextInt(PARTITION_KEYS.length)];
            if (c.mode() == Mode.READ || (c.mode() == Mode.READ_WRITE && rnd.nextBoolean())) {
                cnt.readers.add(hc.process());
                boolean ok = rk.get(key);
                synchronized (cnt) {
                    cnt.reads++;
                    cnt.readsFailed += ok ? 0 : 1;
                }
            } else {
                boolean ok = rk.put(key, "w" + hc.process() + "-" + i);
                synchronized (cnt) {
                    cnt.writes++;
                    cnt.writesFailed += ok ? 0 : 1;
                }
            }
        }
    }

    /** The history with every call kept except the gets of processes outside {@code readers}. */
    private static History readsOf(History h, Set<Integer> readers) {
        List<Op> kept = new ArrayList<>();
        for (Op op : h.ops()) {
            if (!"get".equals(op.f()) || readers.contains(op.process())) {
                kept.add(op);
            }
        }
        return History.of(kept);
    }
}
