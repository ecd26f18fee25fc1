package io.dsbench.chaos.workload;

import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code register}: per-key compare-and-set registers on the {@link KeyValueStore}, Jepsen's independent keys: the
 * run moves to a fresh key every {@link #OPS_PER_KEY} steps, so each key's history stays small enough to check
 * exactly. Each step is a get (40%), a put of a unique value (30%) or a cas from the version this client last saw
 * (30%). Checked per key by the linearizability checker against the {@code versioned-kv} model.
 */
public final class RegisterWorkload implements Workload {
    /** Steps per key before the run moves on to the next key. */
    public static final int OPS_PER_KEY = 200;

    private final KeyValueStore kv;
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    public RegisterWorkload(KeyValueStore kv) {
        this.kv = kv;
    }

    @Override
    public String name() {
        return "register";
    }

    @Override
    public void step(HistoryRecorder.Client c, Random rnd, long seq) {
        String key = "r" + (seq / OPS_PER_KEY);
        String seen = c.process() + "/" + key;
        int r = rnd.nextInt(100);
        if (r < 40) {
            c.invoke("get", key, null);
            try {
                Optional<Versioned> v = kv.get(key);
                v.ifPresent(x -> lastSeen.put(seen, x.version()));
                c.ok(v.map(x -> (Object) List.of(new String(x.value(), StandardCharsets.UTF_8), x.version())).orElse(null));
            } catch (RuntimeException e) {
                c.failed(e, false);
            }
        } else if (r < 70) {
            String value = "v" + seq;
            c.invoke("put", key, value);
            try {
                long ver = kv.put(key, value.getBytes(StandardCharsets.UTF_8));
                c.ok(ver);
            } catch (RuntimeException e) {
                c.failed(e, true);
            }
        } else {
            String value = "v" + seq;
            long expected = lastSeen.getOrDefault(seen, KeyValueStore.ABSENT);
            c.invoke("cas", key, List.of(expected, value));
            try {
                CasResult res = kv.compareAndSet(key, expected, value.getBytes(StandardCharsets.UTF_8));
                lastSeen.put(seen, res.version());
                c.ok(List.of(res.succeeded(), res.version()));
            } catch (RuntimeException e) {
                c.failed(e, true);
            }
        }
    }
}
