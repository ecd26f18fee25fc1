package io.dsbench.lin.checker;

import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Models;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 9 item 15: register histories of 10,000-20,000 operations with 14-151 writes of unknown outcome (the shape a
 * partition produces) are decided, soundly, well within a minute. Each is generated linearizable by construction
 * ({@link InfoWriteHistories}), and its twin carries one planted violation. The time limit (60 s) only turns a
 * search that gives up into UNKNOWN, which fails the verdict assertion; times are printed, not asserted.
 */
class ManyInfoWritesTest {

    static final Model REGISTER = Models.byName("register", "0", true);

    record Case(long seed, int ops, int infos, int clients) {
    }

    static CheckResult check(InfoWriteHistories.Generated g) {
        return new LinearizabilityChecker(CheckOptions.defaults().withTimeLimit(Duration.ofSeconds(60)))
                .check(g.history(), REGISTER, FailMode.DROP);
    }

    @TestFactory
    List<DynamicTest> generatorIsHonest_smallHistoriesDecidedByPlainSearch() {
        // small enough for the search without any pruning: checks the generator's verdicts, not the checker's speed
        List<DynamicTest> tests = new ArrayList<>();
        for (long seed = 1; seed <= 6; seed++) {
            for (boolean plant : new boolean[] {false, true}) {
                InfoWriteHistories.Generated g = InfoWriteHistories.generate(seed, 600, 3, 4, plant);
                tests.add(DynamicTest.dynamicTest("seed " + seed + (plant ? " planted" : ""), () -> {
                    assertThat(check(g).verdict()).as("%s", g.violation())
                            .isEqualTo(plant ? Verdict.NOT_LINEARIZABLE : Verdict.LINEARIZABLE);
                }));
            }
        }
        return tests;
    }

    @TestFactory
    List<DynamicTest> manyInfoWrites_decidedInSeconds() {
        List<Case> cases = List.of(new Case(11, 10_000, 14, 5), new Case(12, 12_000, 40, 6),
                new Case(13, 15_000, 80, 8), new Case(14, 20_000, 151, 10));
        List<DynamicTest> tests = new ArrayList<>();
        for (Case c : cases) {
            for (boolean plant : new boolean[] {false, true}) {
                tests.add(DynamicTest.dynamicTest(c + (plant ? " planted" : ""), () -> {
                    InfoWriteHistories.Generated g = InfoWriteHistories.generate(c.seed(), c.ops(), c.infos(),
                            c.clients(), plant);
                    assertThat(g.infoWrites()).as("info writes generated").isBetween(c.infos() * 2 / 3, c.infos());
                    CheckResult r = check(g);
                    System.out.printf("item-15 %s%s: %d ops, %d :info writes -> %s in %.0f ms%s%n", c,
                            plant ? " planted" : "", g.ops(), g.infoWrites(), r.verdict(), r.checkMillis(),
                            r.reason() == null ? "" : " (" + r.reason() + ")");
                    assertThat(r.verdict()).as("%s; reason %s", g.violation(), r.reason())
                            .isEqualTo(plant ? Verdict.NOT_LINEARIZABLE : Verdict.LINEARIZABLE);
                }));
            }
        }
        return tests;
    }
}
