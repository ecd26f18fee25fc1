package io.dsbench.etcd;

import io.dsbench.conformance.IdempotencyVerification;
import io.dsbench.spi.Backend;

/** The kit's {@link IdempotencyVerification} against a real single etcd member (shared by every kit class). */
class EtcdIdempotencyKitIT extends IdempotencyVerification {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across kit classes; stopped when the JVM exits
    }
}
