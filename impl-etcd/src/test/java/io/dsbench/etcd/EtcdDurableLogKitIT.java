package io.dsbench.etcd;

import io.dsbench.conformance.DurableLogVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

import java.time.Duration;

/**
 * The kit's {@link DurableLogVerification} against a real single etcd member (shared by every kit class).
 * LOG-4 restarts the member for real: SIGKILL (no clean shutdown), start again on the same data directory and
 * ports, then a new backend instance (external mode, same key prefix) reads the log.
 */
class EtcdDurableLogKitIT extends DurableLogVerification {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        if (backend != SharedEtcd.shared()) {
            backend.close(); // the instance made by reopenBackend
        }
    }

    @Override
    protected Backend reopenBackend(Backend current) {
        EtcdBackend shared = SharedEtcd.backend();
        EtcdCluster cluster = shared.cluster().orElseThrow();
        closeBackend(current);
        EtcdMember m = cluster.member(0);
        m.kill();
        m.restart();
        cluster.awaitLeader(Duration.ofSeconds(20));
        return EtcdBackend.open(BackendConfig.builder("etcd").endpoints(cluster.clientUrls())
                .keyPrefix(shared.config().keyPrefix()).build());
    }
}
