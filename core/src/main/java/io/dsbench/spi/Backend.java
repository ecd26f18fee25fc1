package io.dsbench.spi;

import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceRegistry;
import java.util.Set;

/**
 * An opened backend: hands out the primitives. Primitives with the same name or namespace share data
 * (two calls to {@code keyValue("a")} see the same keys); different names are isolated.
 *
 * <p>Thread-safe; the primitives it hands out are thread-safe. {@link #close()} releases connections and,
 * for a managed backend, stops the servers it started; primitives must not be used afterwards.
 */
public interface Backend extends AutoCloseable {
    /** The provider's name, e.g. {@code redis}. */
    String name();

    /** The declared capabilities (the same as the provider's unless the config changes them). */
    Set<Capability> capabilities();

    /** Declared timing tolerances. */
    BackendTiming timing();

    /** One line for reports, e.g. {@code redis 7.0.15 standalone on 127.0.0.1:41234}; never a secret. */
    String describe();

    /**
     * Fault injection on the servers of a managed backend; empty when not offered (external endpoints, or a
     * backend without it). Present exactly when {@link Capability#FAULTS} is declared.
     */
    default java.util.Optional<Faults> faults() {
        return java.util.Optional.empty();
    }

    KeyValueStore keyValue(String namespace);

    ServiceRegistry registry(RegistryConfig config);

    CacheStore cache(String name);

    IdempotencyStore idempotency(IdempotencyConfig config);

    LockService locks(LockConfig config);

    DurableLog log(String name);

    /**
     * Deletes everything this backend wrote under its {@link BackendConfig#keyPrefix()} and returns how many keys
     * it deleted; {@code dsbench run} calls it at the end of a run against an external server (unless
     * {@code --keep-data}), so a run leaves nothing behind. Only the prefix is touched, never other data. The
     * default deletes nothing (a backend whose data ends with the process).
     */
    default long deleteWrittenData() {
        return 0;
    }

    @Override
    void close();
}
