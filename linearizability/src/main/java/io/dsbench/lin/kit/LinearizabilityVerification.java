package io.dsbench.lin.kit;

import io.dsbench.conformance.AbstractVerification;
import io.dsbench.conformance.ConformanceRule;
import io.dsbench.conformance.FaultyKeyValueStore;
import io.dsbench.conformance.VerdictUnknownException;
import io.dsbench.lin.checker.CheckOptions;
import io.dsbench.lin.checker.CheckResult;
import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.checker.LinearizabilityChecker;
import io.dsbench.lin.checker.Operations;
import io.dsbench.lin.checker.Verdict;
import io.dsbench.lin.format.HistoryFormats;
import io.dsbench.lin.history.History;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.history.Keyword;
import io.dsbench.lin.history.RecordedKv;
import io.dsbench.lin.model.FencedLockModel;
import io.dsbench.lin.model.IdempotencyModel;
import io.dsbench.lin.model.Model;
import io.dsbench.lin.model.VersionedKvModel;
import io.dsbench.lin.report.Summaries;
import io.dsbench.lin.report.TimelineHtml;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * The kit's linearizability rules. Each rule runs a bounded concurrent workload (a few client threads, a bounded
 * number of operations, joined with timeouts) against one primitive, records a Jepsen history with a
 * {@link HistoryRecorder} (exceptions on mutations that may have taken effect are {@code :info}), and checks it
 * with the WGL checker against the primitive's model. On failure the history (EDN) and an HTML timeline are written
 * under {@code target/dsbench-lin/} and named in the message.
 *
 * <p>Scope: linearizability of single-key / single-lock / single-idempotency-key operations; leases and claim
 * timeouts are set far longer than the workload, so expiry is not exercised here.
 */
public abstract class LinearizabilityVerification extends AbstractVerification {

    /** Client threads per workload (bounded for 2-core machines). */
    protected int clients() {
        return 4;
    }

    /** Operations per client. */
    protected int opsPerClient() {
        return 120;
    }

    /** Where failing histories are written. */
    protected Path evidenceDir() {
        return Path.of("target", "dsbench-lin");
    }

    /**
     * LIN-KV: a concurrent history of gets, puts (unique values), compare-and-sets and deletes on a few keys is
     * linearizable, with versions that strictly increase per key.
     *
     * <p>If this fails, check that get/put/compareAndSet/delete on one key are atomic and apply in one order that
     * respects real time (no stale reads from replicas or caches), and that versions are assigned in that order.
     */
    @Test
    @ConformanceRule(id = "LIN-KV", title = "Single-key KeyValueStore operations are linearizable",
            level = ConformanceRule.Level.OPTIONAL, requires = Capability.LINEARIZABLE_KV)
    public void optional_LINKV_concurrentKvHistoryIsLinearizable() throws Exception {
        KeyValueStore kv = backend.keyValue(unique("lin-kv"));
        History h = kvWorkload(new HistoryRecorder(), kv, 0, KvWorkloadHooks.NONE);
        assertLinearizable("LIN-KV", h, new VersionedKvModel(), FailMode.DROP);
    }

    /**
     * LIN-KV-LOST: the LIN-KV workload where about one mutation in six loses its reply: it is applied, then the client
     * gets a time-out that may have taken effect (a {@link FaultyKeyValueStore} in {@code loseReplies} mode per
     * client), so the history holds {@code :info} operations. The history must still be linearizable, and the rule
     * checks that replies were in fact lost.
     *
     * <p>If this fails (and LIN-KV passes), look at the checker's handling of {@code :info}, or at a client that
     * retries a mutation whose first attempt may have landed.
     */
    @Test
    @ConformanceRule(id = "LIN-KV-LOST", title = "Single-key KeyValueStore operations are linearizable when replies are "
            + "lost", level = ConformanceRule.Level.OPTIONAL, requires = Capability.LINEARIZABLE_KV)
    public void optional_LINKVLOST_historyWithLostRepliesIsLinearizable() throws Exception {
        KeyValueStore kv = backend.keyValue(unique("lin-kv-lost"));
        AtomicLong lost = new AtomicLong();
        History h = kvWorkload(new HistoryRecorder(), kv, 6, new KvWorkloadHooks() {
            @Override
            public void lostReply() {
                lost.incrementAndGet();
            }
        });
        if (lost.get() == 0) {
            throw new AssertionError("LIN-KV-LOST: no reply was lost in " + h.size() + " events: the fault never fired");
        }
        assertLinearizable("LIN-KV-LOST", h, new VersionedKvModel(), FailMode.DROP);
    }

    /**
     * LIN-KV-KILL: the LIN-KV workload while the leader (etcd) or primary (redis) is killed with SIGKILL and started
     * again through {@link io.dsbench.spi.Backend#faults()}: a quarter into the workload the member is killed; clients
     * whose calls fail wait for it to come back (so at most one open {@code :info} per client); it is started again once
     * more operations completed or a second passed; right after the start one more client reads every key, before the
     * waiting clients go on (so a write lost in the crash shows even when the clients' next operation on that key is a
     * put); the clients go on until operations completed after the restart.
     * The rule asserts that the kill overlapped the workload (operations completed before the kill and after the
     * restart) and that the history, with the kill and start recorded as nemesis events, is linearizable. Needs
     * DURABLE: a server that loses acknowledged writes in a crash is not linearizable across it.
     *
     * <p>If this fails, check that acknowledged writes are synced before the reply and that a write whose reply was
     * lost is not applied twice by a client retry.
     */
    @Test
    @ConformanceRule(id = "LIN-KV-KILL", title = "Single-key KeyValueStore operations stay linearizable across a kill and "
            + "restart of the leader or primary", level = ConformanceRule.Level.OPTIONAL,
            requires = {Capability.LINEARIZABLE_KV, Capability.FAULTS, Capability.DURABLE})
    public void optional_LINKVKILL_historyAcrossMemberKillIsLinearizable() throws Exception {
        Faults faults = backend.faults().orElseThrow(() -> new AssertionError("LIN-KV-KILL: backend '" + backend.name()
                + "' declares FAULTS but faults() is empty"));
        KeyValueStore kv = backend.keyValue(unique("lin-kv-kill"));
        HistoryRecorder rec = new HistoryRecorder();
        // right after the start, before the waiting clients go on, one more client reads every key: an
        // acknowledged write lost in the crash shows as a stale or missing value there, whatever the clients do next
        // (without it a key whose first operation after the start is a put hides the loss)
        HistoryRecorder.Client reader = rec.client();
        MemberKillNemesis nemesis = new MemberKillNemesis("LIN-KV-KILL", faults, rec, env, clients(),
                clients() * opsPerClient() / 4, () -> readEveryKey(reader, kv));
        nemesis.start();
        History h;
        try {
            h = kvWorkload(rec, kv, 0, nemesis);
        } finally {
            nemesis.join();
        }
        nemesis.assertOverlapped();
        assertLinearizable("LIN-KV-KILL", h, new VersionedKvModel(), FailMode.DROP);
    }

    /**
     * The LIN-KV workload: each client runs gets, puts (unique values), compare-and-sets and deletes on keys a, b, c
     * through its own {@link FaultyKeyValueStore} over {@code shared}; with {@code loseOneIn > 0}, about one mutation
     * in {@code loseOneIn} loses its reply.
     */
    protected History kvWorkload(HistoryRecorder rec, KeyValueStore shared, int loseOneIn, KvWorkloadHooks hooks)
            throws Exception {
        return runWorkload(rec, (c, rnd) -> {
            FaultyKeyValueStore kv = new FaultyKeyValueStore("lin-client-" + c.process(), shared);
            RecordedKv rk = new RecordedKv(c, kv);
            int cap = opsPerClient() * 20;
            for (int i = 0; i < cap && (i < opsPerClient() || hooks.keepGoing()); i++) {
                String key = KV_KEYS[rnd.nextInt(KV_KEYS.length)];
                int r = rnd.nextInt(100);
                if (r >= 40 && loseOneIn > 0 && rnd.nextInt(loseOneIn) == 0) {
                    kv.loseReplies();
                    hooks.lostReply();
                }
                boolean ok;
                try {
                    if (r < 40) {
                        ok = rk.get(key);
                    } else if (r < 65) {
                        ok = rk.put(key, "p" + c.process() + "-" + i);
                    } else if (r < 95) {
                        String value = "c" + c.process() + "-" + i;
                        long expected = rnd.nextInt(4) == 0 ? KeyValueStore.ABSENT : rk.lastSeen(key);
                        ok = rk.compareAndSet(key, expected, value);
                    } else {
                        ok = rk.delete(key);
                    }
                } finally {
                    kv.up();
                }
                if (ok) {
                    hooks.completed();
                } else {
                    hooks.failed();
                }
            }
        });
    }

    /** The keys of the LIN-KV workload. */
    private static final String[] KV_KEYS = {"a", "b", "c"};

    /** Reads every workload key once (a failed read is retried, within the environment's bound). */
    private void readEveryKey(HistoryRecorder.Client c, KeyValueStore kv) {
        for (String key : KV_KEYS) {
            env.await(env.scaled(Duration.ofSeconds(30)), () -> new RecordedKv(c, kv).get(key));
        }
    }

    /**
     * LIN-LOCK: concurrent tryAcquire/release on one lock is linearizable: at most one holder at a time, a busy
     * tryAcquire only while held, fencing tokens strictly increasing, a release succeeding only for the holder.
     *
     * <p>If this fails, check that acquisition is a single atomic step, that tokens come from a counter that
     * never goes back (including after restarts), and that release compares the token atomically.
     */
    @Test
    @ConformanceRule(id = "LIN-LOCK", title = "Lock grants, releases and fencing tokens are linearizable",
            level = ConformanceRule.Level.OPTIONAL, requires = Capability.LINEARIZABLE_LOCKS)
    public void optional_LINLOCK_concurrentLockHistoryIsLinearizable() throws Exception {
        LockService locks = backend.locks(new LockConfig(unique("lin-lock"), Duration.ofMinutes(2)));
        String[] names = {"l1", "l2"};
        History h = runWorkload((c, rnd) -> {
            for (int i = 0; i < opsPerClient() / 2; i++) {
                String name = names[rnd.nextInt(names.length)];
                c.invoke("acquire", name, null);
                Optional<LockGrant> g;
                try {
                    g = locks.tryAcquire(name);
                } catch (RuntimeException e) {
                    c.failed(e, true);
                    continue;
                }
                if (g.isEmpty()) {
                    c.fail(null, null); // observed: busy
                    continue;
                }
                c.ok(g.get().fencingToken());
                Thread.onSpinWait();
                c.invoke("release", name, g.get().fencingToken());
                try {
                    if (locks.release(g.get())) {
                        c.ok(g.get().fencingToken());
                    } else {
                        c.fail(null, null); // observed: not the holder any more
                    }
                } catch (RuntimeException e) {
                    c.failed(e, true);
                }
            }
        });
        assertLinearizable("LIN-LOCK", h, new FencedLockModel(), FailMode.OBSERVED);
    }

    /**
     * LIN-IDEM: concurrent claims (same and different fingerprints), completes and releases on a few idempotency
     * keys are linearizable: exactly one NEW per claim cycle, IN_PROGRESS while claimed, COMPLETED with the stored
     * result afterwards, MISMATCH for another fingerprint, complete/release only with the winning token.
     *
     * <p>If this fails, check that claim is a single atomic compare-and-create, and that complete and release
     * check the token atomically with the write.
     */
    @Test
    @ConformanceRule(id = "LIN-IDEM", title = "Idempotency claims and completions are linearizable",
            level = ConformanceRule.Level.OPTIONAL, requires = Capability.LINEARIZABLE_IDEMPOTENCY)
    public void optional_LINIDEM_concurrentIdempotencyHistoryIsLinearizable() throws Exception {
        IdempotencyStore store = backend.idempotency(new IdempotencyConfig(unique("lin-idem"), Duration.ofHours(1),
                Duration.ofMinutes(10)));
        int keyCount = 8;
        History h = runWorkload((c, rnd) -> {
            for (int i = 0; i < opsPerClient() / 3; i++) {
                String key = "k" + rnd.nextInt(keyCount);
                String fp = rnd.nextInt(8) == 0 ? "other" : "fp";
                c.invoke("claim", key, fp);
                ClaimResult cr;
                try {
                    cr = store.claim(key, fp);
                } catch (RuntimeException e) {
                    c.failed(e, true);
                    continue;
                }
                switch (cr.status()) {
                    case NEW -> c.ok(List.of(new Keyword("new"), cr.claim().orElseThrow().token()));
                    case IN_PROGRESS -> c.ok(new Keyword("in-progress"));
                    case COMPLETED -> c.ok(List.of(new Keyword("completed"),
                            new String(cr.result().orElseThrow(), StandardCharsets.UTF_8)));
                    default -> c.ok(new Keyword("mismatch"));
                }
                if (cr.status() != ClaimResult.Status.NEW) {
                    continue;
                }
                var claim = cr.claim().orElseThrow();
                if (rnd.nextInt(4) == 0) {
                    c.invoke("release", key, claim.token());
                    try {
                        c.ok(store.release(claim));
                    } catch (RuntimeException e) {
                        c.failed(e, true);
                    }
                } else {
                    String result = "r" + c.process() + "-" + i;
                    c.invoke("complete", key, List.of(claim.token(), result));
                    try {
                        c.ok(store.complete(claim, result.getBytes(StandardCharsets.UTF_8)));
                    } catch (RuntimeException e) {
                        c.failed(e, true);
                    }
                }
            }
        });
        assertLinearizable("LIN-IDEM", h, new IdempotencyModel(), FailMode.DROP);
    }

    /** Runs one workload body per client thread, started together, joined with a timeout. */
    protected History runWorkload(BiConsumer<HistoryRecorder.Client, SplittableRandom> body) throws Exception {
        return runWorkload(new HistoryRecorder(), body);
    }

    /** {@link #runWorkload(BiConsumer)} recording into {@code rec} (which may also hold nemesis events). */
    protected History runWorkload(HistoryRecorder rec, BiConsumer<HistoryRecorder.Client, SplittableRandom> body)
            throws Exception {
        int n = clients();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> fs = new ArrayList<>();
        SplittableRandom seed = new SplittableRandom(seed()); // recorded; --seed replays the same choices
        try {
            for (int t = 0; t < n; t++) {
                HistoryRecorder.Client client = rec.client();
                SplittableRandom rnd = seed.split();
                fs.add(pool.submit(() -> {
                    start.await();
                    body.accept(client, rnd);
                    return null;
                }));
            }
            start.countDown();
            long deadline = System.nanoTime() + env.scaled(Duration.ofSeconds(120)).toNanos();
            for (Future<?> f : fs) {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return rec.history();
    }

    /** Checks the history and fails with evidence files when it is not linearizable (or undecided). */
    protected void assertLinearizable(String rule, History h, Model model, FailMode failMode) throws IOException {
        CheckOptions opts = CheckOptions.defaults().withTimeLimit(env.scaled(Duration.ofSeconds(60)));
        CheckResult r = new LinearizabilityChecker(opts).check(h, model, failMode);
        if (r.verdict() == Verdict.LINEARIZABLE) {
            if (r.operations() == 0) {
                throw new AssertionError(rule + ": the workload recorded no operations");
            }
            return;
        }
        Path dir = evidenceDir();
        Files.createDirectories(dir);
        String base = rule + "-" + backend.name() + "-" + System.currentTimeMillis();
        Path edn = dir.resolve(base + ".edn");
        Path html = dir.resolve(base + ".html");
        Files.writeString(edn, HistoryFormats.toEdn(h));
        Files.writeString(html, TimelineHtml.render(rule + " on " + backend.name(),
                Operations.of(h, model, failMode), r, h.size()));
        String message = rule + ": the recorded history is " + (r.verdict() == Verdict.UNKNOWN
                ? "undecided (" + r.reason() + ")" : "NOT linearizable") + " against model " + model.name()
                + ".\n" + Summaries.evidence(r) + "History: " + edn.toAbsolutePath() + "\nTimeline: "
                + html.toAbsolutePath() + "\nReplay: dsbench check --model " + model.name()
                + (failMode == FailMode.OBSERVED ? " --fail-mode observed " : " ") + edn.toAbsolutePath();
        if (r.verdict() == Verdict.UNKNOWN) {
            // the checker could not decide: not the backend's failure, reported as the outcome "unknown"
            throw new VerdictUnknownException(message);
        }
        throw new AssertionError(message);
    }
}
