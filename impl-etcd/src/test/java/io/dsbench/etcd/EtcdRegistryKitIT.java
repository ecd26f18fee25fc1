package io.dsbench.etcd;

import io.dsbench.conformance.RegistryVerification;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.CompactOption;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

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

    /** REG-16: compacts the member's history up to the current revision, so a lagging watch cannot resume. */
    @Override
    protected void compactWatchHistory(ServiceRegistry registry) {
        try (Client c = Client.builder().endpoints(SharedEtcd.backend().cluster().orElseThrow().clientUrls()
                .toArray(new String[0])).build()) {
            long rev = c.getKVClient().get(ByteSequence.from("compact-probe", StandardCharsets.UTF_8))
                    .get(10, TimeUnit.SECONDS).getHeader().getRevision();
            c.getKVClient().compact(rev, CompactOption.builder().withCompactPhysical(true).build())
                    .get(10, TimeUnit.SECONDS);
            System.out.println("REG-16: etcd history compacted up to revision " + rev);
        } catch (Exception e) {
            throw new AssertionError("REG-16: could not compact etcd's history: " + e, e);
        }
    }
}
