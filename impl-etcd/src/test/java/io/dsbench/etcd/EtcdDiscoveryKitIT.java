package io.dsbench.etcd;

import io.dsbench.conformance.DiscoveryVerification;
import io.dsbench.spi.Backend;

/** The kit's {@link DiscoveryVerification} against a real single etcd member (shared by every kit class). */
class EtcdDiscoveryKitIT extends DiscoveryVerification {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across kit classes; stopped when the JVM exits
    }
}
