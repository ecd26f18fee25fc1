package io.dsbench.conformance.controls;

import io.dsbench.conformance.ForwardingBackend;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * A negative control: a backend with one realistic defect, planted over a correct backend, which the rule
 * {@link #rule()} must fail. {@code NegativeControlsTest} (impl-inmemory) runs each rule against its planted
 * bug over the in-memory backend and asserts that it fails; docs/RULES.md names the bug per rule.
 *
 * @param rule        the rule id that must catch it, e.g. {@code KV-5}
 * @param name        a short name, e.g. {@code get-then-set create-if-absent}
 * @param plant       wraps a correct backend into the broken one
 */
public record PlantedBug(String rule, String name, UnaryOperator<Backend> plant) {
    public PlantedBug {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(plant, "plant");
    }

    /** The broken backend over {@code real} (closing it closes {@code real}). */
    public Backend over(Backend real) {
        return plant.apply(real);
    }

    /** Breaks every key-value store the backend hands out. */
    public static UnaryOperator<Backend> kv(UnaryOperator<KeyValueStore> bug) {
        return b -> new ForwardingBackend(b, "planted-bug") {
            @Override
            public KeyValueStore keyValue(String namespace) {
                return bug.apply(delegate.keyValue(namespace));
            }
        };
    }

    /** Breaks every cache. */
    public static UnaryOperator<Backend> cache(UnaryOperator<CacheStore> bug) {
        return b -> new ForwardingBackend(b, "planted-bug") {
            @Override
            public CacheStore cache(String cacheName) {
                return bug.apply(delegate.cache(cacheName));
            }
        };
    }

    /** Breaks every idempotency store. */
    public static UnaryOperator<Backend> idempotency(UnaryOperator<IdempotencyStore> bug) {
        return b -> new ForwardingBackend(b, "planted-bug") {
            @Override
            public IdempotencyStore idempotency(IdempotencyConfig config) {
                return bug.apply(delegate.idempotency(config));
            }
        };
    }

    /** Breaks every lock service. */
    public static UnaryOperator<Backend> locks(UnaryOperator<LockService> bug) {
        return b -> new ForwardingBackend(b, "planted-bug") {
            @Override
            public LockService locks(LockConfig config) {
                return bug.apply(delegate.locks(config));
            }
        };
    }

    /** Breaks every log. */
    public static UnaryOperator<Backend> log(UnaryOperator<DurableLog> bug) {
        return b -> new ForwardingBackend(b, "planted-bug") {
            @Override
            public DurableLog log(String logName) {
                return bug.apply(delegate.log(logName));
            }
        };
    }

    /** Breaks every registry. */
    public static UnaryOperator<Backend> registry(UnaryOperator<ServiceRegistry> bug) {
        return b -> new ForwardingBackend(b, "planted-bug") {
            @Override
            public ServiceRegistry registry(RegistryConfig config) {
                return bug.apply(delegate.registry(config));
            }
        };
    }
}
