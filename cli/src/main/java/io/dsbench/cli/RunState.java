package io.dsbench.cli;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What a {@code dsbench run} has so far, so that an interrupt (Ctrl-C, SIGTERM) loses nothing: every rule's
 * result is appended to {@code rules.jsonl} as it finishes, and the JVM shutdown hook installed by
 * {@link #installShutdownHook()} writes a partial {@code conformance.json} ({@code "complete": false}, with
 * {@code not_run}: the planned rules ({@link #plan}) that had not finished), says what was kept and what did not
 * run, writes the report ({@link #onInterruptReport}), deletes what the run wrote on external servers (unless
 * {@code --keep-data}) and closes every backend (which stops managed servers and deletes their temp directories).
 *
 * <p>Who writes the results is decided once, under this object's lock: the main thread by {@link #finish()} (then
 * the hook, if an interrupt comes later, waits for the main thread's {@link #ended()} so its complete results and
 * report are not cut off), or the hook (then {@link #finish()} returns false and the main thread writes nothing:
 * it must not replace the partial results with a summary marked complete). Thread-safe.
 */
final class RunState {
    /** How long the shutdown hook waits for one backend's cleanup and close. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);
    /** How long the shutdown hook waits for a main thread that was already writing the complete results. */
    private static final Duration MAIN_WRITING_BOUND = Duration.ofSeconds(30);

    private final ResultsWriter writer;
    private final long seed;
    private final boolean keepData;
    private final PrintWriter out;
    private final List<RunSummary.BackendRun> done = new ArrayList<>();
    /** Opened backends with their configs, in order; closed ones are removed. */
    private final List<Opened> open = new ArrayList<>();
    private Backend current;
    private Instant currentStart;
    private final List<KitRunner.RuleResult> currentResults = new ArrayList<>();
    private int kept;
    private boolean finished;
    private boolean interrupted;
    private Thread hook;
    /** Backend name -> the rules it is to run, in the order the backends run. */
    private final java.util.Map<String, List<io.dsbench.conformance.RuleCatalog.Rule>> planned =
            new java.util.LinkedHashMap<>();
    private java.util.function.Consumer<RunSummary> interruptReport = s -> { };
    private final java.util.concurrent.CountDownLatch mainEnded = new java.util.concurrent.CountDownLatch(1);

    private record Opened(BackendConfig config, Backend backend) {
    }

    RunState(ResultsWriter writer, long seed, boolean keepData, PrintWriter out) {
        this.writer = writer;
        this.seed = seed;
        this.keepData = keepData;
        this.out = out;
    }

    synchronized void installShutdownHook() {
        hook = new Thread(this::onShutdown, "dsbench-run-interrupted");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The rules {@code backend} is to run (for naming what did not run when interrupted), in run order. */
    synchronized void plan(String backend, List<io.dsbench.conformance.RuleCatalog.Rule> rules) {
        planned.put(backend, List.copyOf(rules));
    }

    /**
     * What the hook does after writing the partial conformance.json: write run.json and the report (called with the
     * partial summary; must not throw).
     */
    synchronized void onInterruptReport(java.util.function.Consumer<RunSummary> report) {
        interruptReport = report;
    }

    synchronized void opened(BackendConfig config, Backend backend) {
        open.add(new Opened(config, backend));
    }

    synchronized void started(Backend backend) {
        current = backend;
        currentStart = Instant.now();
        currentResults.clear();
    }

    /** One rule's result: kept in memory and appended to {@code rules.jsonl} at once. */
    synchronized void record(KitRunner.RuleResult r) {
        if (finished) {
            return;
        }
        currentResults.add(r);
        writer.appendRule(r);
        kept++;
    }

    synchronized void backendDone(RunSummary.BackendRun run) {
        done.add(run);
        current = null;
        currentResults.clear();
    }

    synchronized void notRun(RunSummary.BackendRun run) {
        done.add(run);
    }

    /** Every backend's run recorded so far. */
    synchronized List<RunSummary.BackendRun> runs() {
        return List.copyOf(done);
    }

    /**
     * Deletes what the run wrote on an external server (unless --keep-data or managed), then closes the backend.
     * Prints one line for each; never throws.
     */
    void cleanUpAndClose(Backend backend, boolean reachable) {
        BackendConfig config;
        synchronized (this) {
            Opened o = open.stream().filter(x -> x.backend() == backend).findFirst().orElse(null);
            if (o == null) {
                return;
            }
            open.remove(o);
            config = o.config();
        }
        cleanUpAndClose(config, backend, reachable);
    }

    private void cleanUpAndClose(BackendConfig config, Backend backend, boolean reachable) {
        if (!config.managed()) {
            String prefix = config.keyPrefix() + "/";
            if (keepData) {
                say("[" + backend.name() + "] kept what the run wrote under " + prefix + " (--keep-data)");
            } else if (!reachable) {
                say("[" + backend.name() + "] could not delete what the run wrote under " + prefix
                        + " (unreachable); see the README, 'When things go wrong', to clean it by hand");
            } else {
                try {
                    long n = backend.deleteWrittenData();
                    say("[" + backend.name() + "] deleted " + n + " keys the run wrote under " + prefix
                            + " (--keep-data keeps them)");
                } catch (RuntimeException e) {
                    say("[" + backend.name() + "] could not delete what the run wrote under " + prefix + ": "
                            + KitRunner.describe(e));
                }
            }
        }
        try {
            backend.close();
        } catch (RuntimeException e) {
            say("[" + backend.name() + "] warning: close failed: " + KitRunner.describe(e));
        }
    }

    /**
     * Claims the end of the run for the main thread: from now on the hook writes nothing (if an interrupt comes, it
     * waits for {@link #ended()}). Call {@link #ended()} when done writing, in a finally.
     *
     * @return false when the run was interrupted first: the hook has written (or is writing) the partial results
     *         and the report, and the caller must write nothing
     */
    synchronized boolean finish() {
        if (interrupted) {
            return false;
        }
        finished = true;
        writer.closeRules();
        return true;
    }

    /** The main thread has written everything (or given up): the hook is no longer needed. Never throws. */
    void ended() {
        mainEnded.countDown();
        Thread h;
        synchronized (this) {
            h = hook;
            hook = null;
        }
        if (h != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(h);
            } catch (IllegalStateException shuttingDown) {
                // the hook sees mainEnded and returns
            }
        }
    }

    /** Whether the shutdown hook took over the run's results. */
    synchronized boolean wasInterrupted() {
        return interrupted;
    }

    /** The shutdown hook (package-private so a test can play an interrupt without ending its JVM). */
    void onShutdown() {
        RunSummary summary;
        List<RunSummary.NotRun> notRun;
        List<Opened> toClose;
        synchronized (this) {
            if (finished) {
                // the main thread is writing the complete results and the report: let it finish (bounded)
                awaitMainEnded();
                return;
            }
            finished = true;
            interrupted = true;
            List<RunSummary.BackendRun> runs = new ArrayList<>(done);
            if (current != null) {
                runs.add(RunSummary.BackendRun.of(current, List.copyOf(currentResults), currentStart, Instant.now()));
            }
            summary = new RunSummary(writer.runId(), runs);
            notRun = notRun(runs);
            toClose = new ArrayList<>(open);
            open.clear();
            writer.closeRules();
        }
        say("");
        say("dsbench: interrupted; kept " + kept + " finished rule results");
        for (RunSummary.NotRun n : notRun) {
            say("  not run on " + n.backend() + ": " + n.rules().size() + " rules" + (n.started() ? ""
                    : " (its rules had not started)") + ", groups " + n.rules().stream()
                    .map(io.dsbench.conformance.RuleCatalog.Rule::group).distinct().toList());
        }
        try {
            Path json = writer.writeConformance(summary, false, seed, notRun);
            say("  per rule, as they finished: " + writer.rulesFile());
            say("  partial summary (\"complete\": false): " + json);
        } catch (RuntimeException e) {
            say("dsbench: could not write the partial summary: " + KitRunner.describe(e) + "; the rules so far are in "
                    + writer.rulesFile());
        }
        try {
            interruptReport.accept(summary);
        } catch (RuntimeException e) {
            say("dsbench: could not write the report: " + KitRunner.describe(e));
        }
        ExecutorService pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dsbench-close");
            t.setDaemon(true);
            return t;
        });
        List<Future<?>> closing = new ArrayList<>();
        for (Opened o : toClose) {
            closing.add(pool.submit(() -> cleanUpAndClose(o.config(), o.backend(), true)));
        }
        for (int i = 0; i < closing.size(); i++) {
            try {
                closing.get(i).get(CLOSE_BOUND.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                say("[" + toClose.get(i).backend().name() + "] warning: not closed within " + CLOSE_BOUND.toSeconds()
                        + " s: " + e);
            }
        }
        pool.shutdownNow();
    }

    private void awaitMainEnded() {
        try {
            // not under this object's lock: wait() releases it, so the main thread can go on
            long until = System.nanoTime() + MAIN_WRITING_BOUND.toNanos();
            while (mainEnded.getCount() > 0 && System.nanoTime() < until) {
                wait(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The planned rules that have no result in {@code runs}, per backend (backends that could not open excluded). */
    private List<RunSummary.NotRun> notRun(List<RunSummary.BackendRun> runs) {
        List<RunSummary.NotRun> out = new ArrayList<>();
        for (java.util.Map.Entry<String, List<io.dsbench.conformance.RuleCatalog.Rule>> e : planned.entrySet()) {
            RunSummary.BackendRun run = runs.stream().filter(r -> r.backend().equals(e.getKey())).findFirst()
                    .orElse(null);
            if (run != null && run.error() != null) {
                continue; // could not be opened: its row says why
            }
            java.util.Set<String> have = new java.util.HashSet<>();
            if (run != null) {
                run.results().forEach(r -> have.add(r.rule()));
            }
            List<io.dsbench.conformance.RuleCatalog.Rule> missing = e.getValue().stream()
                    .filter(r -> !have.contains(r.id())).toList();
            if (!missing.isEmpty()) {
                out.add(new RunSummary.NotRun(e.getKey(), run != null, missing));
            }
        }
        return out;
    }

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
