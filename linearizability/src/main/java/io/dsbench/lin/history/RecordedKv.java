package io.dsbench.lin.history;

import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One client's calls on a {@link KeyValueStore}, each recorded in a history in the versioned-kv model's encoding
 * ({@code io.dsbench.lin.model.VersionedKvModel}): a get completes with {@code [value version]} or nil, a put with
 * the new version, a compare-and-set with {@code [succeeded version]}, a delete with true/false; a call that throws
 * is recorded by {@link HistoryRecorder.Client#failed} ({@code :info} for a mutation that may have taken effect). The
 * workloads of the LIN-KV rules and of the consistency ladder share it. Values are strings (UTF-8). It remembers the
 * last version each key was seen at, for compare-and-sets that expect it. One thread, like its client.
 */
public final class RecordedKv {
    private final HistoryRecorder.Client client;
    private final KeyValueStore kv;
    private final Map<String, Long> lastSeen = new HashMap<>();

    public RecordedKv(HistoryRecorder.Client client, KeyValueStore kv) {
        this.client = client;
        this.kv = kv;
    }

    /** The recorder's process id of this client (for unique values). */
    public int process() {
        return client.process();
    }

    /** The last version this client saw {@code key} at ({@link KeyValueStore#ABSENT} if none). */
    public long lastSeen(String key) {
        return lastSeen.getOrDefault(key, KeyValueStore.ABSENT);
    }

    /** A recorded get; whether it completed. */
    public boolean get(String key) {
        client.invoke("get", key, null);
        try {
            Optional<Versioned> v = kv.get(key);
            v.ifPresent(x -> lastSeen.put(key, x.version()));
            client.ok(v.map(x -> (Object) List.of(new String(x.value(), StandardCharsets.UTF_8), x.version()))
                    .orElse(null));
            return true;
        } catch (RuntimeException e) {
            client.failed(e, false);
            return false;
        }
    }

    /** A recorded put of {@code value}; whether it completed. */
    public boolean put(String key, String value) {
        client.invoke("put", key, value);
        try {
            long version = kv.put(key, value.getBytes(StandardCharsets.UTF_8));
            lastSeen.put(key, version);
            client.ok(version);
            return true;
        } catch (RuntimeException e) {
            client.failed(e, true);
            return false;
        }
    }

    /** A recorded compare-and-set of {@code value} expecting {@code expected}; whether it completed. */
    public boolean compareAndSet(String key, long expected, String value) {
        client.invoke("cas", key, List.of(expected, value));
        try {
            CasResult res = kv.compareAndSet(key, expected, value.getBytes(StandardCharsets.UTF_8));
            lastSeen.put(key, res.version());
            client.ok(List.of(res.succeeded(), res.version()));
            return true;
        } catch (RuntimeException e) {
            client.failed(e, true);
            return false;
        }
    }

    /** A recorded delete; whether it completed. */
    public boolean delete(String key) {
        client.invoke("delete", key, null);
        try {
            client.ok(kv.delete(key));
            return true;
        } catch (RuntimeException e) {
            client.failed(e, true);
            return false;
        }
    }
}
