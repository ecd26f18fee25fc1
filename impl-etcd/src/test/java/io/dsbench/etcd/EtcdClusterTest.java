package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Finding the etcd binary and validating launcher settings (no server needed). */
class EtcdClusterTest {
    @Test
    void missingBinaryNamesTheInstallCommand() {
        assertThatThrownBy(() -> EtcdCluster.findBinary(Map.of("PATH", "/nonexistent-dir")))
                .isInstanceOf(BackendException.class)
                .hasMessageContaining("apt-get install -y etcd-server").hasMessageContaining("DSBENCH_ETCD");
    }

    @Test
    void envVariableMustNameAnExecutable() {
        assertThatThrownBy(() -> EtcdCluster.findBinary(Map.of("DSBENCH_ETCD", "/nonexistent/etcd")))
                .isInstanceOf(BackendException.class).hasMessageContaining("/nonexistent/etcd");
    }

    @Test
    void envVariableWinsOverPath() {
        assertThat(EtcdCluster.findBinary(Map.of("DSBENCH_ETCD", "/bin/sh", "PATH", "/usr/bin")))
                .isEqualTo(Path.of("/bin/sh"));
    }

    @Test
    void aBinaryThatExitsFailsFastWithItsLog() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> EtcdCluster.builder().binary(Path.of("/bin/false")).start())
                .isInstanceOf(BackendException.class).hasMessageContaining("exited during start-up")
                .hasMessageContaining("e1");
        assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(5_000);
    }

    @Test
    void memberCountAndElectionTimingAreValidated() {
        assertThatThrownBy(() -> EtcdCluster.builder().members(2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("members = 2");
        assertThatThrownBy(() -> EtcdCluster.builder().heartbeatInterval(java.time.Duration.ofMillis(100))
                .electionTimeout(java.time.Duration.ofMillis(200)).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("electionTimeout");
    }
}
