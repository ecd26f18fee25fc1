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

    /**
     * Outcome of one rule on one backend. FAILED: the backend broke the rule (an assertion failed). ERROR: the
     * rule could not reach a verdict (it threw something other than an assertion, was aborted, or never ran
     * because the backend became unreachable). UNKNOWN: a checker could not decide
     * ({@link io.dsbench.conformance.VerdictUnknownException}). SKIPPED: only a missing capability
     * ({@link io.dsbench.conformance.CapabilityMissingException}) or a disabled rule.
     */
    public enum Outcome { PASSED, FAILED, ERROR, UNKNOWN, SKIPPED }

    /**
     * One rule's outcome.
     *
     * @param rule       rule id, e.g. {@code KV-4}
     * @param title      what the rule promises
     * @param level      REQUIRED, OPTIONAL or STOCHASTIC
     * @param group      the id's prefix, e.g. {@code KV}
     * @param backend    backend name
     * @param test       {@code KitClass.method}
     * @param outcome    passed, failed, error, unknown or skipped
     * @param message    why it did not pass, null when passed
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
     * Runs the kit's rules of {@code scopes} against {@code backend} (the core checks, scope CORE, run once
     * against an in-memory backend named {@code core}); when {@code guard} finds the backend unreachable, the
     * rule running then is interrupted and every rule not yet finished is an ERROR naming the endpoint, so the
     * run ends within the guard's stated bound instead of waiting out every operation's timeout.
     *
     * @param groups   rule groups to run (e.g. {@code KV}); empty = all
     * @param progress receives one line per finished kit class
     * @param finished receives each rule's result as soon as it is known (for incremental result files)
     * @param guard    watches the backend's health during the run
     */
    public List<RuleResult> run(Backend backend, Set<Scope> scopes, Set<String> groups, Consumer<String> progress,
                                Consumer<RuleResult> finished, RunGuard guard) {
        KitSession.set(backend, scopes);
        Listener listener = new Listener(backend.name(), progress, finished, guard::isDead);
        try {
            Thread kit = new Thread(() -> LauncherFactory.create().execute(request(groups, scopes, guard.id()),
                    listener), "dsbench-kit-" + backend.name());
            kit.setDaemon(true);
            kit.start();
            guard.start();
            while (kit.isAlive() && !guard.isDead()) {
                join(kit, 200);
            }
            if (guard.isDead()) {
                // the running rule was interrupted and the rest fail at once; give stragglers a bounded moment
                long until = System.nanoTime() + guard.abandonAfter().toNanos();
                while (kit.isAlive() && System.nanoTime() - until < 0) {
                    join(kit, 100);
                }
            }
            return listener.close(guard.deadReason());
        } finally {
            guard.stop();
            KitSession.set(null, null);
        }
    }

    /** The backend rules (scope BACKEND) against {@code backend}, without incremental results or health checks. */
    public List<RuleResult> run(Backend backend, Set<String> groups, Consumer<String> progress) {
        return run(backend, Set.of(Scope.BACKEND), groups, progress, r -> { }, RunGuard.none(backend));
    }

    private static void join(Thread t, long ms) {
        try {
            t.join(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the kit was running", e);
        }
    }

    /** Whether any rule of {@code scope} is in {@code groups} (empty = all). */
    public static boolean anyRule(Scope scope, Set<String> groups) {
        return catalog().rules().stream()
                .anyMatch(r -> r.scope() == scope && (groups.isEmpty() || groups.contains(r.group())));
    }

    private static LauncherDiscoveryRequest request(Set<String> groups, Set<Scope> scopes, String guardId) {
        LauncherDiscoveryRequestBuilder b = LauncherDiscoveryRequestBuilder.request()
                .selectors(DiscoverySelectors.selectClass(KIT_SUITE))
                // RunGuardExtension (META-INF/services) fails rules at once when the backend is unreachable
                .configurationParameter("junit.jupiter.extensions.autodetection.enabled", "true")
                .configurationParameter(RunGuardExtension.GUARD_PARAMETER, guardId == null ? "" : guardId)
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

    /**
     * Collects outcomes; reports a class's rules as errors when the class itself failed (e.g. setup). After
     * {@link #close} it ignores whatever the (abandoned) kit thread still reports.
     */
    private static final class Listener implements TestExecutionListener {
        private final String backend;
        private final Consumer<String> progress;
        private final Consumer<RuleResult> finished;
        /** Results by JUnit unique id, in the order they finished. */
        private final Map<String, RuleResult> results = new java.util.LinkedHashMap<>();
        private final Map<String, Long> started = new ConcurrentHashMap<>();
        /** Report entries (measurements) published by each test, by unique id. */
        private final Map<String, Map<String, String>> published = new ConcurrentHashMap<>();
        private final java.util.function.BooleanSupplier unreachable;
        private TestPlan plan;
        private boolean closed;

        Listener(String backend, Consumer<String> progress, Consumer<RuleResult> finished,
                 java.util.function.BooleanSupplier unreachable) {
            this.backend = backend;
            this.progress = progress;
            this.finished = finished;
            this.unreachable = unreachable;
        }

        @Override
        public synchronized void testPlanExecutionStarted(TestPlan testPlan) {
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
            if (closed) {
                return;
            }
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
            if (closed) {
                return;
            }
            Long t0 = started.remove(id.getUniqueId());
            long ms = t0 == null ? 0 : (System.nanoTime() - t0) / 1_000_000;
            Throwable thrown = result.getThrowable().orElse(null);
            String message = thrown == null ? null : describe(thrown);
            if (id.isTest()) {
                Outcome o = outcomeOf(result.getStatus(), thrown);
                if (o == Outcome.FAILED && unreachable.getAsBoolean()) {
                    // a rule that ends while its backend is unreachable says nothing about the backend's contract
                    o = Outcome.ERROR;
                    message = "the backend became unreachable while the rule ran: " + message;
                }
                add(id, o, message, ms);
            } else if (isClass(id)) {
                if (result.getStatus() != TestExecutionResult.Status.SUCCESSFUL) {
                    String why = thrown instanceof BackendUnreachableException ? "not run: " + message
                            : "kit class failed before or after its rules: " + message;
                    for (TestIdentifier t : plan.getDescendants(id)) {
                        if (t.isTest() && !results.containsKey(t.getUniqueId())) {
                            add(t, Outcome.ERROR, why, 0);
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

        /**
         * Stops listening and returns the results; when {@code unreachable} is not null, every rule that has not
         * finished is an ERROR saying so.
         */
        synchronized List<RuleResult> close(String unreachable) {
            if (unreachable != null && plan != null) {
                for (TestIdentifier root : plan.getRoots()) {
                    for (TestIdentifier t : plan.getDescendants(root)) {
                        if (t.isTest() && !results.containsKey(t.getUniqueId())) {
                            add(t, Outcome.ERROR, "not run: " + unreachable, 0);
                        }
                    }
                }
            }
            closed = true;
            List<RuleResult> all = new ArrayList<>(results.values());
            all.sort(Comparator.comparing(RuleResult::rule, RuleCatalog::compareIds));
            return all;
        }

        private boolean isClass(TestIdentifier id) {
            return id.getSource().filter(ClassSource.class::isInstance).isPresent();
        }

        private void classFinished(TestIdentifier classId, long ms) {
            Map<Outcome, Integer> counts = new java.util.EnumMap<>(Outcome.class);
            Set<String> groups = new TreeSet<>(RuleCatalog::compareIds);
            List<String> measured = new ArrayList<>();
            for (TestIdentifier t : plan.getDescendants(classId)) {
                RuleResult r = results.get(t.getUniqueId());
                if (r == null) {
                    continue;
                }
                groups.add(r.group());
                counts.merge(r.outcome(), 1, Integer::sum);
                r.measurements().forEach((k, v) -> measured.add("      " + (k.startsWith(r.rule()) ? "" : r.rule() + " ")
                        + k + " = " + v));
            }
            if (counts.isEmpty()) {
                return;
            }
            StringBuilder line = new StringBuilder(String.format("[%s] %-14s %3d passed %3d failed %3d skipped",
                    backend, String.join(",", groups), counts.getOrDefault(Outcome.PASSED, 0),
                    counts.getOrDefault(Outcome.FAILED, 0), counts.getOrDefault(Outcome.SKIPPED, 0)));
            if (counts.containsKey(Outcome.ERROR)) {
                line.append(String.format(" %3d errors", counts.get(Outcome.ERROR)));
            }
            if (counts.containsKey(Outcome.UNKNOWN)) {
                line.append(String.format(" %3d unknown", counts.get(Outcome.UNKNOWN)));
            }
            line.append(String.format("  (%.1f s)  %s", ms / 1000.0, classId.getDisplayName()));
            progress.accept(line.toString());
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
            finished.accept(r);
        }
    }

    /** How a finished test counts: see {@link Outcome}. */
    static Outcome outcomeOf(TestExecutionResult.Status status, Throwable thrown) {
        return switch (status) {
            case SUCCESSFUL -> Outcome.PASSED;
            case ABORTED -> thrown instanceof io.dsbench.conformance.CapabilityMissingException ? Outcome.SKIPPED
                    : Outcome.ERROR;
            case FAILED -> thrown instanceof io.dsbench.conformance.VerdictUnknownException ? Outcome.UNKNOWN
                    : thrown instanceof AssertionError ? Outcome.FAILED : Outcome.ERROR;
        };
    }

    /** One-line description of a failure: type (when not an assertion) and message. */
    static String describe(Throwable t) {
        String msg = t.getMessage() == null ? "" : t.getMessage().strip();
        if (t instanceof io.dsbench.conformance.CapabilityMissingException
                || t instanceof io.dsbench.conformance.VerdictUnknownException || t instanceof BackendUnreachableException) {
            return msg;
        }
        if (t instanceof org.opentest4j.TestAbortedException) {
            return "aborted: " + msg.replaceFirst("^Assumption failed: ", "");
        }
        boolean assertion = t instanceof AssertionError;
        String head = assertion ? msg : t.getClass().getSimpleName() + (msg.isEmpty() ? "" : ": " + msg);
        return head.length() > 2000 ? head.substring(0, 2000) + " ..." : head;
    }
}
