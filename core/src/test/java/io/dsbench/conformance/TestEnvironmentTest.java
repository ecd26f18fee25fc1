package io.dsbench.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** Where the timeout scale and the seed come from, and which values are refused (issue 11 items 3 and 4). */
class TestEnvironmentTest {
    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }

    @Test
    void defaults_scaleOneAndADrawnSeed() {
        TestEnvironment e = TestEnvironment.from(Map.of(), props());
        assertThat(e.scale()).isEqualTo(1.0);
        assertThat(TestEnvironment.from(Map.of(), props()).seed()).as("a new seed per environment")
                .isNotEqualTo(e.seed());
    }

    @Test
    void theFlagBeatsTheEnvironment_whichBeatsTheBuildDefault() {
        Map<String, String> env = Map.of("DSBENCH_TIMEOUT_SCALE", "3", "DSBENCH_SEED", "7");
        assertThat(TestEnvironment.from(env, props("dsbench.timeout.scale", "1")).scale()).isEqualTo(3.0);
        TestEnvironment flag = TestEnvironment.from(env, props("dsbench.timeout.scale", "1",
                TestEnvironment.SCALE_OVERRIDE_PROPERTY, "2", TestEnvironment.SEED_OVERRIDE_PROPERTY, "42"));
        assertThat(flag.scale()).isEqualTo(2.0);
        assertThat(flag.seed()).isEqualTo(42);
        assertThat(TestEnvironment.from(env, props()).seed()).isEqualTo(7);
        assertThat(TestEnvironment.from(Map.of(), props("dsbench.timeout.scale", "1.5")).scale()).isEqualTo(1.5);
    }

    @Test
    void aFlagBeatsEvenABadEnvironmentValue() {
        TestEnvironment e = TestEnvironment.from(Map.of("DSBENCH_TIMEOUT_SCALE", "abc"),
                props(TestEnvironment.SCALE_OVERRIDE_PROPERTY, "2"));
        assertThat(e.scale()).isEqualTo(2.0);
    }

    @Test
    void badScales_areRefusedNamingTheirSource() {
        assertThatThrownBy(() -> TestEnvironment.from(Map.of("DSBENCH_TIMEOUT_SCALE", "abc"), props()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("DSBENCH_TIMEOUT_SCALE = 'abc' is not a number (legal range: > 0 and <= 100)");
        assertThatThrownBy(() -> TestEnvironment.from(Map.of("DSBENCH_TIMEOUT_SCALE", "-1"), props()))
                .hasMessage("DSBENCH_TIMEOUT_SCALE = '-1' is out of range (legal range: > 0 and <= 100)");
        for (String bad : new String[] {"Infinity", "NaN", "0", "1e300", "101"}) {
            assertThatThrownBy(() -> TestEnvironment.from(Map.of(),
                    props(TestEnvironment.SCALE_OVERRIDE_PROPERTY, bad))).as(bad)
                    .hasMessageStartingWith("--timeout-scale = '" + bad + "' is out of range");
        }
        assertThatThrownBy(() -> TestEnvironment.from(Map.of("DSBENCH_SEED", "x1"), props()))
                .hasMessageStartingWith("DSBENCH_SEED = 'x1' is not a whole number");
        assertThatThrownBy(() -> new TestEnvironment(Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
