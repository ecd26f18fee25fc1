package io.dsbench.tradeoffs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The figures of one {@code dsbench tradeoffs} run and the state of each experiment x backend, as
 * {@code tradeoffs.json} (format {@value #FORMAT}). Cells no experiment filled get an entry saying why: the
 * experiment failed (its error), was not run (the run stopped first), or added no figure there.
 *
 * <pre>
 * { "format": "dsbench-tradeoffs/1", "command": "...", "quick": true, "seed": 1, "backends": ["inmemory", "redis"],
 *   "started": "2026-12-01T17:00:00Z", "duration_s": 250.1, "complete": true,
 *   "rows": [ { "id": "strong-consistency", "decision": "...", "options": "...", "spec_advantage": "...",
 *               "spec_disadvantage": "...",
 *               "figures": [ { "side": "advantage", "backend": "etcd", "variant": "...", "metric": "stale reads",
 *                              "value": 0, "unit": "reads", "samples": 500, "samples_of": "reads", "note": null,
 *                              "reason": null, "command": "./dsbench tradeoffs --experiments ... --seed 1" } ] } ],
 *   "experiments": [ { "id": "consistency", "backend": "etcd", "rows": [...], "method": "...", "status": "ok|failed|not_run",
 *                      "error": null, "duration_s": 12.3, "figures": 9, "command": "..." } ] }
 * </pre>
 */
public final class TradeoffsResult {
    public static final String FORMAT = "dsbench-tradeoffs/1";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final String command;
    private final boolean quick;
    private final long seed;
    private final List<String> backends;
    private final Instant started;
    private final List<Entry> entries = new ArrayList<>();
    private Instant ended;
    private boolean complete;

    private static final class Entry {
        final Experiment experiment;
        final String backend;
        final String command;
        final List<Figure> figures = new ArrayList<>();
        String status = "not_run";
        String error;
        long nanos;

        Entry(Experiment experiment, String backend, String command) {
            this.experiment = experiment;
            this.backend = backend;
            this.command = command;
        }
    }

    TradeoffsResult(String command, boolean quick, long seed, List<String> backends, Instant started) {
        this.command = command;
        this.quick = quick;
        this.seed = seed;
        this.backends = List.copyOf(backends);
        this.started = started;
    }

    synchronized void planned(Experiment e, String backend, String cmd) {
        entries.add(new Entry(e, backend, cmd));
    }

    synchronized void started(Experiment e, String backend) {
        entry(e, backend).status = "running";
    }

    synchronized void ended(Experiment e, String backend, String error, long nanos) {
        Entry en = entry(e, backend);
        en.status = error == null ? "ok" : error.equals("interrupted") ? "not_run" : "failed";
        en.error = error;
        en.nanos = nanos;
    }

    synchronized void add(Experiment e, Figure f) {
        Entry en = entries.stream().filter(x -> x.experiment == e && x.backend.equals(f.backend())).findFirst()
                .orElseGet(() -> entries.stream().filter(x -> x.experiment == e && "running".equals(x.status))
                        .findFirst().orElseThrow());
        en.figures.add(f);
    }

    synchronized int count(Experiment e, String backend) {
        return entry(e, backend).figures.size();
    }

    synchronized void finish(boolean complete) {
        this.complete = complete;
        this.ended = Instant.now();
    }

    /** Every figure, measured or not, including the entries for cells no experiment filled. */
    public synchronized List<Figure> figures() {
        List<Figure> all = new ArrayList<>();
        for (Entry en : entries) {
            all.addAll(en.figures);
            all.addAll(missing(en));
        }
        return all;
    }

    /** Whether every experiment ran to its end without an error. */
    public synchronized boolean allOk() {
        return entries.stream().allMatch(en -> en.status.equals("ok"));
    }

    /** experiment/backend: error, for those that failed. */
    public synchronized Map<String, String> failures() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Entry en : entries) {
            if (!en.status.equals("ok")) {
                m.put(en.experiment.id() + "/" + en.backend, en.error == null ? en.status : en.error);
            }
        }
        return m;
    }

    private List<Figure> missing(Entry en) {
        List<Figure> out = new ArrayList<>();
        for (Row row : en.experiment.rows()) {
            Set<Row.Side> sides = EnumSet.noneOf(Row.Side.class);
            for (Figure f : en.figures) {
                if (f.row() == row) {
                    sides.add(f.side());
                }
            }
            for (Row.Side side : Row.Side.values()) {
                if (!sides.contains(side)) {
                    String why = switch (en.status) {
                        case "failed" -> "experiment " + en.experiment.id() + " failed on " + en.backend + ": "
                                + en.error;
                        case "ok" -> "experiment " + en.experiment.id() + " measured nothing for this column on "
                                + en.backend;
                        case "running" -> "experiment " + en.experiment.id() + " was still running when the run"
                                + " stopped";
                        default -> "not run: the run stopped before experiment " + en.experiment.id() + " on "
                                + en.backend;
                    };
                    out.add(new Figure(row, side, en.backend, "-", "-", null, null, 0, null, null, why,
                            en.command));
                }
            }
        }
        return out;
    }

    private Entry entry(Experiment e, String backend) {
        return entries.stream().filter(x -> x.experiment == e && x.backend.equals(backend)).findFirst()
                .orElseThrow(() -> new IllegalStateException(e.id() + " on " + backend + " was not planned"));
    }

    /** The file's content. */
    public synchronized Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("command", command);
        m.put("quick", quick);
        m.put("seed", seed);
        m.put("backends", backends);
        m.put("started", started.toString());
        Instant end = ended == null ? Instant.now() : ended;
        m.put("duration_s", Math.round(Duration.between(started, end).toMillis() / 100.0) / 10.0);
        m.put("complete", complete);
        List<Figure> all = figures();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Row row : Row.values()) {
            List<Map<String, Object>> figs = new ArrayList<>();
            for (Figure f : all) {
                if (f.row() == row) {
                    figs.add(figure(f));
                }
            }
            if (figs.isEmpty()) {
                continue;
            }
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("id", row.id());
            r.put("decision", row.decision());
            r.put("options", row.options());
            r.put("spec_advantage", row.specAdvantage());
            r.put("spec_disadvantage", row.specDisadvantage());
            r.put("figures", figs);
            rows.add(r);
        }
        m.put("rows", rows);
        List<Map<String, Object>> exps = new ArrayList<>();
        for (Entry en : entries) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("id", en.experiment.id());
            x.put("backend", en.backend);
            x.put("rows", en.experiment.rows().stream().map(Row::id).toList());
            x.put("method", en.experiment.method());
            x.put("status", en.status);
            x.put("error", en.error);
            x.put("duration_s", Math.round(en.nanos / 1e8) / 10.0);
            x.put("figures", en.figures.size());
            x.put("command", en.command);
            exps.add(x);
        }
        m.put("experiments", exps);
        return m;
    }

    private static Map<String, Object> figure(Figure f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("side", f.side().id());
        m.put("backend", f.backend());
        m.put("variant", f.variant());
        m.put("metric", f.metric());
        m.put("value", f.value());
        m.put("unit", f.unit());
        m.put("samples", f.samples());
        m.put("samples_of", f.samplesOf());
        m.put("note", f.note());
        m.put("reason", f.reason());
        m.put("command", f.command());
        return m;
    }

    /** Writes {@code tradeoffs.json} atomically (a reader never sees half a file). */
    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            JSON.writeValue(tmp.toFile(), toJson());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
