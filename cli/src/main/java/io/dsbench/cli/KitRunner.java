package io.dsbench.cli;

import io.dsbench.cli.kit.KitSession;
import io.dsbench.conformance.ConformanceRule;
import io.dsbench.spi.Backend;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.PostDiscoveryFilter;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the conformance kit (every class in {@code io.dsbench.cli.kit}) against one backend through the
 * JUnit Platform launcher and turns the outcome into one {@link RuleResult} per rule. Not thread-safe: one
 * run at a time (the kit takes its backend from {@link KitSession}).
 */
public final class KitRunner {
    /** Package holding the concrete kit classes bound to {@link KitSession}. */
    public static final String KIT_PACKAGE = "io.dsbench.cli.kit";

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
     */
    public record RuleResult(String rule, String title, String level, String group, String backend, String test,
                             Outcome outcome, String message, long durationMs) {
    }

    /** Static description of a rule found in the kit. */
    public record RuleInfo(String rule, String title, String level, List<String> requires, String kitClass,
                           String method) {
        String group() {
            return groupOf(rule);
        }
    }

    /** Lists every rule of the kit without running anything, sorted by rule id. */
    public static List<RuleInfo> catalog() {
        TestPlan plan = LauncherFactory.create().discover(request(Set.of()));
        List<RuleInfo> rules = new ArrayList<>();
        for (TestIdentifier root : plan.getRoots()) {
            collect(plan, root, rules);
        }
        rules.sort(Comparator.comparing(RuleInfo::rule, KitRunner::compareRuleIds));
        return rules;
    }

    private static void collect(TestPlan plan, TestIdentifier id, List<RuleInfo> out) {
        if (id.isTest()) {
            ruleInfo(id).ifPresent(out::add);
        }
        for (TestIdentifier child : plan.getChildren(id)) {
            collect(plan, child, out);
        }
    }

    /**
     * Runs the kit against {@code backend}.
     *
     * @param groups   rule groups to run (e.g. {@code KV}); empty = all
     * @param progress receives one line per finished kit class
     */
    public List<RuleResult> run(Backend backend, Set<String> groups, Consumer<String> progress) {
        KitSession.set(backend);
        try {
            Listener listener = new Listener(backend.name(), progress);
            LauncherFactory.create().execute(request(groups), listener);
            List<RuleResult> results = new ArrayList<>(listener.results.values());
            results.sort(Comparator.comparing(RuleResult::rule, KitRunner::compareRuleIds));
            return results;
        } finally {
            KitSession.set(null);
        }
    }

    private static LauncherDiscoveryRequest request(Set<String> groups) {
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectPackage(KIT_PACKAGE))
                .configurationParameter("junit.jupiter.execution.timeout.default", DEFAULT_TEST_TIMEOUT)
                .configurationParameter("junit.jupiter.testclass.order.default",
                        "org.junit.jupiter.api.ClassOrderer$ClassName")
                .configurationParameter("junit.jupiter.testmethod.order.default",
                        "org.junit.jupiter.api.MethodOrderer$MethodName");
        if (!groups.isEmpty()) {
            b.filters((PostDiscoveryFilter) descriptor -> {
                if (!descriptor.isTest()) {
                    return FilterResult.included("container");
                }
                Optional<ConformanceRule> rule = descriptor.getSource()
                        .filter(MethodSource.class::isInstance)
                        .map(s -> ((MethodSource) s).getJavaMethod().getAnnotation(ConformanceRule.class));
                return rule.map(r -> groups.contains(groupOf(r.id()))
                                ? FilterResult.included("group selected")
                                : FilterResult.excluded("group not selected"))
                        .orElse(FilterResult.excluded("not a rule"));
            });
        }
        return b.build();
    }

    /** The group of a rule id: the part before the first dash (LIN-KV -> LIN, CACHE-S1 -> CACHE). */
    public static String groupOf(String ruleId) {
        int dash = ruleId.indexOf('-');
        return dash < 0 ? ruleId : ruleId.substring(0, dash);
    }

    /** Orders KV-2 before KV-10. */
    static int compareRuleIds(String a, String b) {
        String[] pa = a.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        String[] pb = b.split("(?<=\\D)(?=\\d)|(?<=\\d)(?=\\D)");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            if (Character.isDigit(pa[i].charAt(0)) && Character.isDigit(pb[i].charAt(0))) {
                c = Long.compare(Long.parseLong(pa[i]), Long.parseLong(pb[i]));
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }

    private static Optional<RuleInfo> ruleInfo(TestIdentifier id) {
        return id.getSource().filter(MethodSource.class::isInstance).map(s -> (MethodSource) s).flatMap(ms -> {
            Method m = ms.getJavaMethod();
            ConformanceRule r = m.getAnnotation(ConformanceRule.class);
            if (r == null) {
                return Optional.empty();
            }
            List<String> requires = new ArrayList<>();
            for (var c : r.requires()) {
                requires.add(c.name());
            }
            return Optional.of(new RuleInfo(r.id(), r.title(), r.level().name(), requires,
                    m.getDeclaringClass().getSimpleName(), m.getName()));
        });
    }

    /** Collects outcomes; reports a class's rules as failed when the class itself failed (e.g. setup). */
    private static final class Listener implements TestExecutionListener {
        private final String backend;
        private final Consumer<String> progress;
        /** Results by JUnit unique id, in the order they finished. */
        private final Map<String, RuleResult> results = new java.util.LinkedHashMap<>();
        private final Map<String, Long> started = new ConcurrentHashMap<>();
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
                classFinished(id, 0);
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
                classFinished(id, ms);
            }
        }

        private boolean isClass(TestIdentifier id) {
            return id.getSource().filter(s -> s instanceof org.junit.platform.engine.support.descriptor.ClassSource)
                    .isPresent();
        }

        private void classFinished(TestIdentifier classId, long ms) {
            int passed = 0;
            int failed = 0;
            int skipped = 0;
            Set<String> groups = new TreeSet<>(KitRunner::compareRuleIds);
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
            }
            if (passed + failed + skipped == 0) {
                return;
            }
            progress.accept(String.format("[%s] %-12s %3d passed %3d failed %3d skipped  (%.1f s)  %s", backend,
                    String.join(",", groups), passed, failed, skipped, ms / 1000.0, classId.getDisplayName()));
        }

        private void add(TestIdentifier id, Outcome outcome, String message, long ms) {
            if (results.containsKey(id.getUniqueId())) {
                return;
            }
            Optional<RuleInfo> info = ruleInfo(id);
            String test = info.map(i -> i.kitClass() + "." + i.method()).orElse(id.getDisplayName());
            RuleResult r = new RuleResult(info.map(RuleInfo::rule).orElse("?"), info.map(RuleInfo::title)
                    .orElse(id.getDisplayName()), info.map(RuleInfo::level).orElse("?"),
                    info.map(RuleInfo::group).orElse("?"), backend, test, outcome, message, ms);
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
