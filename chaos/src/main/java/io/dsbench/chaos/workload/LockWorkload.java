package io.dsbench.chaos.workload;

import io.dsbench.chaos.nemesis.ClientPause;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.spec.Ticker;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * {@code lock} and {@code lock-fenced}: a counter in the {@link KeyValueStore} guarded by a {@link LockService} lock
 * with a short lease. A step acquires the lock, then increments (read, then write read + 1) for as long as the
 * client's own clock says its lease has more than half left, then releases. Without fencing the write is a plain
 * put; with fencing the counter stores the highest token it has seen and a write carrying a lower one is rejected
 * ({@code :fail :stale-token}), checked and applied in one compare-and-set.
 *
 * <p>Ops: {@code :acquire} (ok value: the token), {@code :read} (value), {@code :write [token value]},
 * {@code :release}, and after healing a {@code :final-read}. A client frozen by the {@code pause} nemesis while it
 * holds the lock, or misled by the {@code clock} nemesis, goes on writing after its lease ran out; whether that
 * damages the counter is what fencing decides.
 */
public final class LockWorkload implements Workload {
    private static final String COUNTER = "counter";
    private static final String LOCK = "guard";

    private final LockService locks;
    private final KeyValueStore kv;
    private final boolean fenced;
    private final Duration lease;
    private final Ticker clock;
    private final ClientPause pause;

    public LockWorkload(LockService locks, KeyValueStore kv, boolean fenced, Duration lease, Ticker clock,
                        ClientPause pause) {
        this.locks = locks;
        this.kv = kv;
        this.fenced = fenced;
        this.lease = lease;
        this.clock = clock;
        this.pause = pause;
    }

    @Override
    public String name() {
        return fenced ? "lock-fenced" : "lock";
    }

    /** Lock cycles serialise the clients: a handful of ops per second is a meaningful load. */
    @Override
    public double defaultMinRate(double rate) {
        return Math.min(rate / 2, 5);
    }

    @Override
    public void step(HistoryRecorder.Client c, Random rnd, long seq) throws InterruptedException {
        c.invoke("acquire", LOCK);
        Optional<LockGrant> g;
        try {
            g = locks.acquire(LOCK, lease);
        } catch (RuntimeException e) {
            c.failed(e, true);
            return;
        }
        if (g.isEmpty()) {
            c.fail(null, ":timed-out-waiting");
            return;
        }
        long token = g.get().fencingToken();
        long granted = clock.nanoTime();
        c.ok(token);
        boolean paused = false;
        try {
            for (int i = 0; i < 50 && clock.nanoTime() - granted < lease.toNanos() / 2; i++) {
                c.invoke("read", COUNTER, null);
                long value;
                long version;
                try {
                    Optional<Versioned> v = kv.get(COUNTER);
                    value = v.map(x -> decode(x.value())[1]).orElse(0L);
                    version = v.map(Versioned::version).orElse(KeyValueStore.ABSENT);
                    c.ok(value);
                } catch (RuntimeException e) {
                    c.failed(e, false);
                    return;
                }
                if (!paused && pause.maybePause("process " + c.process()) > 0) {
                    paused = true; // frozen like a GC pause: the lease may have run out meanwhile
                }
                if (!write(c, token, value, version)) {
                    return;
                }
                Thread.sleep(Math.max(1, lease.toMillis() / 20)); // the holder's work between increments
            }
        } finally {
            c.invoke("release", LOCK, token);
            try {
                c.ok(locks.release(g.get()));
            } catch (RuntimeException e) {
                c.failed(e, true);
            }
        }
    }

    /** Writes value + 1; false when the holder should stop (a failure, or a fenced rejection). */
    private boolean write(HistoryRecorder.Client c, long token, long value, long readVersion) {
        c.invoke("write", COUNTER, List.of(token, value + 1));
        try {
            if (!fenced) {
                kv.put(COUNTER, encode(token, value + 1));
                c.ok(List.of(token, value + 1));
                return true;
            }
            // fenced: compare-and-set from the version read; if that changed, re-read and apply the token check
            long expected = readVersion;
            for (int attempt = 0; attempt < 20; attempt++) {
                CasResult r = kv.compareAndSet(COUNTER, expected, encode(token, value + 1));
                if (r.succeeded()) {
                    c.ok(List.of(token, value + 1));
                    return true;
                }
                Optional<Versioned> now = kv.get(COUNTER);
                long storedToken = now.map(x -> decode(x.value())[0]).orElse(0L);
                if (storedToken > token) {
                    c.fail(List.of(token, value + 1), null);
                    return false;
                }
                expected = now.map(Versioned::version).orElse(KeyValueStore.ABSENT);
            }
            c.fail(List.of(token, value + 1), null);
            return false;
        } catch (RuntimeException e) {
            c.failed(e, true);
            return false;
        }
    }

    @Override
    public void finish(HistoryRecorder rec) throws InterruptedException {
        HistoryRecorder.Client c = rec.client();
        c.invoke("final-read", COUNTER, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            try {
                c.ok(kv.get(COUNTER).map(x -> decode(x.value())[1]).orElse(0L));
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() - deadline > 0) {
                    c.fail(null, "final read failed: " + e.getMessage());
                    return;
                }
                Thread.sleep(100); // the deployment is still recovering: retry the read
            }
        }
    }

    static byte[] encode(long token, long value) {
        return (token + ":" + value).getBytes(StandardCharsets.UTF_8);
    }

    static long[] decode(byte[] b) {
        String s = new String(b, StandardCharsets.UTF_8);
        int i = s.indexOf(':');
        return new long[] {Long.parseLong(s.substring(0, i)), Long.parseLong(s.substring(i + 1))};
    }
}
