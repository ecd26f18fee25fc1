package io.dsbench.tradeoffs.experiments;

import io.dsbench.lin.consistency.Staleness;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Row;

import java.util.List;
import java.util.Locale;

/** Turns the caching experiment's measurements into the table's figures, each with its baseline in the note. */
final class CachingFigures {
    private static final Row ROW = Row.CACHING;
    private static final Row.Side ADV = Row.Side.ADVANTAGE;
    private static final Row.Side DIS = Row.Side.DISADVANTAGE;

    private final ExperimentContext ctx;
    private final CachingExperiment.Profile profile;
    private final CachingStrategies.Settings settings;
    private final String backend;

    CachingFigures(ExperimentContext ctx, CachingExperiment.Profile profile, CachingStrategies.Settings settings,
                   String backend) {
        this.ctx = ctx;
        this.profile = profile;
        this.settings = settings;
        this.backend = backend;
    }

    private String workload() {
        return String.format(Locale.ROOT, "Zipf %.2f over %d keys, %d%% writes, cold cache; cache = %s cache, store ="
                        + " %s key-value + %d ms per call", CachingExperiment.ZIPF_EXPONENT, profile.loadKeys(),
                Math.round(CachingExperiment.WRITE_FRACTION * 100), backend, backend,
                CachingExperiment.STORE_DELAY.toMillis());
    }

    void baseline(CacheLoad.Result base) {
        String v = CachingExperiment.BASELINE;
        String note = "the baseline of the strategies' figures; " + workload() + failures(base.failures());
        ctx.add(Figure.of(ROW, ADV, v, "read latency p50", base.readLatency().percentileMs(50), "ms", base.reads(),
                "reads", note));
        ctx.add(Figure.of(ROW, ADV, v, "read latency p99", base.readLatency().percentileMs(99), "ms", base.reads(),
                "reads", note));
        ctx.add(Figure.of(ROW, ADV, v, "store calls per 1,000 reads", perThousand(base.storeGets(), base.reads()),
                "calls", base.reads(), "reads", note));
    }

    void load(String strategy, CacheLoad.Result r, CacheLoad.Result base) {
        String hit = String.format(Locale.ROOT, "hit rate %.1f%%; ", r.hitRatePercent()) + holdOff(strategy);
        ctx.add(Figure.of(ROW, ADV, strategy, "hit rate", r.hitRatePercent(), "%", r.reads(), "reads",
                String.format(Locale.ROOT, "%d of %d reads made no store call; ", r.hits(), r.reads()) + workload()
                        + failures(r.failures())));
        for (int pct : new int[] {50, 99}) {
            double with = r.readLatency().percentileMs(pct);
            double without = base.readLatency().percentileMs(pct);
            ctx.add(Figure.of(ROW, ADV, strategy, "read latency p" + pct, with, "ms", r.reads(), "reads",
                    String.format(Locale.ROOT, "vs %.3f ms reading the store directly, same run (%s); %s%s", without,
                            ratio(without, with), hit, workload())));
        }
        ctx.add(Figure.of(ROW, ADV, strategy, "store calls per 1,000 reads", perThousand(r.storeGets(), r.reads()),
                "calls", r.reads(), "reads", String.format(Locale.ROOT, "store gets per 1,000 reads vs %.0f without"
                        + " a cache, same run; %s%s", perThousand(base.storeGets(), base.reads()), hit, workload())));
        double reduction = base.storeCalls() == 0 ? 0 : 100.0 * (1 - (double) r.storeCalls() / base.storeCalls());
        ctx.add(Figure.of(ROW, ADV, strategy, "store load reduction", reduction, "%", r.reads() + r.writes(),
                "operations", String.format(Locale.ROOT, "%d store calls (%d gets, %d writes) for %d reads + %d writes"
                                + " vs %d without a cache, same run; %s%s", r.storeCalls(), r.storeGets(),
                        r.storeWrites(), r.reads(), r.writes(), base.storeCalls(), hit, workload())));
        double w = r.writeLatency().percentileMs(50);
        double wBase = base.writeLatency().percentileMs(50);
        ctx.add(Figure.of(ROW, ADV, strategy, "write latency p50", w, "ms", r.writes(), "writes",
                String.format(Locale.ROOT, "vs %.3f ms writing the store directly, same run (%s); %s", wBase,
                        ratio(wBase, w), workload())));
    }

    void staleness(CachingExperiment.StaleVariant v, CacheStaleness.Result r) {
        Staleness.Report s = r.report();
        String variant = v.variant();
        String setup = v.readers().setup;
        String note = String.format(Locale.ROOT, "%d stale of %d reads, behind max %d version(s)%s; %d writes"
                        + " acknowledged in %d ms (Poisson, %d/s offered); %s, %d keys, 1 in %d reader store reads"
                        + " %d ms late%s%s",
                s.staleReads(), s.reads(), s.maxVersions(),
                s.maxMs() == null ? "" : String.format(Locale.ROOT, " / %.1f ms", s.maxMs()), r.writes(),
                r.millis(), CachingExperiment.STALE_WRITERS * CachingExperiment.STALE_WRITES_PER_S, setup,
                profile.staleKeys(), CachingExperiment.SLOW_EVERY,
                CachingExperiment.SLOW_EXTRA.toMillis(),
                variant.startsWith("versioned") ? "; tombstone hold-off " + settings.holdOff().toMillis() + " ms" : "",
                failures(r.failures()));
        ctx.add(Figure.of(ROW, DIS, variant, "stale reads per 1,000 reads", r.stalePerThousand(), "reads",
                s.reads(), "reads", note));
    }

    void crash(List<CrashLoss.Result> writeBehind, List<CrashLoss.Result> writeThrough) {
        long wbAcked = writeBehind.stream().mapToLong(CrashLoss.Result::acknowledged).sum();
        long wbLost = writeBehind.stream().mapToLong(CrashLoss.Result::lostInStore).sum();
        long wbReported = writeBehind.stream().mapToLong(CrashLoss.Result::reported).sum();
        long wbUncertain = writeBehind.stream().mapToLong(CrashLoss.Result::uncertain).sum();
        long wtAcked = writeThrough.stream().mapToLong(CrashLoss.Result::acknowledged).sum();
        long wtLost = writeThrough.stream().mapToLong(CrashLoss.Result::lostInStore).sum();
        int crashes = writeBehind.size();
        String rates = String.format(Locale.ROOT, "%d crash(es) after %d ms of writes at %d/s (achieved %.0f/s) over"
                        + " %d keys", crashes, profile.crashMillis(), CachingExperiment.CRASH_RATE_PER_S,
                writeBehind.stream().mapToDouble(CrashLoss.Result::achievedRatePerSecond).average().orElse(0),
                CachingExperiment.CRASH_KEYS);
        String wbNote = String.format(Locale.ROOT, "acknowledged writes missing from the store after the crash; the"
                        + " pattern's own report: %d lost, %d uncertain; flush delay %d ms; %s; vs %d of %d lost by"
                        + " write-through, same run", wbReported, wbUncertain, settings.flushDelay().toMillis(), rates,
                wtLost, wtAcked);
        ctx.add(Figure.of(ROW, DIS, "write-behind", "acknowledged writes lost on a crash", wbLost, "writes", wbAcked,
                "acknowledged writes", wbNote));
        ctx.add(Figure.of(ROW, DIS, "write-behind", "share of acknowledged writes lost on a crash",
                wbAcked == 0 ? 0 : 100.0 * wbLost / wbAcked, "%", wbAcked, "acknowledged writes", wbNote));
        String wtNote = String.format(Locale.ROOT, "acknowledged writes missing from the store after the crash (the"
                        + " baseline of write-behind's %d of %d); %d crash(es) after %d ms of writes at %d/s (achieved"
                        + " %.0f/s), same keys", wbLost, wbAcked, crashes, profile.crashMillis(),
                CachingExperiment.CRASH_RATE_PER_S,
                writeThrough.stream().mapToDouble(CrashLoss.Result::achievedRatePerSecond).average().orElse(0));
        ctx.add(Figure.of(ROW, DIS, "write-through", "acknowledged writes lost on a crash", wtLost, "writes", wtAcked,
                "acknowledged writes", wtNote));
        ctx.add(Figure.of(ROW, DIS, "write-through", "share of acknowledged writes lost on a crash",
                wtAcked == 0 ? 0 : 100.0 * wtLost / wtAcked, "%", wtAcked, "acknowledged writes", wtNote));
    }

    /** The versioned strategy's tombstone hold-off (reads of a key in it go to the store), for its notes. */
    private String holdOff(String strategy) {
        return strategy.startsWith("versioned")
                ? "tombstone hold-off " + settings.holdOff().toMillis() + " ms after each write; "
                : "";
    }

    private static double perThousand(long n, long of) {
        return of == 0 ? 0 : 1000.0 * n / of;
    }

    private static String ratio(double base, double with) {
        if (with <= 0 || base <= 0) {
            return "no ratio";
        }
        return base >= with
                ? String.format(Locale.ROOT, "%.1fx faster", base / with)
                : String.format(Locale.ROOT, "%.1fx slower", with / base);
    }

    private static String failures(long n) {
        return n == 0 ? "" : "; " + n + " call(s) failed";
    }
}
