package io.dsbench.etcd;

import io.dsbench.lin.kit.LinearizabilityVerification;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Capability;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit's linearizability rules against a managed 3-member cluster whose leader is killed (SIGKILL) about
 * 300 ms into every rule's workload and restarted once a new leader is elected. Operations that fail during
 * the election are recorded as {@code :info} when they may have taken effect; the histories must still check
 * as linearizable.
 */
class EtcdClusterLinearizabilityIT extends LinearizabilityVerification {
    private Thread nemesis;
    private final AtomicReference<Throwable> nemesisError = new AtomicReference<>();

    @Override
    protected Backend openBackend() {
        EtcdBackend b = EtcdBackend.open(BackendConfig.builder("etcd").option("members", "3")
                .operationTimeout(Duration.ofSeconds(2)).build());
        assertThat(b.capabilities()).contains(Capability.REPLICATED, Capability.LINEARIZABLE_KV);
        return b;
    }

    @BeforeEach
    void killTheLeaderDuringTheWorkload(org.junit.jupiter.api.TestInfo info) {
        EtcdCluster cluster = ((EtcdBackend) backend).cluster().orElseThrow();
        cluster.awaitLeader(Duration.ofSeconds(15));
        if (info.getDisplayName().contains("LINKVKILL")) {
            nemesis = new Thread(() -> { }, "etcd-nemesis-none"); // LIN-KV-KILL kills the leader itself
            nemesis.start();
            return;
        }
        nemesis = new Thread(() -> {
            try {
                Thread.sleep(300);
                EtcdMember leader = cluster.leader().orElseThrow();
                long t0 = System.nanoTime();
                leader.kill();
                EtcdMember next = cluster.awaitLeader(Duration.ofSeconds(10));
                System.out.println("[dsbench-etcd] nemesis: killed leader " + leader.name() + ", new leader "
                        + next.name() + " after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
                leader.restart();
            } catch (Throwable t) {
                nemesisError.set(t);
            }
        }, "etcd-nemesis");
        nemesis.start();
    }

    @AfterEach
    void healTheCluster() throws InterruptedException {
        nemesis.join(20_000);
        assertThat(nemesis.isAlive()).as("nemesis finished").isFalse();
        assertThat(nemesisError.get()).as("nemesis error").isNull();
        ((EtcdBackend) backend).cluster().orElseThrow().awaitLeader(Duration.ofSeconds(15));
    }
}
