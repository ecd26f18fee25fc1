package io.dsbench.cli;

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
            "and points <out>/latest at the run."},
        footer = {"", "Examples:",
            "  dsbench run                                   # the in-memory backend, no servers needed",
            "  dsbench run --backends inmemory,redis,etcd     # starts redis-server and etcd on loopback",
            "  dsbench run -b redis --endpoint redis://127.0.0.1:6379 --groups KV,LOCK",
            "", "Exit codes: 0 no rule failed, 1 a rule failed or a backend could not be opened, 2 bad usage."})
public final class RunCommand implements Callable<Integer> {
    @Mixin
    BackendOptions backendOptions = new BackendOptions();

    @Option(names = "--groups", split = ",", paramLabel = "GROUP",
            description = "Only these rule groups, e.g. KV,LOCK,IDEM (default: all). 'dsbench rules' lists them.")
    List<String> groups = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "results",
            description = "Directory for results (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--timeout-scale", paramLabel = "FACTOR",
            description = "Multiplies every wait of the kit's time-based rules (also DSBENCH_TIMEOUT_SCALE; default 1).")
    Double timeoutScale;

    @Option(names = {"-v", "--verbose"},
            description = "Show what rules and client libraries print (by default it goes to <run>/kit-output.log).")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter o = spec.commandLine().getOut();
        List<BackendConfig> configs = backendOptions.configs();
        Set<String> selectedGroups = new LinkedHashSet<>();
        for (String g : groups) {
            selectedGroups.add(g.trim().toUpperCase(Locale.ROOT));
        }
        if (!selectedGroups.isEmpty()) {
            Set<String> known = new LinkedHashSet<>();
            for (io.dsbench.conformance.RuleCatalog.Rule r : KitRunner.catalog().rules()) {
                known.add(r.group());
            }
            for (String g : selectedGroups) {
                if (!known.contains(g)) {
                    throw new IllegalArgumentException("--groups: unknown rule group '" + g + "'; known: "
                            + String.join(", ", known));
                }
            }
        }
        if (timeoutScale != null) {
            if (!(timeoutScale > 0)) {
                throw new IllegalArgumentException("--timeout-scale = " + timeoutScale + " is out of range (legal range: > 0)");
            }
            System.setProperty("dsbench.timeout.scale", Double.toString(timeoutScale));
        }
        ResultsWriter writer = ResultsWriter.create(out);
        o.println("dsbench run " + writer.runId() + ": backends " + configs.stream().map(BackendConfig::backend).toList()
                + (selectedGroups.isEmpty() ? "" : ", groups " + selectedGroups));
        o.flush();
        // Open every backend first: a bad config fails the run at once (exit 2), before any rule runs.
        List<Backend> opened = new ArrayList<>();
        List<String> openErrors = new ArrayList<>();
        try {
            for (BackendConfig config : configs) {
                o.println("[" + config.backend() + "] opening " + (config.managed() ? "(managed)" : config.toString())
                        + " ...");
                o.flush();
                try {
                    opened.add(Backends.open(config));
                    openErrors.add(null);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(config.backend() + ": " + e.getMessage(), e);
                } catch (RuntimeException e) {
                    String why = KitRunner.describe(e);
                    o.println("[" + config.backend() + "] could not open backend: " + why);
                    o.flush();
                    opened.add(null);
                    openErrors.add(why);
                }
            }
        } catch (IllegalArgumentException e) {
            opened.forEach(b -> closeQuietly(b, o));
            throw e;
        }
        List<RunSummary.BackendRun> runs = new ArrayList<>();
        KitRunner runner = new KitRunner();
        boolean coreRun = KitRunner.anyRule(io.dsbench.conformance.ConformanceRule.Scope.CORE, selectedGroups);
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
            openErrors.add(0, null);
            configs = new ArrayList<>(configs);
            configs.add(0, BackendConfig.managed("inmemory"));
        }
        for (int i = 0; i < configs.size(); i++) {
            Backend backend = opened.get(i);
            if (backend == null) {
                runs.add(RunSummary.BackendRun.failedToOpen(configs.get(i).backend(), openErrors.get(i)));
                continue;
            }
            Instant t0 = Instant.now();
            try {
                o.println("[" + backend.name() + "] " + backend.describe() + "; capabilities "
                        + new java.util.TreeSet<>(backend.capabilities()));
                o.flush();
                List<KitRunner.RuleResult> results;
                // without --verbose, what rules and clients print goes to the run's log (null: nothing captured)
                try (OutputCapture ignored = verbose ? null : OutputCapture.to(writer.dir().resolve("kit-output.log"))) {
                    results = runner.run(backend, Set.of(coreRun && i == 0 ? io.dsbench.conformance.ConformanceRule.Scope.CORE
                            : io.dsbench.conformance.ConformanceRule.Scope.BACKEND), selectedGroups, line -> {
                        o.println(line);
                        o.flush();
                    });
                }
                runs.add(RunSummary.BackendRun.of(backend, results, t0, Instant.now()));
            } finally {
                closeQuietly(backend, o);
            }
        }
        RunSummary summary = new RunSummary(writer.runId(), runs);
        Path json = writer.writeConformance(summary);
        o.println();
        summary.printTable(o);
        o.println();
        o.println("Results: " + json + " (also " + writer.latestLink() + ")"
                + (verbose ? "" : "; what rules printed: " + writer.dir().resolve("kit-output.log")));
        o.flush();
        return summary.failedAnything() ? 1 : 0;
    }

    private static void closeQuietly(Backend backend, PrintWriter o) {
        if (backend == null) {
            return;
        }
        try {
            backend.close();
        } catch (RuntimeException e) {
            o.println("[" + backend.name() + "] warning: close failed: " + KitRunner.describe(e));
        }
    }
}
