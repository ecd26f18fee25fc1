package io.dsbench.etcd;

import io.dsbench.conformance.FaultVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;

/** The kit's {@code FaultVerification} rules against a managed single-member etcd of its own (the rules restart it). */
class EtcdFaultKitIT extends FaultVerification {
    @Override
    protected Backend openBackend() {
        return EtcdBackend.open(BackendConfig.managed("etcd"));
    }
}
