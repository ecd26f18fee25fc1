package io.dsbench.etcd;

import io.dsbench.conformance.RegistryVerification;
import io.dsbench.spi.Backend;

/** The kit's {@link RegistryVerification} against a real single etcd member (shared by every kit class). */
class EtcdRegistryKitIT extends RegistryVerification {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across kit classes; stopped when the JVM exits
    }
}
