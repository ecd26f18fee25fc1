package io.dsbench.cli;

import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.cli.CheckRunner;
import io.dsbench.lin.format.HistoryFormat;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code dsbench check}: checks history files for linearizability. A thin picocli front for
 * {@link CheckRunner}, which holds the logic. Exit codes: 0 all linearizable, 1 some not linearizable, 3 some
 * unknown and none not linearizable, 2 bad usage or malformed input.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check histories for linearizability (Wing-Gong search with Lowe's memoization, split by key).",
                "Exit: 0 all linearizable, 1 some not, 3 some unknown (none not), 2 bad usage or malformed input."})
public class CheckCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "M",
            description = "Model: register, cas-register, multi-register, mutex, set, fifo-queue, unordered-queue, kv, "
                    + "versioned-kv, lock, idempotency, counter. Default: inferred from the operations.")
    String model;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "edn, jepsen-log, porcupine-kv or jsonl. Default: sniffed from the content.")
    String format;

    @Option(names = "--initial-value", paramLabel = "V",
            description = "The model's initial value as EDN (e.g. 0, nil, \"{:x 0 :y 0}\").")
    String initialValue;

    @Option(names = "--time-limit", paramLabel = "SECONDS",
            description = "Give up after this many seconds per file (verdict unknown).")
    String timeLimit;

    @Option(names = "--json", description = "Print one JSON object per file.")
    boolean json;

    @Option(names = "--html", paramLabel = "OUT",
            description = "Write a self-contained HTML timeline (a file for one input, else a directory).")
    Path html;

    @Option(names = "--fail-mode", paramLabel = "drop|observed",
            description = "How :fail is read: drop (Knossos; default for edn, porcupine-kv, jsonl) or observed "
                    + "(Porcupine's etcd logs; default for jepsen-log).")
    String failMode;

    @Option(names = "--nil-read", paramLabel = "any|exact",
            description = "Whether a register read of nil matches any value (Knossos; default for edn/jsonl) or only "
                    + "nil (default for jepsen-log).")
    String nilRead;

    @Option(names = "--consistency", paramLabel = "MODEL",
            description = "Decide a weaker model instead of linearizability: sequential, read-your-writes, "
                    + "monotonic-reads, monotonic-writes, writes-follow-reads, staleness (how far behind reads were) or "
                    + "ladder (all of them, strongest first). Session guarantees, staleness and ladder need a versioned "
                    + "key-value history (get/put/cas/delete with versions, as dsbench run records). Exit: 0 holds, 1 "
                    + "violated, 3 undecided, 2 bad input.")
    String consistency;

    @Option(names = "--bench",
            description = "Benchmark: time each check (no parsing) after warm-up; with no FILE, a generated "
                    + "100,000-op, 10-key, 10-client kv history.")
    boolean bench;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "History files, or saved chaos runs (a "
            + "checks/<workload>-<backend>-<nemeses> directory, its result.json or its history): re-checked with "
            + "their workload's checker.")
    List<Path> files = new ArrayList<>();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Public no-arg constructor for picocli. */
    public CheckCommand() {
    }

    @Override
    public Integer call() {
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        if (consistency == null && model == null && !bench && !files.isEmpty()
                && files.stream().allMatch(f -> io.dsbench.chaos.run.Recheck.resultFor(f).isPresent())) {
            return chaosRecheck(out, err); // saved chaos runs: their own workload's checker
        }
        CheckRunner.Options o;
        try {
            HistoryFormat f = format == null ? null : HistoryFormat.parse(format);
            FailMode fm = failMode == null ? null : CheckRunner.failMode(failMode);
            o = new CheckRunner.Options(model, f, initialValue, timeLimit == null ? null : CheckRunner.seconds(timeLimit),
                    json, html, fm, nilRead, bench, files);
        } catch (IllegalArgumentException e) {
            err.println("dsbench: " + e.getMessage());
            return 2;
        }
        if (consistency != null) {
            return io.dsbench.lin.cli.ConsistencyRunner.run(consistency, o, out, err);
        }
        return CheckRunner.run(o, out, err);
    }

    /** Re-checks chaos run directories; exit 2 > 1 > 3 > 0 as for histories. */
    private int chaosRecheck(java.io.PrintStream out, java.io.PrintStream err) {
        int worst = 0;
        for (Path f : files) {
            int code = io.dsbench.chaos.run.Recheck.run(f, out, err);
            worst = code == 2 || worst == 2 ? 2 : code == 1 || worst == 1 ? 1 : Math.max(worst, code);
        }
        return worst;
    }

    /** Standalone entry point for testing: {@code java ... io.dsbench.cli.CheckCommand FILE...}. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new CheckCommand()).execute(args));
    }
}
