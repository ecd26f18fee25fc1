package io.dsbench.etcd;

import io.dsbench.lin.kit.FullKitSuite;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.CompactOption;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import io.dsbench.spi.BackendConfig;
import java.time.Duration;

/**
 * The whole conformance kit (every kit class, LIN rules included) against a real single etcd member shared
 * by every IT class. LOG-4 restarts the member for real: SIGKILL (no clean shutdown), start again on the same
 * data directory and ports, then a new backend instance (external mode, same key prefix) reads the log.
 */
class EtcdKitIT extends FullKitSuite {
    @Override
    protected Backend openBackend() {
        return SharedEtcd.shared();
    }

    @Override
    protected void closeBackend(Backend backend) {
        // shared across IT classes; stopped when the JVM exits
    }

    @Override
    protected Backend reopenBackend(Backend current) {
        EtcdBackend shared = SharedEtcd.backend();
        EtcdCluster cluster = shared.cluster().orElseThrow();
        EtcdMember m = cluster.member(0);
        m.kill();
        m.restart();
        cluster.awaitLeader(Duration.ofSeconds(20));
        return EtcdBackend.open(BackendConfig.builder("etcd").endpoints(cluster.clientUrls())
                .keyPrefix(shared.config().keyPrefix()).build());
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
