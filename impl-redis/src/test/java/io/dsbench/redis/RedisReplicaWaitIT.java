package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Option {@code waitReplicas=N} ({@code waitTimeoutMs=T}): every write on the shared connection is followed by
 * {@code WAIT N T}. With both replicas linked the write is acknowledged (WAIT returned 2) and each replica has it the
 * moment the call returns; with both replicas frozen (SIGSTOP) WAIT returns 0, so the write's outcome is unknown to
 * the caller: TIMEOUT, may have taken effect, and it did (the primary has it). Without the option the same write is
 * acknowledged by the primary alone.
 */
class RedisReplicaWaitIT {
    private static final String PREFIX = "dsbench/wait-it";

    @Test
    void waitForAllReplicas_acknowledgesOnlyWhatEveryReplicaHas() throws Exception {
        try (RedisBackend async = (RedisBackend) Backends.open(BackendConfig.builder("redis")
                .option("topology", "replicated").keyPrefix(PREFIX).build())) {
            var d = async.deployment().orElseThrow();
            try (Backend sync = Backends.open(BackendConfig.builder("redis").endpoints(d.endpoints())
                    .option("waitReplicas", "2").option("waitTimeoutMs", "1000").keyPrefix(PREFIX).build())) {
                KeyValueStore kv = sync.keyValue("wait");
                long v1 = kv.put("a", bytes("v1"));
                // acknowledged after WAIT 2: both replicas have it now, no waiting
                for (RedisServerProcess r : d.replicas()) {
                    assertThat(replicaVersion(r, "wait", "a")).isEqualTo(v1);
                }

                for (RedisServerProcess r : d.replicas()) {
                    r.pause();
                }
                try {
                    assertThatThrownBy(() -> kv.put("a", bytes("v2")))
                            .isInstanceOfSatisfying(BackendException.class, e -> {
                                assertThat(e.kind()).isEqualTo(BackendException.Kind.TIMEOUT);
                                assertThat(e.mayHaveTakenEffect()).isTrue();
                            })
                            .hasMessageContaining("0 of the 2 replicas");
                    // applied on the primary all the same (only its replication is unconfirmed)
                    Optional<Versioned> onPrimary = async.keyValue("wait").get("a");
                    assertThat(onPrimary).map(v -> new String(v.value(), StandardCharsets.UTF_8)).contains("v2");
                    // the primary alone acknowledges without the option
                    assertThat(async.keyValue("wait").put("b", bytes("x"))).isPositive();
                } finally {
                    for (RedisServerProcess r : d.replicas()) {
                        r.resume();
                    }
                }
            }
        }
    }

    @Test
    void waitReplicasNeedsReplicas_andSaneValues() {
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").option("waitReplicas", "1").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waitReplicas=1 needs replicas");
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").option("topology", "replicated")
                .option("waitReplicas", "3").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 2 replicas");
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").option("topology", "replicated")
                .option("waitReplicas", "2").option("waitTimeoutMs", "0").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("waitTimeoutMs");
    }

    /** The version the replica holds for a KV key of the default key prefix, read with its own RESP client. */
    private static long replicaVersion(RedisServerProcess replica, String ns, String key) throws Exception {
        Object r = replica.command(Duration.ofSeconds(5), "HGET", PREFIX + "/kv/" + ns + "/d/" + key, "n");
        return r == null ? 0 : Long.parseLong(String.valueOf(r));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
