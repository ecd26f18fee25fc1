package io.dsbench.etcd;

import io.dsbench.lin.patterns.QuorumLinearizabilityVerification;
import io.dsbench.spi.Backend;

/** The kit's {@link QuorumLinearizabilityVerification} against a real single etcd member (shared by every kit class). */
class EtcdQuorumLinearizabilityKitIT extends QuorumLinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across kit classes; stopped when the JVM exits
    }
}
