package io.dsbench.etcd;

import io.dsbench.conformance.FaultVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/**
 * The kit's {@code FaultVerification} rules against a managed 3-member etcd cluster (REPLICATED): FAULT-3 and FAULT-4
 * kill the leader.
 */
class EtcdClusterFaultKitIT extends FaultVerification {
    @Override
    protected Backend openBackend() {
        return EtcdBackend.open(BackendConfig.builder("etcd").option("members", "3").build());
    }
}
