package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.sharding.ShardRouter;
import io.dsbench.patterns.sharding.ShardedKeyValueStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.tradeoffs.Latencies;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Range scans on a {@link ShardedKeyValueStore} over the backend, as a sharded store's client runs them: the scan's
 * keys are grouped by the shard the router puts them on, every touched shard is asked at once (one task per shard,
 * in parallel), and each shard reads its keys of the range in key order. The key-value SPI has point reads only, so
 * a shard's part of the scan is one get per key (a real range read would be one request per shard).
 */
final class ShardingScans {
    /** What the scans through one store cost, summed over the scans. */
    static final class Tally {
        /** Wall time per scan. */
        final Latencies latency = new Latencies();
        /** Shards asked. */
        final AtomicLong touched = new AtomicLong();
        /** Point reads. */
        final AtomicLong reads = new AtomicLong();
        /** Reads that found no value (0 unless the backend lost data). */
        final AtomicLong missing = new AtomicLong();
    }

    private final Backend backend;
    private final String prefix;
    private final ExecutorService pool;

    ShardingScans(Backend backend, String prefix, ExecutorService pool) {
        this.backend = backend;
        this.prefix = prefix;
        this.pool = pool;
    }

    /** A sharded store over {@code router}'s nodes, each node a namespace of the backend. */
    ShardedKeyValueStore store(String name, ShardRouter router) {
        Map<String, KeyValueStore> shards = new LinkedHashMap<>();
        for (String node : router.nodes()) {
            shards.put(node, backend.keyValue(prefix + "/" + name + "/" + node));
        }
        return new ShardedKeyValueStore(prefix + "/" + name, router, shards);
    }

    /** Writes every key (its own name as value), in parallel batches. */
    void load(ShardedKeyValueStore store, List<String> keys) throws InterruptedException, ExecutionException {
        int parts = 8;
        List<Future<?>> done = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            List<String> slice = keys.subList(keys.size() * p / parts, keys.size() * (p + 1) / parts);
            done.add(pool.submit(() -> slice.forEach(k -> store.put(k, k.getBytes(StandardCharsets.UTF_8)))));
        }
        for (Future<?> f : done) {
            f.get();
        }
    }

    /**
     * One scan of {@code keys} (consecutive in key order) through {@code store}; adds its costs to the totals. With
     * {@code parallel} every touched shard is read at once (scatter-gather), else one shard after another in key
     * order, on the calling thread.
     */
    void scan(ShardedKeyValueStore store, List<String> keys, Tally tally, boolean parallel)
            throws InterruptedException, ExecutionException {
        long t0 = System.nanoTime();
        Map<String, List<String>> byShard = new TreeMap<>();
        for (String k : keys) {
            byShard.computeIfAbsent(store.router().route(k), s -> new ArrayList<>()).add(k);
        }
        long absent = 0;
        if (parallel) {
            List<Future<Long>> parts = new ArrayList<>(byShard.size());
            for (List<String> shardKeys : byShard.values()) {
                parts.add(pool.submit(() -> readShard(store, shardKeys)));
            }
            for (Future<Long> f : parts) {
                absent += f.get();
            }
        } else {
            for (List<String> shardKeys : byShard.values()) {
                absent += readShard(store, shardKeys);
            }
        }
        tally.latency.record(System.nanoTime() - t0);
        tally.touched.addAndGet(byShard.size());
        tally.reads.addAndGet(keys.size());
        tally.missing.addAndGet(absent);
    }

    /** Reads one shard's keys of a scan in key order; returns how many were absent. */
    private static long readShard(ShardedKeyValueStore store, List<String> shardKeys) {
        KeyValueStore shard = store.shardFor(shardKeys.get(0));
        long absent = 0;
        for (String k : shardKeys) {
            if (shard.get(k).isEmpty()) {
                absent++;
            }
        }
        return absent;
    }
}
