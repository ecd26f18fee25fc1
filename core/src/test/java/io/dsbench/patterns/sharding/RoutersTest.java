package io.dsbench.patterns.sharding;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Unit tests of router details the kit's SHARD rules do not reach. */
class RoutersTest {
    @Test
    void hash64_avalanches() {
        // flipping one input bit flips about half of the output bits, on average
        long total = 0;
        int samples = 0;
        for (int i = 0; i < 200; i++) {
            String a = "key-" + i;
            String b = "key-" + (i ^ 1);
            total += Long.bitCount(Hash64.hash(a) ^ Hash64.hash(b));
            samples++;
        }
        assertThat((double) total / samples).isBetween(28.0, 36.0);
        assertThat(Hash64.hash("x", 1)).isNotEqualTo(Hash64.hash("x", 2));
    }

    @Test
    void hash64_ofStringIsTheHashOfItsUtf8Bytes() {
        // the ASCII fast path (no encoding) must give what the UTF-8 bytes give, at every length around a word
        StringBuilder ascii = new StringBuilder();
        for (int len = 0; len < 40; len++) {
            String s = ascii.toString();
            assertThat(Hash64.hash(s, 7)).as(s).isEqualTo(Hash64.hash(s.getBytes(StandardCharsets.UTF_8), 7));
            ascii.append((char) ('!' + (len * 13) % 94));
        }
        for (String s : List.of("é", "key-é", "12345678é", "abcdefgh\u00ff", "\u007f\u0080", "日本語のキー", "k\uD83D\uDE00")) {
            assertThat(Hash64.hash(s)).as(s).isEqualTo(Hash64.hash(s.getBytes(StandardCharsets.UTF_8), 0));
        }
    }

    @Test
    void ring_routesAsTheTreeMapDefinition() {
        // the ring's definition, written the obvious way: the first point >= hash(key), wrapping around
        for (int[] size : new int[][] {{1, 1}, {3, 1}, {2, 7}, {10, 100}, {1000, 100}}) {
            List<String> nodes = ShardingReport.nodes(size[0]);
            TreeMap<Long, String> points = new TreeMap<>();
            for (String node : nodes) {
                for (int i = 0; i < size[1]; i++) {
                    points.merge(Hash64.hash(node + "#" + i, 0x5eed_0001L), node, (a, b) -> a.compareTo(b) <= 0 ? a : b);
                }
            }
            ConsistentHashRing ring = ConsistentHashRing.of(nodes, size[1]);
            for (int k = 0; k < 20_000; k++) {
                String key = "key-" + k;
                Map.Entry<Long, String> e = points.ceilingEntry(Hash64.hash(key));
                String expected = e != null ? e.getValue() : points.firstEntry().getValue();
                assertThat(ring.route(key)).as("%s nodes x %s vnodes, %s", size[0], size[1], key).isEqualTo(expected);
            }
        }
        assertThatThrownBy(() -> ConsistentHashRing.of(List.of(), 10).route("k")).hasMessageContaining("ring(vnodes=10)"
                + " has no nodes");
    }

    @Test
    void reduce_staysInRange() {
        for (long h : new long[] {0, -1, Long.MIN_VALUE, Long.MAX_VALUE, 12345}) {
            assertThat(Hash64.reduce(h, 7)).isBetween(0, 6);
        }
    }

    @Test
    void jump_matchesBucketCountAndIsStable() {
        for (int n = 1; n < 50; n++) {
            int b = JumpHashRouter.bucket(Hash64.hash("k"), n);
            assertThat(b).isBetween(0, n - 1);
            // monotone: a key either stays or moves to the new bucket
            int next = JumpHashRouter.bucket(Hash64.hash("k"), n + 1);
            assertThat(next == b || next == n).isTrue();
        }
    }

    @Test
    void maglev_rejectsNonPrimeTables() {
        assertThatThrownBy(() -> MaglevRouter.of(List.of("a"), 100)).hasMessageContaining("tableSize = 100");
        assertThatThrownBy(() -> MaglevRouter.of(List.of("a", "b", "c", "d"), 3)).hasMessageContaining("smaller");
    }

    @Test
    void range_withNodeIsUnsupportedAndFirstRangeMerges() {
        RangeRouter r = RangeRouter.of("a").withSplit("m", "b");
        assertThat(r.route("z")).isEqualTo("b");
        assertThat(r.route("c")).isEqualTo("a");
        assertThatThrownBy(() -> r.withNode("c")).isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("withSplit");
        RangeRouter onlyB = r.withoutNode("a");
        assertThat(onlyB.route("c")).isEqualTo("b");
        assertThat(onlyB.ranges()).hasSize(1);
        assertThatThrownBy(() -> r.withSplit("m", "c")).hasMessageContaining("already a split point");
    }
}
