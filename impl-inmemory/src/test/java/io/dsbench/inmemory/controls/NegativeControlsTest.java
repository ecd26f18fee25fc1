package io.dsbench.inmemory.controls;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.conformance.ConformanceRule;
import io.dsbench.conformance.KitSuite;
import io.dsbench.conformance.RuleCatalog;
import io.dsbench.conformance.controls.NegativeControls;
import io.dsbench.conformance.controls.PlantedBug;
import io.dsbench.inmemory.InMemoryBackendProvider;
import io.dsbench.lin.kit.FullKitSuite;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * The kit's rules can fail: for every negative control ({@link NegativeControls}) the rule runs, through the
 * same launcher and suite mechanism as {@code dsbench run}, against its planted bug over the in-memory
 * backend, and must FAIL (an assertion, not a skip or an error of the kit); on the unbroken backend every such
 * rule passes, in the same launcher (so the failure is the planted defect's). A convention test keeps every
 * required rule that exercises a backend covered by a control or a declared gap.
 */
class NegativeControlsTest {

    @TestFactory
    Stream<DynamicTest> everyRuleFailsOnItsPlantedBug() {
        return NegativeControls.all().stream().map(bug -> DynamicTest.dynamicTest(bug.rule() + " fails on: " + bug.name(),
                () -> {
                    Outcome o = runRule(bug);
                    System.out.println("[dsbench] control " + bug.rule() + " '" + bug.name() + "': " + o.status + " "
                            + o.message.lines().findFirst().orElse(""));
                    assertThat(o.status).as("%s on planted bug '%s' (message: %s)", bug.rule(), bug.name(), o.message)
                            .isEqualTo(TestExecutionResult.Status.FAILED);
                    assertThat(o.assertion).as("%s must fail by an assertion naming the defect, not an error of the kit: %s",
                            bug.rule(), o.message).isTrue();
                }));
    }

    @Test
    void everyRequiredBackendRule_hasANegativeControlOrADeclaredGap() {
        RuleCatalog catalog = RuleCatalog.of(KitSuite.kitClasses(FullKitSuite.class).toArray(new Class<?>[0]));
        List<String> missing = new ArrayList<>();
        TreeSet<String> known = new TreeSet<>();
        for (RuleCatalog.Rule r : catalog.rules()) {
            known.add(r.id());
            boolean needs = r.level() == ConformanceRule.Level.REQUIRED && r.scope() == ConformanceRule.Scope.BACKEND;
            boolean covered = NegativeControls.of(r.id()).isPresent() || NegativeControls.GAPS.containsKey(r.id());
            if (needs && !covered) {
                missing.add(r.id());
            }
        }
        assertThat(missing).as("required backend rules with neither a planted bug nor a declared gap").isEmpty();
        for (PlantedBug b : NegativeControls.all()) {
            assertThat(known).as("planted bug '%s' names an unknown rule", b.name()).contains(b.rule());
        }
        for (String gap : NegativeControls.GAPS.keySet()) {
            assertThat(known).as("declared gap names an unknown rule").contains(gap);
            assertThat(NegativeControls.of(gap)).as("%s has a control and is also declared a gap", gap).isEmpty();
        }
        long controls = NegativeControls.all().stream().map(PlantedBug::rule).distinct().count();
        System.out.println("[dsbench] negative controls: " + controls + " rules with a planted bug, "
                + NegativeControls.GAPS.size() + " declared gaps: " + NegativeControls.GAPS.keySet());
    }

    @Test
    void everyControlledRule_passesOnTheUnbrokenBackend() {
        Set<String> rules = NegativeControls.all().stream().map(PlantedBug::rule)
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, List<Outcome>> runs = launch(UnaryOperator.identity(), rules);
        assertThat(runs.keySet()).as("rules run on the unbroken backend").isEqualTo(rules);
        runs.forEach((rule, outcomes) -> assertThat(outcomes).as("%s on the unbroken in-memory backend", rule)
                .allSatisfy(o -> assertThat(o.status).as(o.message).isEqualTo(TestExecutionResult.Status.SUCCESSFUL)));
    }

    private record Outcome(TestExecutionResult.Status status, boolean assertion, String message) {
    }

    private static Outcome runRule(PlantedBug bug) {
        List<Outcome> outcomes = launch(bug::over, Set.of(bug.rule())).getOrDefault(bug.rule(), List.of());
        assertThat(outcomes).as("runs of %s", bug.rule()).hasSize(1);
        return outcomes.get(0);
    }

    /** Runs {@code rules} of the whole kit against {@code plant} over a fresh in-memory backend: outcomes by rule. */
    private static Map<String, List<Outcome>> launch(UnaryOperator<Backend> plant, Set<String> rules) {
        Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));
        ControlSuite.current = plant.apply(real);
        try {
            Map<String, List<Outcome>> outcomes = new ConcurrentHashMap<>();
            LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                    .selectors(DiscoverySelectors.selectClass(ControlSuite.class))
                    .configurationParameter("junit.jupiter.execution.timeout.default", "120 s")
                    .filters((PostDiscoveryFilter) d -> !d.isTest() ? FilterResult.included("container")
                            : ruleOf(d).filter(rules::contains).isPresent()
                                    ? FilterResult.included("the rule") : FilterResult.excluded("another rule"))
                    .build(), new TestExecutionListener() {
                        @Override
                        public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                            if (id.isTest()) {
                                Optional<Throwable> t = result.getThrowable();
                                add(id, new Outcome(result.getStatus(), t.filter(AssertionError.class::isInstance)
                                        .isPresent(), t.map(String::valueOf).orElse("")));
                            }
                        }

                        @Override
                        public void executionSkipped(TestIdentifier id, String reason) {
                            if (id.isTest()) {
                                add(id, new Outcome(TestExecutionResult.Status.ABORTED, false, "skipped: " + reason));
                            }
                        }

                        private void add(TestIdentifier id, Outcome o) {
                            outcomes.computeIfAbsent(ruleOf(id).orElse("?"), r -> new CopyOnWriteArrayList<>()).add(o);
                        }
                    });
            return outcomes;
        } finally {
            ControlSuite.current = null;
            real.close();
        }
    }

    private static Optional<String> ruleOf(TestDescriptor d) {
        return ruleOf(d.getSource());
    }

    private static Optional<String> ruleOf(TestIdentifier id) {
        return ruleOf(id.getSource());
    }

    private static Optional<String> ruleOf(Optional<TestSource> source) {
        return source.filter(MethodSource.class::isInstance)
                .flatMap(s -> RuleCatalog.ruleOf(((MethodSource) s).getJavaMethod())).map(RuleCatalog.Rule::id);
    }
}
