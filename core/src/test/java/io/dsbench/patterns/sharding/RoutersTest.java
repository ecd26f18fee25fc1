package io.dsbench.patterns.sharding;

import org.junit.jupiter.api.Test;

import java.util.List;

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
