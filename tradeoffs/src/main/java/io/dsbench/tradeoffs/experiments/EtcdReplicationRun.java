package io.dsbench.tradeoffs.experiments;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spi.Backend;
import io.dsbench.spi.Faults;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Latencies;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The etcd part of {@link ReplicationExperiment}: Raft replicates synchronously (a write is acknowledged once a
 * majority has it in its log). Its cost: write latency on 3 members against 1 member (nothing to replicate), each
 * measured in the same run with the same writers after an unrecorded warm-up. Its promise: the leader of the 3 is
 * SIGKILLed while the writers write, {@code kills} times (the killed member restarted between kills), and every
 * acknowledged key is read back (linearizable reads) from the surviving members.
 */
final class EtcdReplicationRun {
    /** Latencies on 1 and on 3 members; acknowledged and lost writes across the kills. */
    record Outcome(Latencies one, Latencies three, long acked, long lost, int kills, long failedCalls) {
    }

    private static final int WRITERS = 2;
    private static final Duration PERIOD = Duration.ofMillis(2);
    private static final Duration WARM_UP = Duration.ofMillis(300);

    private final ExperimentContext ctx;

    EtcdReplicationRun(ExperimentContext ctx) {
        this.ctx = ctx;
    }

    Outcome run(Duration steady, int kills) throws Exception {
        Latencies one = new Latencies();
        Backend single = ctx.open(Map.of("members", "1"));
        try {
            load(single.keyValue("replication"), "one-", steady, one, new ConcurrentHashMap<>(), null, null);
        } finally {
            single.close();
        }
        ctx.progress("1 member: write p50 " + ms(one.percentileMs(50)) + " over " + one.count() + " writes");

        Latencies three = new Latencies();
        ConcurrentMap<String, Long> acked = new ConcurrentHashMap<>();
        AtomicLong failed = new AtomicLong();
        Backend cluster = ctx.open(Map.of("members", "3"));
        try {
            KeyValueStore kv = cluster.keyValue("replication");
            Faults faults = cluster.faults().orElseThrow();
            load(kv, "three-", steady, three, acked, failed, () -> {
                for (int k = 0; k < kills; k++) {
                    String leader = faults.writer().name();
                    faults.kill(leader);
                    Thread.sleep(1500); // the writers keep writing through the election
                    if (k + 1 < kills) {
                        faults.start(leader, Duration.ofSeconds(30));
                    }
                    ctx.progress("leader " + leader + " killed (" + (k + 1) + "/" + kills + ")");
                }
            });
            long lost = 0;
            for (Map.Entry<String, Long> e : acked.entrySet()) {
                Optional<Versioned> v = kv.get(e.getKey());
                if (v.isEmpty() || v.get().version() < e.getValue()) {
                    lost++;
                }
            }
            ctx.progress("3 members: write p50 " + ms(three.percentileMs(50)) + "; lost " + lost + " of "
                    + acked.size() + " acknowledged writes across " + kills + " leader kills");
            return new Outcome(one, three, acked.size(), lost, kills, failed.get());
        } finally {
            cluster.close();
        }
    }

    /** What runs while the writers write after the steady phase (the kills); latencies are recorded before it. */
    private interface Faulting {
        void run() throws Exception;
    }

    private void load(KeyValueStore kv, String tag, Duration steady, Latencies lat, ConcurrentMap<String, Long> acked,
                      AtomicLong failed, Faulting faulting) throws Exception {
        long recordFrom = System.nanoTime() + WARM_UP.toNanos();
        AtomicBoolean faultsBegan = new AtomicBoolean();
        PacedLoad load = new PacedLoad("etcd-writer", WRITERS, PERIOD, (t, i) -> {
            String key = tag + t + "-" + i;
            long t0 = System.nanoTime();
            try {
                long v = kv.put(key, key.getBytes(StandardCharsets.UTF_8));
                long t1 = System.nanoTime();
                if (t0 - recordFrom > 0 && !faultsBegan.get()) {
                    lat.record(t1 - t0);
                }
                acked.put(key, v);
            } catch (BackendException e) {
                if (failed != null) {
                    failed.incrementAndGet();
                }
            }
        });
        try {
            Thread.sleep(WARM_UP.toMillis() + steady.toMillis());
            if (faulting != null) {
                faultsBegan.set(true);
                faulting.run();
            }
        } finally {
            load.stop(Duration.ofSeconds(15));
        }
    }

    static String ms(double v) {
        return String.format(java.util.Locale.ROOT, "%.2f ms", v);
    }
}
