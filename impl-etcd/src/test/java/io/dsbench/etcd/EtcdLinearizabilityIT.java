package io.dsbench.etcd;

import io.dsbench.lin.kit.LinearizabilityVerification;
import io.dsbench.spi.Backend;

/**
 * The kit's linearizability rules (LIN-KV, LIN-LOCK, LIN-IDEM) against a real single etcd member with the
 * default linearizable reads (shared by every kit class).
 */
class EtcdLinearizabilityIT extends LinearizabilityVerification {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across kit classes; stopped when the JVM exits
    }
}
