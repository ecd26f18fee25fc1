package io.dsbench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.net.SkewClock;
import org.junit.jupiter.api.Test;

class SkewClockTest {
    @Test
    void offsetShiftsAndResetRestores() {
        SkewClock c = new SkewClock();
        assertThat(Math.abs(c.skewMillis())).isLessThanOrEqualTo(1);
        c.offset(-2000);
        assertThat(c.skewMillis()).isBetween(-2001L, -1999L);
        c.reset();
        assertThat(Math.abs(c.skewMillis())).isLessThanOrEqualTo(1);
    }

    @Test
    void strobeFlipsBetweenTheOffsetAndNone() throws InterruptedException {
        SkewClock c = new SkewClock();
        c.strobe(-1000, 50);
        boolean sawSkew = false;
        boolean sawNone = false;
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (!(sawSkew && sawNone) && System.nanoTime() < deadline) {
            long s = c.skewMillis();
            sawSkew |= s <= -999;
            sawNone |= Math.abs(s) <= 1;
            Thread.sleep(5);
        }
        assertThat(sawSkew).isTrue();
        assertThat(sawNone).isTrue();
    }
}
