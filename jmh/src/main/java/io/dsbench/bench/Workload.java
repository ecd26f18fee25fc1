package io.dsbench.bench;

import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spi.Backend;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The operations dsbench's own benchmarks drive on a backend, over a namespace of their own: {@code kv.get} of one
 * of {@value #KEYS} keys written beforehand, {@code kv.put} of a {@value #VALUE_BYTES}-byte value to one of them (keys
 * drawn uniformly), and {@code lock}: tryAcquire + release of a lock of the calling client's own (uncontended per
 * name; the clients still share the backend). The same key count and value size are given to
 * {@code redis-benchmark} ({@code -r 1000 -d 100}) so the two sides do the same work.
 */
public final class Workload {
    /** Distinct keys. */
    public static final int KEYS = 1000;
    /** Bytes per value. */
    public static final int VALUE_BYTES = 100;
    /** The operations, by name. */
    public static final java.util.List<String> OPS = java.util.List.of("kv.get", "kv.put", "lock");

    private final KeyValueStore kv;
    private final LockService locks;
    private final String[] keys = new String[KEYS];
    private final byte[] value = new byte[VALUE_BYTES];

    /** Opens the primitives under namespace {@code namespace} and writes every key once. */
    public Workload(Backend backend, String namespace) {
        this.kv = backend.keyValue(namespace);
        this.locks = backend.locks(new LockConfig(namespace, Duration.ofSeconds(30)));
        Arrays.fill(value, (byte) 'v');
        for (int i = 0; i < KEYS; i++) {
            keys[i] = "k" + i;
            kv.put(keys[i], value);
        }
    }

    /** The operation named {@code op} (one of {@link #OPS}). */
    public LoadGenerator.Op op(String op) {
        return switch (op) {
            case "kv.get" -> client -> kv.get(key());
            case "kv.put" -> client -> kv.put(key(), value);
            case "lock" -> client -> {
                String name = "bench-" + client;
                LockGrant g = locks.tryAcquire(name).orElseThrow(() -> new IllegalStateException(
                        "lock " + name + " is held, though only client " + client + " uses it"));
                if (!locks.release(g)) {
                    throw new IllegalStateException("release of " + g + " was refused (lease lost?)");
                }
            };
            default -> throw new IllegalArgumentException("op = '" + op + "' is unknown (known: " + OPS + ")");
        };
    }

    /** One read, for a health probe. */
    public void probe() {
        kv.get(keys[0]);
    }

    private String key() {
        return keys[ThreadLocalRandom.current().nextInt(KEYS)];
    }
}
