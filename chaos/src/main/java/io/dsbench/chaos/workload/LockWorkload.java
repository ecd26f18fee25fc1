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
 * put; with fencing the counter stores the highest token it has seen: a new holder first registers its token
 * ({@code :fence}), and a write is a compare-and-set from the version read, so a write of a holder whose token was
 * superseded fails ({@code :fail}).
 *
 * <p>Ops: {@code :acquire} (ok value: the token), {@code :fence} (fenced only), {@code :read} (value),
 * {@code :write [token value]},
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
            if (fenced && !fence(c, token)) {
                return;
            }
            for (int i = 0; i < 50 && clock.nanoTime() - granted < lease.toNanos() / 2; i++) {
                c.invoke("read", COUNTER, null);
                long value;
                long version;
                long storedToken;
                try {
                    Optional<Versioned> v = kv.get(COUNTER);
                    value = v.map(x -> decode(x.value())[1]).orElse(0L);
                    storedToken = v.map(x -> decode(x.value())[0]).orElse(0L);
                    version = v.map(Versioned::version).orElse(KeyValueStore.ABSENT);
                    c.ok(value);
                } catch (RuntimeException e) {
                    c.failed(e, false);
                    return;
                }
                if (!paused && pause.maybePause("process " + c.process()) > 0) {
                    paused = true; // frozen like a GC pause: the lease may have run out meanwhile
                }
                if (!write(c, token, value, version, storedToken)) {
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
    private boolean write(HistoryRecorder.Client c, long token, long value, long readVersion, long storedToken) {
        c.invoke("write", COUNTER, List.of(token, value + 1));
        try {
            if (!fenced) {
                kv.put(COUNTER, encode(token, value + 1));
                c.ok(List.of(token, value + 1));
                return true;
            }
            if (storedToken > token) { // the counter has seen a newer holder's token: this holder is stale
                c.fail(List.of(token, value + 1), null);
                return false;
            }
            // fenced: the token check above holds for the version read; the compare-and-set from that version makes
            // check and write one step. A change since the read means a higher token fenced the counter (this
            // holder is stale) or a conflict: either way the write is refused, never re-applied over another
            CasResult r = kv.compareAndSet(COUNTER, readVersion, encode(token, value + 1));
            if (r.succeeded()) {
                c.ok(List.of(token, value + 1));
                return true;
            }
            long nowToken = kv.get(COUNTER).map(x -> decode(x.value())[0]).orElse(0L);
            c.fail(List.of(token, value + 1), nowToken > token ? null : ":conflict");
            return false;
        } catch (RuntimeException e) {
            c.failed(e, true);
            return false;
        }
    }

    /**
     * Registers the holder's token with the counter before its first read (the counter keeps the highest token it
     * has seen; a lower one is refused): from then on every write of an older holder fails. Without this step a
     * stale holder's write that lands before the new holder's first write would be accepted and then overwritten.
     */
    private boolean fence(HistoryRecorder.Client c, long token) {
        c.invoke("fence", COUNTER, token);
        try {
            for (int attempt = 0; attempt < 20; attempt++) {
                Optional<Versioned> now = kv.get(COUNTER);
                long[] tv = now.map(x -> decode(x.value())).orElse(new long[] {0, 0});
                if (tv[0] > token) {
                    c.fail(token, null);
                    return false;
                }
                CasResult r = kv.compareAndSet(COUNTER, now.map(Versioned::version).orElse(KeyValueStore.ABSENT),
                        encode(token, tv[1]));
                if (r.succeeded()) {
                    c.ok(token);
                    return true;
                }
            }
            c.fail(token, ":conflict");
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
        try {
            c.ok(FinalReads.retry(deadline, () -> kv.get(COUNTER).map(x -> decode(x.value())[1]).orElse(0L)));
        } catch (RuntimeException e) {
            c.fail(null, "final read failed: " + e.getMessage());
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
