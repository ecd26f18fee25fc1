package io.dsbench.redis;

import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;

/**
 * One managed standalone redis backend shared by the ITs of this module (servers start once per JVM). It is
 * closed, and its server stopped, at JVM exit. Fails loudly when redis-server cannot start.
 */
final class SharedRedis {
    private static RedisBackend backend;

    private SharedRedis() {
    }

    static synchronized RedisBackend backend() {
        if (backend == null) {
            long t0 = System.nanoTime();
            backend = (RedisBackend) Backends.open(BackendConfig.managed("redis"));
            System.out.printf("shared managed redis opened in %d ms: %s%n", (System.nanoTime() - t0) / 1_000_000,
                    backend.describe());
            RedisBackend b = backend;
            Runtime.getRuntime().addShutdownHook(new Thread(b::close, "dsbench-shared-redis-close"));
        }
        return backend;
    }
}
