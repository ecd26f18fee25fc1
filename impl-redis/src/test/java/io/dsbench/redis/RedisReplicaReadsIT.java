package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.lin.checker.FailMode;
import io.dsbench.lin.consistency.ConsistencyLadder;
import io.dsbench.lin.consistency.ConsistencyModel;
import io.dsbench.lin.consistency.ModelCheck;
import io.dsbench.lin.history.HistoryRecorder;
import io.dsbench.lin.model.VersionedKvModel;
import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Option {@code readFrom=replica}: KeyValueStore gets are served by a replica. The stale read is forced, not hoped
 * for: once the replica has the first write, the test detaches it from its primary ({@code REPLICAOF NO ONE} on the
 * replica, which keeps its data and serves reads), so the next write cannot reach it and the writer's own read
 * returns the old version. The consistency ladder of that history names the read-your-writes violation.
 */
class RedisReplicaReadsIT {

    @Test
    void replicaReads_loseReadYourWrites_andTheLadderShowsIt() throws Exception {
        try (RedisBackend b = (RedisBackend) Backends.open(BackendConfig.builder("redis")
                .option("topology", "replicated").option("readFrom", "replica").build())) {
            RedisServerProcess replica = b.deployment().orElseThrow().replicas().get(0);
            assertThat(b.describe()).contains("KV gets read from replica " + replica.address());
            KeyValueStore kv = b.keyValue("ryw");
            HistoryRecorder rec = new HistoryRecorder();
            HistoryRecorder.Client c = rec.client();
            c.invoke("put", "a", "v1");
            long v1 = kv.put("a", "v1".getBytes(StandardCharsets.UTF_8));
            c.ok(v1);
            // the replica has the first write (awaited), then stops following the primary
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> kv.get("a").map(Versioned::version)
                    .orElse(0L) == v1);
            replica.command(Duration.ofSeconds(5), "REPLICAOF", "NO", "ONE");
            c.invoke("put", "a", "v2");
            long v2 = kv.put("a", "v2".getBytes(StandardCharsets.UTF_8));
            c.ok(v2);
            c.invoke("get", "a", null);
            Optional<Versioned> got = kv.get("a");
            c.ok(got.map(x -> (Object) List.of(new String(x.value(), StandardCharsets.UTF_8), x.version())).orElse(null));
            assertThat(got).map(Versioned::version).contains(v1);

            ConsistencyLadder.Ladder l = ConsistencyLadder.defaults().of(rec.history(), new VersionedKvModel(),
                    FailMode.DROP);
            assertThat(l.strongest()).isEqualTo("monotonic-reads+monotonic-writes+writes-follow-reads");
            ModelCheck ryw = l.get(ConsistencyModel.READ_YOUR_WRITES);
            assertThat(ryw.status()).isEqualTo(ModelCheck.Status.VIOLATED);
            assertThat(ryw.first().explanation()).contains("wrote \"a\" at version " + v2 + ", then read it at version "
                    + v1);
            assertThat(l.staleness().maxVersions()).isEqualTo(1);
        }
    }

    @Test
    void replicaReadsNeedReplicas() {
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").option("readFrom", "replica").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readFrom=replica needs replicas");
        assertThatThrownBy(() -> Backends.open(BackendConfig.builder("redis").option("readFrom", "nearest").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not one of primary, replica");
    }
}
