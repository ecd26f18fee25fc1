package io.dsbench.redis.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Starts real redis-server topologies and exercises the process faults chaos runs rely on. */
class RedisLauncherIT {
    private static final Duration T = Duration.ofSeconds(2);

    @Test
    void standalone_startsAnswersAndStopsWithoutLeftovers() throws Exception {
        Path root;
        long pid;
        try (RedisDeployment d = RedisLauncher.standalone()) {
            RedisServerProcess p = d.primary();
            System.out.printf("standalone startup: %d ms (%s)%n", d.startupTime().toMillis(), d.describe());
            assertThat(p.ping(T)).isTrue();
            assertThat(p.command(T, "SET", "k", "v")).isEqualTo("OK");
            assertThat(p.command(T, "GET", "k")).isEqualTo("v");
            assertThat(p.command(T, "CONFIG", "GET", "appendonly")).isEqualTo(List.of("appendonly", "no"));
            assertThat(p.command(T, "CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
            assertThat(d.version()).matches("\\d+\\.\\d+\\.\\d+");
            assertThat(p.logTail(5)).contains("Ready to accept connections");
            root = d.root();
            pid = p.pid();
            assertThat(pid).isPositive();
            assertThat(ProcessHandle.of(pid)).isPresent();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(Files.exists(root)).isFalse();
    }

    @Test
    void kill_pause_resume_restart_actOnTheProcess() throws Exception {
        try (RedisDeployment d = RedisLauncher.standalone()) {
            RedisServerProcess p = d.primary();
            p.pause();
            assertThat(p.isPaused()).isTrue();
            assertThat(p.ping(Duration.ofMillis(300))).as("a SIGSTOPped server must not answer").isFalse();
            p.resume();
            assertThat(p.ping(T)).isTrue();
            long oldPid = p.pid();
            p.kill();
            assertThat(p.isAlive()).isFalse();
            assertThat(p.ping(Duration.ofMillis(300))).isFalse();
            p.startAgain();
            assertThat(p.pid()).isNotEqualTo(oldPid);
            assertThat(p.ping(T)).isTrue();
            p.restart();
            assertThat(p.ping(T)).isTrue();
            // a paused server is stopped cleanly too
            p.pause();
        }
    }

    @Test
    void durableServer_keepsAcknowledgedWritesAcrossSigkill() throws Exception {
        RedisLaunchOptions o = RedisLaunchOptions.builder().durability(RedisLaunchOptions.Durability.AOF_ALWAYS).build();
        try (RedisDeployment d = RedisLauncher.start(o)) {
            RedisServerProcess p = d.primary();
            assertThat(p.command(T, "CONFIG", "GET", "appendfsync")).isEqualTo(List.of("appendfsync", "always"));
            for (int i = 0; i < 20; i++) {
                p.command(T, "RPUSH", "list", "v" + i);
            }
            p.kill();
            p.startAgain();
            assertThat(p.command(T, "LLEN", "list")).isEqualTo(20L);
        }
    }

    @Test
    void password_isRequiredAndNotInTheOptionsText() throws Exception {
        RedisLaunchOptions o = RedisLaunchOptions.builder().password("s3cret-pw").build();
        assertThat(o.toString()).doesNotContain("s3cret-pw");
        try (RedisDeployment d = RedisLauncher.start(o)) {
            Object noAuth = RespClient.command("127.0.0.1", d.primary().port(), T, "GET", "x");
            assertThat(noAuth).isInstanceOf(RespClient.ErrorReply.class);
            assertThat(noAuth.toString()).contains("NOAUTH");
            assertThat(d.primary().ping(T)).isTrue();
            // the password reaches the server on its stdin: no file holds it (issue 11 item 2), and a restart
            // gives it again
            try (var files = java.nio.file.Files.walk(d.root())) {
                for (java.nio.file.Path f : files.filter(java.nio.file.Files::isRegularFile).toList()) {
                    assertThat(java.nio.file.Files.readString(f, java.nio.charset.StandardCharsets.ISO_8859_1))
                            .as(f.toString()).doesNotContain("s3cret-pw");
                }
            }
            d.primary().restart();
            assertThat(RespClient.command("127.0.0.1", d.primary().port(), T, "GET", "x").toString())
                    .contains("NOAUTH");
            assertThat(d.primary().ping(T)).isTrue();
        }
    }

    @Test
    void replicated_replicasFollowThePrimary() throws Exception {
        try (RedisDeployment d = RedisLauncher.start(
                RedisLaunchOptions.builder().topology(RedisLaunchOptions.Topology.REPLICATED).build())) {
            System.out.printf("replicated startup: %d ms (%s)%n", d.startupTime().toMillis(), d.describe());
            assertThat(d.replicas()).hasSize(2);
            d.primary().command(T, "SET", "k", "replicated");
            for (RedisServerProcess r : d.replicas()) {
                Map<String, String> info = r.info("replication");
                assertThat(info.get("role")).isEqualTo("slave");
                assertThat(info.get("master_port")).isEqualTo(Integer.toString(d.primary().port()));
                long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
                while (!"replicated".equals(r.command(T, "GET", "k")) && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                }
                assertThat(r.command(T, "GET", "k")).isEqualTo("replicated");
            }
        }
    }

    @Test
    void sentinel_failsOverAfterThePrimaryIsKilled() throws Exception {
        try (RedisDeployment d = RedisLauncher.start(
                RedisLaunchOptions.builder().topology(RedisLaunchOptions.Topology.SENTINEL).build())) {
            System.out.printf("sentinel startup: %d ms (%s)%n", d.startupTime().toMillis(), d.describe());
            assertThat(d.sentinels()).hasSize(3);
            assertThat(d.currentPrimary()).isSameAs(d.primary());
            assertThat(d.endpoints()).hasSize(3).allMatch(u -> u.startsWith("redis-sentinel://127.0.0.1:"));
            // the deployment's endpoints open an external backend that follows the Sentinels
            io.dsbench.spi.Backend external = io.dsbench.spi.Backends.open(io.dsbench.spi.BackendConfig
                    .builder("redis").endpoints(d.endpoints()).build());
            RedisServerProcess old = d.primary();
            long t0 = System.nanoTime();
            old.kill();
            RedisServerProcess next = d.awaitFailover(old, Duration.ofSeconds(20));
            System.out.printf("sentinel failover after SIGKILL: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertThat(next).isNotSameAs(old);
            assertThat(d.replicas()).contains(next);
            assertThat(next.command(T, "SET", "after", "failover")).isEqualTo("OK");
            assertThat(d.currentPrimary()).isSameAs(next);
            try (external) {
                assertThat(external.capabilities()).contains(io.dsbench.spi.Capability.REPLICATED);
                long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (true) {
                    try {
                        external.keyValue("kv").put("k", new byte[] {1});
                        break;
                    } catch (io.dsbench.spec.BackendException e) {
                        assertThat(System.nanoTime()).as("writes through the Sentinels resume: " + e).isLessThan(deadline);
                        Thread.sleep(50);
                    }
                }
                assertThat(next.command(T, "KEYS", "*")).asList().isNotEmpty();
            }
        }
    }

    @Test
    void missingBinary_failsWithTheInstallCommand() {
        RedisLaunchOptions o = RedisLaunchOptions.builder().binary(Path.of("/nonexistent/redis-server")).build();
        assertThatThrownBy(() -> RedisLauncher.start(o)).isInstanceOf(RedisLaunchException.class)
                .hasMessageContaining("/nonexistent/redis-server");
        assertThat(RedisLauncher.INSTALL_HINT).contains("apt-get install -y redis-server");
    }

    @Test
    void badConfig_failsWithTheLogTail() {
        RedisLaunchOptions o = RedisLaunchOptions.builder().extraConfig("no-such-directive yes").build();
        assertThatThrownBy(() -> RedisLauncher.start(o)).isInstanceOf(RedisLaunchException.class)
                .hasMessageContaining("exited with code").hasMessageContaining("no-such-directive");
    }
}
