package io.dsbench.etcd;

import io.dsbench.conformance.TwoPhaseCommitVerification;
import io.dsbench.spi.Backend;

/** The kit's {@link TwoPhaseCommitVerification} against a real single etcd member (shared by every kit class). */
class EtcdTwoPhaseCommitKitIT extends TwoPhaseCommitVerification {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across kit classes; stopped when the JVM exits
    }
}
