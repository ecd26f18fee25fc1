package io.dsbench.chaos.workload;

import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.spec.kv.KeyValueStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * {@code set}: each step adds a unique element (a key {@code e<n>} written with {@link KeyValueStore#put}); after the
 * faults are healed one final read lists which attempted elements are present. Jepsen's set checker counts
 * acknowledged adds missing from the final read ({@code lost_acknowledged_writes}), elements read that were never
 * attempted ({@code unexpected}), and adds of unknown outcome that are present ({@code recovered}, not an anomaly).
 */
public final class SetWorkload implements Workload {
    private final KeyValueStore kv;
    private final ConcurrentSkipListSet<Long> attempted = new ConcurrentSkipListSet<>();

    public SetWorkload(KeyValueStore kv) {
        this.kv = kv;
    }

    @Override
    public String name() {
        return "set";
    }

    @Override
    public void step(HistoryRecorder.Client c, Random rnd, long seq) {
        attempted.add(seq);
        c.invoke("add", seq);
        try {
            kv.put("e" + seq, new byte[] {1});
            c.ok(seq);
        } catch (RuntimeException e) {
            c.failed(e, true);
        }
    }

    /** Reads every attempted element, retrying each for up to 30 s while the deployment recovers. */
    @Override
    public void finish(HistoryRecorder rec) throws InterruptedException {
        HistoryRecorder.Client c = rec.client();
        c.invoke("read", null);
        List<Long> present = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        for (long e : attempted) {
            try {
                if (FinalReads.retry(deadline, () -> kv.get("e" + e).isPresent())) {
                    present.add(e);
                }
            } catch (RuntimeException ex) {
                c.fail(null, "final read failed at element " + e + ": " + ex.getMessage());
                return;
            }
        }
        c.ok(present);
    }
}
