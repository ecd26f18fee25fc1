package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisLaunchOptions;
import io.dsbench.redis.launcher.RedisLauncher;
import io.dsbench.spec.BackendException;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code rediss://} against a real TLS-enabled redis-server with a self-signed certificate made by
 * {@code openssl} for this run: verified with {@code tlsCaFile}, refused without it, accepted with
 * {@code tlsVerify=false}; a plain client on the TLS port fails clearly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisTlsIT {
    private Path certDir;
    private RedisDeployment server;
    private int tlsPort;

    @BeforeAll
    void start() throws Exception {
        certDir = Files.createTempDirectory("dsbench-redis-tls-");
        Process p = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", certDir.resolve("key.pem").toString(), "-out", certDir.resolve("cert.pem").toString(),
                "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("openssl finished").isTrue();
        assertThat(p.exitValue()).as("openssl req failed: " + out).isZero();
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            tlsPort = s.getLocalPort();
        }
        server = RedisLauncher.start(RedisLaunchOptions.builder()
                .extraConfig("tls-port " + tlsPort)
                .extraConfig("tls-cert-file " + certDir.resolve("cert.pem"))
                .extraConfig("tls-key-file " + certDir.resolve("key.pem"))
                .extraConfig("tls-ca-cert-file " + certDir.resolve("cert.pem"))
                .extraConfig("tls-auth-clients no")
                .build());
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.close();
        }
        try (var s = Files.walk(certDir)) {
            s.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }

    private BackendConfig.Builder tls() {
        return BackendConfig.builder("redis").endpoint("rediss://127.0.0.1:" + tlsPort)
                .operationTimeout(Duration.ofSeconds(2)).connectTimeout(Duration.ofSeconds(2));
    }

    @Test
    void verifiedWithTheCaFile() {
        try (Backend b = Backends.open(tls().option("tlsCaFile", certDir.resolve("cert.pem").toString()).build())) {
            b.keyValue("tls").put("k", "v".getBytes(StandardCharsets.UTF_8));
            assertThat(b.keyValue("tls").get("k")).isPresent();
            assertThat(b.describe()).contains("rediss 127.0.0.1:" + tlsPort);
        }
    }

    @Test
    void untrustedCertificate_isRefusedNamingTheEndpoint() {
        BackendException e = catchThrowableOfType(BackendException.class, () -> Backends.open(tls().build()));
        System.out.println("untrusted TLS certificate: " + e.getMessage());
        assertThat(e.kind()).isEqualTo(BackendException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("127.0.0.1:" + tlsPort);
    }

    @Test
    void withoutVerification_connects() {
        try (Backend b = Backends.open(tls().option("tlsVerify", "false").build())) {
            assertThat(b.keyValue("tls").put("k", new byte[0])).isPositive();
        }
    }

    @Test
    void plainClientOnTheTlsPort_failsWithinTheTimeout() {
        long t0 = System.nanoTime();
        BackendException e = catchThrowableOfType(BackendException.class, () -> Backends.open(BackendConfig
                .builder("redis").endpoint("redis://127.0.0.1:" + tlsPort).operationTimeout(Duration.ofSeconds(1))
                .connectTimeout(Duration.ofSeconds(1)).build()));
        assertThat(e.getMessage()).contains("127.0.0.1:" + tlsPort);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }
}
