package io.dsbench.etcd;

import io.dsbench.lin.kit.FullKitSuite;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import java.time.Duration;

/**
 * The whole conformance kit (every kit class, LIN rules included) against a real single etcd member shared
 * by every IT class. LOG-4 restarts the member for real: SIGKILL (no clean shutdown), start again on the same
 * data directory and ports, then a new backend instance (external mode, same key prefix) reads the log.
 */
class EtcdKitIT extends FullKitSuite {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across IT classes; stopped when the JVM exits
    }

    @Override
    protected Backend reopenBackend(Backend current) {
        EtcdBackend shared = SharedEtcd.backend();
        EtcdCluster cluster = shared.cluster().orElseThrow();
        EtcdMember m = cluster.member(0);
        m.kill();
        m.restart();
        cluster.awaitLeader(Duration.ofSeconds(20));
        return EtcdBackend.open(BackendConfig.builder("etcd").endpoints(cluster.clientUrls())
                .keyPrefix(shared.config().keyPrefix()).build());
    }
}
