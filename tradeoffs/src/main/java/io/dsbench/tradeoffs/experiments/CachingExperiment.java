package io.dsbench.tradeoffs.experiments;

import io.dsbench.patterns.caching.CachingStrategy;
import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.tradeoffs.Experiment;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Row;
import io.dsbench.tradeoffs.experiments.CachingStrategies.Settings;
import io.dsbench.tradeoffs.experiments.CachingStrategies.StoreReads;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.dsbench.tradeoffs.experiments.CachingStrategies.create;

/**
 * Row {@link Row#CACHING}: the four caching strategies of {@code io.dsbench.patterns.caching} over the backend's
 * {@link CacheStore} in front of the backend's {@link KeyValueStore} as the system of record, made to cost like a
 * database on another machine ({@link SimulatedStore}: every call answered a fixed delay after the backend did it, and
 * counted). Three phases on one backend:
 * <ol>
 *   <li><b>Load</b> ({@link CacheLoad}): the same seeded sequence of reads and writes (Zipf keys) against each strategy
 *       and against the store directly: hit rate, read and write latency, store calls, measured side by side.</li>
 *   <li><b>Staleness</b> ({@link CacheStaleness}): writers and readers at once on a few hot keys, a recorded history,
 *       {@link io.dsbench.lin.consistency.Staleness} counting the reads older than an acknowledged write.</li>
 *   <li><b>Crash</b> ({@link CrashLoss}): paced writes, then the writing process crashes; the store is read to count
 *       the acknowledged writes it lacks (write-behind against write-through).</li>
 * </ol>
 * The figures, the workload numbers and what each one counts are in {@link #method()}.
 *
 * <h2>Choices</h2>
 * <ul>
 *   <li>The store answers {@link #STORE_DELAY} late: without it the "store" would be the same server as the cache
 *       (on etcd, the cache is etcd keys with leases) and a cache could not be faster than it. The delay is stated
 *       in every note; the store calls are counted whatever it is.</li>
 *   <li>One client in the load phase, so a read that made no store get is a hit with no ambiguity, and latencies carry
 *       no queueing behind other clients. The hit rate is the one this workload reaches from a cold cache (it is
 *       "given" by the stated key count and skew, not tuned).</li>
 *   <li>Staleness needs the stale-set window to happen: a reader whose store read answers late
 *       ({@link #SLOW_EVERY}, {@link #SLOW_EXTRA}) while a write to the same key lands. Writers arrive at Poisson
 *       times with the same mean rate for every strategy, so some writes to a hot key come close together, and no
 *       strategy is measured under more writes than another.</li>
 *   <li>"Stale" is {@link io.dsbench.lin.consistency.Staleness} over a recorded history (the project's checker),
 *       with one writer per key so its value order is its acknowledgement order.</li>
 *   <li>The crash loss is counted in the store, independently of write-behind's own report (both are shown).</li>
 * </ul>
 */
public final class CachingExperiment implements Experiment {
    /** Delay of every store call (after it): the store is "a database one network hop away". */
    static final Duration STORE_DELAY = Duration.ofMillis(1);
    /** In the staleness phase, every this many store reads of the readers' instance is slow ... */
    static final int SLOW_EVERY = 10;
    /** ... by this much more (a slow response, or a reader paused between its store read and its cache fill). */
    static final Duration SLOW_EXTRA = Duration.ofMillis(5);
    static final double ZIPF_EXPONENT = 0.99;
    static final double WRITE_FRACTION = 0.10;
    static final int VALUE_BYTES = 256;
    static final Duration FLUSH_DELAY = Duration.ofMillis(100);
    static final int CRASH_RATE_PER_S = 250;
    static final int CRASH_KEYS = 20;
    static final int STALE_WRITERS = 2;
    static final int STALE_WRITES_PER_S = 200; // per writer
    static final int STALE_READERS = 2;

    /** The sizes of one profile. */
    record Profile(int loadKeys, int loadOps, int staleKeys, long staleMillis, long crashMillis, int crashRounds) {
    }

    static final Profile QUICK = new Profile(200, 1500, 8, 600, 1000, 1);
    static final Profile FULL = new Profile(1000, 6000, 8, 5000, 2000, 3);

    /** The strategies, in report order. */
    static final List<String> STRATEGIES = List.of("cache-aside", "versioned-cache-aside", "write-through",
            "write-behind");
    static final String BASELINE = "no cache (store directly)";
    static final String WRITE_THROUGH_ONE_INSTANCE = "write-through (readers and writers in one instance)";
    static final String WRITE_BEHIND_STORE_READERS = "write-behind (readers of the store itself)";

    /** Where the staleness phase's readers read. */
    enum Readers {
        /** Through another instance of the strategy (another application process sharing the cache and store). */
        OTHER_INSTANCE("writers on one instance, readers on another"),
        /** Through the writers' own instance. */
        SAME_INSTANCE("writers and readers in one instance"),
        /** From the store directly, not through the cache (a report, another service, a replica of the data). */
        STORE("writers through the strategy, readers reading the store directly");

        final String setup;

        Readers(String setup) {
            this.setup = setup;
        }
    }

    /** One staleness run: the figure's variant name, the strategy and where its readers read. */
    record StaleVariant(String variant, String strategy, Readers readers) {
    }

    static final List<StaleVariant> STALE_VARIANTS = List.of(
            new StaleVariant("cache-aside", "cache-aside", Readers.OTHER_INSTANCE),
            new StaleVariant("versioned-cache-aside", "versioned-cache-aside", Readers.OTHER_INSTANCE),
            new StaleVariant("write-through", "write-through", Readers.OTHER_INSTANCE),
            new StaleVariant("write-behind", "write-behind", Readers.OTHER_INSTANCE),
            new StaleVariant(WRITE_THROUGH_ONE_INSTANCE, "write-through", Readers.SAME_INSTANCE),
            new StaleVariant(WRITE_BEHIND_STORE_READERS, "write-behind", Readers.STORE));

    @Override
    public String id() {
        return "caching";
    }

    @Override
    public String method() {
        return "The four strategies of io.dsbench.patterns.caching (cache-aside, versioned cache-aside,"
                + " write-through, write-behind flushing " + FLUSH_DELAY.toMillis() + " ms after a key's first"
                + " pending write) with the backend's cache in front of the backend's key-value store as the system"
                + " of record; every store call is counted and answered " + STORE_DELAY.toMillis() + " ms after the"
                + " backend did it (a database one network hop away; cache calls are the backend's own). Load: one"
                + " client runs the same seeded sequence (Zipf " + ZIPF_EXPONENT + " over " + QUICK.loadKeys()
                + " keys quick / " + FULL.loadKeys() + " full, " + Math.round(WRITE_FRACTION * 100) + "% writes of "
                + VALUE_BYTES + " bytes, cold cache, TTL longer than the run) through each strategy and on the store"
                + " directly; a hit is a read that made no store call; figures: hit rate, read and write latency"
                + " p50/p99, store gets per 1,000 reads and the reduction of all store calls, against the no-cache"
                + " run. Staleness: " + STALE_WRITERS + " writers (each key has one, values numbered in order,"
                + " Poisson arrivals averaging " + STALE_WRITES_PER_S + " writes/s each) on one application instance"
                + " and " + STALE_READERS + " readers (as fast as they can) on another sharing the cache and the"
                + " store, " + QUICK.staleKeys() + " hot keys; 1 in " + SLOW_EVERY + " of the readers' store reads"
                + " answers " + SLOW_EXTRA.toMillis() + " ms late (a slow response: the cache-aside stale-set"
                + " window); every call is recorded and Staleness counts a read as stale when it returned an older"
                + " value than a write acknowledged before the read began. Also write-through with readers and"
                + " writers in one instance (its locks order fills after writes) and write-behind with readers of the"
                + " store itself (every other reader of the system of record). Crash: one writer at "
                + CRASH_RATE_PER_S + " writes/s over " + CRASH_KEYS + " keys; the process crashes right after its"
                + " last acknowledged write (write-behind: closeWithoutFlush, whose own loss report is compared;"
                + " write-through: abandoned); then the store is read and every acknowledged write newer than its"
                + " key's stored value counts as lost.";
    }

    @Override
    public List<Row> rows() {
        return List.of(Row.CACHING);
    }

    @Override
    public Duration estimate(String backend, boolean quick) {
        long s = switch (backend) {
            // measured on a busy 2-core machine: quick 11 / 17 / 30 s, full 62 / 71 / 109 s
            case "inmemory" -> quick ? 11 : 65;
            case "redis" -> quick ? 17 : 75;
            case "etcd" -> quick ? 30 : 120;
            default -> quick ? 30 : 120;
        };
        return Duration.ofSeconds(s);
    }

    @Override
    public void run(ExperimentContext ctx) throws Exception {
        Profile p = ctx.quick() ? QUICK : FULL;
        Backend backend = ctx.open(Map.of());
        Duration minTtl = backend.timing().minTtl();
        Settings settings = new Settings(max(Duration.ofSeconds(30), minTtl.multipliedBy(2)),
                max(Duration.ofMillis(100), minTtl), FLUSH_DELAY);
        String run = "tradeoffs-caching-" + Long.toString(System.nanoTime() & 0xffffffffL, 36);
        KeyValueStore raw = backend.keyValue(run);
        List<String> written = new ArrayList<>();
        CachingFigures figures = new CachingFigures(ctx, p, settings, backend.name());
        try {
            long t0 = System.nanoTime();
            load(ctx, backend, raw, run, p, settings, figures, written);
            long t1 = System.nanoTime();
            staleness(ctx, backend, raw, run, p, settings, figures, written);
            long t2 = System.nanoTime();
            crash(ctx, backend, raw, run, p, settings, figures, written);
            ctx.progress(String.format(java.util.Locale.ROOT, "phases: load %.1f s, staleness %.1f s, crash %.1f s",
                    (t1 - t0) / 1e9, (t2 - t1) / 1e9, (System.nanoTime() - t2) / 1e9));
        } finally {
            if (!ctx.managed()) {
                for (String k : written) {
                    raw.delete(k); // an external server keeps nothing of this run (cache entries expire)
                }
            }
        }
    }

    private void load(ExperimentContext ctx, Backend backend, KeyValueStore raw, String run, Profile p,
                      Settings settings, CachingFigures figures, List<String> written) throws Exception {
        ZipfKeys keys = new ZipfKeys("load/k", p.loadKeys(), ZIPF_EXPONENT);
        for (int r = 0; r < keys.size(); r++) {
            raw.put(keys.key(r), CacheLoad.value(-1, VALUE_BYTES));
            written.add(keys.key(r));
        }
        long seed = ctx.seed() ^ 0x5ca1ab1eL;
        RemoteCalls calls = RemoteCalls.defaults();
        long budget = TimeUnit.SECONDS.toNanos(ctx.quick() ? 8 : 40); // per variant, a bound in case of a slow server
        SimulatedStore baseStore = new SimulatedStore(raw, STORE_DELAY);
        ctx.progress("load: " + p.loadOps() + " operations on the store directly");
        CacheLoad.Result base = CacheLoad.run(null, baseStore, calls, keys, p.loadOps(), WRITE_FRACTION, VALUE_BYTES,
                seed, System.nanoTime() + budget);
        for (String name : STRATEGIES) {
            ctx.progress("load: " + p.loadOps() + " operations through " + name);
            SimulatedStore store = new SimulatedStore(raw, STORE_DELAY);
            CacheStore cache = backend.cache(run + "-load-" + name);
            CacheLoad.Result r = CacheLoad.run(create(name, cache, store, settings), store, calls, keys, p.loadOps(),
                    WRITE_FRACTION, VALUE_BYTES, seed, System.nanoTime() + budget);
            figures.load(name, r, base);
        }
        figures.baseline(base); // measured first, listed after the strategies (the report shows a cell's first figures)
    }

    private void staleness(ExperimentContext ctx, Backend backend, KeyValueStore raw, String run, Profile p,
                           Settings settings, CachingFigures figures, List<String> written) throws Exception {
        for (int i = 0; i < STALE_VARIANTS.size(); i++) {
            StaleVariant v = STALE_VARIANTS.get(i);
            ctx.progress("staleness: " + v.variant() + ", " + p.staleMillis() + " ms");
            CacheStore cache = backend.cache(run + "-stale-" + i);
            List<String> keys = CrashLoss.keys("stale-" + i + "/k", p.staleKeys());
            written.addAll(keys);
            CachingStrategy writerSide = create(v.strategy(), cache, new SimulatedStore(raw, STORE_DELAY), settings);
            SimulatedStore readerStore = new SimulatedStore(raw, STORE_DELAY, SLOW_EVERY, SLOW_EXTRA);
            CachingStrategy readerSide = switch (v.readers()) {
                case SAME_INSTANCE -> writerSide;
                case OTHER_INSTANCE -> create(v.strategy(), cache, readerStore, settings);
                case STORE -> new StoreReads(readerStore);
            };
            CacheStaleness.Result r;
            try {
                r = CacheStaleness.run(writerSide, readerSide, raw, keys, STALE_WRITERS, STALE_WRITES_PER_S,
                        STALE_READERS, p.staleMillis(), ctx.seed() + i);
            } finally {
                writerSide.close();
                if (readerSide != writerSide) {
                    readerSide.close();
                }
            }
            figures.staleness(v, r);
        }
    }

    private void crash(ExperimentContext ctx, Backend backend, KeyValueStore raw, String run, Profile p,
                       Settings settings, CachingFigures figures, List<String> written) throws Exception {
        List<CrashLoss.Result> writeBehind = new ArrayList<>();
        List<CrashLoss.Result> writeThrough = new ArrayList<>();
        for (int round = 0; round < p.crashRounds(); round++) {
            for (String name : List.of("write-behind", "write-through")) {
                ctx.progress("crash " + (round + 1) + "/" + p.crashRounds() + ": " + name + ", " + p.crashMillis()
                        + " ms of writes");
                String tag = name + "-" + round;
                List<String> keys = CrashLoss.keys("crash-" + tag + "/k", CRASH_KEYS);
                written.addAll(keys);
                CachingStrategy s = create(name, backend.cache(run + "-crash-" + tag),
                        new SimulatedStore(raw, STORE_DELAY), settings);
                CrashLoss.Result r = CrashLoss.run(s, raw, keys, CRASH_RATE_PER_S, p.crashMillis());
                (name.equals("write-behind") ? writeBehind : writeThrough).add(r);
            }
        }
        figures.crash(writeBehind, writeThrough);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
