package io.dsbench.cli;

import io.dsbench.conformance.TestEnvironment;
import io.dsbench.spec.BackendException;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code dsbench run}: the conformance kit against each selected backend, side by side. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {
            "Runs the conformance kit against each selected backend, rule by rule, and prints a summary table.",
            "Writes <out>/<run-id>/conformance.json (rule, title, level, backend, outcome, message, duration)",
            "and the run's report (index.html, summary.md, summary.json), and points <out>/latest at the run.",
            "--run-id gathers run, bench and chaos into one results directory and one report."},
        footer = {"", "Examples:",
            "  dsbench run                               # in-memory backend, no servers",
            "  dsbench run --backends inmemory,redis,etcd  # starts servers on loopback",
            "  dsbench run -b redis --endpoint redis://127.0.0.1:6379 --groups KV,LOCK",
            "", "Exit codes:",
            "  0    every rule passed or was skipped (missing capability)",
            "  1    a rule failed or erred, or a backend could not be opened or became",
            "       unreachable",
            "  2    bad usage or setting, before any rule runs",
            "  3    no failure, but a checker could not decide (unknown)",
            "  130  interrupted; finished rules are kept in <run>/rules.jsonl and a",
            "       partial conformance.json naming the rules that did not run; the",
            "       report is written too"})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--groups", split = ",", paramLabel = "GROUP",
            description = "Only these rule groups, e.g. KV,LOCK,IDEM (default: all). 'dsbench rules' lists them.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Directory for results (default: ${DEFAULT-VALUE}).")
    Path out;

    @Mixin
    RunIdOption runId = new RunIdOption();

    @Option(names = "--timeout-scale", paramLabel = "FACTOR",
            description = "Multiplies every wait of the kit's time-based rules, > 0 and <= 100 (default 1; beats"
                    + " DSBENCH_TIMEOUT_SCALE).")
    Double timeoutScale;

    @Option(names = "--seed", paramLabel = "N",
            description = "Seed for rules that draw random numbers (default: DSBENCH_SEED, else a new one; the run"
                    + " prints and records it, so --seed replays it).")
    Long seed;

    @Option(names = "--keep-data",
            description = "Keep what the run wrote on external servers (by default it is deleted at the end: every"
                    + " key under the run's own prefix, nothing else).")
    boolean keepData;

    @Option(names = {"-v", "--verbose"},
            description = "Show what rules and client libraries print (by default it goes to <run>/kit-output.log).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        System.clearProperty(TestEnvironment.SCALE_OVERRIDE_PROPERTY);
        System.clearProperty(TestEnvironment.SEED_OVERRIDE_PROPERTY);
        try {
            return runChecked();
        } finally {
            System.clearProperty(TestEnvironment.SCALE_OVERRIDE_PROPERTY);
            System.clearProperty(TestEnvironment.SEED_OVERRIDE_PROPERTY);
        }
    }

    private int runChecked() {
        PrintWriter o = spec.commandLine().getOut();
        // Every setting is checked before anything starts: a wrong one is one line and exit 2, never a rule failure.
        List<BackendConfig> configs = backendOptions.configs();
        Set<String> selectedGroups = selectedGroups();
        if (timeoutScale != null) {
            System.setProperty(TestEnvironment.SCALE_OVERRIDE_PROPERTY, Double.toString(timeoutScale));
        }
        if (seed != null) {
            System.setProperty(TestEnvironment.SEED_OVERRIDE_PROPERTY, Long.toString(seed));
        }
        TestEnvironment env = TestEnvironment.fromEnvironment(); // IllegalArgumentException naming the setting
        // every kit class of the run uses this seed (given or drawn now), so one --seed replays the whole run
        System.setProperty(TestEnvironment.SEED_OVERRIDE_PROPERTY, Long.toString(env.seed()));
        Instant started = Instant.now();
        ResultsWriter writer = ResultsWriter.create(out, runId.runId()); // an unwritable --out: exit 2 before any rule
        o.println("dsbench run " + writer.runId() + ": backends " + configs.stream().map(BackendConfig::backend).toList()
                + (selectedGroups.isEmpty() ? "" : ", groups " + selectedGroups) + ", seed " + env.seed()
                + (env.scale() == 1 ? "" : ", timeout scale " + env.scale()));
        o.flush();
        RunState state = new RunState(writer, env.seed(), keepData, o);
        boolean coreRun = KitRunner.anyRule(io.dsbench.conformance.ConformanceRule.Scope.CORE, selectedGroups);
        plan(state, configs, selectedGroups, coreRun);
        List<BackendConfig> selected = configs;
        // Ctrl-C: the hook writes the partial results, then run.json and the report (exit 130), naming what did not run
        state.onInterruptReport(partial -> Reporting.finish(writer, spec, started, 130, backendInfos(partial, selected), o));
        state.installShutdownHook();
        try {
            return runBackends(configs, selectedGroups, coreRun, env, writer, state, started, o);
        } finally {
            state.ended();
        }
    }

    private int runBackends(List<BackendConfig> configs, Set<String> selectedGroups, boolean coreRun, TestEnvironment env,
                            ResultsWriter writer, RunState state, Instant started, PrintWriter o) {
        // Open every backend first: a bad config or refused credentials end the run at once (exit 2).
        List<Backend> opened = openAll(configs, state, o);
        KitRunner runner = new KitRunner();
        if (coreRun) {
            // rules that test only core code run once, as backend "core", not once per backend
            Backend core = new io.dsbench.conformance.ForwardingBackend(Backends.open(BackendConfig.managed("inmemory")),
                    "core") {
                @Override
                public String describe() {
                    return "core checks (rules that test only core code), run once over " + delegate.describe();
                }
            };
            opened.add(0, core);
            configs = new ArrayList<>(configs);
            configs.add(0, BackendConfig.managed("inmemory"));
        }
        for (int i = 0; i < configs.size(); i++) {
            Backend backend = opened.get(i);
            if (backend == null) {
                continue; // recorded by openAll
            }
            Instant t0 = Instant.now();
            boolean reachable = true;
            try {
                o.println("[" + backend.name() + "] " + backend.describe() + "; capabilities "
                        + new java.util.TreeSet<>(backend.capabilities()));
                o.flush();
                state.started(backend);
                RunGuard guard = RunGuard.watching(backend, configs.get(i).operationTimeout(), why -> {
                    o.println("[" + backend.name() + "] " + why + "; the remaining rules are not run");
                    o.flush();
                });
                List<KitRunner.RuleResult> results;
                // without --verbose, what rules and clients print goes to the run's log (null: nothing captured)
                try (OutputCapture ignored = verbose ? null : OutputCapture.to(writer.dir().resolve("kit-output.log"))) {
                    results = runner.run(backend, Set.of(coreRun && i == 0 ? io.dsbench.conformance.ConformanceRule.Scope.CORE
                            : io.dsbench.conformance.ConformanceRule.Scope.BACKEND), selectedGroups, line -> {
                        o.println(line);
                        o.flush();
                    }, state::record, guard);
                }
                reachable = !guard.isDead();
                state.backendDone(RunSummary.BackendRun.of(backend, results, t0, Instant.now()));
            } finally {
                state.cleanUpAndClose(backend, reachable);
            }
        }
        if (!state.finish()) {
            // interrupted: the shutdown hook has written the partial results and the report; the JVM is exiting (130)
            return 130;
        }
        RunSummary summary = new RunSummary(writer.runId(), runs(state, configs));
        Path json = writer.writeConformance(summary, true, env.seed());
        o.println();
        summary.printTable(o);
        o.println();
        o.println("Results: " + json + " (also " + writer.latestLink() + "; per rule: " + writer.rulesFile().getFileName()
                + ")" + (verbose ? "" : "; what rules printed: " + writer.dir().resolve("kit-output.log")));
        o.println("Seed " + env.seed() + " (replay: --seed " + env.seed() + ")");
        int exit = summary.exitCode();
        Reporting.finish(writer, spec, started, exit, backendInfos(summary, configs), o);
        o.flush();
        return exit;
    }

    /** The backends for run.json: those that ran (with their description), then those selected that did not. */
    private static List<RunRecord.BackendInfo> backendInfos(RunSummary summary, List<BackendConfig> configs) {
        List<RunRecord.BackendInfo> infos = new ArrayList<>(summary.runs().stream()
                .filter(r -> !r.backend().equals("core")) // rules of core code, not a backend
                .map(r -> RunRecord.BackendInfo.of(r.backend(), r.description())).toList());
        for (BackendConfig c : configs) {
            if (infos.stream().noneMatch(i -> i.name().equals(c.backend()))) {
                infos.add(RunRecord.BackendInfo.of(c.backend(), null));
            }
        }
        return infos;
    }

    /** Tells the run's state which rules each backend is to run, so that an interrupt can name those that did not. */
    private static void plan(RunState state, List<BackendConfig> configs, Set<String> groups, boolean coreRun) {
        List<io.dsbench.conformance.RuleCatalog.Rule> rules = KitRunner.catalog().rules();
        if (coreRun) {
            state.plan("core", selectRules(rules, io.dsbench.conformance.ConformanceRule.Scope.CORE, groups));
        }
        for (BackendConfig c : configs) {
            state.plan(c.backend(), selectRules(rules, io.dsbench.conformance.ConformanceRule.Scope.BACKEND, groups));
        }
    }

    private static List<io.dsbench.conformance.RuleCatalog.Rule> selectRules(
            List<io.dsbench.conformance.RuleCatalog.Rule> rules, io.dsbench.conformance.ConformanceRule.Scope scope,
            Set<String> groups) {
        return rules.stream().filter(r -> r.scope() == scope && (groups.isEmpty() || groups.contains(r.group())))
                .sorted((a, b) -> io.dsbench.conformance.RuleCatalog.compareIds(a.id(), b.id())).toList();
    }

    /** The backends' runs in the order they were selected. */
    private static List<RunSummary.BackendRun> runs(RunState state, List<BackendConfig> configs) {
        List<String> order = configs.stream().map(BackendConfig::backend).toList();
        List<RunSummary.BackendRun> runs = new ArrayList<>(state.runs());
        runs.sort(java.util.Comparator.comparingInt(r -> order.indexOf(r.backend())));
        return runs;
    }

    private Set<String> selectedGroups() {
        Set<String> selected = new LinkedHashSet<>();
        for (String g : groups) {
            selected.add(g.trim().toUpperCase(Locale.ROOT));
        }
        if (!selected.isEmpty()) {
            Set<String> known = new LinkedHashSet<>();
            for (io.dsbench.conformance.RuleCatalog.Rule r : KitRunner.catalog().rules()) {
                known.add(r.group());
            }
            for (String g : selected) {
                if (!known.contains(g)) {
                    throw new IllegalArgumentException("--groups: unknown rule group '" + g + "'; known: "
                            + String.join(", ", known));
                }
            }
        }
        return selected;
    }

    /**
     * Opens each backend; one that cannot be reached is recorded as not run (exit 1), a bad setting or refused
     * credentials close everything opened so far and end the run with exit 2.
     */
    private List<Backend> openAll(List<BackendConfig> configs, RunState state, PrintWriter o) {
        List<Backend> opened = new ArrayList<>();
        try {
            for (BackendConfig config : configs) {
                o.println("[" + config.backend() + "] opening " + (config.managed() ? "(managed: dsbench starts it)"
                        : String.join(",", config.endpoints().stream().map(BackendConfig::redact).toList())
                        + " (external; the run's keys go under " + config.keyPrefix() + "/)") + " ...");
                o.flush();
                try {
                    Backend b = Backends.open(config);
                    state.opened(config, b);
                    opened.add(b);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(config.backend() + ": " + e.getMessage(), e);
                } catch (BackendException e) {
                    if (e.kind() == BackendException.Kind.AUTH) {
                        throw new IllegalArgumentException(config.backend() + ": " + firstLine(e.getMessage())
                                + "; give the user with --user " + config.backend() + "=NAME and the password in DSBENCH_"
                                + config.backend().toUpperCase(Locale.ROOT).replace('-', '_') + "_PASSWORD", e);
                    }
                    notOpened(config, e, state, o, opened);
                } catch (RuntimeException e) {
                    notOpened(config, e, state, o, opened);
                }
            }
        } catch (IllegalArgumentException e) {
            for (Backend b : opened) {
                if (b != null) {
                    state.cleanUpAndClose(b, true);
                }
            }
            state.finish();
            throw e;
        }
        return opened;
    }

    private static void notOpened(BackendConfig config, RuntimeException e, RunState state, PrintWriter o,
                                  List<Backend> opened) {
        String why = KitRunner.describe(e);
        o.println("[" + config.backend() + "] could not open backend: " + why);
        o.flush();
        state.notRun(RunSummary.BackendRun.failedToOpen(config.backend(), firstLine(why)));
        opened.add(null);
    }

    private static String firstLine(String s) {
        int nl = s == null ? -1 : s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
