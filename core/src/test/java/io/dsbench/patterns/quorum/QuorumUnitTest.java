package io.dsbench.patterns.quorum;

import io.dsbench.conformance.FaultyKeyValueStore;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class QuorumUnitTest {
    private static final ResiliencePolicy FAST = ResiliencePolicy.custom().maxAttempts(2)
            .initialBackoff(Duration.ofMillis(1)).maxBackoff(Duration.ofMillis(2))
            .attemptTimeout(Duration.ofSeconds(5)).build();

    private final List<FaultyKeyValueStore> faulty = new ArrayList<>();

    private List<KeyValueStore> replicas(int n) {
        List<KeyValueStore> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            FaultyKeyValueStore f = new FaultyKeyValueStore("replica-" + i, new TinyBackend().keyValue("r" + i));
            faulty.add(f);
            out.add(f);
        }
        return out;
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void hlc_isMonotonicAndFollowsRemote() {
        AtomicLong pt = new AtomicLong(1_000);
        HybridLogicalClock c = new HybridLogicalClock(pt::get);
        HlcTimestamp a = c.now();
        HlcTimestamp b2 = c.now();
        assertThat(b2).isGreaterThan(a);
        assertThat(b2).isEqualTo(new HlcTimestamp(1_000, 1));
        HlcTimestamp remote = new HlcTimestamp(5_000, 7);
        HlcTimestamp u = c.update(remote);
        assertThat(u).isEqualTo(new HlcTimestamp(5_000, 8));
        pt.set(900); // physical clock went backwards
        assertThat(c.now()).isGreaterThan(u);
        pt.set(6_000);
        assertThat(c.now()).isEqualTo(new HlcTimestamp(6_000, 0));
        assertThat(HlcTimestamp.fromLong(u.asLong())).isEqualTo(u);
    }

    @Test
    void envelope_roundTrips() {
        QuorumEnvelope e = new QuorumEnvelope(new HlcTimestamp(123, 4), 7, false, b("value"));
        assertThat(QuorumEnvelope.decode(e.encode())).contains(e);
        assertThat(QuorumEnvelope.decode(b("not an envelope"))).isEmpty();
    }

    @Test
    void config_rejectsBadValuesNamingThem() {
        assertThatThrownBy(() -> QuorumConfig.strong(3, 1, 1))
                .hasMessageContaining("W=1 + R=1 = 2 <= N=3").hasMessageContaining("EVENTUAL");
        assertThatThrownBy(() -> QuorumConfig.strong(3, 4, 2)).hasMessageContaining("W = 4");
        assertThatThrownBy(() -> QuorumConfig.strong(3, 2, 0)).hasMessageContaining("R = 0");
        assertThat(QuorumConfig.eventual(3, 1, 1).overlapping()).isFalse();
    }

    @Test
    void putGet_withOneReplicaDown_worksAndRepairs() {
        QuorumReplicatedStore s = QuorumReplicatedStore.builder(QuorumConfig.majority(3), replicas(3))
                .policy(ResiliencePolicy.none()).build(); // no background retry may heal replica-2 behind our back
        long v1 = s.put("k", b("one"));
        faulty.get(2).down();
        long v2 = s.put("k", b("two"));
        assertThat(v2).isGreaterThan(v1);
        assertThat(s.get("k")).map(Versioned::version).contains(v2);
        // the version query, the write and the read all reached replica-2 (and were refused) before it comes back
        await().atMost(Duration.ofSeconds(10)).until(() -> faulty.get(2).injectedFaults() >= 3);
        faulty.get(2).up();
        assertThat(s.repair("k")).isEqualTo(1);
        assertThat(s.inspect("k")).allSatisfy(e -> assertThat(e).map(QuorumEnvelope::version).contains(v2));
    }

    @Test
    void put_withTooFewReplicas_failsSayingHowManyAcked() {
        QuorumReplicatedStore s = QuorumReplicatedStore.builder(QuorumConfig.strong(3, 3, 1), replicas(3))
                .policy(FAST).build();
        faulty.get(1).down();
        assertThatThrownBy(() -> s.put("k", b("x"))).isInstanceOfSatisfying(QuorumException.class, e -> {
            assertThat(e.acknowledged()).isEqualTo(2);
            assertThat(e.required()).isEqualTo(3);
            assertThat(e.getMessage()).contains("2 of 3 replicas acknowledged, 3 required (W=3")
                    .contains("replica-1: UNAVAILABLE");
            assertThat(e.mayHaveTakenEffect()).isTrue();
        });
    }

    @Test
    void failedWrite_countsEachReplicaAsAckedRefusedOrUnknown() {
        QuorumReplicatedStore s = QuorumReplicatedStore.builder(QuorumConfig.strong(3, 3, 1), replicas(3))
                .policy(FAST).build();
        faulty.get(1).down();
        faulty.get(2).loseReplies(); // applied, then TIMEOUT: may have landed
        assertThatThrownBy(() -> s.put("k", b("x"))).isInstanceOfSatisfying(QuorumException.class, e -> {
            assertThat(e.acknowledged()).isEqualTo(1);
            assertThat(e.refused()).isEqualTo(1);
            assertThat(e.unknown()).isEqualTo(1);
            assertThat(e.getMessage()).contains("1 refused, 1 unknown");
            assertThat(e.mayHaveTakenEffect()).isTrue();
        });
    }

    @Test
    void failedWrite_everyReplicaRefused_isACleanFailure() {
        QuorumReplicatedStore s = QuorumReplicatedStore.builder(QuorumConfig.eventual(3, 3, 1), replicas(3))
                .policy(FAST).build();
        faulty.forEach(FaultyKeyValueStore::down);
        assertThatThrownBy(() -> s.put("k", b("x"))).isInstanceOfSatisfying(QuorumException.class, e -> {
            assertThat(e.acknowledged()).isZero();
            assertThat(e.refused()).isEqualTo(3);
            assertThat(e.unknown()).isZero();
            assertThat(e.mayHaveTakenEffect()).as("no replica can hold the write").isFalse();
        });
    }

    /** A replica whose first write times out after applying, and whose retry is then refused (at its read). */
    @Test
    void failedWrite_anEarlierTimedOutAttemptMakesTheReplicaUnknown() {
        List<KeyValueStore> reps = replicas(3);
        KeyValueStore real = reps.get(2);
        AtomicLong writes = new AtomicLong();
        reps.set(2, new KeyValueStore() {
            @Override
            public String namespace() {
                return real.namespace();
            }

            @Override
            public Optional<Versioned> get(String key) {
                if (writes.get() > 0) {
                    writes.incrementAndGet();
                    throw new io.dsbench.spec.BackendException(io.dsbench.spec.BackendException.Kind.UNAVAILABLE,
                            false, "test: refused");
                }
                return real.get(key);
            }

            @Override
            public long put(String key, byte[] value) {
                throw new UnsupportedOperationException();
            }

            @Override
            public io.dsbench.spec.kv.CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
                if (writes.incrementAndGet() == 1) {
                    real.compareAndSet(key, expectedVersion, value);
                    throw new io.dsbench.spec.BackendException(io.dsbench.spec.BackendException.Kind.TIMEOUT, true,
                            "test: applied, reply lost");
                }
                throw new io.dsbench.spec.BackendException(io.dsbench.spec.BackendException.Kind.UNAVAILABLE, false,
                        "test: refused");
            }

            @Override
            public boolean delete(String key) {
                throw new UnsupportedOperationException();
            }

            @Override
            public io.dsbench.spec.kv.CasResult compareAndDelete(String key, long expectedVersion) {
                throw new UnsupportedOperationException();
            }
        });
        faulty.get(1).down();
        QuorumReplicatedStore s = QuorumReplicatedStore.builder(QuorumConfig.eventual(3, 3, 1), reps)
                .policy(FAST).build();
        assertThatThrownBy(() -> s.put("k", b("x"))).isInstanceOfSatisfying(QuorumException.class, e -> {
            assertThat(writes.get()).as("the replica call was retried").isEqualTo(2);
            assertThat(e.refused()).as("replica-1 only: replica-2's last attempt was refused, but its first may have"
                    + " applied").isEqualTo(1);
            assertThat(e.unknown()).isEqualTo(1);
            // the retry policy itself reports the replica call as of unknown outcome (ResiliencePolicy), naming
            // every attempt: the refusal of the last one does not hide that the first may have applied
            assertThat(e.getMessage()).contains("replica-2:").contains("may have taken effect")
                    .contains("attempt 1 (unknown outcome)");
        });
    }

    @Test
    void versions_includeTheWriter_soEqualClockReadingsNeverShareOne() {
        HlcTimestamp t = new HlcTimestamp(1_700_000_000_000L, 3);
        QuorumEnvelope a = new QuorumEnvelope(t, 1, false, b("a"));
        QuorumEnvelope c = new QuorumEnvelope(t, 2, false, b("c"));
        assertThat(a.version()).isNotEqualTo(c.version()).isPositive();
        assertThat(a).isLessThan(c);
        assertThat(QuorumEnvelope.timestampOf(c.version())).isEqualTo(t);
        assertThat(QuorumEnvelope.writerOf(c.version())).isEqualTo(2);
        assertThat(new QuorumEnvelope(new HlcTimestamp(t.physicalMillis(), 4), 0, false, b("d"))).isGreaterThan(c);
        assertThatThrownBy(() -> QuorumReplicatedStore.builder(QuorumConfig.majority(3), replicas(3)).writerId(1024))
                .hasMessageContaining("writerId = 1024");
    }

    @Test
    void deleteAndCas_keepVersionContract() {
        QuorumReplicatedStore s = QuorumReplicatedStore.builder(QuorumConfig.linearizable(3, 2, 2), replicas(3))
                .policy(FAST).build();
        assertThat(s.compareAndSet("k", KeyValueStore.ABSENT, b("a")).succeeded()).isTrue();
        long v = s.get("k").orElseThrow().version();
        assertThat(s.compareAndSet("k", KeyValueStore.ABSENT, b("b")).version()).isEqualTo(v);
        assertThat(s.delete("k")).isTrue();
        assertThat(s.get("k")).isEmpty();
        assertThat(s.delete("k")).isFalse();
        long v2 = s.put("k", b("c"));
        assertThat(v2).isGreaterThan(v);
        assertThat(s.compareAndDelete("k", v).succeeded()).isFalse();
        assertThat(s.compareAndDelete("k", v2).succeeded()).isTrue();
        assertThat(s.get("k")).isEqualTo(Optional.empty());
    }
}
