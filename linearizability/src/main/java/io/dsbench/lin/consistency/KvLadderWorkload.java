package io.dsbench.lin.consistency;

import io.dsbench.lin.history.History;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.history.RecordedKv;
import io.dsbench.spec.kv.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The workload whose history the consistency ladder is measured on, over <em>any</em> {@link KeyValueStore}: each
 * client (its own thread and session) runs gets, puts of unique values and compare-and-sets on keys a, b, c; after
 * half of its puts it reads the key back at once (so read-your-writes is exercised). No deletes: every read then has
 * a known version, and sequential consistency is decided exactly from the version order.
 *
 * <p>Each client gets its own store from {@code storeOf(client)}: the same store for a single backend, a quorum
 * store with the client's own writer id, or the leader in a client's own region for a multi-leader store. Thread-safe
 * (each call records its own history).
 */
public final class KvLadderWorkload {
    private static final String[] KEYS = {"a", "b", "c"};

    private KvLadderWorkload() {
    }

    /**
     * Runs the workload and returns its history.
     *
     * @param clients      client threads (sessions)
     * @param opsPerClient calls per client
     * @param storeOf      the store client i (0-based) uses
     * @param seed         the random choices' seed (replays them)
     * @param timeout      bound for the whole workload
     * @throws IllegalStateException when the clients do not finish within {@code timeout}
     */
    public static History record(int clients, int opsPerClient, IntFunction<KeyValueStore> storeOf, long seed,
                                 Duration timeout) throws InterruptedException {
        HistoryRecorder rec = new HistoryRecorder();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch start = new CountDownLatch(1);
        SplittableRandom seeds = new SplittableRandom(seed);
        List<Future<?>> fs = new ArrayList<>();
        try {
            for (int c = 0; c < clients; c++) {
                HistoryRecorder.Client client = rec.client();
                KeyValueStore kv = storeOf.apply(c);
                SplittableRandom rnd = seeds.split();
                fs.add(pool.submit(() -> {
                    start.await();
                    run(client, kv, rnd, opsPerClient);
                    return null;
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + timeout.toNanos();
            for (Future<?> f : fs) {
                try {
                    f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException("a ladder workload client failed: " + e.getCause(), e.getCause());
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new IllegalStateException("the ladder workload did not finish within " + timeout);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        return rec.history();
    }

    private static void run(HistoryRecorder.Client c, KeyValueStore kv, SplittableRandom rnd, int ops) {
        RecordedKv rk = new RecordedKv(c, kv);
        for (int i = 0; i < ops; i++) {
            String key = KEYS[rnd.nextInt(KEYS.length)];
            int r = rnd.nextInt(100);
            if (r < 45) {
                rk.get(key);
            } else if (r < 80) {
                if (!rk.put(key, "p" + c.process() + "-" + i)) {
                    continue;
                }
                if (rnd.nextBoolean() && ++i < ops) {
                    rk.get(key); // read-your-writes, exercised at once
                }
            } else {
                String value = "c" + c.process() + "-" + i;
                long expected = rnd.nextInt(4) == 0 ? KeyValueStore.ABSENT : rk.lastSeen(key);
                rk.compareAndSet(key, expected, value);
            }
        }
    }
}
