package io.dsbench.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import io.dsbench.spi.Faults.Role;
import io.dsbench.spi.Faults.State;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * {@code EtcdBackend.faults()} on a 5-member cluster: one LEADER and four FOLLOWERs; killing the leader elects
 * another, the backend's own client keeps working, and the killed member rejoins; pause and resume a follower.
 */
class EtcdFaultsSpiIT {
    private static final Duration MAX = Duration.ofSeconds(30);

    @Test
    void fiveMembers_killTheLeader_pauseAFollower() {
        try (Backend b = EtcdBackend.open(BackendConfig.builder("etcd").option("members", "5").build())) {
            assertThat(b.capabilities()).contains(Capability.FAULTS, Capability.REPLICATED);
            Faults f = b.faults().orElseThrow();
            assertThat(f.members()).extracting(Faults.Member::name).containsExactly("e1", "e2", "e3", "e4", "e5");
            assertThat(f.members()).filteredOn(m -> m.role() == Role.LEADER).hasSize(1);
            assertThat(f.members()).filteredOn(m -> m.role() == Role.FOLLOWER).hasSize(4);
            KeyValueStore kv = b.keyValue("faults-spi");
            long v1 = kv.put("k", "v".getBytes(StandardCharsets.UTF_8));

            Faults.Member leader = f.writer();
            f.kill(leader.name());
            long v2 = await().atMost(MAX).ignoreExceptions()
                    .until(() -> kv.put("k", "w".getBytes(StandardCharsets.UTF_8)), v -> v > 0);
            assertThat(v2).isGreaterThan(v1);
            assertThat(f.require(leader.name()).state()).isEqualTo(State.KILLED);
            f.start(leader.name(), MAX);
            assertThat(f.members()).allMatch(m -> m.state() == State.RUNNING);

            Faults.Member follower = f.members().stream().filter(m -> m.role() == Role.FOLLOWER).findFirst()
                    .orElseThrow();
            f.pause(follower.name());
            assertThat(f.require(follower.name()).state()).isEqualTo(State.PAUSED);
            await().atMost(MAX).ignoreExceptions().until(() -> kv.get("k").isPresent());
            f.resume(follower.name());
            f.restartAll(MAX);
            assertThat(new String(kv.get("k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("w");
        }
    }
}
