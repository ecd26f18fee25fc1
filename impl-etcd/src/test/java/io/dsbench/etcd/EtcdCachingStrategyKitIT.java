package io.dsbench.etcd;

import io.dsbench.conformance.CachingStrategyVerification;
import io.dsbench.spi.Backend;

/** The kit's {@link CachingStrategyVerification} against a real single etcd member (shared by every kit class). */
class EtcdCachingStrategyKitIT extends CachingStrategyVerification {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across kit classes; stopped when the JVM exits
    }
}
