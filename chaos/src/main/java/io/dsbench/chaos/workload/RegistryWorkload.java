package io.dsbench.chaos.workload;

import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.BackendTiming;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code registry}: service discovery under faults. Instances of one service register with a TTL; most are kept
 * alive by heartbeats and deregistered after a few of them, the rest are abandoned and left to expire; clients
 * discover the service all the while. Each step is a register of a new instance (5%; 70% of them kept alive), a
 * heartbeat of a kept instance (40%; its last one is a deregister instead), or a discover. Checked by
 * {@link RegistryChecker} from the history alone: no deregistered instance discovered, no instance discovered
 * after its TTL bound (last possible TTL restart + TTL + the backend's declared tolerance), no instance missing from
 * a discover (or refused a heartbeat) while it was certainly live (its TTL restarted, at the earliest, less than
 * TTL - tolerance before the discover ended, and no deregister could have removed it).
 *
 * <p>Ops: {@code :register [id ttl-ms tolerance-ms]}, {@code :heartbeat id} (ok {@code true}/{@code false}),
 * {@code :deregister id} (ok {@code true}/{@code false}), {@code :discover} (ok: the ids listed).
 */
public final class RegistryWorkload implements Workload {
    static final String SERVICE = "chaos-svc";

    private final ServiceRegistry registry;
    private final Duration ttl;
    private final Duration tolerance;
    /** Kept instances: id -> heartbeats left before the deregister. */
    private final ConcurrentHashMap<Long, Integer> kept = new ConcurrentHashMap<>();

    public RegistryWorkload(ServiceRegistry registry, BackendTiming timing) {
        this.registry = registry;
        this.tolerance = timing.ttlTolerance();
        this.ttl = ttlFor(timing);
    }

    /** The instances' TTL: 3 s, at least twice the backend's tolerance and at least its minimum TTL. */
    public static Duration ttlFor(BackendTiming timing) {
        long ms = Math.max(3000, Math.max(2 * timing.ttlTolerance().toMillis(), timing.minTtl().toMillis()));
        return Duration.ofMillis((ms + 999) / 1000 * 1000);
    }

    @Override
    public String name() {
        return "registry";
    }

    @Override
    public void step(HistoryRecorder.Client c, Random rnd, long seq) {
        int r = rnd.nextInt(100);
        if (r < 5) {
            register(c, rnd, seq);
            return;
        }
        if (r < 45) {
            List<Long> ids = new ArrayList<>(kept.keySet());
            if (!ids.isEmpty()) {
                long id = ids.get(rnd.nextInt(ids.size()));
                Integer left = kept.computeIfPresent(id, (k, v) -> v - 1);
                if (left != null) {
                    if (left <= 0) {
                        kept.remove(id);
                        deregister(c, id);
                    } else {
                        heartbeat(c, id);
                    }
                    return;
                }
            }
        }
        discover(c);
    }

    private void register(HistoryRecorder.Client c, Random rnd, long id) {
        boolean keep = rnd.nextInt(10) < 7;
        c.invoke("register", List.of(id, ttl.toMillis(), tolerance.toMillis()));
        try {
            registry.register(ServiceInstance.of(SERVICE, "i" + id, "127.0.0.1", 1 + (int) (id % 60000)), ttl);
            c.ok(List.of(id, ttl.toMillis(), tolerance.toMillis()));
            if (keep) {
                kept.put(id, 3 + rnd.nextInt(8));
            }
        } catch (RuntimeException e) {
            c.failed(e, true);
        }
    }

    private void heartbeat(HistoryRecorder.Client c, long id) {
        c.invoke("heartbeat", id);
        try {
            boolean ok = registry.heartbeat(SERVICE, "i" + id);
            c.ok(ok);
            if (!ok) {
                kept.remove(id); // expired: the client would register again under a new id
            }
        } catch (RuntimeException e) {
            c.failed(e, true);
        }
    }

    private void deregister(HistoryRecorder.Client c, long id) {
        c.invoke("deregister", id);
        try {
            c.ok(registry.deregister(SERVICE, "i" + id));
        } catch (RuntimeException e) {
            c.failed(e, true);
        }
    }

    private void discover(HistoryRecorder.Client c) {
        c.invoke("discover", null);
        try {
            List<Long> ids = new ArrayList<>();
            for (ServiceInstance i : registry.discover(SERVICE)) {
                ids.add(Long.parseLong(i.id().substring(1)));
            }
            c.ok(ids);
        } catch (RuntimeException e) {
            c.failed(e, false);
        }
    }
}
