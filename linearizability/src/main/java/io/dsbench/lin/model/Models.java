package io.dsbench.lin.model;

import io.dsbench.lin.format.Edn;

import java.util.List;
import java.util.Map;

/** Finds models by name, with an optional initial value in EDN. Stateless. */
public final class Models {
    private Models() {
    }

    /** The names accepted by {@link #byName}. */
    public static final List<String> NAMES = List.of("register", "cas-register", "multi-register", "mutex", "set",
            "fifo-queue", "unordered-queue", "kv", "versioned-kv", "lock", "idempotency", "counter");

    /**
     * A model by name.
     *
     * @param name             one of {@link #NAMES}
     * @param initialEdn       the initial value as EDN, or null for the model's default (nil for registers,
     *                         "" for kv, 0 for counter, empty for multi-register)
     * @param readNilIsUnknown for registers: whether a read of nil matches any value (Knossos) or only nil
     * @throws IllegalArgumentException naming the model or the value when unknown or malformed
     */
    public static Model byName(String name, String initialEdn, boolean readNilIsUnknown) {
        Object init = initialEdn == null ? null : Edn.read(initialEdn);
        switch (name) {
            case "register": return new RegisterModel(false, init, readNilIsUnknown);
            case "cas-register": return new RegisterModel(true, init, readNilIsUnknown);
            case "multi-register":
                if (init != null && !(init instanceof Map<?, ?>)) {
                    throw new IllegalArgumentException("multi-register's initial value must be a map, e.g. {:x 0 :y 0}");
                }
                return new MultiRegisterModel((Map<?, ?>) init);
            case "mutex": return new MutexModel();
            case "set": return new SetModel();
            case "fifo-queue": return new QueueModel(true);
            case "unordered-queue": return new QueueModel(false);
            case "kv": return new KvModel(init == null ? "" : init.toString());
            case "versioned-kv": return new VersionedKvModel();
            case "lock": return new FencedLockModel();
            case "idempotency": return new IdempotencyModel();
            case "counter": return new CounterModel(init == null ? 0 : Values.asLong(init, "counter's initial value"));
            default:
                throw new IllegalArgumentException("unknown model '" + name + "': expected one of " + String.join(", ", NAMES));
        }
    }
}
