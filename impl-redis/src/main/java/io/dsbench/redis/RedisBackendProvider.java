package io.dsbench.redis;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.BackendProvider;
import io.dsbench.spi.Capability;
import java.util.Set;

/**
 * Provider of the {@code redis} backend ({@link RedisBackend}), registered in
 * {@code META-INF/services/io.dsbench.spi.BackendProvider}. Stateless and thread-safe.
 */
public final class RedisBackendProvider implements BackendProvider {
    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String description() {
        return "Redis over Lettuce: a managed redis-server on loopback (needs redis-server on PATH or "
                + "DSBENCH_REDIS_SERVER; options topology=standalone|replicated|sentinel, durability=none|aof-always) "
                + "or --endpoint redis://[user:pass@]host:port[/db], rediss://..., redis-sentinel://host:port#master";
    }

    /** What a managed standalone in-memory server (the default) declares. */
    @Override
    public Set<Capability> capabilities() {
        return Set.of(Capability.LINEARIZABLE_KV, Capability.LINEARIZABLE_LOCKS, Capability.LINEARIZABLE_IDEMPOTENCY,
                Capability.WATCH, Capability.SERVER_SIDE_EXPIRY, Capability.FAULTS);
    }

    @Override
    public Backend open(BackendConfig config) {
        return RedisBackend.open(config);
    }
}
