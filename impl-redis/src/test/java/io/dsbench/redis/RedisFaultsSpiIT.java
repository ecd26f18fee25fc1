package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.spi.Capability;
import io.dsbench.spi.Faults;
import io.dsbench.spi.Faults.Role;
import io.dsbench.spi.Faults.State;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code RedisBackend.faults()} on every managed topology: member names, roles and states, and that the backend's own
 * client works again after each fault (it reconnects; nothing is reopened).
 */
class RedisFaultsSpiIT {
    private static final Duration MAX = Duration.ofSeconds(30);

    private static Backend open(String topology) {
        return Backends.open(BackendConfig.builder("redis").option("topology", topology)
                .operationTimeout(Duration.ofMillis(800)).build());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(Faults f, Role role) {
        return f.members().stream().filter(m -> m.role() == role).map(Faults.Member::name).toList();
    }

    @Test
    void standalone_pauseKillStart_andTheClientWorksAgain() {
        try (Backend b = open("standalone")) {
            assertThat(b.capabilities()).contains(Capability.FAULTS);
            Faults f = b.faults().orElseThrow();
            assertThat(f.members()).extracting(Faults.Member::name, Faults.Member::role, Faults.Member::state)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("node0", Role.PRIMARY, State.RUNNING));
            KeyValueStore kv = b.keyValue("faults-spi");
            kv.put("k", utf8("v"));

            f.pause("node0");
            assertThat(f.members().get(0).state()).isEqualTo(State.PAUSED);
            assertThatThrownBy(() -> kv.get("k")).isInstanceOf(BackendException.class);
            f.resume("node0");
            await().atMost(MAX).ignoreExceptions().until(() -> kv.get("k").isPresent());

            f.kill("node0");
            assertThat(f.members().get(0).state()).isEqualTo(State.KILLED);
            assertThatThrownBy(() -> kv.get("k")).isInstanceOf(BackendException.class);
            f.start("node0", MAX);
            assertThat(kv.get("k")).as("no persistence: the kill lost the key").isEmpty();
            assertThat(kv.put("k", utf8("again"))).isPositive();
            assertThatThrownBy(() -> f.kill("node9")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("node0");
        }
    }

    @Test
    void replicated_rolesAndRestarts() {
        try (Backend b = open("replicated")) {
            Faults f = b.faults().orElseThrow();
            assertThat(names(f, Role.PRIMARY)).containsExactly("node0");
            assertThat(names(f, Role.REPLICA)).containsExactly("node1", "node2");
            f.kill("node1");
            assertThat(f.members().get(1).state()).isEqualTo(State.KILLED);
            assertThat(b.keyValue("faults-spi").put("k", utf8("v"))).isPositive();
            f.start("node1", MAX);
            assertThat(names(f, Role.REPLICA)).containsExactly("node1", "node2");
            f.restartAll(MAX);
            assertThat(f.members()).allMatch(m -> m.state() == State.RUNNING);
            assertThat(b.keyValue("faults-spi").put("k", utf8("after"))).isPositive();
        }
    }

    @Test
    void sentinel_killingThePrimaryPromotesAReplica_andTheClientFollows() {
        try (Backend b = open("sentinel")) {
            Faults f = b.faults().orElseThrow();
            assertThat(names(f, Role.SENTINEL)).containsExactly("sentinel0", "sentinel1", "sentinel2");
            assertThat(f.writer().name()).isEqualTo("node0");
            KeyValueStore kv = b.keyValue("faults-spi");
            long before = kv.put("k", utf8("v"));
            f.kill("node0");
            await().atMost(MAX).ignoreExceptions().until(() -> !f.writer().name().equals("node0"));
            long after = await().atMost(MAX).ignoreExceptions().until(() -> kv.put("k", utf8("w")), v -> v > 0);
            assertThat(after).as("version after the failover").isGreaterThan(before);
            f.start("node0", MAX);
            await().atMost(MAX).until(() -> f.members().get(0).role() == Role.REPLICA);
            f.restartAll(MAX);
            assertThat(kv.put("k", utf8("x"))).isPositive();
        }
    }
}
