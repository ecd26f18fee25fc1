package io.dsbench.lin.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.consistency.ConsistencyLadder;
import io.dsbench.lin.consistency.ConsistencyModel;
import io.dsbench.lin.consistency.KvHistory;
import io.dsbench.lin.consistency.ModelCheck;
import io.dsbench.lin.consistency.SequentialChecker;
import io.dsbench.lin.consistency.SessionGuarantees;
import io.dsbench.lin.consistency.Staleness;
import io.dsbench.lin.format.HistoryFiles;
import io.dsbench.lin.format.HistoryFormatException;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.Op;
import io.dsbench.lin.model.VersionedKvModel;

import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code dsbench check --consistency MODEL FILE...}: decides a weaker consistency model (or the whole ladder, or the
 * staleness figures) for saved histories, in the formats {@code dsbench check} reads. Session guarantees,
 * staleness and the ladder's session rungs need a versioned key-value history ({@code :get}/{@code :put}/{@code :cas}
 * /{@code :delete} on keys with versions, as {@code dsbench run} records): for one, the model defaults to
 * {@code versioned-kv}. Exit codes: 0 holds for every file, 1 violated in some file, 3 undecided in some (none
 * violated), 2 bad usage or malformed input (file, line when known, what). Stateless.
 */
public final class ConsistencyRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> KV_FS = Set.of("get", "put", "cas", "delete");

    private ConsistencyRunner() {
    }

    /** The names {@code --consistency} accepts. */
    public static final String NAMES = "sequential, read-your-writes, monotonic-reads, monotonic-writes, "
            + "writes-follow-reads, staleness, ladder";

    /** Runs the command for {@code what} (a model name, {@code staleness} or {@code ladder}); returns the exit code. */
    public static int run(String what, CheckRunner.Options o, PrintStream out, PrintStream err) {
        ConsistencyModel model = null;
        if (!what.equals("staleness") && !what.equals("ladder")) {
            try {
                model = ConsistencyModel.parse(what);
            } catch (IllegalArgumentException e) {
                err.println("dsbench: --consistency: " + e.getMessage());
                return 2;
            }
            if (model == ConsistencyModel.LINEARIZABLE) {
                err.println("dsbench: --consistency linearizable is plain 'dsbench check' (leave out --consistency)");
                return 2;
            }
        }
        if (o.files().isEmpty()) {
            err.println("dsbench: check --consistency " + what + ": no FILE given");
            return 2;
        }
        boolean kvOnly = model == null ? what.equals("staleness") : model.isSession();
        Duration limit = o.timeLimit() == null ? Duration.ofSeconds(60) : o.timeLimit();
        int worst = 0;
        for (Path f : o.files()) {
            int code;
            try {
                code = one(what, model, kvOnly, limit, f, o, out);
            } catch (HistoryFormatException | UncheckedIOException e) {
                err.println(CheckRunner.errorLine(f, e));
                code = 2;
            } catch (IllegalArgumentException | ClassCastException e) {
                err.println("dsbench: " + f + located(f, e.getMessage()) + ": " + e.getMessage());
                code = 2;
            }
            worst = code == 2 || worst == 2 ? 2 : code == 1 || worst == 1 ? 1 : Math.max(worst, code);
        }
        return worst;
    }

    private static int one(String what, ConsistencyModel model, boolean kvOnly, Duration limit, Path f,
                           CheckRunner.Options o, PrintStream out) {
        CheckRunner.Options eff = o;
        if (o.model() == null) {
            String text = HistoryFiles.readText(f);
            History peek = io.dsbench.lin.format.HistoryFormats.parse(text, f.toString(), o.format() != null ? o.format()
                    : io.dsbench.lin.format.HistoryFormats.sniff(text, f.toString()));
            if (isVersionedKv(peek)) {
                eff = new CheckRunner.Options("versioned-kv", o.format(), o.initialValue(), o.timeLimit(), o.json(),
                        o.html(), o.failMode(), o.nilRead(), false, o.files());
            }
        }
        CheckRunner.Prepared p = CheckRunner.prepare(f, eff);
        boolean kv = p.settings().model() instanceof VersionedKvModel;
        if (kvOnly && !kv) {
            throw new IllegalArgumentException(what + " needs a versioned key-value history (:get/:put/:cas/:delete on "
                    + ":key with versions, model versioned-kv); this one is checked with model "
                    + p.settings().model().name());
        }
        FailMode fm = p.settings().failMode();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("file", f.toString());
        json.put("consistency", what);
        int code;
        StringBuilder text = new StringBuilder(f.toString()).append(": ");
        if (what.equals("ladder")) {
            ConsistencyLadder.Ladder l = new ConsistencyLadder(limit, 2_000_000).of(p.history(), p.settings().model(), fm);
            json.putAll(l.toJson());
            text.append("ladder\n").append(l.describe());
            code = l.firstMissed() == null ? 0 : l.firstMissed().status() == ModelCheck.Status.VIOLATED ? 1 : 3;
        } else if (what.equals("staleness")) {
            Staleness.Report r = Staleness.of(KvHistory.of(p.history()));
            json.put("reads", r.reads());
            json.put("stale_reads", r.staleReads());
            json.put("max_versions_behind", r.maxVersions());
            json.put("p99_versions_behind", r.p99Versions());
            json.put("max_ms_behind", r.maxMs());
            json.put("p99_ms_behind", r.p99Ms());
            text.append("staleness: ").append(r.line());
            if (r.worst() != null) {
                text.append("\n  stalest: ").append(r.worst().describe().replace("\n", "\n  "));
            }
            code = 0;
        } else {
            ModelCheck c = model == ConsistencyModel.SEQUENTIAL
                    ? new SequentialChecker(2_000_000, limit).check(p.operations(), p.settings().model())
                    : SessionGuarantees.check(KvHistory.of(p.history()), model);
            json.put("status", c.status().text());
            json.put("detail", c.detail());
            json.put("violations", c.count());
            json.put("counterexamples", c.violations().stream().map(v -> Map.of("explanation", v.explanation(),
                    "ops", v.ops())).toList());
            text.append(model.cliName()).append(": ").append(c.status() == ModelCheck.Status.VIOLATED
                    ? "VIOLATED (" + c.count() + ")" : c.status().text()).append(" (").append(c.detail()).append(')');
            for (var v : c.violations()) {
                text.append("\n  ").append(v.describe().replace("\n", "\n  "));
            }
            code = c.status() == ModelCheck.Status.HOLDS ? 0 : c.status() == ModelCheck.Status.VIOLATED ? 1 : 3;
        }
        if (o.json()) {
            try {
                out.println(JSON.writeValueAsString(json));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            out.println(text.toString().stripTrailing());
        }
        return code;
    }

    /** Whether every client op is a get/put/cas/delete on a key. */
    static boolean isVersionedKv(History h) {
        boolean any = false;
        for (Op op : h) {
            if (op.isNemesis()) {
                continue;
            }
            if (!KV_FS.contains(op.f()) || op.key() == null) {
                return false;
            }
            any = true;
        }
        return any && h.ops().stream().anyMatch(op -> op.f().equals("cas") || op.f().equals("delete")
                || op.type() == io.dsbench.lin.history.OpType.OK && op.f().equals("put") && op.value() instanceof Number);
    }

    /**
     * ", line N" for a message naming "op N" when the file holds one op per line (EDN and JSON-lines histories as
     * dsbench writes them), else "".
     */
    static String located(Path f, String message) {
        if (message == null) {
            return "";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("^op (\\d+)").matcher(message);
        if (!m.find()) {
            return "";
        }
        int op = Integer.parseInt(m.group(1));
        try {
            String text = HistoryFiles.readText(f);
            int size = io.dsbench.lin.format.HistoryFormats.parse(text, f.toString(),
                    io.dsbench.lin.format.HistoryFormats.sniff(text, f.toString())).size();
            List<String> lines = text.lines().toList();
            if (lines.stream().filter(l -> l.strip().startsWith("{") || l.strip().startsWith("[{")).count() != size) {
                return ""; // not one op per line: the line is not known
            }
            int seen = -1;
            for (int i = 0; i < lines.size(); i++) {
                String t = lines.get(i).strip();
                if (t.startsWith("{") || t.startsWith("[{")) {
                    if (++seen == op) {
                        return ", line " + (i + 1);
                    }
                }
            }
        } catch (RuntimeException e) {
            return "";
        }
        return "";
    }
}
