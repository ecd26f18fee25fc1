package io.dsbench.lin.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.format.HistoryFormat;
import io.dsbench.lin.format.HistoryFiles;
import io.dsbench.lin.format.HistoryFormatException;
import io.dsbench.lin.format.HistoryFormats;
import io.dsbench.lin.format.Json;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.Models;
import io.dsbench.lin.model.Operation;
import io.dsbench.lin.report.Summaries;
import io.dsbench.lin.report.TimelineHtml;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code dsbench check}: checks history files and prints one line (or one JSON object) per file.
 * Exit codes: 0 all linearizable, 1 some not linearizable, 3 some unknown and none not linearizable,
 * 2 bad usage or malformed input. Stateless apart from its arguments; thread-safe.
 *
 * <h2>Defaults per file</h2>
 * The format is sniffed unless given. The model is inferred from the operations unless given: {@code :txn} →
 * multi-register, acquire/release → mutex, get/put/append → kv, enqueue/dequeue → fifo-queue, add → set,
 * otherwise cas-register. {@code :fail} is read per the format's {@link FailMode} unless {@code --fail-mode} says
 * otherwise. A register read of nil matches any value for EDN/JSON (Knossos) and only nil for Jepsen logs
 * (Porcupine's etcd model), unless {@code --nil-read} says otherwise.
 */
public final class CheckRunner {


    private CheckRunner() {
    }

    /**
     * The command's options.
     *
     * @param model        model name or null to infer
     * @param format       format or null to sniff
     * @param initialValue the model's initial value as EDN, or null for its default
     * @param timeLimit    time limit per file, or null
     * @param json         print JSON lines
     * @param html         write HTML timelines here (a file for one input, else a directory), or null
     * @param failMode     how :fail is read, or null for the format's default
     * @param nilRead      "any" or "exact" for register reads of nil, or null for the format's default
     * @param bench        benchmark mode: time the check (no parsing) after warm-up
     * @param files        the history files
     */
    public record Options(String model, HistoryFormat format, String initialValue, Duration timeLimit, boolean json,
                          Path html, FailMode failMode, String nilRead, boolean bench, List<Path> files) {

        /** Parses command-line style arguments (for tests and the standalone main). */
        public static Options parse(List<String> args) {
            String model = null;
            HistoryFormat format = null;
            String init = null;
            Duration limit = null;
            boolean json = false;
            boolean bench = false;
            Path html = null;
            FailMode fm = null;
            String nil = null;
            List<Path> files = new ArrayList<>();
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                switch (a) {
                    case "--model" -> model = value(args, ++i, a);
                    case "--format" -> format = HistoryFormat.parse(value(args, ++i, a));
                    case "--initial-value" -> init = value(args, ++i, a);
                    case "--time-limit" -> limit = seconds(value(args, ++i, a));
                    case "--json" -> json = true;
                    case "--bench" -> bench = true;
                    case "--html" -> html = Path.of(value(args, ++i, a));
                    case "--fail-mode" -> fm = CheckRunner.failMode(value(args, ++i, a));
                    case "--nil-read" -> nil = value(args, ++i, a);
                    default -> {
                        if (a.startsWith("--")) {
                            throw new IllegalArgumentException("unknown option " + a);
                        }
                        files.add(Path.of(a));
                    }
                }
            }
            return new Options(model, format, init, limit, json, html, fm, nil, bench, files);
        }

        private static String value(List<String> args, int i, String opt) {
            if (i >= args.size()) {
                throw new IllegalArgumentException(opt + " needs a value");
            }
            return args.get(i);
        }
    }

    /** Parses a time limit in (fractional) seconds. */
    public static Duration seconds(String s) {
        try {
            double d = Double.parseDouble(s);
            if (!(d > 0)) {
                throw new NumberFormatException();
            }
            return Duration.ofNanos((long) (d * 1e9));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--time-limit must be a positive number of seconds, found '" + s + "'");
        }
    }

    /** Parses "drop" / "observed". */
    public static FailMode failMode(String s) {
        try {
            return FailMode.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--fail-mode must be drop or observed, found '" + s + "'");
        }
    }

    /** What a file is checked with, after defaults. */
    public record Settings(HistoryFormat format, Model model, FailMode failMode, Duration timeLimit) {
    }

    /** A parsed file with its settings. */
    public record Prepared(Path file, History history, Settings settings, List<Operation> operations) {
    }

    /** Test helper: the settings for a file given command-line style arguments. */
    public static Settings settingsFor(Path file, List<String> args) {
        return prepare(file, Options.parse(args)).settings();
    }

    /** Test helper: parse + check one file with settings (as the command does). */
    public static CheckResult checkFile(Path file, Settings s) {
        History h = HistoryFormats.read(file, s.format());
        return new LinearizabilityChecker(options(s)).check(h, s.model(), s.failMode());
    }

    static CheckOptions options(Settings s) {
        CheckOptions o = CheckOptions.defaults();
        return s.timeLimit() == null ? o : o.withTimeLimit(s.timeLimit());
    }

    /** Reads a file and resolves the defaults. */
    public static Prepared prepare(Path file, Options o) {
        HistoryFormat format = o.format();
        String text = HistoryFiles.readText(file);
        if (format == null) {
            format = HistoryFormats.sniff(text, file.toString());
        }
        History h = HistoryFormats.parse(text, file.toString(), format);
        if (h.size() == 0) {
            // nothing to check is not a success: an empty file or the wrong format
            throw new IllegalArgumentException("no operations found as " + format.cliName() + " ("
                    + HistoryFiles.whyNoOperations(text, format) + ")");
        }
        String modelName = o.model() != null ? o.model() : inferModel(h);
        boolean nilAny;
        if (o.nilRead() == null) {
            nilAny = format != HistoryFormat.JEPSEN_LOG;
        } else if (o.nilRead().equals("any") || o.nilRead().equals("exact")) {
            nilAny = o.nilRead().equals("any");
        } else {
            throw new IllegalArgumentException("--nil-read must be any or exact, found '" + o.nilRead() + "'");
        }
        Model model = Models.byName(modelName, o.initialValue(), nilAny);
        FailMode fm = o.failMode() != null ? o.failMode() : format.defaultFailMode();
        Settings s = new Settings(format, model, fm, o.timeLimit());
        return new Prepared(file, h, s, Operations.of(h, model, fm));
    }

    /**
     * The one-line error for a file that cannot be checked, prefixed "dsbench: " and naming the file once (format and
     * read errors already start with it, and with the line).
     */
    public static String errorLine(Path file, RuntimeException e) {
        String m = e.getMessage();
        if (e instanceof HistoryFormatException || e instanceof UncheckedIOException
                || m != null && m.startsWith(file.toString() + ":")) {
            return "dsbench: " + m;
        }
        return "dsbench: " + file + ": " + m;
    }

    /** Guesses the model from the functions used. */
    public static String inferModel(History h) {
        for (Op op : h) {
            if (op.isNemesis()) {
                continue;
            }
            switch (op.f()) {
                case "txn": return "multi-register";
                case "acquire":
                case "release": return "mutex";
                case "get":
                case "put":
                case "append": return "kv";
                case "enqueue":
                case "dequeue": return "fifo-queue";
                case "add": return "set";
                default: break;
            }
        }
        return "cas-register";
    }

    /** Runs the command; returns the exit code. */
    public static int run(Options o, PrintStream out, PrintStream err) {
        if (o.files().isEmpty() && o.bench()) {
            CheckBench.benchGenerated(out);
            return 0;
        }
        if (o.files().isEmpty()) {
            err.println("dsbench: check: no FILE given. Usage: dsbench check [--model M] [--format edn|jepsen-log|porcupine-kv|jsonl] "
                    + "[--initial-value V] [--time-limit SECONDS] [--json] [--html OUT] FILE...");
            return 2;
        }
        if (o.model() != null && !Models.NAMES.contains(o.model())) {
            err.println("dsbench: unknown model '" + o.model() + "': expected one of " + String.join(", ", Models.NAMES));
            return 2;
        }
        if (o.bench()) {
            return CheckBench.run(o, out, err);
        }
        boolean bad = false;
        boolean not = false;
        boolean unknown = false;
        for (Path f : o.files()) {
            Prepared p;
            try {
                p = prepare(f, o);
            } catch (HistoryFormatException | IllegalArgumentException | UncheckedIOException e) {
                err.println(errorLine(f, e));
                bad = true;
                continue;
            }
            CheckResult r;
            try {
                r = new LinearizabilityChecker(options(p.settings())).check(p.operations(), p.settings().model());
            } catch (IllegalArgumentException | ClassCastException e) {
                err.println(errorLine(f, e));
                bad = true;
                continue;
            }
            not |= r.verdict() == Verdict.NOT_LINEARIZABLE;
            unknown |= r.verdict() == Verdict.UNKNOWN;
            if (o.json()) {
                try {
                    out.println(Json.mapper().writeValueAsString(Summaries.json(f.toString(), r)));
                } catch (JsonProcessingException e) {
                    throw new IllegalStateException(e);
                }
            } else {
                out.println(Summaries.line(f.toString(), r));
            }
            if (o.html() != null) {
                Path target = o.files().size() == 1 && !Files.isDirectory(o.html()) ? o.html()
                        : o.html().resolve(f.getFileName() + ".html");
                try {
                    if (target.getParent() != null) {
                        Files.createDirectories(target.getParent());
                    }
                    Files.writeString(target, TimelineHtml.render(f.toString(), p.operations(), r, p.history().size()));
                } catch (IOException e) {
                    err.println("dsbench: cannot write " + target + ": " + e.getMessage());
                    bad = true;
                }
            }
        }
        if (bad) {
            return 2;
        }
        return not ? 1 : unknown ? 3 : 0;
    }

    /** Standalone entry point: {@code java ... io.dsbench.lin.cli.CheckRunner [options] FILE...}. */
    public static void main(String[] args) {
        int code;
        try {
            code = run(Options.parse(List.of(args)), System.out, System.err);
        } catch (IllegalArgumentException e) {
            System.err.println("dsbench: " + e.getMessage());
            code = 2;
        }
        System.exit(code);
    }
}
