package io.dsbench.etcd;

import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Capability;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's fault operations on real clusters, and managed multi-member mode. */
class EtcdClusterIT {
    @Test
    void pausedLeaderIsReplacedAndRejoinsAsFollower() {
        long t0 = System.nanoTime();
        try (EtcdCluster c = EtcdCluster.builder().members(3).start()) {
            System.out.println("[dsbench-etcd] 3 members up in " + (System.nanoTime() - t0) / 1_000_000 + " ms: " + c);
            EtcdMember leader = c.leader().orElseThrow();
            assertThat(leader.pid()).isPositive();
            long p0 = System.nanoTime();
            leader.pause();
            assertThat(leader.isPaused()).isTrue();
            EtcdMember next = c.awaitLeader(Duration.ofSeconds(10));
            long electionMs = (System.nanoTime() - p0) / 1_000_000;
            assertThat(next).isNotSameAs(leader);
            leader.resume();
            EtcdMember after = c.awaitLeader(Duration.ofSeconds(10));
            assertThat(leader.healthy(Duration.ofSeconds(2))).isTrue();
            System.out.println("[dsbench-etcd] SIGSTOP of leader " + leader.name() + ": new leader " + next.name()
                    + " after " + electionMs + " ms; after SIGCONT the leader is " + after.name());
            assertThat(leader.logTail(5)).isNotBlank();
        }
    }

    @Test
    void fiveMembersSurviveTwoKilledMembers() {
        long t0 = System.nanoTime();
        try (EtcdCluster c = EtcdCluster.builder().members(5).start()) {
            System.out.println("[dsbench-etcd] 5 members up in " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            EtcdMember leader = c.leader().orElseThrow();
            EtcdMember follower = c.members().stream().filter(m -> m != leader).findFirst().orElseThrow();
            long k0 = System.nanoTime();
            leader.kill();
            follower.kill();
            EtcdMember next = c.awaitLeader(Duration.ofSeconds(10));
            System.out.println("[dsbench-etcd] 5 members, leader + 1 follower killed: new leader " + next.name()
                    + " after " + (System.nanoTime() - k0) / 1_000_000 + " ms");
            assertThat(next).isNotIn(leader, follower);
            assertThat(c.members().stream().filter(EtcdMember::isRunning).count()).isEqualTo(3);
        }
    }

    @Test
    void managedThreeMembersDeclareReplicatedAndStopOnClose() {
        EtcdCluster cluster;
        try (EtcdBackend b = EtcdBackend.open(BackendConfig.builder("etcd").option("members", "3").build())) {
            assertThat(b.capabilities()).contains(Capability.REPLICATED);
            assertThat(b.describe()).contains("3 members (managed)");
            cluster = b.cluster().orElseThrow();
            b.keyValue("m3").put("k", "v".getBytes(StandardCharsets.UTF_8));
            assertThat(b.keyValue("m3").get("k")).isPresent();
        }
        for (EtcdMember m : cluster.members()) {
            assertThat(m.isRunning()).as(m.name() + " stopped").isFalse();
            assertThat(m.dataDir()).doesNotExist();
        }
    }

    @Test
    void serializableReadsAreADeclaredOption() {
        EtcdBackend shared = SharedEtcd.backend();
        try (EtcdBackend b = EtcdBackend.open(BackendConfig.builder("etcd")
                .endpoints(shared.cluster().orElseThrow().clientUrls()).option("reads", "serializable").build())) {
            assertThat(b.capabilities()).doesNotContain(Capability.LINEARIZABLE_KV)
                    .contains(Capability.LINEARIZABLE_LOCKS);
            assertThat(b.describe()).contains("serializable reads").doesNotContain("(managed)");
            long v = b.keyValue("ser").put("k", new byte[] {7});
            // a single member applies before it answers, so even a serializable read sees the write here
            assertThat(b.keyValue("ser").get("k").orElseThrow().version()).isEqualTo(v);
        }
    }
}
