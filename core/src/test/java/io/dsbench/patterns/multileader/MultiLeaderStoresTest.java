package io.dsbench.patterns.multileader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.conformance.controls.Forwarding;
import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.spi.Backend;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** The multi-leader stores over core's tiny test backend (the MULTI kit rules run them on every real backend). */
class MultiLeaderStoresTest {
    private final TinyBackend backend = new TinyBackend();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void drain(ReplicatedStore<?> s) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.drained() || !s.errors().isEmpty());
        assertThat(s.errors()).isEmpty();
    }

    @Test
    void lww_concurrentWritesDropAllButOne_andCountThem_equalStampsBrokenByLeader() {
        // a frozen physical clock: both writes get the same HLC reading, the leader id breaks the tie
        ReplicationConfig cfg = ReplicationConfig.overNamespaces(backend, "lww", 2).withClock(() -> 1_000);
        try (LwwStore s = new LwwStore(cfg)) {
            s.links().isolateAll();
            Sibling a = s.put(0, "k", b("a"));
            Sibling c = s.put(1, "k", b("c"));
            assertThat(a.stamp()).isEqualTo(c.stamp());
            s.links().heal();
            drain(s);
            assertThat(s.get(0, "k")).contains(b("c"));
            assertThat(s.get(1, "k")).contains(b("c"));
            assertThat(s.droppedWrites()).extracting(d -> d.write().dot()).containsExactly(a.dot());
            // a write on top of the winner replaces the loser: still declared, once
            Sibling next = s.put(0, "k", b("d"));
            assertThat(next.context().covers(a.dot())).isTrue();
            drain(s);
            assertThat(s.droppedWrites()).extracting(d -> d.write().dot()).containsExactly(a.dot());
            assertThat(s.get(1, "k")).contains(b("d"));
        }
    }

    @Test
    void versionVectors_keepSiblings_andAStaleContextKeepsWhatItDidNotSee() {
        try (VersionVectorStore s = new VersionVectorStore(ReplicationConfig.overNamespaces(backend, "vv", 2))) {
            Sibling first = s.put(0, "k", b("1"));
            drain(s);
            VersionVector readAt1 = s.get(1, "k").vector();
            s.put(0, "k", b("2")); // leader 0 moves on
            s.put(1, "k", b("1+"), readAt1); // written on top of "1" only: concurrent with "2"
            drain(s);
            assertThat(s.values(0, "k")).containsExactlyInAnyOrder(b("2"), b("1+"));
            assertThat(s.get(1, "k")).isEqualTo(s.get(0, "k"));
            assertThat(s.get(0, "k").vector().covers(first.dot())).isTrue();
            assertThatThrownBy(() -> s.put(0, "k", b("x"), VersionVector.of(Map.of(0, 99L))))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has not issued yet");
        }
    }

    @Test
    void crdtCountersAndSets_converge_acrossAPartition() {
        try (CrdtStore<GCounter> g = new CrdtStore<>(ReplicationConfig.overNamespaces(backend, "g", 3), GCounter.TYPE)) {
            g.links().partition(Set.of(2));
            for (int i = 0; i < 3; i++) {
                int l = i;
                g.update(i, "hits", c -> c.increment(l, l + 1));
            }
            drain(g);
            assertThat(g.get(2, "hits").value()).isEqualTo(3);
            assertThat(g.get(0, "hits").value()).isEqualTo(3);
            g.links().heal();
            drain(g);
            for (int i = 0; i < 3; i++) {
                assertThat(g.get(i, "hits").value()).isEqualTo(6);
            }
        }
    }

    /** Leaders on separate backend instances (two regions, two servers): the same store, sites given one by one. */
    @Test
    void leadersOnSeparateBackends_replicateWithADelay() {
        TinyBackend east = new TinyBackend();
        TinyBackend west = new TinyBackend();
        ReplicationConfig cfg = new ReplicationConfig("regions", List.of(
                new ReplicationConfig.Site(east.keyValue("kv"), east.log("log")),
                new ReplicationConfig.Site(west.keyValue("kv"), west.log("log"))), Duration.ofMillis(50),
                System::currentTimeMillis);
        try (CrdtStore<PNCounter> c = new CrdtStore<>(cfg, PNCounter.TYPE)) {
            c.update(0, "stock", x -> x.add(0, 10));
            c.update(1, "stock", x -> x.add(1, -3));
            drain(c);
            assertThat(c.get(0, "stock").value()).isEqualTo(7);
            assertThat(c.get(1, "stock").value()).isEqualTo(7);
            assertThat(east.log("log").lastSequence()).isEqualTo(1);
            assertThat(west.log("log").lastSequence()).isEqualTo(1);
        }
    }

    @Test
    void aLogReadWithAGap_stopsTheLink_andSaysSo() {
        Backend gappy = new ForwardingBackend(backend, "tiny") {
            @Override
            public DurableLog log(String name) {
                return new Forwarding.Log(delegate.log(name)) {
                    @Override
                    public List<LogRecord> read(long from, int max) {
                        return d.read(from + 1, max); // skips the record asked for
                    }
                };
            }
        };
        try (LwwStore s = new LwwStore(ReplicationConfig.overNamespaces(gappy, "gap", 2))) {
            s.put(0, "k", b("1"));
            s.put(0, "k", b("2"));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> !s.errors().isEmpty());
            assertThat(s.errors()).anySatisfy(e -> assertThat(e).contains("link 0->1").contains("a gap"));
            assertThat(s.drained()).isFalse();
        }
    }

    @Test
    void badConfiguration_isRefusedWithItsReason() {
        assertThatThrownBy(() -> ReplicationConfig.overNamespaces(backend, "one", 1))
                .hasMessageContaining("leaders = 1 is out of range");
        assertThatThrownBy(() -> ReplicationConfig.overNamespaces(backend, "x", 2).withDelay(Duration.ofMillis(-1)))
                .hasMessageContaining("negative");
        try (LwwStore s = new LwwStore(ReplicationConfig.overNamespaces(backend, "range", 2))) {
            assertThatThrownBy(() -> s.put(2, "k", b("v"))).hasMessageContaining("leader = 2 is out of range (legal range: 0..1)");
            assertThatThrownBy(() -> s.put(0, "", b("v"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> GCounter.TYPE.decode(new byte[] {1, 2})).hasMessageContaining("malformed g-counter");
    }
}
