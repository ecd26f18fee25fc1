package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** run.json of {@code dsbench chaos} names the chaos backend with the version and topology of what it started. */
class ChaosCommandBackendInfoTest {
    @Test
    void theDeploymentStartedGivesVersionAndTopology() {
        RunRecord.BackendInfo i = ChaosCommand.backendInfos("redis-sentinel",
                List.of("redis 7.0.15 sentinel mymaster: primary 127.0.0.1:1, 2 replicas, 3 sentinels")).get(0);
        assertThat(i.name()).isEqualTo("redis-sentinel");
        assertThat(i.serverVersion()).isEqualTo("7.0.15");
        assertThat(i.topology()).startsWith("sentinel mymaster");
        RunRecord.BackendInfo e = ChaosCommand.backendInfos("etcd",
                List.of("etcd 3.4.23 5 members (managed) on 127.0.0.1:1, linearizable reads")).get(0);
        assertThat(e.serverVersion()).isEqualTo("3.4.23");
        assertThat(e.topology()).startsWith("5 members");
    }

    @Test
    void nothingStartedLeavesThemEmpty() {
        RunRecord.BackendInfo i = ChaosCommand.backendInfos("etcd", List.of()).get(0);
        assertThat(i.name()).isEqualTo("etcd");
        assertThat(i.serverVersion()).isNull();
    }
}
