package io.dsbench.lin.kit;

import io.dsbench.conformance.TestEnvironment;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.history.OpType;
import io.dsbench.spi.Faults;
import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The nemesis of LIN-KV-KILL: once {@code killAfter} operations completed (signalled by the clients, not polled) it
 * kills the leader or primary (SIGKILL, {@link Faults#kill}), lets the clients run into the outage until a few more
 * operations completed or a second passed, and starts it again ({@link Faults#start}); both are recorded as nemesis events. As the workload's hooks it
 * makes a client whose call failed during the outage wait for the start (so each client leaves at most one open
 * {@code :info}), and keeps the clients going until operations completed after the start, so the kill always
 * overlaps the workload; a client that completes its operation after {@code 2 x killAfter} operations while the kill
 * is still pending waits for it. {@link #assertOverlapped()} checks that the kill overlapped.
 */
final class MemberKillNemesis implements KvWorkloadHooks {
    private final String rule;
    private final Faults faults;
    private final HistoryRecorder rec;
    private final TestEnvironment env;
    private final int clients;
    private final int killAfter;
    private final Duration bound;
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger doneAtKill = new AtomicInteger(-1);
    private final AtomicInteger doneAfterStart = new AtomicInteger();
    private final CountDownLatch killPoint = new CountDownLatch(1);
    private final CountDownLatch killed = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicReference<Throwable> error = new AtomicReference<>();
    private final Runnable afterStart;
    private final Thread thread;

    /** {@code afterStart} runs on the nemesis thread once the member is started again, before waiting clients go on. */
    MemberKillNemesis(String rule, Faults faults, HistoryRecorder rec, TestEnvironment env, int clients, int killAfter,
            Runnable afterStart) {
        this.rule = rule;
        this.faults = faults;
        this.rec = rec;
        this.env = env;
        this.clients = clients;
        this.killAfter = killAfter;
        this.afterStart = afterStart;
        this.bound = env.scaled(Duration.ofSeconds(60));
        this.thread = new Thread(this::run, "dsbench-lin-nemesis");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void join() throws InterruptedException {
        thread.join(bound.toMillis());
    }

    private void run() {
        try {
            if (!killPoint.await(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                return;
            }
            AtomicReference<Faults.Member> writer = new AtomicReference<>();
            env.await(bound, () -> { // waits out an election in progress
                try {
                    writer.set(faults.writer());
                    return true;
                } catch (NoSuchElementException e) {
                    return false;
                }
            });
            Faults.Member m = writer.get() != null ? writer.get() : faults.writer();
            rec.nemesis(OpType.INFO, "kill", m.name());
            doneAtKill.set(done.get());
            // opened before the kill: a client whose call fails between the kill and this latch would otherwise
            // not wait for the start, and an in-process backend fails fast enough to spin through its whole
            // operation budget in that gap (seen once on a fresh clone: nothing completed after the start)
            killed.countDown();
            faults.kill(m.name());
            int atKill = done.get();
            env.await(env.scaled(Duration.ofSeconds(1)), () -> done.get() >= atKill + clients * 5);
            faults.start(m.name(), bound);
            rec.nemesis(OpType.INFO, "start", m.name());
            afterStart.run();
        } catch (Throwable t) {
            error.set(t);
        } finally {
            killed.countDown();
            started.countDown();
        }
    }

    @Override
    public boolean keepGoing() {
        return started.getCount() > 0 || doneAfterStart.get() < clients * 5;
    }

    @Override
    public void completed() {
        int n = done.incrementAndGet();
        if (started.getCount() == 0) {
            doneAfterStart.incrementAndGet();
        }
        if (n >= killAfter) {
            killPoint.countDown();
        }
        if (n >= 2 * killAfter && killed.getCount() > 0) {
            // the kill is overdue: a fast backend (in-process) would otherwise run through its whole operation cap
            // before the nemesis thread is scheduled, and the kill would fall after the workload
            try {
                killed.await(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void failed() {
        if (killed.getCount() == 0 && started.getCount() > 0) {
            try {
                started.await(bound.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Fails when the fault injection failed, or the kill did not fall inside the workload. */
    void assertOverlapped() {
        if (error.get() != null) {
            throw new AssertionError(rule + ": the fault injection failed: " + error.get(), error.get());
        }
        if (doneAtKill.get() <= 0) {
            throw new AssertionError(rule + ": the member was never killed during the workload (" + done.get()
                    + " operations completed)");
        }
        if (doneAfterStart.get() == 0) {
            throw new AssertionError(rule + ": no operation completed after the member was started again: the kill"
                    + " did not overlap the workload");
        }
    }
}
