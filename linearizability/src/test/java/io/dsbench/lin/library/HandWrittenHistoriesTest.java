package io.dsbench.lin.library;

import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.format.HistoryFormat;
import io.dsbench.lin.format.HistoryFormats;
import io.dsbench.lin.history.History;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Models;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A library of small hand-written histories (src/test/resources/histories/*.edn), each with its expected verdict in
 * a header of {@code ; key: value} comment lines: {@code model}, optional {@code initial} (EDN), {@code fail-mode}
 * (drop|observed, default drop), {@code nil-read} (any|exact, default any), {@code expect}
 * (linearizable|not). Most come in pairs: a history that is linearizable only under a semantics the checker must
 * get right (unknown versions, timed-out failures, unknown writes) and its non-linearizable twin.
 */
class HandWrittenHistoriesTest {

    static Path dir() throws URISyntaxException {
        return Path.of(HandWrittenHistoriesTest.class.getResource("/histories").toURI());
    }

    static Map<String, String> header(String text) {
        Map<String, String> h = new HashMap<>();
        for (String line : text.split("\n")) {
            String t = line.strip();
            if (!t.startsWith(";")) {
                break;
            }
            t = t.substring(1).strip();
            int colon = t.indexOf(':');
            if (colon > 0 && t.substring(0, colon).matches("[a-z-]+")) {
                h.put(t.substring(0, colon), t.substring(colon + 1).strip());
            }
        }
        return h;
    }

    @TestFactory
    List<DynamicTest> everyHistoryGetsItsVerdict() throws IOException, URISyntaxException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir())) {
            files = s.filter(p -> p.toString().endsWith(".edn")).sorted().toList();
        }
        assertThat(files).as("hand-written histories").hasSizeGreaterThanOrEqualTo(2);
        List<DynamicTest> tests = new ArrayList<>();
        for (Path f : files) {
            tests.add(DynamicTest.dynamicTest(f.getFileName().toString(), () -> {
                String text = Files.readString(f);
                Map<String, String> h = header(text);
                assertThat(h).as("header of %s", f).containsKeys("model", "expect");
                Model model = Models.byName(h.get("model"), h.get("initial"),
                        !"exact".equals(h.getOrDefault("nil-read", "any")));
                FailMode fm = FailMode.valueOf(h.getOrDefault("fail-mode", "drop").toUpperCase(Locale.ROOT));
                Verdict expected = switch (h.get("expect")) {
                    case "linearizable" -> Verdict.LINEARIZABLE;
                    case "not" -> Verdict.NOT_LINEARIZABLE;
                    default -> throw new AssertionError(f + ": expect must be linearizable or not");
                };
                History hist = HistoryFormats.parse(text, f.toString(), HistoryFormat.EDN);
                CheckResult r = new LinearizabilityChecker(CheckOptions.defaults()
                        .withTimeLimit(Duration.ofSeconds(60))).check(hist, model, fm);
                assertThat(r.verdict()).as("%s (%s)", f.getFileName(),
                        r.counterexample() == null ? r.reason() : r.counterexample().failing().describe())
                        .isEqualTo(expected);
            }));
        }
        return tests;
    }
}
