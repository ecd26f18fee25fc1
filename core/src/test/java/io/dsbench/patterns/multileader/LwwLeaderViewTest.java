package io.dsbench.patterns.multileader;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A leader of an LwwStore as a KeyValueStore: versions follow the last-writer-wins order; compares are local. */
class LwwLeaderViewTest {
    private final TinyBackend backend = new TinyBackend();

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static void drain(LwwStore s) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> s.drained() || !s.errors().isEmpty());
        assertThat(s.errors()).isEmpty();
    }

    @Test
    void versionsFollowTheLwwOrder_andBothLeadersReadTheWinnerAtOneVersion() {
        // one frozen clock reading: equal stamps, the leader id decides, and the version says so
        try (LwwStore s = new LwwStore(ReplicationConfig.overNamespaces(backend, "view", 2).withClock(() -> 5_000))) {
            KeyValueStore l0 = new LwwLeaderView(s, 0);
            KeyValueStore l1 = new LwwLeaderView(s, 1);
            s.links().isolateAll();
            long v0 = l0.put("k", b("zero"));
            long v1 = l1.put("k", b("one"));
            assertThat(v1).isGreaterThan(v0);
            s.links().heal();
            drain(s);
            assertThat(l0.get("k")).map(Versioned::version).contains(v1);
            assertThat(l1.get("k")).map(Versioned::version).contains(v1);
            assertThat(new String(l0.get("k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("one");
            // a later local write gets a greater version than anything the leader has seen
            assertThat(l0.put("k", b("two"))).isGreaterThan(v1);
        }
    }

    @Test
    void compareAndSetComparesAtItsLeaderOnly_andDeleteReadsAsAbsent() {
        try (LwwStore s = new LwwStore(ReplicationConfig.overNamespaces(backend, "view-cas", 2))) {
            KeyValueStore l0 = new LwwLeaderView(s, 0);
            KeyValueStore l1 = new LwwLeaderView(s, 1);
            s.links().isolateAll();
            long v = l0.put("k", b("a"));
            // leader 1 has not seen the write: expecting absent succeeds there, which one leader alone cannot know
            assertThat(l1.compareAndSet("k", KeyValueStore.ABSENT, b("b")).succeeded()).isTrue();
            assertThat(l0.compareAndSet("k", KeyValueStore.ABSENT, b("c")).succeeded()).isFalse();
            assertThat(l0.compareAndSet("k", v, b("c")).succeeded()).isTrue();
            assertThat(l0.delete("k")).isTrue();
            assertThat(l0.get("k")).isEmpty();
            assertThat(l0.delete("k")).isFalse();
        }
    }
}
