package io.dsbench.chaos.workload;

import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.history.Keyword;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * {@code idempotency}: requests guarded by an {@link IdempotencyStore}, sent again under retries. A step sends a new
 * request (80%) or a duplicate of an earlier one (20%, what a client retrying after a lost reply does); each
 * attempt claims the request's key, and the winner executes it (a compare-and-set increment of the request's
 * execution counter in the KV store) and completes the claim; a failed attempt is retried up to 3 times. After
 * healing, one final read collects every request's execution count. Counted: {@code double_executions} (a request
 * executed more than once) and {@code lost_executions} (a request acknowledged as executed whose execution is not
 * in the final read).
 *
 * <p>Ops: {@code :request} (ok value {@code :executed} or {@code :replayed}), {@code :final-read} (value: a list of
 * {@code [request count]}).
 */
public final class IdempotencyWorkload implements Workload {
    private final IdempotencyStore store;
    private final KeyValueStore kv;
    private final ConcurrentSkipListSet<Long> sent = new ConcurrentSkipListSet<>();

    public IdempotencyWorkload(IdempotencyStore store, KeyValueStore kv) {
        this.store = store;
        this.kv = kv;
    }

    /** The store's config for a run: a claim is abandoned after 5 s. */
    public static io.dsbench.spec.idempotency.IdempotencyConfig config() {
        return new io.dsbench.spec.idempotency.IdempotencyConfig("chaos-idem", Duration.ofHours(1),
                Duration.ofSeconds(5));
    }

    @Override
    public String name() {
        return "idempotency";
    }

    /** A request is a claim, an execution (a read and a compare-and-set) and a completion: four round trips. */
    @Override
    public double defaultMinRate(double rate) {
        return rate / 4;
    }

    @Override
    public void step(HistoryRecorder.Client c, Random rnd, long seq) throws InterruptedException {
        long r = seq;
        if (!sent.isEmpty() && rnd.nextInt(5) == 0) {
            Long lower = sent.floor(sent.first() + (long) (rnd.nextDouble() * (sent.last() - sent.first() + 1)));
            r = lower == null ? sent.first() : lower;
        }
        sent.add(r);
        c.invoke("request", r);
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                ClaimResult cr = store.claim("req" + r, "fp" + r);
                switch (cr.status()) {
                    case NEW:
                        increment("n" + r);
                        store.complete(cr.claim().orElseThrow(), new byte[] {1});
                        c.ok(new Keyword("executed"));
                        return;
                    case COMPLETED:
                        c.ok(new Keyword("replayed"));
                        return;
                    case MISMATCH:
                        c.fail(null, ":mismatch");
                        return;
                    default:
                        Thread.sleep(50); // another attempt holds the claim: the client's retry back-off
                }
            } catch (RuntimeException e) {
                last = e;
            }
        }
        if (last != null) {
            c.failed(last, true);
        } else {
            c.info(null, ":in-progress");
        }
    }

    private void increment(String key) {
        for (int i = 0; i < 50; i++) {
            Optional<Versioned> v = kv.get(key);
            long n = v.map(x -> Long.parseLong(new String(x.value(), StandardCharsets.UTF_8))).orElse(0L);
            CasResult res = kv.compareAndSet(key, v.map(Versioned::version).orElse(KeyValueStore.ABSENT),
                    Long.toString(n + 1).getBytes(StandardCharsets.UTF_8));
            if (res.succeeded()) {
                return;
            }
        }
        throw new IllegalStateException("the execution counter " + key + " kept changing under 50 compare-and-sets");
    }

    @Override
    public void finish(HistoryRecorder rec) throws InterruptedException {
        HistoryRecorder.Client c = rec.client();
        c.invoke("final-read", null);
        List<Object> counts = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (long r : sent) {
            try {
                long n = FinalReads.retry(deadline, () -> kv.get("n" + r)
                        .map(x -> Long.parseLong(new String(x.value(), StandardCharsets.UTF_8))).orElse(0L));
                counts.add(List.of(r, n));
            } catch (RuntimeException e) {
                c.fail(null, "final read failed at request " + r + ": " + e.getMessage());
                return;
            }
        }
        c.ok(counts);
    }
}
