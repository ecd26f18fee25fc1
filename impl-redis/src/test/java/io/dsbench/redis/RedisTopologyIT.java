package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.dsbench.spi.Capability;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Managed topologies and durability: what each declares, and that it behaves as declared. */
class RedisTopologyIT {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void sentinel_declaresReplicatedNotLinearizable_andKeepsServingAfterThePrimaryDies() throws Exception {
        BackendConfig cfg = BackendConfig.builder("redis").option("topology", "sentinel")
                .operationTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build();
        try (RedisBackend b = (RedisBackend) Backends.open(cfg)) {
            assertThat(b.capabilities()).contains(Capability.REPLICATED, Capability.SERVER_SIDE_EXPIRY)
                    .doesNotContain(Capability.LINEARIZABLE_KV, Capability.LINEARIZABLE_LOCKS,
                            Capability.LINEARIZABLE_IDEMPOTENCY, Capability.WATCH, Capability.DURABLE);
            assertThat(b.undeclaredReasons().get(Capability.LINEARIZABLE_KV)).contains("Sentinel failover");
            assertThat(b.describe()).contains("sentinel (managed)").contains("sentinel master 'mymaster'");
            KeyValueStore kv = b.keyValue("failover");
            kv.put("k", utf8("before"));
            RedisDeployment d = b.deployment().orElseThrow();
            RedisServerProcess old = d.primary();
            long t0 = System.nanoTime();
            old.kill();
            // calls fail (naming the sentinel master) until the Sentinels promote a replica, then succeed again
            long recovered = -1;
            int failures = 0;
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                try {
                    kv.put("k", utf8("after"));
                    recovered = System.nanoTime() - t0;
                    break;
                } catch (BackendException e) {
                    failures++;
                    assertThat(e.getMessage()).contains("sentinel master 'mymaster'");
                    Thread.sleep(50);
                }
            }
            System.out.printf("sentinel backend: writes resumed %d ms after SIGKILL of the primary (%d failed calls)%n",
                    recovered / 1_000_000, failures);
            assertThat(recovered).as("writes resume after failover").isPositive();
            assertThat(d.currentPrimary()).isNotSameAs(old);
            assertThat(new String(kv.get("k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("after");
        }
    }

    @Test
    void sentinelWithPassword_authenticatesToTheDataServers() throws Exception {
        String secret = "topo-Pw-77";
        try (RedisBackend b = (RedisBackend) Backends.open(BackendConfig.builder("redis").option("topology", "sentinel")
                .password(secret).build())) {
            b.keyValue("pw").put("k", utf8("v"));
            RedisDeployment d = b.deployment().orElseThrow();
            Object noAuth = io.dsbench.redis.launcher.RespClient.command("127.0.0.1", d.primary().port(),
                    Duration.ofSeconds(2), "GET", "x");
            assertThat(String.valueOf(noAuth)).contains("NOAUTH");
            assertThat(b.describe() + b).doesNotContain(secret);
        }
    }

    @Test
    void replicated_isNotLinearizableNorReplicated() {
        try (RedisBackend b = (RedisBackend) Backends.open(BackendConfig.builder("redis")
                .option("topology", "replicated").build())) {
            assertThat(b.capabilities()).containsExactlyInAnyOrder(Capability.SERVER_SIDE_EXPIRY, Capability.FAULTS);
            assertThat(b.describe()).contains("replicated (managed)").contains("+ replicas");
            b.keyValue("r").put("k", utf8("v"));
        }
    }

    @Test
    void aofAlways_declaresDurable_andTheLogSurvivesRestartAndSigkill() {
        try (RedisBackend b = (RedisBackend) Backends.open(BackendConfig.builder("redis")
                .option("durability", "aof-always").build())) {
            assertThat(b.capabilities()).contains(Capability.DURABLE, Capability.LINEARIZABLE_KV);
            assertThat(b.describe()).contains("appendfsync always");
            DurableLog log = b.log("durable");
            for (int i = 1; i <= 10; i++) {
                assertThat(log.append(utf8("r" + i))).isEqualTo(i);
            }
            b.restartServer();
            assertThat(log.lastSequence()).isEqualTo(10);
            assertThat(log.append(utf8("r11"))).isEqualTo(11);
            RedisServerProcess p = b.deployment().orElseThrow().primary();
            p.kill();
            p.startAgain();
            assertThat(log.read(1, 100)).hasSize(11);
            assertThat(new String(log.read(11, 1).get(0).payload(), StandardCharsets.UTF_8)).isEqualTo("r11");
        }
    }

    @Test
    void dataDir_keepsTheLogAcrossCloseAndReopen() throws Exception {
        Path dir = Files.createTempDirectory("dsbench-redis-datadir-");
        try {
            BackendConfig cfg = BackendConfig.builder("redis").option("durability", "aof-always")
                    .option("dataDir", dir.toString()).keyPrefix("dsbench/reopen").build();
            try (RedisBackend b = (RedisBackend) Backends.open(cfg)) {
                b.log("l").append(utf8("one"));
                b.log("l").append(utf8("two"));
            }
            try (RedisBackend b = (RedisBackend) Backends.open(cfg)) {
                assertThat(b.log("l").lastSequence()).isEqualTo(2);
                assertThat(b.log("l").append(utf8("three"))).isEqualTo(3);
            }
        } finally {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    @Test
    void inMemory_doesNotDeclareDurable_andForgetsOnRestart() {
        try (RedisBackend b = (RedisBackend) Backends.open(BackendConfig.managed("redis"))) {
            assertThat(b.capabilities()).doesNotContain(Capability.DURABLE);
            b.log("l").append(utf8("x"));
            b.restartServer();
            assertThat(b.log("l").lastSequence()).isZero();
        }
    }
}
