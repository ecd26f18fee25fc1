package io.dsbench.redis.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Launch options and the config files the launcher writes: no server needed. */
class RedisLaunchOptionsTest {
    @Test
    void defaults_areAnInMemoryStandalone() {
        RedisLaunchOptions o = RedisLaunchOptions.standalone();
        assertThat(o.topology()).isEqualTo(RedisLaunchOptions.Topology.STANDALONE);
        assertThat(o.durability()).isEqualTo(RedisLaunchOptions.Durability.NONE);
        String conf = RedisLauncher.serverConfig(Path.of("/d"), 1234, RedisServerProcess.Role.PRIMARY, -1, o);
        assertThat(conf).contains("port 1234\n", "bind 127.0.0.1\n", "save \"\"\n", "appendonly no\n",
                "repl-diskless-sync-delay 0\n").doesNotContain("requirepass", "replicaof");
    }

    @Test
    void durableReplica_withPassword() {
        RedisLaunchOptions o = RedisLaunchOptions.builder().durability(RedisLaunchOptions.Durability.AOF_ALWAYS)
                .password("pw").build();
        String conf = RedisLauncher.serverConfig(Path.of("/d"), 1, RedisServerProcess.Role.REPLICA, 99, o);
        assertThat(conf).contains("appendonly yes\nappendfsync always\n", "replicaof 127.0.0.1 99\n")
                .as("the password never goes into a config file").doesNotContain("pw");
        assertThat(RedisLauncher.secretConfig(RedisServerProcess.Role.REPLICA, o, "pw"))
                .isEqualTo("requirepass \"pw\"\nmasterauth \"pw\"\n");
        assertThat(o.toString()).doesNotContain("pw]").contains("password=***");
        String sentinel = RedisLauncher.sentinelConfig(Path.of("/s"), 2, 99, o);
        assertThat(sentinel).contains("sentinel monitor mymaster 127.0.0.1 99 2\n",
                "sentinel down-after-milliseconds mymaster 1000\n").doesNotContain("pw");
        assertThat(RedisLauncher.secretConfig(RedisServerProcess.Role.SENTINEL, o, "pw"))
                .isEqualTo("sentinel auth-pass mymaster \"pw\"\n");
    }

    @Test
    void badOptions_nameTheField() {
        assertThatThrownBy(() -> RedisLaunchOptions.builder().startTimeout(Duration.ZERO).build())
                .hasMessageContaining("startTimeout");
        assertThatThrownBy(() -> RedisLaunchOptions.builder().masterName("a b").build()).hasMessageContaining("masterName");
        assertThatThrownBy(() -> RedisLaunchOptions.builder().password("a b").build()).hasMessageContaining("password");
        assertThatThrownBy(() -> RedisLaunchOptions.builder().extraConfig("a\nb").build()).hasMessageContaining("extraConfig");
    }
}
