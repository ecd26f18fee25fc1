package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.sharding.ConsistentHashRing;
import io.dsbench.patterns.sharding.JumpHashRouter;
import io.dsbench.patterns.sharding.MaglevRouter;
import io.dsbench.patterns.sharding.RangeRouter;
import io.dsbench.patterns.sharding.RendezvousRouter;
import io.dsbench.patterns.sharding.ShardRouter;
import io.dsbench.patterns.sharding.ShardedKeyValueStore;
import io.dsbench.patterns.sharding.ShardingReport;
import io.dsbench.spi.Backend;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hash vs range sharding, measured with dsbench's routers ({@link JumpHashRouter}, {@link ConsistentHashRing},
 * {@link RendezvousRouter}, {@link MaglevRouter}, {@link RangeRouter}) over 8 shards.
 *
 * <p>Load: access streams over a universe of 10,000 keys ({@code user-0000000} ...) routed by each router and counted
 * per shard with {@link ShardingReport#load}: uniform (the baseline), Zipf (s = 0.99) with the hot keys adjacent in
 * key order (rank r is key r) and scattered (a seeded permutation), and sequential ids inserted after the existing
 * 10,000. The range router is split at the key-count quantiles of the existing keys (1,250 keys per range). These
 * counts are routing only: the same on every backend for the same seed.
 *
 * <p>Range scans, on the backend: the keys of every scanned range are written through a
 * {@link ShardedKeyValueStore} per router (jump hash and range), each shard a namespace of the backend; then each
 * scan (R consecutive keys from a seeded start) asks every shard the router puts one of its keys on, either all at
 * once (scatter-gather) or one after another, and each shard reads its keys with point gets (the SPI has no range
 * read). Scans alternate between the two stores and the two ways.
 */
public final class ShardingExperiment implements Experiment {
    static final int SHARDS = 8;
    static final int UNIVERSE = 10_000;
    static final double ZIPF_S = 0.99;

    @Override
    public String id() {
        return "sharding";
    }

    @Override
    public String method() {
        return SHARDS + " shards. Load: access streams over " + UNIVERSE + " keys routed by jump hash, a consistent-hash"
                + " ring (200 vnodes), rendezvous, Maglev and a range router split at the key-count quantiles,"
                + " counted per shard with ShardingReport.load (routing only, the same on every backend): uniform,"
                + " Zipf s=" + ZIPF_S + " with the hot keys adjacent in key order or scattered, and sequential ids"
                + " inserted after the existing keys; imbalance = hottest shard / mean, share = hottest shard /"
                + " all. Range scans on the backend: R consecutive keys written through a ShardedKeyValueStore per"
                + " router (jump, range), each shard a namespace; a scan asks every shard holding one of its keys,"
                + " all at once or one after another, each shard reading its keys with point gets (the SPI has no"
                + " range read, so both routings do the same reads); shards touched and the scan's wall time.";
    }

    @Override
    public List<Row> rows() {
        return List.of(Row.HASH_SHARDING, Row.RANGE_SHARDING);
    }

    @Override
    public Duration estimate(String backend, boolean quick) {
        int s = switch (backend) {
            case "etcd" -> quick ? 12 : 50;
            case "redis" -> quick ? 7 : 20;
            default -> quick ? 3 : 8;
        };
        return Duration.ofSeconds(s);
    }

    /** Sizes of one profile. */
    record Sizes(int accesses, int scans, int rangeKeys) {
    }

    static Sizes sizes(boolean quick) {
        return quick ? new Sizes(100_000, 20, 50) : new Sizes(1_000_000, 200, 100);
    }

    static String key(int i) {
        return String.format(Locale.ROOT, "user-%07d", i);
    }

    /** The hash routers compared, by name. */
    static Map<String, ShardRouter> hashRouters(List<String> nodes) {
        Map<String, ShardRouter> m = new LinkedHashMap<>();
        for (ShardRouter r : List.of(JumpHashRouter.of(nodes), ConsistentHashRing.of(nodes),
                RendezvousRouter.of(nodes), MaglevRouter.of(nodes))) {
            m.put(r.name(), r);
        }
        return m;
    }

    @Override
    public void run(ExperimentContext ctx) throws Exception {
        Sizes sz = sizes(ctx.quick());
        long seed = ctx.seed(); // backend-independent: the routing figures are equal on every backend
        List<String> nodes = ShardingReport.nodes(SHARDS);
        List<String> universe = new ArrayList<>(UNIVERSE);
        for (int i = 0; i < UNIVERSE; i++) {
            universe.add(key(i));
        }
        Map<String, ShardRouter> hash = hashRouters(nodes);
        RangeRouter range = RangeRouter.quantiles(universe, nodes);
        String rangeVariant = "range router, " + SHARDS + " ranges split at the key-count quantiles";

        ctx.progress("routing " + sz.accesses() + " accesses per stream");
        Map<String, List<String>> streams = streams(universe, sz.accesses(), seed);
        Map<String, ShardingReport.Load> rangeLoad = new LinkedHashMap<>();
        streams.forEach((name, s) -> rangeLoad.put(name, ShardingReport.load(range, s)));
        String jumpName = hash.keySet().iterator().next();
        Map<String, ShardingReport.Load> jumpLoad = new LinkedHashMap<>();
        for (Map.Entry<String, ShardRouter> h : hash.entrySet()) {
            Map<String, ShardingReport.Load> load = new LinkedHashMap<>();
            streams.forEach((name, s) -> load.put(name, ShardingReport.load(h.getValue(), s)));
            if (h.getKey().equals(jumpName)) {
                jumpLoad = load;
            }
            for (String stream : List.of("zipf-adjacent", "sequential")) {
                ShardingReport.Load l = load.get(stream);
                ShardingReport.Load r = rangeLoad.get(stream);
                ctx.add(Figure.of(Row.HASH_SHARDING, Row.Side.ADVANTAGE, h.getKey(), "load imbalance (hottest shard /"
                        + " mean), " + label(stream), l.imbalance(), "x", l.keys(), "accesses",
                        String.format(Locale.ROOT, "hottest shard %.1f%% of accesses; vs %.2f x (%.1f%%) for range"
                                        + " sharding and %.2f x for this router under uniform keys, same run",
                                share(l), r.imbalance(), share(r), load.get("uniform").imbalance())));
            }
        }
        for (String stream : List.of("zipf-adjacent", "zipf-scattered", "sequential")) {
            ShardingReport.Load r = rangeLoad.get(stream);
            ShardingReport.Load j = jumpLoad.get(stream);
            ctx.add(Figure.of(Row.RANGE_SHARDING, Row.Side.DISADVANTAGE, rangeVariant, "hottest shard's share of"
                    + " load, " + label(stream), share(r), "%", r.keys(), "accesses", String.format(Locale.ROOT,
                    "imbalance %.2f x; vs %.1f%% for %s, same run; an even spread is %.1f%%", r.imbalance(), share(j),
                    jumpName, 100.0 / SHARDS)));
        }
        scans(ctx, sz, seed, universe, hash, range, rangeVariant);
    }

    private static String label(String stream) {
        return switch (stream) {
            case "zipf-adjacent" -> "Zipf keys (s=" + ZIPF_S + ", hot keys adjacent)";
            case "zipf-scattered" -> "Zipf keys (s=" + ZIPF_S + ", hot keys scattered)";
            case "sequential" -> "sequential keys (new ids after the existing " + UNIVERSE + ")";
            default -> stream + " keys";
        };
    }

    static double share(ShardingReport.Load l) {
        return 100.0 * l.max() / Math.max(1, l.keys());
    }

    /** The access streams, seeded: uniform, Zipf with hot keys adjacent, Zipf scattered, sequential new ids. */
    static Map<String, List<String>> streams(List<String> universe, int accesses, long seed) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        SplittableRandom uniform = new SplittableRandom(seed);
        List<String> u = new ArrayList<>(accesses);
        for (int i = 0; i < accesses; i++) {
            u.add(universe.get(uniform.nextInt(universe.size())));
        }
        m.put("uniform", u);
        ZipfKeys zipf = new ZipfKeys("", universe.size(), ZIPF_S);
        Random zipfRandom = new Random(seed + 1);
        List<String> permuted = new ArrayList<>(universe);
        Collections.shuffle(permuted, new Random(seed + 2));
        List<String> adjacent = new ArrayList<>(accesses);
        List<String> scattered = new ArrayList<>(accesses);
        for (int i = 0; i < accesses; i++) {
            int rank = zipf.nextRank(zipfRandom);
            adjacent.add(universe.get(rank));
            scattered.add(permuted.get(rank));
        }
        m.put("zipf-adjacent", adjacent);
        m.put("zipf-scattered", scattered);
        List<String> seq = new ArrayList<>(accesses);
        for (int i = 0; i < accesses; i++) {
            seq.add(key(universe.size() + i));
        }
        m.put("sequential", seq);
        return m;
    }

    /** The scanned ranges: {@code scans} runs of {@code rangeKeys} consecutive keys from seeded starts. */
    static List<List<String>> ranges(List<String> universe, Sizes sz, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed + 3);
        List<List<String>> out = new ArrayList<>();
        for (int i = 0; i < sz.scans(); i++) {
            int start = rnd.nextInt(universe.size() - sz.rangeKeys() + 1);
            out.add(universe.subList(start, start + sz.rangeKeys()));
        }
        return out;
    }

    private void scans(ExperimentContext ctx, Sizes sz, long seed, List<String> universe,
                       Map<String, ShardRouter> hash, RangeRouter range, String rangeVariant) throws Exception {
        List<List<String>> ranges = ranges(universe, sz, seed);
        TreeSet<String> written = new TreeSet<>();
        ranges.forEach(written::addAll);
        Backend backend = ctx.open(Map.of());
        ExecutorService pool = Executors.newFixedThreadPool(SHARDS, r -> {
            Thread t = new Thread(r, "tradeoffs-sharding-scan");
            t.setDaemon(true);
            return t;
        });
        ctx.track(pool::shutdownNow);
        String run = Long.toString(System.currentTimeMillis(), 36)
                + Integer.toString(ThreadLocalRandom.current().nextInt(1 << 20), 36);
        ShardingScans scans = new ShardingScans(backend, "tradeoffs/sharding/" + run, pool);
        ShardRouter jump = hash.values().iterator().next();
        ShardedKeyValueStore jumpStore = scans.store("jump", jump);
        ShardedKeyValueStore rangeStore = scans.store("range", range);
        ctx.progress("writing " + written.size() + " keys through each of " + jump.name() + " and " + range.name());
        List<String> keys = new ArrayList<>(written);
        scans.load(jumpStore, keys);
        scans.load(rangeStore, keys);
        ctx.progress(ranges.size() + " scans of " + sz.rangeKeys() + " keys each, alternating");
        Map<Boolean, ShardingScans.Tally> jt = Map.of(true, new ShardingScans.Tally(), false,
                new ShardingScans.Tally());
        Map<Boolean, ShardingScans.Tally> rt = Map.of(true, new ShardingScans.Tally(), false,
                new ShardingScans.Tally());
        for (List<String> keysOfScan : ranges) {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException("interrupted during the scans");
            }
            for (boolean parallel : new boolean[] {true, false}) {
                scans.scan(jumpStore, keysOfScan, jt.get(parallel), parallel);
                scans.scan(rangeStore, keysOfScan, rt.get(parallel), parallel);
            }
        }
        pool.shutdownNow();
        ShardingScans.Tally j = jt.get(true);
        ShardingScans.Tally r = rt.get(true);
        int n = ranges.size();
        double rangeTouched = (double) r.touched.get() / n;
        for (ShardRouter h : hash.values()) {
            double touched = h == jump ? (double) j.touched.get() / n : touchedByRouting(h, ranges);
            ctx.add(Figure.of(Row.HASH_SHARDING, Row.Side.DISADVANTAGE, h.name(), "shards touched per range scan",
                    touched, "shards", n, "scans", String.format(Locale.ROOT, "of %d; vs %.2f for range sharding, same"
                            + " run; %d consecutive keys per scan%s", SHARDS, rangeTouched, sz.rangeKeys(),
                            h == jump ? " (scans on the backend)" : " (routing of the same scans)")));
        }
        // first: the report shows a cell's first figures
        ctx.add(Figure.of(Row.RANGE_SHARDING, Row.Side.ADVANTAGE, rangeVariant, "shards touched per range scan",
                rangeTouched, "shards", n, "scans", String.format(Locale.ROOT, "of %d; vs %.2f for %s, same run; %d"
                        + " consecutive keys per scan (scans on the backend)", SHARDS, (double) j.touched.get() / n,
                        jump.name(), sz.rangeKeys())));
        for (boolean parallel : new boolean[] {true, false}) {
            String how = parallel ? ", touched shards read in parallel" : ", touched shards read one after another";
            String scanNote = String.format(Locale.ROOT, "; %d keys per scan, %d scans, read with point gets (the"
                    + " SPI has no range read): both do the same %d reads per scan%s", sz.rangeKeys(), n,
                    sz.rangeKeys(), parallel ? "; hash sharding splits them over every shard and reads the parts at"
                            + " once, range sharding reads them from 1-2 shards" : "");
            for (int pct : new int[] {50, 99}) {
                ShardingScans.Tally jp = jt.get(parallel);
                ShardingScans.Tally rp = rt.get(parallel);
                ctx.add(Figure.of(Row.HASH_SHARDING, Row.Side.DISADVANTAGE, jump.name() + how,
                        "range-scan latency p" + pct, jp.latency.percentileMs(pct), "ms", jp.latency.count(),
                        "scans", String.format(Locale.ROOT, "vs %.3f ms for range sharding, same run",
                                rp.latency.percentileMs(pct)) + scanNote + missing(jp)));
                ctx.add(Figure.of(Row.RANGE_SHARDING, Row.Side.ADVANTAGE, rangeVariant + how,
                        "range-scan latency p" + pct, rp.latency.percentileMs(pct), "ms", rp.latency.count(),
                        "scans", String.format(Locale.ROOT, "vs %.3f ms for %s, same run",
                                jp.latency.percentileMs(pct), jump.name()) + scanNote + missing(rp)));
            }
        }
    }

    private static double touchedByRouting(ShardRouter router, List<List<String>> ranges) {
        long sum = 0;
        for (List<String> keys : ranges) {
            sum += keys.stream().map(router::route).distinct().count();
        }
        return (double) sum / ranges.size();
    }

    private static String missing(ShardingScans.Tally t) {
        return t.missing.get() == 0 ? "" : "; " + t.missing.get() + " reads found no value";
    }
}
