package io.dsbench.etcd;

import io.dsbench.spec.kv.KeyValueStore;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * jetcd (gRPC over Netty) and Lettuce (Netty) in one JVM, as the CLI, jmh and chaos modules need: both
 * clients talk to real servers and both Netty users load the same Netty line ({@code io.netty.util.Version}
 * reports a single version). Known failure without the Netty BOM: jetcd's first call hangs or fails with a
 * {@code NoSuchMethodError} in Netty.
 */
class EtcdLettuceCoexistenceIT {
    @Test
    void jetcdAndLettuceWorkSideBySide() throws Exception {
        KeyValueStore kv = SharedEtcd.backend().keyValue("coexist");
        kv.put("k", "etcd".getBytes(StandardCharsets.UTF_8));

        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Path log = Files.createTempFile("dsbench-redis-", ".log");
        Process redis = new ProcessBuilder("redis-server", "--port", Integer.toString(port), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        RedisClient client = null;
        try {
            client = RedisClient.create(RedisURI.builder().withHost("127.0.0.1").withPort(port)
                    .withTimeout(Duration.ofSeconds(5)).build());
            StatefulRedisConnection<String, String> conn = null;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (conn == null) {
                try {
                    conn = client.connect();
                } catch (RuntimeException e) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("redis-server did not start: " + Files.readString(log), e);
                    }
                    Thread.sleep(20);
                }
            }
            conn.sync().set("k", "redis");
            assertThat(conn.sync().get("k")).isEqualTo("redis");
            conn.close();
            // jetcd still works after Lettuce initialised its Netty event loops
            kv.put("k2", "etcd2".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(kv.get("k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("etcd");
            assertThat(io.netty.util.Version.identify().values()).extracting(v -> v.artifactVersion())
                    .as("one Netty line").containsOnly(io.netty.util.Version.identify().get("netty-common").artifactVersion());
            System.out.println("[dsbench-etcd] jetcd + Lettuce in one JVM, Netty "
                    + io.netty.util.Version.identify().get("netty-common").artifactVersion());
        } finally {
            if (client != null) {
                client.shutdown();
            }
            redis.destroy();
            if (!redis.waitFor(5, TimeUnit.SECONDS)) {
                redis.destroyForcibly();
            }
            new File(log.toString()).delete();
        }
    }
}
