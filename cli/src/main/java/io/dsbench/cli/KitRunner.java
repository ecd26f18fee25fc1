package io.dsbench.cli;

import io.dsbench.cli.kit.CliKitSuite;
import io.dsbench.cli.kit.KitSession;
import io.dsbench.conformance.ConformanceRule.Scope;
import io.dsbench.conformance.KitSuite;
import io.dsbench.conformance.RuleCatalog;
import io.dsbench.spi.Backend;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.reporting.ReportEntry;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the conformance kit ({@link CliKitSuite}: every kit class, the entry point backends' own tests use
 * too) against one backend through the JUnit Platform launcher and turns the outcome into one
 * {@link RuleResult} per rule. Not thread-safe: one run at a time (the kit takes its backend from
 * {@link KitSession}).
 */
public final class KitRunner {
    /** The suite the CLI runs: every kit class, bound to {@link KitSession}. */
    public static final Class<? extends KitSuite> KIT_SUITE = CliKitSuite.class;

    /** Per-test timeout so that a hanging backend cannot stall a run. */
    static final String DEFAULT_TEST_TIMEOUT = "300 s";

    /** Outcome of one rule on one backend. */
    public enum Outcome { PASSED, FAILED, SKIPPED }

    /**
     * One rule's outcome.
     *
     * @param rule       rule id, e.g. {@code KV-4}
     * @param title      what the rule promises
     * @param level      REQUIRED, OPTIONAL or STOCHASTIC
     * @param group      the id's prefix, e.g. {@code KV}
     * @param backend    backend name
     * @param test       {@code KitClass.method}
     * @param outcome    passed, failed or skipped
     * @param message    failure or skip reason, null when passed
     * @param durationMs wall time of the test
     * @param measurements what the rule measured and published (e.g. how long a participant blocked)
     */
    public record RuleResult(String rule, String title, String level, String group, String backend, String test,
                             Outcome outcome, String message, long durationMs, Map<String, String> measurements) {
        public RuleResult {
            measurements = Map.copyOf(measurements);
        }
    }

    /** The kit's rules (every kit class of {@link #KIT_SUITE}), found without running anything. */
    public static RuleCatalog catalog() {
        return RuleCatalog.of(KitSuite.kitClasses(KIT_SUITE).toArray(new Class<?>[0]));
    }

    /**
     * Runs the kit's backend rules (scope BACKEND) against {@code backend}.
     *
     * @param groups   rule groups to run (e.g. {@code KV}); empty = all
     * @param progress receives one line per finished kit class
     */
    public List<RuleResult> run(Backend backend, Set<String> groups, Consumer<String> progress) {
        return run(backend, Set.of(Scope.BACKEND), groups, progress);
    }

    /**
     * Runs the kit's rules of {@code scopes} against {@code backend} (the core checks, scope CORE, run once
     * against an in-memory backend named {@code core}).
     *
     * @param groups   rule groups to run (e.g. {@code KV}); empty = all
     * @param progress receives one line per finished kit class
     */
    public List<RuleResult> run(Backend backend, Set<Scope> scopes, Set<String> groups, Consumer<String> progress) {
        KitSession.set(backend, scopes);
        try {
            Listener listener = new Listener(backend.name(), progress);
            LauncherFactory.create().execute(request(groups, scopes), listener);
            List<RuleResult> results = new ArrayList<>(listener.results.values());
            results.sort(Comparator.comparing(RuleResult::rule, RuleCatalog::compareIds));
            return results;
        } finally {
            KitSession.set(null, null);
        }
    }

    /** Whether any rule of {@code scope} is in {@code groups} (empty = all). */
    public static boolean anyRule(Scope scope, Set<String> groups) {
        return catalog().rules().stream()
                .anyMatch(r -> r.scope() == scope && (groups.isEmpty() || groups.contains(r.group())));
    }

    private static LauncherDiscoveryRequest request(Set<String> groups, Set<Scope> scopes) {
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(KIT_SUITE))
                .configurationParameter("junit.jupiter.execution.timeout.default", DEFAULT_TEST_TIMEOUT)
                .configurationParameter("junit.jupiter.testclass.order.default",
                        "org.junit.jupiter.api.ClassOrderer$ClassName")
                .configurationParameter("junit.jupiter.testmethod.order.default",
                        "org.junit.jupiter.api.MethodOrderer$MethodName");
        b.filters((PostDiscoveryFilter) descriptor -> {
            if (!descriptor.isTest()) {
                return FilterResult.included("container");
            }
            Optional<RuleCatalog.Rule> rule = descriptor.getSource()
                    .filter(MethodSource.class::isInstance)
                    .flatMap(s -> RuleCatalog.ruleOf(((MethodSource) s).getJavaMethod()));
            return rule.map(r -> !scopes.contains(r.scope()) ? FilterResult.excluded("scope not selected")
                            : groups.isEmpty() || groups.contains(r.group()) ? FilterResult.included("selected")
                            : FilterResult.excluded("group not selected"))
                    .orElse(FilterResult.excluded("not a rule"));
        });
        return b.build();
    }

    private static Optional<RuleCatalog.Rule> ruleOf(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance)
                .flatMap(s -> RuleCatalog.ruleOf(((MethodSource) s).getJavaMethod()));
    }

    /** Collects outcomes; reports a class's rules as failed when the class itself failed (e.g. setup). */
    private static final class Listener implements TestExecutionListener {
        private final String backend;
        private final Consumer<String> progress;
        /** Results by JUnit unique id, in the order they finished. */
        private final Map<String, RuleResult> results = new java.util.LinkedHashMap<>();
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        /** Report entries (measurements) published by each test, by unique id. */
        private final Map<String, Map<String, String>> published = new ConcurrentHashMap<>();
        private TestPlan plan;

        Listener(String backend, Consumer<String> progress) {
            this.backend = backend;
            this.progress = progress;
        }

        @Override
        public void testPlanExecutionStarted(TestPlan testPlan) {
            this.plan = testPlan;
        }

        @Override
        public void reportingEntryPublished(TestIdentifier id, ReportEntry entry) {
            published.computeIfAbsent(id.getUniqueId(), k -> new java.util.TreeMap<>()).putAll(entry.getKeyValuePairs());
        }

        @Override
        public void executionStarted(TestIdentifier id) {
            started.put(id.getUniqueId(), System.nanoTime());
        }

        @Override
        public synchronized void executionSkipped(TestIdentifier id, String reason) {
            if (id.isTest()) {
                add(id, Outcome.SKIPPED, reason, 0);
            } else {
                for (TestIdentifier t : plan.getDescendants(id)) {
                    if (t.isTest()) {
                        add(t, Outcome.SKIPPED, reason, 0);
                    }
                }
                if (!isSuite(id)) {
                    classFinished(id, 0);
                }
            }
        }

        @Override
        public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
            Long t0 = started.remove(id.getUniqueId());
            long ms = t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000;
            String message = result.getThrowable().map(KitRunner::describe).orElse(null);
            if (id.isTest()) {
                Outcome o = switch (result.getStatus()) {
                    case SUCCESSFUL -> Outcome.PASSED;
                    case ABORTED -> Outcome.SKIPPED;
                    case FAILED -> Outcome.FAILED;
                };
                add(id, o, message, ms);
            } else if (isClass(id)) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    for (TestIdentifier t : plan.getDescendants(id)) {
                        if (t.isTest() && !results.containsKey(t.getUniqueId())) {
                            add(t, result.getStatus() == TestExecutionResult.Status.ABORTED ? Outcome.SKIPPED
                                    : Outcome.FAILED, "kit class failed before or after its rules: " + message, 0);
                        }
                    }
                }
                if (!isSuite(id)) {
                    classFinished(id, ms);
                }
            }
        }

        /** The suite itself (its kit classes report their own lines). */
        private boolean isSuite(TestIdentifier id) {
            return id.getSource().filter(ClassSource.class::isInstance)
                    .map(s -> KitSuite.class.isAssignableFrom(((ClassSource) s).getJavaClass())).orElse(false);
        }

        private boolean isClass(TestIdentifier id) {
            return id.getSource().filter(ClassSource.class::isInstance).isPresent();
        }

        private void classFinished(TestIdentifier classId, long ms) {
            int passed = 0;
            int failed = 0;
            int skipped = 0;
            Set<String> groups = new TreeSet<>(RuleCatalog::compareIds);
            List<String> measured = new ArrayList<>();
            for (TestIdentifier t : plan.getDescendants(classId)) {
                RuleResult r = results.get(t.getUniqueId());
                if (r == null) {
                    continue;
                }
                groups.add(r.group());
                switch (r.outcome()) {
                    case PASSED -> passed++;
                    case FAILED -> failed++;
                    case SKIPPED -> skipped++;
                }
                r.measurements().forEach((k, v) -> measured.add("      " + k + " = " + v));
            }
            if (passed + failed + skipped == 0) {
                return;
            }
            progress.accept(String.format("[%s] %-12s %3d passed %3d failed %3d skipped  (%.1f s)  %s", backend,
                    String.join(",", groups), passed, failed, skipped, ms / 1000.0, classId.getDisplayName()));
            measured.forEach(progress);
        }

        private void add(TestIdentifier id, Outcome outcome, String message, long ms) {
            if (results.containsKey(id.getUniqueId())) {
                return;
            }
            Optional<RuleCatalog.Rule> info = ruleOf(id);
            String test = info.map(i -> i.kitClass().getSimpleName() + "." + i.method()).orElse(id.getDisplayName());
            RuleResult r = new RuleResult(info.map(RuleCatalog.Rule::id).orElse("?"), info.map(RuleCatalog.Rule::title)
                    .orElse(id.getDisplayName()), info.map(i -> i.level().name()).orElse("?"),
                    info.map(RuleCatalog.Rule::group).orElse("?"), backend, test, outcome, message, ms,
                    published.getOrDefault(id.getUniqueId(), Map.of()));
            results.put(id.getUniqueId(), r);
        }
    }

    /** One-line description of a failure: type (when not an assertion) and message. */
    static String describe(Throwable t) {
        String msg = t.getMessage() == null ? "" : t.getMessage().strip();
        if (t instanceof org.opentest4j.TestAbortedException) {
            return msg.replaceFirst("^Assumption failed: ", "");
        }
        boolean assertion = t instanceof AssertionError;
        String head = assertion ? msg : t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
        return head.length() > 2000 ? head.substring(0, 2000) + " ..." : head;
    }
}
