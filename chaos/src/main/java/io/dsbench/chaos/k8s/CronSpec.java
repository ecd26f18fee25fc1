package io.dsbench.chaos.k8s;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The cron syntax a Chaos Mesh {@code Schedule}'s {@code spec.schedule} must parse in: its webhook
 * ({@code api/v1alpha1/schedule_webhook.go}, {@code validateSchedule}) runs robfig/cron v3's {@code ParseStandard},
 * whose documented grammar is followed here: an optional {@code TZ=zone } / {@code CRON_TZ=zone } prefix, then either
 * a descriptor ({@code @yearly}, {@code @annually}, {@code @monthly}, {@code @weekly}, {@code @daily},
 * {@code @midnight}, {@code @hourly}, {@code @every <Go duration>}) or five fields: minute (0-59), hour (0-23), day
 * of month (1-31), month (1-12 or JAN-DEC), day of week (0-6 or SUN-SAT); each field a comma list of {@code *},
 * {@code ?} (day fields), {@code N} or {@code N-M}, each optionally {@code /step}.
 */
public final class CronSpec {
    private static final List<String> DESCRIPTORS =
            List.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final String[] FIELD_NAMES = {"minute", "hour", "day of month", "month", "day of week"};
    private static final int[][] BOUNDS = {{0, 59}, {0, 23}, {1, 31}, {1, 12}, {0, 6}};
    private static final Map<String, Integer> MONTHS = Map.ofEntries(
            Map.entry("jan", 1), Map.entry("feb", 2), Map.entry("mar", 3), Map.entry("apr", 4), Map.entry("may", 5),
            Map.entry("jun", 6), Map.entry("jul", 7), Map.entry("aug", 8), Map.entry("sep", 9), Map.entry("oct", 10),
            Map.entry("nov", 11), Map.entry("dec", 12));
    private static final Map<String, Integer> DAYS = Map.of(
            "sun", 0, "mon", 1, "tue", 2, "wed", 3, "thu", 4, "fri", 5, "sat", 6);

    private CronSpec() {
    }

    /** Empty when {@code spec} parses; otherwise what is wrong with it. */
    public static Optional<String> check(String spec) {
        if (spec == null || spec.isBlank()) {
            return Optional.of("empty schedule (cron, e.g. '*/5 * * * *' or '@every 2m')");
        }
        String s = spec.trim();
        if (s.startsWith("TZ=") || s.startsWith("CRON_TZ=")) {
            int space = s.indexOf(' ');
            if (space < 0) {
                return Optional.of("'" + spec + "': a time zone prefix without a schedule");
            }
            s = s.substring(space + 1).trim();
        }
        if (s.startsWith("@")) {
            if (s.startsWith("@every ")) {
                return GoDuration.parse(s.substring("@every ".length()).trim()).error()
                        .map(e -> "'" + spec + "': @every needs a Go duration: " + e);
            }
            return DESCRIPTORS.contains(s) ? Optional.empty()
                    : Optional.of("'" + spec + "': unknown descriptor (one of " + String.join(", ", DESCRIPTORS)
                            + ", @every <duration>)");
        }
        String[] fields = s.split("\\s+");
        if (fields.length != 5) {
            return Optional.of("'" + spec + "': expected 5 fields (minute hour day-of-month month day-of-week), got "
                    + fields.length);
        }
        for (int f = 0; f < 5; f++) {
            Optional<String> e = checkField(fields[f], f);
            if (e.isPresent()) {
                return Optional.of("'" + spec + "': " + FIELD_NAMES[f] + " field '" + fields[f] + "': " + e.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<String> checkField(String field, int f) {
        for (String part : field.split(",", -1)) {
            String range = part;
            int slash = part.indexOf('/');
            if (slash >= 0) {
                range = part.substring(0, slash);
                Integer step = number(part.substring(slash + 1), Map.of());
                if (step == null || step <= 0) {
                    return Optional.of("step '" + part.substring(slash + 1) + "' is not a positive number");
                }
            }
            if (range.equals("*") || range.equals("?") && (f == 2 || f == 4)) {
                continue;
            }
            Map<String, Integer> names = f == 3 ? MONTHS : f == 4 ? DAYS : Map.of();
            String[] ends = range.split("-", -1);
            if (ends.length > 2) {
                return Optional.of("'" + range + "' has too many hyphens");
            }
            Integer lo = number(ends[0], names);
            Integer hi = ends.length == 2 ? number(ends[1], names) : lo;
            if (lo == null || hi == null) {
                return Optional.of("'" + range + "' is not a number, a range or *");
            }
            if (lo < BOUNDS[f][0] || hi > BOUNDS[f][1] || lo > hi) {
                return Optional.of("'" + range + "' is outside " + BOUNDS[f][0] + "-" + BOUNDS[f][1]
                        + " or reversed");
            }
        }
        return Optional.empty();
    }

    private static Integer number(String s, Map<String, Integer> names) {
        Integer named = names.get(s.toLowerCase(Locale.ROOT));
        if (named != null) {
            return named;
        }
        if (s.isEmpty() || !s.chars().allMatch(c -> c >= '0' && c <= '9') || s.length() > 9) {
            return null;
        }
        return Integer.parseInt(s);
    }
}
