package io.dsbench.cli;

import io.dsbench.spi.Backend;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Notices once that a backend stopped answering, so that a run ends within a stated bound after a server
 * dies instead of letting every remaining operation wait out its timeout (a dead etcd used to drag a run out
 * for 18 minutes).
 *
 * <p>While the kit runs, a health probe (a read of one key in a namespace no rule uses, bounded by the
 * probe deadline: the operation timeout) runs every second. The backend is declared <b>unreachable</b> when
 * probes have failed without a success in between for the give-up window (twice the operation timeout, at
 * least 2 s), or when, between two rules, a probe fails right after another one failed. Then the rule running
 * is interrupted and every rule not yet finished fails at once (see {@link RunGuardExtension}) with a message
 * naming the backend's endpoint. A server that is restarted within the window (as fault-injecting rules do)
 * is not declared dead.
 *
 * <p>Bound: a run gives up at most {@link #statedBound()} after the server stopped answering (give-up window
 * + one probe deadline + one probe interval + {@link #abandonAfter()} for the interrupted rule to end).
 * Thread-safe.
 */
public final class RunGuard {
    private static final Map<String, RunGuard> GUARDS = new ConcurrentHashMap<>();
    /** The namespace the probe reads from; no rule writes there. */
    static final String PROBE_NAMESPACE = "dsbench-health-probe";

    private final String id = UUID.randomUUID().toString();
    private final String backendName;
    private final String where;
    private final Callable<?> probe;
    private final Duration probeDeadline;
    private final Duration giveUpWindow;
    private final Duration interval;
    private final Consumer<String> onUnreachable;
    private final ExecutorService probes;
    private volatile String deadReason;
    /** {@link System#nanoTime()} when the current run of failed probes began; 0 while healthy. */
    private volatile long failingSince;
    private volatile String lastError;
    private volatile Thread ruleThread;
    private volatile Thread monitor;

    RunGuard(String backendName, String where, Callable<?> probe, Duration probeDeadline, Duration giveUpWindow,
             Duration interval, Consumer<String> onUnreachable) {
        this.backendName = backendName;
        this.where = where;
        this.probe = probe;
        this.probeDeadline = probeDeadline;
        this.giveUpWindow = giveUpWindow;
        this.interval = interval;
        this.onUnreachable = onUnreachable;
        this.probes = probe == null ? null : Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dsbench-health-probe-" + backendName);
            t.setDaemon(true);
            return t;
        });
        GUARDS.put(id, this);
    }

    /**
     * A guard that probes {@code backend} with {@code operationTimeout} as the probe deadline.
     *
     * @param onUnreachable told once, with the reason, when the backend is declared unreachable
     */
    public static RunGuard watching(Backend backend, Duration operationTimeout, Consumer<String> onUnreachable) {
        Duration window = operationTimeout.multipliedBy(2);
        if (window.compareTo(Duration.ofSeconds(2)) < 0) {
            window = Duration.ofSeconds(2);
        }
        return new RunGuard(backend.name(), backend.describe(),
                () -> backend.keyValue(PROBE_NAMESPACE).get("probe"), operationTimeout, window,
                Duration.ofSeconds(1), onUnreachable);
    }

    /** A guard that never probes and never declares anything unreachable. */
    public static RunGuard none(Backend backend) {
        return new RunGuard(backend.name(), backend.describe(), null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                Duration.ofSeconds(1), r -> { });
    }

    static Optional<RunGuard> byId(String id) {
        return id == null || id.isEmpty() ? Optional.empty() : Optional.ofNullable(GUARDS.get(id));
    }

    /** The id the launcher request carries ({@link RunGuardExtension#GUARD_PARAMETER}). */
    String id() {
        return id;
    }

    /** How long the interrupted rule (and the rules after it, which fail at once) may take to end. */
    public Duration abandonAfter() {
        Duration d = probeDeadline.multipliedBy(2);
        return d.compareTo(Duration.ofSeconds(5)) < 0 ? Duration.ofSeconds(5) : d;
    }

    /** The longest a run goes on after the backend stopped answering. */
    public Duration statedBound() {
        return giveUpWindow.plus(probeDeadline).plus(interval).plus(abandonAfter());
    }

    /** Starts the background probes (no-op for {@link #none}). */
    synchronized void start() {
        if (probe == null || monitor != null) {
            return;
        }
        Thread t = new Thread(this::monitorLoop, "dsbench-health-" + backendName);
        t.setDaemon(true);
        monitor = t;
        t.start();
    }

    /** Stops probing and forgets the guard (a guard is used for one backend's run). */
    synchronized void stop() {
        Thread t = monitor;
        if (t != null) {
            t.interrupt();
        }
        if (probes != null) {
            probes.shutdownNow();
        }
        // kept in GUARDS while dead, so an abandoned kit thread still finds it and fails its rules at once
        if (deadReason == null) {
            GUARDS.remove(id);
        }
    }

    public boolean isDead() {
        return deadReason != null;
    }

    /** Why the backend was declared unreachable, or null. */
    public String deadReason() {
        return deadReason;
    }

    /**
     * Throws {@link BackendUnreachableException} when the backend was declared unreachable. With
     * {@code betweenRules}, a backend whose last probe failed is probed once more first.
     */
    void checkReachable(boolean betweenRules) {
        if (betweenRules && deadReason == null && probe != null && failingSince != 0) {
            if (probeOnce()) {
                failingSince = 0;
            } else {
                declareUnreachable(failingSince, "two health probes in a row failed, the second between two rules");
            }
        }
        String reason = deadReason;
        if (reason != null) {
            throw new BackendUnreachableException(reason);
        }
    }

    void ruleStarted(Thread t) {
        ruleThread = t;
        if (deadReason != null) {
            throw new BackendUnreachableException(deadReason);
        }
    }

    void ruleFinished() {
        ruleThread = null;
    }

    private void monitorLoop() {
        while (deadReason == null && !Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(interval.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            long t0 = System.nanoTime();
            if (probeOnce()) {
                failingSince = 0;
            } else {
                if (failingSince == 0) {
                    failingSince = t0;
                }
                if (System.nanoTime() - failingSince >= giveUpWindow.toNanos()) {
                    declareUnreachable(failingSince, "no health probe succeeded for");
                }
            }
        }
    }

    /** One probe bounded by the probe deadline; records the error when it fails. */
    private boolean probeOnce() {
        Future<?> f;
        try {
            f = probes.submit(probe);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return true; // stopped: nothing to judge any more
        }
        try {
            f.get(probeDeadline.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            f.cancel(true);
            lastError = "no answer within " + probeDeadline.toMillis() + " ms";
        } catch (ExecutionException e) {
            lastError = KitRunner.describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        if (failingSince == 0) {
            failingSince = System.nanoTime();
        }
        return false;
    }

    private void declareUnreachable(long failingSinceNanos, String how) {
        String reason;
        synchronized (this) {
            if (deadReason != null) {
                return;
            }
            double secs = (System.nanoTime() - failingSinceNanos) / 1e9;
            reason = String.format("backend %s is unreachable (%s): %s %.1f s; last: %s", backendName, where,
                    how.endsWith("for") ? how : how + ", failing for", secs, lastError);
            deadReason = reason;
        }
        Thread t = ruleThread;
        if (t != null) {
            t.interrupt();
        }
        onUnreachable.accept(reason);
    }
}
