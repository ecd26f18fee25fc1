package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spi.BackendConfig;
import io.lettuce.core.RedisURI;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Endpoint parsing, options, key escaping and the instance codec: no server needed. */
class RedisConfigTest {
    private static RedisEndpoint parse(BackendConfig.Builder b) {
        BackendConfig c = b.build();
        RedisOptions.validate(c);
        return RedisEndpoint.parse(c);
    }

    private static BackendConfig.Builder ep(String... uris) {
        BackendConfig.Builder b = BackendConfig.builder("redis");
        for (String u : uris) {
            b.endpoint(u);
        }
        return b;
    }

    @Test
    void redisUri_withUserPasswordAndDb() {
        RedisEndpoint e = parse(ep("redis://alice:p%40ss@127.0.0.1:7000/3"));
        assertThat(e.kind()).isEqualTo(RedisEndpoint.Kind.STANDALONE);
        assertThat(e.address()).isEqualTo("127.0.0.1:7000");
        assertThat(e.username()).contains("alice");
        assertThat(e.password()).contains("p@ss");
        assertThat(e.database()).isEqualTo(3);
        assertThat(e.tls()).isFalse();
        assertThat(e.toString()).contains("user alice").contains("db 3").doesNotContain("p@ss");
        RedisURI u = e.toRedisUri(Duration.ofSeconds(1));
        assertThat(u.getPort()).isEqualTo(7000);
        assertThat(u.getDatabase()).isEqualTo(3);
        assertThat(u.toString()).doesNotContain("p@ss");
    }

    @Test
    void passwordOnly_andConfigCredentialsWin() {
        assertThat(parse(ep("redis://secret@h:1")).password()).contains("secret");
        assertThat(parse(ep("redis://secret@h:1")).username()).isEmpty();
        RedisEndpoint e = parse(ep("redis://u:p@h:1").username("bob").password("other"));
        assertThat(e.username()).contains("bob");
        assertThat(e.password()).contains("other");
        assertThat(parse(ep("redis://h")).address()).isEqualTo("h:6379");
    }

    @Test
    void rediss_andOptions() {
        RedisEndpoint e = parse(ep("rediss://h:6380").option("tlsVerify", "false"));
        assertThat(e.tls()).isTrue();
        assertThat(e.toString()).startsWith("rediss ");
        assertThat(e.toRedisUri(Duration.ofSeconds(1)).isSsl()).isTrue();
    }

    @Test
    void sentinelEndpoints_collectEveryHostAndTheMaster() {
        RedisEndpoint e = parse(ep("redis-sentinel://127.0.0.1:26379#m1", "redis-sentinel://127.0.0.1:26380"));
        assertThat(e.kind()).isEqualTo(RedisEndpoint.Kind.SENTINEL);
        assertThat(e.masterName()).contains("m1");
        assertThat(e.address()).isEqualTo("sentinel master 'm1' via 127.0.0.1:26379,127.0.0.1:26380");
        assertThat(e.toRedisUri(Duration.ofSeconds(1)).getSentinels()).hasSize(2);
        assertThat(parse(ep("redis-sentinel://h:1").option("sentinelMaster", "x")).masterName()).contains("x");
        assertThat(parse(ep("redis-sentinel://h:1")).masterName()).contains("mymaster");
    }

    @Test
    void badEndpoints_areRejectedNamingTheProblem_withoutThePassword() {
        assertThatThrownBy(() -> parse(ep("redis://a:1", "redis://b:2"))).hasMessageContaining("takes one redis://");
        assertThatThrownBy(() -> parse(ep("redis://a:1", "redis-sentinel://b:2"))).hasMessageContaining("mixes scheme");
        assertThatThrownBy(() -> parse(ep("memcached://a:1"))).hasMessageContaining("scheme 'memcached'");
        assertThatThrownBy(() -> parse(ep("redis://u:topsecret@a:1/abc"))).hasMessageContaining("path '/abc'")
                .hasMessageNotContaining("topsecret");
        assertThatThrownBy(() -> parse(ep("redis://a:1#x"))).hasMessageContaining("only redis-sentinel://");
        assertThatThrownBy(() -> parse(ep("redis://a:1?timeout=3"))).hasMessageContaining("--option");
        assertThatThrownBy(() -> parse(ep("redis://a:1").username("u"))).hasMessageContaining("without a password");
    }

    @Test
    void options_areValidated() {
        assertThatThrownBy(() -> RedisOptions.validate(BackendConfig.builder("redis").option("nope", "1").build()))
                .hasMessageContaining("unknown option 'nope'").hasMessageContaining("durability");
        assertThatThrownBy(() -> RedisOptions.validate(BackendConfig.builder("redis").option("durability", "sometimes")
                .build())).hasMessageContaining("durability = 'sometimes'");
        assertThatThrownBy(() -> RedisOptions.validate(BackendConfig.builder("redis").option("dataDir", "/tmp/x").build()))
                .hasMessageContaining("needs durability=aof-always");
        assertThatThrownBy(() -> RedisOptions.validate(BackendConfig.builder("redis").option("tlsVerify", "maybe").build()))
                .hasMessageContaining("tlsVerify = 'maybe'");
        assertThatThrownBy(() -> RedisOptions.validate(BackendConfig.builder("redis").option("tlsCaFile", "/no/such.pem")
                .build())).hasMessageContaining("tlsCaFile = '/no/such.pem'");
        assertThatThrownBy(() -> RedisOptions.validate(BackendConfig.builder("redis").endpoint("redis://h:1")
                .option("durability", "aof-always").build())).hasMessageContaining("only to a managed redis");
        assertThatThrownBy(() -> RedisOptions.validate(BackendConfig.builder("redis").option("waitReplicas", "-1")
                .build())).hasMessageContaining("waitReplicas = '-1' is out of range");
        assertThatThrownBy(() -> RedisOptions.validate(BackendConfig.builder("redis").option("topology", "replicated")
                .option("waitReplicas", "2").option("waitTimeoutMs", "soon").build()))
                .hasMessageContaining("waitTimeoutMs = 'soon' is out of range");
        // external endpoints: the replicas are the user's, so any count is accepted; default timeout = operation's
        BackendConfig ext = BackendConfig.builder("redis").endpoint("redis://h:1").option("waitReplicas", "3").build();
        RedisOptions.validate(ext);
        assertThat(RedisOptions.waitReplicas(ext)).isEqualTo(3);
        assertThat(RedisOptions.waitTimeout(ext)).isEqualTo(ext.operationTimeout());
    }

    @Test
    void keys_escapeMiddleComponentsSoNamespacesNeverCollide() {
        Keys k = new Keys("p");
        assertThat(k.path("kv", "a/b")).isEqualTo("p/kv/a%2Fb");
        assertThat(k.path("kv", "a%2Fb")).isEqualTo("p/kv/a%252Fb");
        assertThat(k.path("kv", "a/b")).isNotEqualTo(k.path("kv", "a%2Fb"));
        assertThat(Keys.millisCeil(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(Keys.millisCeil(Duration.ofMillis(5))).isEqualTo(5);
        assertThat(Keys.millisCeil(Duration.ofNanos(5_000_001))).isEqualTo(6);
    }

    @Test
    void instanceCodec_roundTripsAndIsCanonical() {
        ServiceInstance a = new ServiceInstance("s", "id", "höst", 8080, Map.of("b", "2", "a", "1", "ü", ""));
        byte[] enc = InstanceCodec.encode(a);
        assertThat(InstanceCodec.decode("s", "id", enc)).isEqualTo(a);
        ServiceInstance same = new ServiceInstance("s", "id", "höst", 8080, Map.of("ü", "", "a", "1", "b", "2"));
        assertThat(InstanceCodec.encode(same)).isEqualTo(enc);
        assertThat(InstanceCodec.encode(ServiceInstance.of("s", "id", "höst", 8081))).isNotEqualTo(enc);
        assertThatThrownBy(() -> InstanceCodec.decode("s", "id", new byte[] {9})).hasMessageContaining("unknown format");
    }
}
