package io.dsbench.tradeoffs.experiments;

import io.dsbench.lin.consistency.Staleness;
import io.dsbench.tradeoffs.ExperimentContext;
import io.dsbench.tradeoffs.Figure;
import io.dsbench.tradeoffs.Latencies;
import io.dsbench.tradeoffs.Row;

import java.util.Locale;

import static io.dsbench.tradeoffs.Row.EVENTUAL_CONSISTENCY;
import static io.dsbench.tradeoffs.Row.STRONG_CONSISTENCY;
import static io.dsbench.tradeoffs.Row.Side.ADVANTAGE;
import static io.dsbench.tradeoffs.Row.Side.DISADVANTAGE;

/**
 * The figures of the consistency experiment, the same for every pair of variants compared (quorum W=2 R=2 vs W=1
 * R=1, etcd linearizable vs serializable reads, Redis primary vs replica reads): each strong figure notes the
 * eventual variant's number from the same run, and the other way round.
 */
final class ConsistencyFigures {
    private ConsistencyFigures() {
    }

    /** The four cells of a pair of variants that cannot run here (e.g. another topology on an external server). */
    static void unmeasured(ExperimentContext ctx, String strong, String eventual, String why) {
        ctx.add(Figure.unmeasured(STRONG_CONSISTENCY, ADVANTAGE, strong, "stale reads", why));
        ctx.add(Figure.unmeasured(STRONG_CONSISTENCY, DISADVANTAGE, strong, "read latency p50", why));
        ctx.add(Figure.unmeasured(EVENTUAL_CONSISTENCY, ADVANTAGE, eventual, "read latency p50", why));
        ctx.add(Figure.unmeasured(EVENTUAL_CONSISTENCY, DISADVANTAGE, eventual, "stale reads", why));
    }

    static String ms(double v) {
        return String.format(Locale.ROOT, v < 10 ? "%.3f ms" : "%.1f ms", v);
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v);
    }

    static double share(long part, long of) {
        return of == 0 ? 0 : 100.0 * part / of;
    }

    /**
     * The steady workload's figures for a pair: strong's stale reads (advantage) and latencies (disadvantage, vs
     * eventual); eventual's latencies (advantage, vs strong) and stale reads in count, versions and ms.
     */
    static void steady(ExperimentContext ctx, ConsistencyProbe.Steady strong, ConsistencyProbe.Steady eventual,
                       String setup) {
        Staleness.Report s = strong.staleness();
        ctx.add(Figure.of(STRONG_CONSISTENCY, ADVANTAGE, strong.variant(), "stale reads", s.staleReads(), "reads",
                s.reads(), "reads", "reads that missed a write acknowledged before they began (Staleness checker);"
                        + " vs " + eventual.staleness().staleReads() + " of " + eventual.staleness().reads()
                        + " for " + eventual.variant() + ", same run; " + setup));
        latencies(ctx, STRONG_CONSISTENCY, DISADVANTAGE, strong, eventual);
        latencies(ctx, EVENTUAL_CONSISTENCY, ADVANTAGE, eventual, strong);
        stale(ctx, eventual.variant(), eventual.staleness(), "steady workload, " + setup + "; vs "
                + s.staleReads() + " stale of " + s.reads() + " for " + strong.variant());
    }

    private static void latencies(ExperimentContext ctx, Row row, Row.Side side, ConsistencyProbe.Steady mine,
                                  ConsistencyProbe.Steady other) {
        latency(ctx, row, side, mine.variant(), "read", mine.reads(), other.reads(), other.variant(), 50);
        latency(ctx, row, side, mine.variant(), "read", mine.reads(), other.reads(), other.variant(), 99);
        latency(ctx, row, side, mine.variant(), "write", mine.writes(), other.writes(), other.variant(), 50);
        latency(ctx, row, side, mine.variant(), "write", mine.writes(), other.writes(), other.variant(), 99);
    }

    private static void latency(ExperimentContext ctx, Row row, Row.Side side, String variant, String kind,
                                Latencies mine, Latencies other, String otherVariant, int p) {
        String what = kind.equals("read") ? "gets" : "puts and compare-and-sets";
        ctx.add(Figure.of(row, side, variant, kind + " latency p" + p, mine.percentileMs(p), "ms", mine.count(),
                what, "vs " + ms(other.percentileMs(p)) + " for " + otherVariant + ", same run ("
                        + other.count() + " " + what + ")"));
    }

    /** Stale reads of an eventual variant: count, versions behind (max, p99) and ms behind (max, p99). */
    static void stale(ExperimentContext ctx, String variant, Staleness.Report r, String note) {
        ctx.add(Figure.of(EVENTUAL_CONSISTENCY, DISADVANTAGE, variant, "stale reads", r.staleReads(), "reads",
                r.reads(), "reads", "reads that missed a write acknowledged before they began (Staleness checker); "
                        + note));
        ctx.add(Figure.of(EVENTUAL_CONSISTENCY, DISADVANTAGE, variant, "staleness max", r.maxVersions(), "versions",
                r.reads(), "reads", "most acknowledged versions a read missed; p99 " + r.p99Versions()));
        if (r.maxMs() != null) {
            ctx.add(Figure.of(EVENTUAL_CONSISTENCY, DISADVANTAGE, variant, "staleness max", r.maxMs(), "ms",
                    r.reads(), "reads", "longest a missed write had been acknowledged when the read began; p99 "
                            + ms(r.p99Ms())));
        }
    }

    /**
     * A minority partition's figures for a pair: the share of the strong variant's requests that failed on the
     * minority side (disadvantage; and on the majority side, when there is one), the share of the eventual variant's
     * minority reads answered and writes accepted (advantage), and the staleness of those reads (disadvantage).
     *
     * @param how the partition in words (what was cut, how, for how long)
     */
    static void partition(ExperimentContext ctx, String strong, ConsistencyProbe.Group strongMinority,
                          ConsistencyProbe.Group strongMajority, String eventual,
                          ConsistencyProbe.Group eventualMinority, ConsistencyProbe.Group eventualMajority,
                          String how) {
        ConsistencyProbe.Group sm = strongMinority;
        ConsistencyProbe.Group em = eventualMinority;
        ctx.add(Figure.of(STRONG_CONSISTENCY, DISADVANTAGE, strong, "requests failed on the minority side of a"
                + " partition", share(sm.failed(), sm.calls()), "%", sm.calls(), "requests", how + "; "
                + sm.readsFailed() + " of " + sm.reads() + " gets and " + sm.writesFailed() + " of " + sm.writes()
                + " puts failed; vs " + em.readsFailed() + " of " + em.reads() + " gets and " + em.writesFailed()
                + " of " + em.writes() + " puts for " + eventual + ", same run"));
        if (strongMajority != null) {
            ConsistencyProbe.Group sj = strongMajority;
            ctx.add(Figure.of(STRONG_CONSISTENCY, DISADVANTAGE, strong, "requests failed on the majority side of a"
                    + " partition", share(sj.failed(), sj.calls()), "%", sj.calls(), "requests", "the majority"
                    + " side's writers in the same window"
                    + (eventualMajority == null ? "" : "; vs " + pct(share(eventualMajority.failed(),
                    eventualMajority.calls())) + " for " + eventual)));
        }
        ctx.add(Figure.of(EVENTUAL_CONSISTENCY, ADVANTAGE, eventual, "minority side's reads answered during a"
                + " partition", share(em.reads() - em.readsFailed(), em.reads()), "%", em.reads(), "gets", how
                + "; vs " + pct(share(sm.reads() - sm.readsFailed(), sm.reads())) + " for " + strong
                + ", same run"));
        ctx.add(Figure.of(EVENTUAL_CONSISTENCY, ADVANTAGE, eventual, "minority side's writes accepted during a"
                + " partition", share(em.writes() - em.writesFailed(), em.writes()), "%", em.writes(), "puts",
                "vs " + pct(share(sm.writes() - sm.writesFailed(), sm.writes())) + " for " + strong + ", same run"));
        if (em.staleness() != null) {
            stale(ctx, eventual + ", minority side of a partition", em.staleness(), "the minority side's reads"
                    + " while the majority side wrote; " + how);
        }
    }
}
