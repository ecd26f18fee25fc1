package io.dsbench.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.chaos.nemesis.Fault;
import io.dsbench.chaos.run.ChaosOptions;
import io.dsbench.chaos.run.ChaosResult;
import io.dsbench.chaos.run.ChaosRunner;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CI smoke runs on real servers (about 20 s each): etcd (3 members) {@code register} while the leader is killed and
 * restarted, and redis (standalone) {@code register} while the server is paused. Each fault must be verified, the
 * history linearizable (both backends declare LINEARIZABLE_KV; etcd also DURABLE), and the outcome as declared.
 * The full matrix is a documented command (README, "Chaos").
 */
class ChaosSmokeIT {
    @TempDir
    Path results;

    private ChaosResult run(String backend, String nemesis) throws InterruptedException {
        ChaosOptions o = new ChaosOptions(backend, java.util.List.of("register"), java.util.List.of(nemesis), "primary",
                Duration.ofSeconds(20), 50, 5, 7, -1, 1_000_000, 50, 20, 0.05, 2000, results, "proxy");
        return new ChaosRunner(o, new PrintStream(System.out)).run().get(0);
    }

    private static void assertVerifiedAndValid(ChaosResult r) {
        assertThat(r.faults()).hasSize(1);
        Fault f = r.faults().get(0);
        assertThat(f.verified()).as(f.toString()).isTrue();
        assertThat(r.verdict()).as(r.message()).isEqualTo("valid");
        assertThat(r.matchesExpectation()).isTrue();
        assertThat(r.phases().get(1).ops()).as("load during the fault").isPositive();
        assertThat(r.phases().get(2).ok()).as("load after the heal").isPositive();
    }

    @Test
    void etcdRegisterUnderLeaderKill() throws Exception {
        ChaosResult r = run("etcd", "kill");
        assertVerifiedAndValid(r);
        assertThat(r.faults().get(0).evidence()).contains("gone").contains("new pid");
        assertThat(r.dir().resolve("logs")).isDirectoryContaining(p -> p.getFileName().toString().endsWith(".log"));
    }

    @Test
    void redisRegisterUnderPause() throws Exception {
        ChaosResult r = run("redis", "pause");
        assertVerifiedAndValid(r);
        assertThat(r.faults().get(0).evidence()).contains("state T");
    }
}
