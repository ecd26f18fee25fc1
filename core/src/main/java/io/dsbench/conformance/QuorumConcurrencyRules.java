package io.dsbench.conformance;

import io.dsbench.patterns.quorum.HybridLogicalClock;
import io.dsbench.patterns.quorum.QuorumConfig;
import io.dsbench.patterns.quorum.QuorumEnvelope;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.spec.kv.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.dsbench.conformance.Measurements.publish;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules QUORUM-6, QUORUM-9, QUORUM-10: the {@link QuorumReplicatedStore} under concurrent writers (convergence with
 * every replica write checked, a new-old inversion of STRONG reads that ABD mode prevents, versions unique across
 * writers in the same millisecond). Inherited by {@link QuorumVerification}, which a backend extends.
 */
public abstract class QuorumConcurrencyRules extends QuorumKit {

    /**
     * QUORUM-6: concurrent writers converge: 4 stores with distinct writer ids put to one key through the same 3
     * replicas, released together for each put (one replica down for part of the time), in rounds of 25 puts each
     * until at least {@value #QUORUM6_RACES} replica writes lost a race (at most {@value #QUORUM6_ROUNDS} rounds;
     * fewer races is an unknown verdict, not a pass). Every replica write is checked as it happens: a
     * compare-and-set against a version the replica no longer holds must be refused, and no replica may take an
     * older envelope over a newer one (that undoes an acknowledged write). After {@code repair(key)} every replica
     * holds the same envelope, the highest of all written, and a read returns it. The races are published.
     *
     * <p>If this fails, check the backend's compare-and-set (KV-4): it must compare the version atomically.
     */
    @Test
    @ConformanceRule(id = "QUORUM-6", title = "concurrent writers converge to the highest version on every replica")
    public void required_QUORUM6_concurrentWritersConverge(TestReporter reporter) throws Exception {
        QuorumCluster c = new QuorumCluster(backend, env, QuorumConfig.majority(3), policy(), unique("quorum"), true);
        int writers = 4;
        int puts = 25;
        List<QuorumReplicatedStore> stores = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            stores.add(c.store(i));
        }
        int rounds = 0;
        long highest = 0;
        while (rounds < QUORUM6_ROUNDS && c.races() < QUORUM6_RACES) {
            highest = Math.max(highest, concurrentPuts(c, stores, puts, rounds++));
            assertThat(c.historyProblems()).as("QUORUM-6: replica writes that broke compare-and-set (round %d)", rounds)
                    .isEmpty();
        }
        publish(reporter, "QUORUM-6.racedReplicaWrites", c.races() + " in " + rounds + " rounds");
        if (c.races() < QUORUM6_RACES) {
            throw new VerdictUnknownException("QUORUM-6: only " + c.races() + " replica writes lost a race in " + rounds
                    + " rounds of " + writers + " x " + puts + " concurrent puts; " + QUORUM6_RACES
                    + " are needed to judge the replicas' compare-and-set under contention");
        }
        c.allUp();
        stores.get(0).repair("k");
        List<Optional<QuorumEnvelope>> held = stores.get(0).inspect("k");
        assertThat(held).allSatisfy(e -> assertThat(e).isPresent());
        assertThat(held.stream().distinct().count()).as("replicas agree: %s", held).isEqualTo(1);
        QuorumEnvelope winner = held.get(0).orElseThrow();
        assertThat(winner.version()).as("the winner is the highest version acknowledged").isEqualTo(highest);
        assertThat(text(stores.get(2).get("k"))).isEqualTo(new String(winner.value(), StandardCharsets.UTF_8));
        assertThat(new String(winner.value(), StandardCharsets.UTF_8)).endsWith("-" + (puts - 1));
    }

    /** Replica writes that must lose a race before QUORUM-6 judges. */
    static final int QUORUM6_RACES = 10;
    /** Rounds QUORUM-6 makes at most to get them. */
    static final int QUORUM6_ROUNDS = 100;

    /**
     * One round of QUORUM-6: each store puts {@code puts} values, all stores released together for each put (a
     * barrier); writer 0 takes replica-1 down for puts 5..14. Returns the highest version acknowledged.
     */
    private long concurrentPuts(QuorumCluster c, List<QuorumReplicatedStore> stores, int puts, int round)
            throws Exception {
        int writers = stores.size();
        long wait = env.operationBound().toMillis() * 3;
        CyclicBarrier together = new CyclicBarrier(writers);
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            List<Future<Long>> done = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                QuorumReplicatedStore s = stores.get(w);
                int id = w;
                done.add(pool.submit(() -> {
                    long top = 0;
                    for (int i = 0; i < puts; i++) {
                        if (id == 0 && i == 5) {
                            c.replica(1).down();
                        }
                        if (id == 0 && i == 15) {
                            c.replica(1).up();
                        }
                        together.await(wait, TimeUnit.MILLISECONDS);
                        top = Math.max(top, s.put("k", bytes("w" + id + "-" + round + "-" + i)));
                    }
                    return top;
                }));
            }
            long highest = 0;
            for (Future<Long> f : done) {
                highest = Math.max(highest, f.get(wait * puts, TimeUnit.MILLISECONDS));
            }
            return highest;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * QUORUM-9: W + R &gt; N alone is not linearizability, and ABD mode is: in the deterministic schedule of
     * {@link StaleReadScenario} (a write in flight on one replica only; reader A sees it; reader B, starting after A
     * returned, reads two other replicas), STRONG mode returns "new" to A and then "old" to B, an inversion; in
     * LINEARIZABLE mode A writes the value back to W replicas before returning and B returns "new".
     *
     * <p>If the STRONG half fails, check that plain reads do not write back synchronously (the rule documents the
     * anomaly); if the LINEARIZABLE half fails, check the ABD write-back in {@code get}.
     */
    @Test
    @ConformanceRule(id = "QUORUM-9", title = "W+R>N alone lets a later read see an older value; ABD mode does not")
    public void required_QUORUM9_abdPreventsNewOldInversion() throws Exception {
        StaleReadScenario scenario = new StaleReadScenario(backend, env.scaled(Duration.ofMillis(1500)),
                env.operationBound());
        StaleReadScenario.Outcome strong = scenario.run(QuorumConfig.Consistency.STRONG,
                StaleReadScenario.Observer.NONE);
        assertThat(strong.readerA()).isEqualTo("new");
        assertThat(strong.readerB()).as("STRONG: reader B after reader A").isEqualTo("old");
        assertThat(strong.inverted()).isTrue();
        StaleReadScenario.Outcome abd = scenario.run(QuorumConfig.Consistency.LINEARIZABLE,
                StaleReadScenario.Observer.NONE);
        assertThat(abd).isEqualTo(new StaleReadScenario.Outcome("new", "new"));
        assertThat(abd.inverted()).isFalse();
    }

    /**
     * QUORUM-10: versions are unique across writers. Three writers with clocks frozen on the same millisecond put to
     * one key at once, their replica writes held until all three have read the key's current version (the
     * same-millisecond window, forced in each of 5 rounds by {@link VersionTieScenario}). Every acknowledged put must
     * get its own version; a read must return the version of the write whose value it returns; and a
     * compare-and-set against a writer's own version must fail unless that writer's write is the current one (else
     * it overwrites a write its caller never saw: a lost update).
     *
     * <p>If this fails, check that versions include the writer as a tie breaker of equal clock readings.
     */
    @Test
    @ConformanceRule(id = "QUORUM-10", title = "concurrent writers in the same millisecond get distinct versions; no lost CAS")
    public void required_QUORUM10_versionsUniqueAcrossWriters() throws Exception {
        QuorumCluster c = cluster(QuorumConfig.majority(3));
        VersionTieScenario scenario = new VersionTieScenario(List.copyOf(c.replicas), c.store(),
                (i, links) -> writerUnderTest(QuorumReplicatedStore.builder(c.config, links).writerId(i)
                        .clock(new HybridLogicalClock(() -> VersionTieScenario.FROZEN_MILLIS)).policy(policy())
                        .deadline(env.operationBound()).build()), env.operationBound());
        assertThat(scenario.run(3, 5)).as("QUORUM-10 problems").isEmpty();
    }

    /** The store QUORUM-10 drives (the kit's negative controls wrap it to plant a defect). */
    protected KeyValueStore writerUnderTest(QuorumReplicatedStore store) {
        return store;
    }
}
