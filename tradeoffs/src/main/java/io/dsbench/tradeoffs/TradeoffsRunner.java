package io.dsbench.tradeoffs;

import io.dsbench.spi.BackendConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs experiments x backends one at a time (each gets the machine to itself: they measure latency), collects their
 * figures, and rewrites {@code tradeoffs.json} after each, so a run that is stopped keeps what it measured.
 * An experiment that throws ends in {@code failed}; its empty cells say so; the others still run.
 */
public final class TradeoffsRunner {
    /**
     * @param backends    the backends as configured on the command line, in order
     * @param experiments the experiments to run, in table order
     * @param quick       the short profile
     * @param seed        the run's seed
     * @param dir         the run's results directory ({@code tradeoffs.json} and {@code tradeoffs/<exp>-<backend>/})
     * @param progress    progress lines
     * @param command     the command line of this run, for the file
     */
    public record Options(List<BackendConfig> backends, List<Experiment> experiments, boolean quick, long seed,
                          Path dir, Consumer<String> progress, String command) {
    }

    private final Options options;
    private final TradeoffsResult result;

    public TradeoffsRunner(Options options) {
        this.options = options;
        this.result = new TradeoffsResult(options.command(), options.quick(), options.seed(),
                options.backends().stream().map(BackendConfig::backend).toList(), Instant.now());
        for (Experiment e : options.experiments()) {
            for (BackendConfig c : options.backends()) {
                result.planned(e, c.backend(), command(e.id(), c, options.quick(), options.seed()));
            }
        }
    }

    /** The results so far (for a shutdown hook that writes them). */
    public TradeoffsResult result() {
        return result;
    }

    /** Where the results go. */
    public Path file() {
        return options.dir().resolve("tradeoffs.json");
    }

    /** Estimated total, for the plan line. */
    public Duration estimate() {
        Duration d = Duration.ZERO;
        for (Experiment e : options.experiments()) {
            for (BackendConfig c : options.backends()) {
                d = d.plus(e.estimate(c.backend(), options.quick()));
            }
        }
        return d;
    }

    /** Runs everything; returns the result (also written to {@link #file()}). */
    public TradeoffsResult run() throws InterruptedException {
        for (Experiment e : options.experiments()) {
            for (BackendConfig c : options.backends()) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted before " + e.id() + " on " + c.backend());
                }
                runOne(e, c);
                result.write(file());
            }
        }
        result.finish(true);
        result.write(file());
        return result;
    }

    private void runOne(Experiment e, BackendConfig c) throws InterruptedException {
        String backend = c.backend();
        Path dir = options.dir().resolve("tradeoffs").resolve(e.id() + "-" + backend);
        String cmd = command(e.id(), c, options.quick(), options.seed());
        options.progress().accept("[" + e.id() + "/" + backend + "] rows " + String.join(", ",
                e.rows().stream().map(Row::id).toList()) + "; about " + seconds(e.estimate(backend,
                options.quick())));
        long t0 = System.nanoTime();
        result.started(e, backend);
        String error = null;
        try (ExperimentContext ctx = new ExperimentContext(e, c, options.quick(), options.seed(), dir,
                options.progress(), f -> result.add(e, f), cmd)) {
            e.run(ctx);
        } catch (InterruptedException ie) {
            result.ended(e, backend, "interrupted", System.nanoTime() - t0);
            throw ie;
        } catch (Exception | AssertionError ex) {
            error = describe(ex);
        }
        long took = System.nanoTime() - t0;
        result.ended(e, backend, error, took);
        options.progress().accept("[" + e.id() + "/" + backend + "] " + (error == null ? "done" : "FAILED: " + error)
                + " in " + seconds(Duration.ofNanos(took)) + "; " + result.count(e, backend) + " figures");
    }

    static String describe(Throwable t) {
        String m = t.getMessage();
        String s = t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** A duration for people: {@code 42 s}, {@code 3 min 5 s}. */
    public static String seconds(Duration d) {
        long s = Math.round(d.toMillis() / 1000.0);
        return s < 120 ? s + " s" : (s / 60) + " min " + (s % 60) + " s";
    }

    /** The command that reproduces one experiment on one backend (endpoints redacted, passwords never shown). */
    public static String command(String experiment, BackendConfig c, boolean quick, long seed) {
        List<String> parts = new ArrayList<>(List.of("./dsbench", "tradeoffs", "--experiments", experiment,
                "--backends", c.backend()));
        for (String ep : c.endpoints()) {
            parts.add("--endpoint");
            parts.add(BackendConfig.redact(ep));
        }
        for (Map.Entry<String, String> o : c.options().entrySet()) {
            parts.add("--option");
            parts.add(c.backend() + "." + o.getKey() + "=" + o.getValue());
        }
        if (quick) {
            parts.add("--quick");
        }
        parts.add("--seed");
        parts.add(Long.toString(seed));
        return String.join(" ", parts);
    }
}
