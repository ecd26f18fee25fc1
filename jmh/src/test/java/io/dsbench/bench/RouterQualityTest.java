package io.dsbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RouterQualityTest {
    @Test
    void oneRowPerHashRouter_tenToElevenNodes_idealIsOneEleventh() {
        List<BenchRows.Sharding> rows = RouterQuality.measure(20_000);
        assertThat(rows).extracting(BenchRows.Sharding::nodesFrom).containsOnly(10);
        assertThat(rows).extracting(BenchRows.Sharding::nodesTo).containsOnly(11);
        assertThat(rows).hasSize(4);
        for (BenchRows.Sharding r : rows) {
            assertThat(r.idealMovedFraction()).isCloseTo(1 / 11.0, org.assertj.core.data.Offset.offset(1e-4));
            assertThat(r.imbalance()).isGreaterThanOrEqualTo(1.0);
            assertThat(r.movedFraction()).isBetween(0.0, 1.0);
        }
    }
}
