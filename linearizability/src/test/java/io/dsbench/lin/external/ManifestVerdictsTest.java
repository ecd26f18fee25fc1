package io.dsbench.lin.external;

import io.dsbench.lin.SharedData;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.cli.CheckRunner;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The key acceptance test: every history in ../shared/data/histories/MANIFEST.tsv whose verdict is asserted by
 * Knossos' or Porcupine's own tests gets the same verdict from our checker, using exactly the settings the
 * {@code check} command derives from {@link CheckRunner#settingsFor} (format sniffed, model/initial value per
 * the manifest's model column).
 */
class ManifestVerdictsTest {

    record Row(String repo, String path, String model, String format, String expected) {
    }

    static List<Row> rows(Path dir) throws IOException {
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(dir.resolve("MANIFEST.tsv"));
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) {
                continue;
            }
            String[] c = line.split("\t");
            rows.add(new Row(c[0], c[1], c[2], c[3], c[4]));
        }
        return rows;
    }

    /** The check-command arguments reproducing a manifest row (the model column's initial value). */
    static List<String> argsFor(Row r) {
        List<String> a = new ArrayList<>();
        if (r.model().startsWith("cas-register (init 0")) {
            a.addAll(List.of("--model", "cas-register", "--initial-value", "0"));
        } else if (r.model().startsWith("multi-register")) {
            a.addAll(List.of("--model", "multi-register", "--initial-value", "{:x 0 :y 0}"));
        } else if (r.model().startsWith("mutex")) {
            a.addAll(List.of("--model", "mutex"));
        }
        return a;
    }

    @TestFactory
    List<DynamicTest> everyAssertedVerdictAgrees() throws IOException {
        Path dir = SharedData.histories();
        List<DynamicTest> tests = new ArrayList<>();
        int asserted = 0;
        for (Row r : rows(dir)) {
            Verdict expected = switch (r.expected()) {
                case "linearizable" -> Verdict.LINEARIZABLE;
                case "not" -> Verdict.NOT_LINEARIZABLE;
                default -> null;
            };
            if (expected == null) {
                continue;
            }
            asserted++;
            Path file = dir.resolve(r.repo()).resolve(r.path());
            tests.add(DynamicTest.dynamicTest(r.repo() + "/" + r.path() + " -> " + r.expected(), () -> {
                CheckRunner.Settings s = CheckRunner.settingsFor(file, argsFor(r));
                CheckResult res = CheckRunner.checkFile(file, s);
                assertThat(res.verdict()).as("%s (%d ops, %s, reason %s)", file, res.operations(), res.model(),
                        res.reason()).isEqualTo(expected);
            }));
        }
        assertThat(asserted).as("asserted verdicts in MANIFEST.tsv").isEqualTo(229);
        return tests;
    }
}
