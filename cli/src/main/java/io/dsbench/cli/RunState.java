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
 * {@link #installShutdownHook()} writes a partial {@code conformance.json} ({@code "complete": false}), says
 * what was kept, deletes what the run wrote on external servers (unless {@code --keep-data}) and closes every
 * backend (which stops managed servers and deletes their temp directories). Thread-safe.
 */
final class RunState {
    /** How long the shutdown hook waits for one backend's cleanup and close. */
    private static final Duration CLOSE_BOUND = Duration.ofSeconds(10);

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
    private Thread hook;

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

    /** The run ended normally: the summary is written by the caller, the hook does nothing any more. */
    synchronized void finish() {
        finished = true;
        writer.closeRules();
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook sees finished and returns
            }
        }
    }

    private void onShutdown() {
        RunSummary summary;
        List<Opened> toClose;
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
            List<RunSummary.BackendRun> runs = new ArrayList<>(done);
            if (current != null) {
                runs.add(RunSummary.BackendRun.of(current, List.copyOf(currentResults), currentStart, Instant.now()));
            }
            summary = new RunSummary(writer.runId(), runs);
            toClose = new ArrayList<>(open);
            open.clear();
            writer.closeRules();
        }
        say("");
        say("dsbench: interrupted; kept " + kept + " finished rule results");
        try {
            Path json = writer.writeConformance(summary, false, seed);
            say("  per rule, as they finished: " + writer.rulesFile());
            say("  partial summary (\"complete\": false): " + json);
        } catch (RuntimeException e) {
            say("dsbench: could not write the partial summary: " + KitRunner.describe(e) + "; the rules so far are in "
                    + writer.rulesFile());
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

    private void say(String line) {
        synchronized (out) {
            out.println(line);
            out.flush();
        }
    }
}
