package io.dsbench.etcd;

import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/**
 * One managed single-member etcd backend shared by every IT class in this JVM (start-up costs about a second).
 * It is never closed by the classes; the launcher's shutdown hook stops etcd when the JVM exits. Opening
 * fails loudly (an exception, never a skip) when etcd cannot start.
 */
final class SharedEtcd {
    private static EtcdBackend backend;
    private static long startupMillis;

    private SharedEtcd() {
    }

    static synchronized EtcdBackend backend() {
        if (backend == null) {
            long t0 = System.nanoTime();
            backend = EtcdBackend.open(BackendConfig.managed("etcd"));
            startupMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("[dsbench-etcd] shared " + backend.describe() + " opened in " + startupMillis + " ms");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> backend.close(), "dsbench-etcd-shared-close"));
        }
        return backend;
    }

    /** A view for kit classes: closing it does nothing, so the shared backend outlives each class. */
    static Backend shared() {
        return backend();
    }
}
