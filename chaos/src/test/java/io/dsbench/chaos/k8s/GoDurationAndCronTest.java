package io.dsbench.chaos.k8s;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Go duration syntax ({@code time.ParseDuration}) and robfig/cron's standard syntax, as Chaos Mesh's webhook parses them. */
class GoDurationAndCronTest {

    @ParameterizedTest
    @CsvSource({
        "0, 0", "-0, 0", "+5s, 5000000000", "300ms, 300000000", "-1.5h, -5400000000000", "2h45m, 9900000000000",
        "1µs, 1000", "1us, 1000", "7ns, 7", ".5s, 500000000", "1.s, 1000000000", "1m30s, 90000000000"
    })
    void acceptsGoDurations(String text, long nanos) {
        GoDuration.Parsed p = GoDuration.parse(text);
        assertThat(p.error()).as(text).isEmpty();
        assertThat(p.value()).contains(Duration.ofNanos(nanos));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "30|missing unit", "1d|unknown unit 'd'", "s|expected a number", "-|a sign alone", "1h 30m|unknown unit 'h '",
        "1e3s|unknown unit 'e'", "9999999h|out of range", "00|missing unit", ".s|expected a number", "1..5s|expected a number"
    })
    void refusesWhatGoRefuses(String text, String why) {
        GoDuration.Parsed p = GoDuration.parse(text);
        assertThat(p.value()).as(text).isEmpty();
        assertThat(p.error()).get().asString().contains(why).contains(text);
    }

    @Test
    void refusesTheEmptyString() {
        assertThat(GoDuration.parse("").error()).get().asString().contains("empty");
        assertThat(GoDuration.parse(null).error()).get().asString().contains("empty");
    }

    @ParameterizedTest
    @ValueSource(strings = {"*/5 * * * *", "@every 2m", "@hourly", "0 9 * * MON-FRI", "CRON_TZ=UTC 0 0 1 * *",
        "0,30 8-18/2 1-15 jan-jun ?", "59 23 31 12 6"})
    void acceptsStandardCron(String spec) {
        assertThat(CronSpec.check(spec)).as(spec).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "every minute|expected 5 fields", "* * * *|expected 5 fields", "61 * * * *|minute field '61'",
        "@every 2|@every needs a Go duration", "@weekday|unknown descriptor", "*/0 * * * *|step '0'",
        "* 5-3 * * *|hour field '5-3'", "* * * * ?x|day of week field '?x'", "* * * 13 *|month field '13'"
    })
    void refusesBadCron(String spec, String why) {
        assertThat(CronSpec.check(spec)).as(spec).get().asString().contains(why);
    }
}
