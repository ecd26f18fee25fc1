package io.dsbench.tradeoffs.experiments;

import io.dsbench.chaos.net.FaultProxy;
import io.dsbench.redis.RedisBackend;
import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.spi.Faults;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Latencies;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Redis rounds of {@link ReplicationExperiment}: one fresh {@code topology=replicated} deployment per round
 * (primary + 2 replicas), with the replicas' replication links either direct on loopback or through a
 * {@link FaultProxy} that delays every chunk by {@code linkDelayMs} (a replica in another zone). Two clients of the
 * same primary write side by side: the managed backend itself (asynchronous: the primary acknowledges alone) and a
 * second backend with {@code waitReplicas=2} (every write followed by {@code WAIT 2}: acknowledged once both
 * replicas confirmed it). Each round: writers on distinct keys for the steady phase, then (delayed links only) the
 * links are cut for {@link #CUT_BEFORE_KILL} (a partition between primary and replicas; the primary goes on
 * acknowledging alone, WAIT blocks), then SIGKILL of the primary while they write; the replica with the highest replication offset is promoted ({@code REPLICAOF NO ONE}, what a
 * failover does) and every acknowledged key is read back from it through a redis backend opened on it.
 */
final class RedisReplicationRounds {
    /** What one variant (async or WAIT) accumulated over the rounds of one link setting. */
    static final class Tally {
        final Latencies latency = new Latencies();
        final AtomicLong acked = new AtomicLong();
        final AtomicLong lost = new AtomicLong();
        final AtomicLong failedCalls = new AtomicLong();
    }

    /** The async and the WAIT tallies of one link setting, and the kills done. */
    record Outcome(long linkDelayMs, Tally async, Tally sync, int kills) {
    }

    static final int WRITERS = 2;
    static final Duration PERIOD = Duration.ofMillis(2);
    static final String NS = "replication";
    /** With delayed links, how long they are cut before the primary is killed. */
    static final Duration CUT_BEFORE_KILL = Duration.ofMillis(300);

    private final ExperimentContext ctx;

    RedisReplicationRounds(ExperimentContext ctx) {
        this.ctx = ctx;
    }

    /** {@code rounds} rounds with replication links delayed by {@code linkDelayMs} (0: direct). */
    Outcome run(long linkDelayMs, int rounds, Duration steady) throws Exception {
        Tally async = new Tally();
        Tally sync = new Tally();
        for (int r = 0; r < rounds; r++) {
            round(linkDelayMs, r, steady, async, sync);
        }
        return new Outcome(linkDelayMs, async, sync, rounds);
    }

    private void round(long linkDelayMs, int round, Duration steady, Tally async, Tally sync) throws Exception {
        List<FaultProxy> proxies = new ArrayList<>();
        Backend primaryClient = ctx.open(Map.of("topology", "replicated", "waitReplicas", "0"));
        Backend waitClient = null;
        Backend reader = null;
        try {
            RedisDeployment d = ((RedisBackend) primaryClient).deployment().orElseThrow();
            RedisServerProcess primary = d.primary();
            if (linkDelayMs > 0) {
                for (RedisServerProcess rep : d.replicas()) {
                    FaultProxy p = new FaultProxy("link-" + rep.port(), primary.host(), primary.port(),
                            ctx.seed() + rep.port());
                    p.packet(linkDelayMs, 0, 0);
                    proxies.add(p);
                    rep.command(Duration.ofSeconds(5), "REPLICAOF", "127.0.0.1", Integer.toString(p.port()));
                }
            }
            awaitLinked(d.replicas(), Duration.ofSeconds(20));
            waitClient = ctx.track(Backends.open(external(d.endpoints())
                    .option("waitReplicas", "2").option("waitTimeoutMs", "2000").build()));
            ConcurrentMap<String, Long> ackedAsync = new ConcurrentHashMap<>();
            ConcurrentMap<String, Long> ackedSync = new ConcurrentHashMap<>();
            KeyValueStore kvAsync = primaryClient.keyValue(NS);
            KeyValueStore kvSync = waitClient.keyValue(NS);
            String tag = "r" + round + "-";
            PacedLoad load = new PacedLoad("repl-writer", 2 * WRITERS, PERIOD, (t, i) -> {
                boolean isSync = t >= WRITERS;
                String key = tag + (isSync ? "s" : "a") + t + "-" + i;
                write(isSync ? kvSync : kvAsync, key, isSync ? sync : async, isSync ? ackedSync : ackedAsync);
            });
            try {
                Thread.sleep(steady.toMillis());
                if (!proxies.isEmpty()) {
                    proxies.forEach(p -> p.cut(true)); // a partition between the primary and its replicas
                    Thread.sleep(CUT_BEFORE_KILL.toMillis());
                }
                Faults faults = primaryClient.faults().orElseThrow();
                faults.kill(faults.writer().name());
                Thread.sleep(300); // the writers keep trying against the dead primary
            } finally {
                load.stop(Duration.ofSeconds(15));
            }
            RedisServerProcess promoted = mostAdvanced(d.replicas());
            promoted.command(Duration.ofSeconds(5), "REPLICAOF", "NO", "ONE");
            reader = Backends.open(external(List.of(promoted.uri())).build());
            KeyValueStore kv = reader.keyValue(NS);
            count(kv, ackedAsync, async);
            count(kv, ackedSync, sync);
            ctx.progress("link +" + linkDelayMs + " ms, kill " + (round + 1) + ": promoted " + promoted.address()
                    + "; lost " + async.lost + " of " + async.acked + " async, " + sync.lost + " of " + sync.acked
                    + " WAIT 2 (cumulative)");
        } finally {
            proxies.forEach(FaultProxy::close);
            if (reader != null) {
                reader.close();
            }
            if (waitClient != null) {
                waitClient.close();
            }
            primaryClient.close();
        }
    }

    private static void write(KeyValueStore kv, String key, Tally tally, ConcurrentMap<String, Long> acked)
            throws Exception {
        long t0 = System.nanoTime();
        try {
            long v = kv.put(key, key.getBytes(StandardCharsets.UTF_8));
            tally.latency.record(System.nanoTime() - t0);
            acked.put(key, v);
        } catch (BackendException e) {
            tally.latency.failed();
            tally.failedCalls.incrementAndGet();
        }
    }

    /** An acknowledged write is lost when the promoted replica does not hold its key at (at least) its version. */
    private static void count(KeyValueStore kv, Map<String, Long> acked, Tally tally) {
        for (Map.Entry<String, Long> e : acked.entrySet()) {
            Optional<Versioned> v = kv.get(e.getKey());
            tally.acked.incrementAndGet();
            if (v.isEmpty() || v.get().version() < e.getValue()) {
                tally.lost.incrementAndGet();
            }
        }
    }

    private BackendConfig.Builder external(List<String> endpoints) {
        BackendConfig c = ctx.config();
        BackendConfig.Builder b = BackendConfig.builder("redis").endpoints(endpoints).keyPrefix(c.keyPrefix())
                .operationTimeout(c.operationTimeout()).connectTimeout(c.connectTimeout());
        c.password().ifPresent(b::password);
        return b;
    }

    /** The replica that processed the most of the primary's replication stream. */
    private static RedisServerProcess mostAdvanced(List<RedisServerProcess> replicas) throws IOException {
        RedisServerProcess best = null;
        long bestOffset = -1;
        for (RedisServerProcess r : replicas) {
            long off = Long.parseLong(r.info("replication").getOrDefault("slave_repl_offset", "-1"));
            if (off > bestOffset) {
                best = r;
                bestOffset = off;
            }
        }
        return best;
    }

    static void awaitLinked(List<RedisServerProcess> replicas, Duration max) throws Exception {
        long deadline = System.nanoTime() + max.toNanos();
        for (RedisServerProcess r : replicas) {
            String last = "?";
            while (true) {
                try {
                    last = r.info("replication").getOrDefault("master_link_status", "?");
                    if ("up".equals(last)) {
                        break;
                    }
                } catch (IOException e) {
                    last = e.getMessage();
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(r.describe() + " did not link to its primary within " + max
                            + " (master_link_status " + last + ")");
                }
                Thread.sleep(20);
            }
        }
    }
}
