package io.dsbench.conformance;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The deterministic schedule of QUORUM-10: several writers, each a quorum store on its own links to the same
 * replicas and its own hybrid logical clock on the <em>same frozen millisecond</em>, put to one key at once. A
 * {@link Gate} in front of every writer's links holds the first replica write of each writer until all writers
 * reached their write phase, so every writer's version query has read the same newest envelope before anyone
 * writes: their clocks all produce the same (l, c). This is exactly the window in which two writers in the same
 * millisecond used to get the same version; here it is hit in every round, by construction.
 *
 * <p>Then a reader reads the key, and each writer in turn tries a compare-and-set against the version its own put
 * returned. What is checked: every acknowledged write got its own version; the version a read returns belongs to
 * the write whose value it returns; a compare-and-set against a writer's version succeeds only when that writer's
 * write is the current one (otherwise it would overwrite a write its caller never saw: a lost update).
 */
final class VersionTieScenario {
    /** The physical time every writer's clock reads. */
    static final long FROZEN_MILLIS = 1_700_000_000_000L;

    /** Builds writer {@code index}'s store over its (gated) links; the clock must read {@link #FROZEN_MILLIS}. */
    interface WriterFactory {
        KeyValueStore writer(int index, List<KeyValueStore> links);
    }

    private final List<KeyValueStore> replicas;
    private final KeyValueStore reader;
    private final WriterFactory factory;
    private final Duration bound;

    VersionTieScenario(List<KeyValueStore> replicas, KeyValueStore reader, WriterFactory factory, Duration bound) {
        this.replicas = replicas;
        this.reader = reader;
        this.factory = factory;
        this.bound = bound;
    }

    /** Holds each writer's first replica write of a round until every writer has reached its write phase. */
    static final class Gate {
        private volatile CountDownLatch allWriting = new CountDownLatch(0);
        private volatile AtomicBoolean[] arrived = new AtomicBoolean[0];

        void arm(int writers) {
            AtomicBoolean[] a = new AtomicBoolean[writers];
            for (int i = 0; i < writers; i++) {
                a[i] = new AtomicBoolean();
            }
            arrived = a;
            allWriting = new CountDownLatch(writers);
        }

        boolean passed() {
            return allWriting.getCount() == 0;
        }

        void beforeWrite(int writer, Duration bound) {
            CountDownLatch latch = allWriting;
            AtomicBoolean[] a = arrived;
            if (writer < a.length && a[writer].compareAndSet(false, true)) {
                latch.countDown();
            }
            try {
                if (!latch.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new IllegalStateException("QUORUM-10: not every writer reached its write phase within "
                            + bound);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted at the write gate", e);
            }
        }

        KeyValueStore wrap(int writer, KeyValueStore link, Duration bound) {
            return new KeyValueStore() {
                @Override
                public String namespace() {
                    return link.namespace();
                }

                @Override
                public Optional<Versioned> get(String key) {
                    return link.get(key);
                }

                @Override
                public long put(String key, byte[] value) {
                    beforeWrite(writer, bound);
                    return link.put(key, value);
                }

                @Override
                public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                    beforeWrite(writer, bound);
                    return link.compareAndSet(key, expectedVersion, value);
                }

                @Override
                public boolean delete(String key) {
                    beforeWrite(writer, bound);
                    return link.delete(key);
                }

                @Override
                public CasResult compareAndDelete(String key, long expectedVersion) {
                    beforeWrite(writer, bound);
                    return link.compareAndDelete(key, expectedVersion);
                }
            };
        }
    }

    /** What one round showed. */
    record Round(List<Long> putVersions, Optional<Versioned> read, List<CasResult> cas) {
    }

    /**
     * Runs {@code rounds} rounds with {@code writers} writers on one key and returns the problems found (empty when
     * none); each problem names the round, the writers and the versions.
     */
    List<String> run(int writers, int rounds) throws Exception {
        Gate gate = new Gate();
        List<KeyValueStore> stores = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            List<KeyValueStore> links = new ArrayList<>();
            for (KeyValueStore r : replicas) {
                links.add(gate.wrap(w, r, bound));
            }
            stores.add(factory.writer(w, List.copyOf(links)));
        }
        List<String> problems = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            for (int round = 0; round < rounds; round++) {
                gate.arm(writers);
                List<Future<Long>> puts = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    KeyValueStore s = stores.get(w);
                    byte[] value = value(round, w);
                    puts.add(pool.submit(() -> s.put("k", value)));
                }
                List<Long> versions = new ArrayList<>();
                for (Future<Long> f : puts) {
                    versions.add(f.get(bound.toMillis() * 2, TimeUnit.MILLISECONDS));
                }
                if (!gate.passed()) {
                    problems.add("round " + round + ": the writers did not all reach the write phase together");
                    continue;
                }
                Optional<Versioned> read = reader.get("k");
                List<CasResult> cas = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    cas.add(stores.get(w).compareAndSet("k", versions.get(w), bytes("cas-r" + round + "-w" + w)));
                }
                check(round, new Round(versions, read, cas), problems);
            }
        } finally {
            pool.shutdownNow();
        }
        return problems;
    }

    private static byte[] value(int round, int writer) {
        return bytes("r" + round + "-w" + writer);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void check(int round, Round r, List<String> problems) {
        int writers = r.putVersions().size();
        Map<Long, Integer> owner = new HashMap<>();
        for (int w = 0; w < writers; w++) {
            Integer other = owner.putIfAbsent(r.putVersions().get(w), w);
            if (other != null) {
                problems.add("round " + round + ": writer-" + other + " and writer-" + w + " were both acknowledged"
                        + " with version " + r.putVersions().get(w) + " for different writes");
            }
        }
        int current = -1;
        if (r.read().isEmpty()) {
            problems.add("round " + round + ": the read after " + writers + " acknowledged puts found nothing");
        } else {
            String value = new String(r.read().get().value(), StandardCharsets.UTF_8);
            for (int w = 0; w < writers; w++) {
                if (value.equals("r" + round + "-w" + w)) {
                    current = w;
                }
            }
            if (current < 0) {
                problems.add("round " + round + ": the read returned '" + value + "', which no writer wrote");
            } else if (r.read().get().version() != r.putVersions().get(current)) {
                problems.add("round " + round + ": the read returned writer-" + current + "'s value with version "
                        + r.read().get().version() + ", but its put was acknowledged with version "
                        + r.putVersions().get(current));
            }
        }
        for (int w = 0; w < writers; w++) {
            if (r.cas().get(w).succeeded() && w != current) {
                problems.add("round " + round + ": writer-" + w + "'s compare-and-set against version "
                        + r.putVersions().get(w) + " (its own put) succeeded although writer-" + current
                        + "'s write was the current one: a lost update");
            }
        }
    }
}
