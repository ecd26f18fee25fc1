package io.dsbench.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class KneeTest {
    private static Knee.Point p(double rate, double p99Us) {
        return new Knee.Point(rate, rate, p99Us / 2, p99Us, p99Us * 2, 0);
    }

    @Test
    void knee_isTheHighestRateUnderTheBoundBeforeTheFirstFailure() {
        List<Knee.Point> points = List.of(p(1000, 800), p(2000, 900), p(4000, 4000), p(8000, 30_000),
                p(16000, 2000)); // the last passes again: noise, not capacity
        assertThat(Knee.find(points, 5000)).hasValue(4000);
        List<Knee.Point> reversed = new java.util.ArrayList<>(points);
        java.util.Collections.reverse(reversed);
        assertThat(Knee.find(reversed, 5000)).hasValue(4000); // order does not matter
    }

    @Test
    void knee_absentWhenTheLowestRateFails() {
        assertThat(Knee.find(List.of(p(1000, 9000), p(2000, 100)), 5000)).isEmpty();
        assertThat(Knee.find(List.of(), 5000)).isEmpty();
    }

    @Test
    void knee_aPointThatFellBehindItsScheduleOrFailedACallDoesNotPass() {
        Knee.Point behind = new Knee.Point(4000, 3000, 100, 200, 300, 0); // achieved 75 % of the offered rate
        Knee.Point erred = new Knee.Point(4000, 4000, 100, 200, 300, 1);
        assertThat(Knee.find(List.of(p(2000, 100), behind), 5000)).hasValue(2000);
        assertThat(Knee.find(List.of(p(2000, 100), erred), 5000)).hasValue(2000);
        assertThat(Knee.goOn(behind, 5000)).isFalse();
        assertThat(Knee.goOn(p(8000, 5000), 5000)).isTrue(); // the bound itself passes
        assertThat(Knee.goOn(p(8000, 25_000), 5000)).isTrue(); // past the knee, the curve goes on to 5x the bound
        assertThat(Knee.goOn(p(8000, 25_001), 5000)).isFalse();
    }
}
