package io.dsbench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.nemesis.Fault;
import io.dsbench.chaos.run.ChaosOptions;
import io.dsbench.chaos.run.ChaosResult;
import io.dsbench.chaos.run.Expectation;
import io.dsbench.chaos.run.PhaseStats;
import io.dsbench.chaos.workload.Outcome;
import io.dsbench.spi.Capability;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Expectations follow from declared capabilities; the verdict never says more than the run shows. */
class ExpectationTest {
    private static final Set<Capability> ETCD = EnumSet.of(Capability.LINEARIZABLE_KV, Capability.LINEARIZABLE_LOCKS,
            Capability.DURABLE, Capability.REPLICATED, Capability.FAULTS);
    private static final Set<Capability> SENTINEL = EnumSet.of(Capability.REPLICATED, Capability.FAULTS,
            Capability.SERVER_SIDE_EXPIRY);
    private static final Set<Capability> REDIS = EnumSet.of(Capability.LINEARIZABLE_KV, Capability.LINEARIZABLE_LOCKS,
            Capability.FAULTS);

    @Test
    void declaredFromCapabilities() {
        assertThat(Expectation.declare("etcd", "register", ETCD, List.of("kill", "pause", "partition"), "netns-nftables")
                .mustBeValid()).isTrue();
        assertThat(Expectation.declare("redis-sentinel", "set", SENTINEL, List.of("partition"), "pause-isolation")
                .mustBeValid()).isFalse();
        assertThat(Expectation.declare("redis", "register", REDIS, List.of("pause"), null).mustBeValid()).isTrue();
        assertThat(Expectation.declare("redis", "register", REDIS, List.of("kill"), null).mustBeValid())
                .as("not DURABLE: a kill may lose writes").isFalse();
        assertThat(Expectation.declare("redis", "lock", REDIS, List.of("pause"), null).mustBeValid()).isFalse();
        assertThat(Expectation.declare("redis", "lock-fenced", REDIS, List.of("pause"), null).mustBeValid()).isTrue();
    }

    private static ChaosResult decide(boolean mustBeValid, String checkVerdict, double beforeRate, boolean verified) {
        ChaosOptions o = new ChaosOptions("inmemory", List.of("set"), List.of("pause"), "primary",
                Duration.ofSeconds(10), 100, 5, 1, -1, 100, 50, 20, 0.05, 2000, Path.of("r"), "auto");
        Outcome out = new Outcome(checkVerdict, Map.of("lost_acknowledged_writes", 0L), Map.of(), List.of(),
                "0 of 10 acknowledged adds lost", null, List.of());
        Fault f = new Fault("pause", List.of("m"), "m", "x", 10);
        f.evidence(verified, "fact");
        f.ended(20);
        List<PhaseStats> phases = List.of(new PhaseStats("before", 10, 10, 0, 0, 1, beforeRate, 1, 1),
                new PhaseStats("during", 0, 0, 0, 0, 0, 0, 0, 0), new PhaseStats("after", 0, 0, 0, 0, 0, 0, 0, 0));
        return ChaosResult.decide(o, "set", Path.of("r"), new Expectation(mustBeValid, "x"), 50, out, phases,
                List.of(f), null);
    }

    @Test
    void anAllowedAnomalyNotSeenIsNotReproducedNeverSafe() {
        ChaosResult r = decide(false, "valid", 100, true);
        assertThat(r.verdict()).isEqualTo("valid");
        assertThat(r.message()).startsWith("not reproduced in this run").doesNotContain("safe");
        assertThat(r.matchesExpectation()).isTrue();
    }

    @Test
    void aPromiseBrokenDoesNotMatch() {
        ChaosResult r = decide(true, "invalid", 100, true);
        assertThat(r.message()).startsWith("VIOLATION");
        assertThat(r.matchesExpectation()).isFalse();
    }

    @Test
    void tooLittleLoadBeforeTheFaultIsAnInvalidRun() {
        ChaosResult r = decide(true, "valid", 10, true);
        assertThat(r.verdict()).isEqualTo("invalid-run");
        assertThat(r.matchesExpectation()).isFalse();
    }

    @Test
    void anUnverifiedFaultProvesNothing() {
        ChaosResult r = decide(true, "valid", 100, false);
        assertThat(r.verdict()).isEqualTo("fault-not-verified");
        assertThat(r.matchesExpectation()).isFalse();
    }

    private static ChaosResult decide(Expectation e, Map<String, Long> anomalies) {
        ChaosOptions o = new ChaosOptions("inmemory", List.of("registry"), List.of("pause"), "primary",
                Duration.ofSeconds(10), 100, 5, 1, -1, 100, 50, 20, 0.05, 2000, Path.of("r"), "auto");
        boolean bad = anomalies.values().stream().anyMatch(v -> v > 0);
        Outcome out = new Outcome(bad ? "invalid" : "valid", anomalies, Map.of(), List.of(), "summary", null, List.of());
        Fault f = new Fault("pause", List.of("m"), "m", "x", 10);
        f.evidence(true, "fact");
        f.ended(20);
        List<PhaseStats> phases = List.of(new PhaseStats("before", 10, 10, 0, 0, 1, 100, 1, 1),
                new PhaseStats("during", 0, 0, 0, 0, 0, 0, 0, 0), new PhaseStats("after", 0, 0, 0, 0, 0, 0, 0, 0));
        return ChaosResult.decide(o, "registry", Path.of("r"), e, 50, out, phases, List.of(f), null);
    }

    @Test
    void registryOnEtcdUnderLeaderFaultsAllowsLateExpiryAndNothingElse() {
        Expectation e = Expectation.declare("etcd", "registry", ETCD, List.of("kill", "pause"), "netns-nftables");
        assertThat(e.mustBeValid()).isTrue();
        assertThat(e.allowed()).containsExactly("expired_discovered");
        assertThat(e.text()).contains("renews all leases");
        ChaosResult late = decide(e, Map.of("expired_discovered", 2L, "live_missing", 0L));
        assertThat(late.verdict()).isEqualTo("invalid");
        assertThat(late.matchesExpectation()).isTrue();
        assertThat(late.message()).startsWith("allowed anomaly [expired_discovered]");
        ChaosResult lost = decide(e, Map.of("expired_discovered", 2L, "live_missing", 1L));
        assertThat(lost.matchesExpectation()).isFalse();
        assertThat(lost.message()).startsWith("VIOLATION");
        assertThat(Expectation.declare("etcd", "registry", ETCD, List.of(), null).allowed()).isEmpty();
        assertThat(Expectation.declare("redis", "registry", REDIS, List.of("pause"), null).allowed())
                .as("standalone redis: expiry on the server's clock, no leader change").isEmpty();
    }

    @Test
    void sagaAndTwoPhaseCommitAreOnlyAsSafeAsTheirLog() {
        for (String w : List.of("saga", "2pc")) {
            assertThat(Expectation.declare("etcd", w, ETCD, List.of("kill", "partition"), "netns-nftables")
                    .mustBeValid()).isTrue();
            assertThat(Expectation.declare("redis-sentinel", w, SENTINEL, List.of("partition"), "pause-isolation")
                    .mustBeValid()).isFalse();
            assertThat(Expectation.declare("redis", w, REDIS, List.of("kill"), null).mustBeValid()).isFalse();
            assertThat(Expectation.declare("redis", w, REDIS, List.of("pause"), null).mustBeValid()).isTrue();
        }
    }

    @Test
    void etcdWithSerializableReadsAllowsStaleReadsAndSaysWhy() {
        Set<Capability> serializable = EnumSet.copyOf(ETCD);
        serializable.remove(Capability.LINEARIZABLE_KV);
        Expectation e = Expectation.declare("etcd", "register", serializable, List.of("partition"), "netns-nftables");
        assertThat(e.mustBeValid()).isFalse();
        assertThat(e.text()).contains("serializably").doesNotContain("failover");
    }
}
