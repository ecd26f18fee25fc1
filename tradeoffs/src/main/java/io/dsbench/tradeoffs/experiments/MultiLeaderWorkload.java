package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.multileader.ReplicatedStore;
import io.dsbench.patterns.multileader.Sibling;
import io.dsbench.tradeoffs.Latencies;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntUnaryOperator;

/**
 * The client side of {@link MultiLeaderExperiment}: paced writers (one thread per client), each writing at the leader
 * its {@code leaderOf} function names, on keys drawn from a seeded random over a shared key set, recording every
 * acknowledged write (its {@link Sibling}: dot and context) and its latency per leader. Also: waiting for replication
 * to drain (a condition, never a fixed sleep) and counting conflicts from the writes' version vectors.
 */
final class MultiLeaderWorkload {
    /** One write: the store call a client makes. */
    @FunctionalInterface
    interface Write {
        Sibling put(int leader, String key, byte[] value);
    }

    /**
     * What one phase did.
     *
     * @param attempted  writes attempted
     * @param accepted   writes acknowledged (the call returned)
     * @param firstError the first failure, or null
     * @param perLeader  latencies of the acknowledged writes, by leader
     * @param all        latencies of all acknowledged writes
     * @param writes     every acknowledged write, by key
     * @param seconds    the phase's duration
     */
    record Result(long attempted, long accepted, String firstError, Latencies[] perLeader, Latencies all,
                  Map<String, List<Sibling>> writes, double seconds) {
    }

    private MultiLeaderWorkload() {
    }

    /** The key a client writes at its {@code i}-th write: seeded per client, so the schedule is reproducible. */
    static List<String> schedule(long seed, int client, int writes, int keys) {
        SplittableRandom rnd = new SplittableRandom(seed * 31 + client);
        List<String> out = new ArrayList<>(writes);
        for (int i = 0; i < writes; i++) {
            out.add(key(rnd.nextInt(keys)));
        }
        return out;
    }

    static String key(int i) {
        return "k" + i;
    }

    /**
     * Runs {@code clients} writers released together; client {@code c} writes its {@link #schedule} at leader
     * {@code leaderOf(c)}, one write every {@code interval} (a writer that falls behind writes back to back, without
     * bursting to catch up), and stops early when the phase has run for {@code cap}.
     */
    static Result run(int leaders, int clients, IntUnaryOperator leaderOf, long seed, int writes, int keys,
                      Duration interval, Duration cap, Write write) throws InterruptedException {
        Latencies all = new Latencies();
        Latencies[] lat = new Latencies[leaders];
        for (int i = 0; i < leaders; i++) {
            lat[i] = new Latencies();
        }
        Map<String, List<Sibling>> acked = new ConcurrentHashMap<>();
        AtomicLong attempted = new AtomicLong();
        AtomicLong accepted = new AtomicLong();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        long intervalNanos = interval.toNanos();
        for (int c = 0; c < clients; c++) {
            int client = c;
            int leader = leaderOf.applyAsInt(c);
            List<String> plan = schedule(seed, client, writes, keys);
            Thread t = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long next = System.nanoTime();
                long end = next + cap.toNanos();
                for (int i = 0; i < plan.size() && !Thread.currentThread().isInterrupted()
                        && System.nanoTime() < end; i++) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    next = Math.max(next + intervalNanos, System.nanoTime());
                    String key = plan.get(i);
                    byte[] value = ("c" + client + "." + i).getBytes(StandardCharsets.UTF_8);
                    attempted.incrementAndGet();
                    long t0 = System.nanoTime();
                    try {
                        Sibling w = write.put(leader, key, value);
                        long took = System.nanoTime() - t0;
                        lat[leader].record(took);
                        all.record(took);
                        accepted.incrementAndGet();
                        acked.computeIfAbsent(key, k -> Collections.synchronizedList(new ArrayList<>())).add(w);
                    } catch (RuntimeException e) {
                        lat[leader].failed();
                        firstError.compareAndSet(null, e.toString());
                    }
                }
            }, "tradeoffs-multileader-client-" + c);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        long t0 = System.nanoTime();
        start.countDown();
        try {
            for (Thread t : threads) {
                t.join();
            }
        } catch (InterruptedException e) {
            threads.forEach(Thread::interrupt);
            throw e;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, List<Sibling>> byKey = new TreeMap<>();
        acked.forEach((k, v) -> byKey.put(k, List.copyOf(v)));
        return new Result(attempted.get(), accepted.get(), firstError.get(), lat, all, byKey, seconds);
    }

    /**
     * Replication lag as a client sees it: {@code samples} writes, one at a time, each at leader {@code i % leaders}
     * on a fresh key; for each, the time from the write's start until every other leader returns it (each polled
     * every 100 us). Returns those times.
     */
    static Latencies visibility(io.dsbench.patterns.multileader.LwwStore store, int samples, Duration bound)
            throws InterruptedException {
        Latencies lat = new Latencies();
        int leaders = store.leaders();
        for (int i = 0; i < samples; i++) {
            String key = "visible-" + i;
            int at = i % leaders;
            long t0 = System.nanoTime();
            Sibling w = store.put(at, key, ("v" + i).getBytes(StandardCharsets.UTF_8));
            long deadline = t0 + bound.toNanos();
            for (int l = 0; l < leaders; l++) {
                while (l != at && !store.read(l, key).map(r -> r.dot().equals(w.dot())).orElse(false)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("write " + key + " at leader " + at + " not at leader " + l
                                + " within " + bound.toMillis() + " ms; replication: " + store.errors());
                    }
                    if (Thread.interrupted()) {
                        throw new InterruptedException("interrupted while waiting for replication");
                    }
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
                }
            }
            lat.record(System.nanoTime() - t0);
        }
        return lat;
    }

    /**
     * Waits until the store's replication drained (every open link shipped its whole log), checking every
     * millisecond up to {@code bound}.
     *
     * @throws IllegalStateException when a link fails or the bound passes
     */
    static void awaitDrained(ReplicatedStore<?> store, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!store.drained()) {
            if (!store.errors().isEmpty()) {
                throw new IllegalStateException("replication failed: " + store.errors());
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("replication did not drain within " + bound.toMillis() + " ms");
            }
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for replication to drain");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    /**
     * The acknowledged writes that were concurrent with at least one other write of the same key (neither had seen
     * the other: neither's version-vector context covers the other's dot), as {@code key/dot} ids.
     */
    static Set<String> conflicting(Map<String, List<Sibling>> writes) {
        Set<String> out = new HashSet<>();
        for (Map.Entry<String, List<Sibling>> e : writes.entrySet()) {
            List<Sibling> ws = e.getValue();
            for (int i = 0; i < ws.size(); i++) {
                Sibling a = ws.get(i);
                for (int j = i + 1; j < ws.size(); j++) {
                    Sibling b = ws.get(j);
                    if (!a.supersedes(b) && !b.supersedes(a)) {
                        out.add(id(e.getKey(), a));
                        out.add(id(e.getKey(), b));
                    }
                }
            }
        }
        return out;
    }

    static String id(String key, Sibling w) {
        return key + "/" + w.dot();
    }
}
