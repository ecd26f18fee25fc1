package io.dsbench.chaos.nemesis;

import io.dsbench.chaos.net.ChaosCluster;
import io.dsbench.chaos.net.SkewClock;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.history.OpType;
import io.dsbench.lin.format.Edn;
import io.dsbench.lin.history.Keyword;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * What a nemesis acts on and records into: the cluster, the history, the suite's clock, the client pause hook, the
 * run's random source (seeded) and the time base. Also picks targets: {@code one} (a random data member),
 * {@code primary} (the leader or primary), {@code minority}, {@code majority}, {@code ring} (every member: the
 * majorities-ring partition).
 */
public final class NemesisContext {
    /** Target selectors accepted by {@code --target}. */
    public static final List<String> TARGETS = List.of("primary", "one", "minority", "majority", "ring");

    private final ChaosCluster cluster;
    private final HistoryRecorder rec;
    private final SkewClock clock;
    private final ClientPause clientPause;
    private final Random random;
    private final LongSupplier lockLeaseMillis;
    private final String workload;
    private final String target;
    private final long t0;

    public NemesisContext(ChaosCluster cluster, HistoryRecorder rec, SkewClock clock, ClientPause clientPause,
                          Random random, LongSupplier lockLeaseMillis, String workload, String target, long t0) {
        this.cluster = cluster;
        this.rec = rec;
        this.clock = clock;
        this.clientPause = clientPause;
        this.random = random;
        this.lockLeaseMillis = lockLeaseMillis;
        this.workload = workload;
        this.target = target;
        this.t0 = t0;
    }

    public ChaosCluster cluster() {
        return cluster;
    }

    public SkewClock clock() {
        return clock;
    }

    public ClientPause clientPause() {
        return clientPause;
    }

    /** The {@code --target} selector. */
    public String target() {
        return target;
    }

    public String workload() {
        return workload;
    }

    public long lockLeaseMillis() {
        return lockLeaseMillis.getAsLong();
    }

    /** Milliseconds since the run started. */
    public long nowMs() {
        return (System.nanoTime() - t0) / 1_000_000L;
    }

    /** Records a nemesis info op: {@code f} and a map value. */
    public void record(String f, Map<String, Object> value) {
        Map<Object, Object> v = new LinkedHashMap<>();
        value.forEach((k, x) -> v.put(new Keyword(k), x));
        rec.nemesis(OpType.INFO, f, v);
    }

    /** Shorthand for a value map. */
    public static Map<String, Object> value(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * The members a fault hits, per {@code --target}, described as e.g. {@code e1 (leader)}.
     *
     * @return the members; the description is in {@link #describe}
     */
    public List<String> pickTargets() {
        List<String> data = cluster.dataMembers();
        int n = data.size();
        switch (target) {
            case "primary":
                return List.of(writerName());
            case "one":
                return List.of(data.get(random.nextInt(n)));
            case "ring":
                return List.copyOf(data);
            case "minority":
            case "majority": {
                int k = target.equals("minority") ? Math.max(1, (n - 1) / 2) : n / 2 + 1;
                List<String> shuffled = new ArrayList<>(data);
                java.util.Collections.shuffle(shuffled, random);
                return List.copyOf(shuffled.subList(0, Math.min(k, n)));
            }
            default:
                throw new IllegalArgumentException("--target '" + target + "' (legal: " + String.join(", ", TARGETS) + ")");
        }
    }

    private String writerName() {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (true) {
            try {
                return cluster.faults().writer().name();
            } catch (NoSuchElementException e) {
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                try {
                    Thread.sleep(100); // polls for the end of an election: there is nothing to await on
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while looking for the leader", ie);
                }
            }
        }
    }

    /** e.g. {@code e1 (leader), e3} for the fault log. */
    public String describe(List<String> members) {
        StringBuilder sb = new StringBuilder();
        String writer = null;
        try {
            writer = cluster.faults().writer().name();
        } catch (RuntimeException ignored) {
            // no writer right now
        }
        for (String m : members) {
            if (sb.length() > 0) {
                sb.append(", ");
            }
            sb.append(m).append(m.equals(writer) ? (cluster.kind().equals("etcd") ? " (leader)" : " (primary)") : "");
        }
        return sb.append(" [").append(target).append(']').toString();
    }

    /** EDN text of a value, for evidence. */
    public static String edn(Object v) {
        return Edn.write(v);
    }
}
