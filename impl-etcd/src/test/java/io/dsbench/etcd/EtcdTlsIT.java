package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.BackendConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * External mode over TLS: a member serving https with a certificate signed by a throw-away CA (made with
 * openssl). With {@code tls.ca} the backend works; without it (the JVM's trust store does not know the CA)
 * opening fails clearly within the timeout.
 */
class EtcdTlsIT {
    @TempDir
    Path dir;

    @Test
    void httpsEndpointWithTrustedCaWorksAndUntrustedFails() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        Path cert = dir.resolve("server.pem");
        Path key = dir.resolve("server.key");
        Path csr = dir.resolve("server.csr");
        Path ext = dir.resolve("san.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-days", "1", "-subj", "/CN=dsbench-test-ca");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=127.0.0.1");
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "1", "-extfile", ext.toString());

        try (EtcdCluster cluster = EtcdCluster.builder().clientTls(cert, key).start()) {
            String url = cluster.member(0).clientUrl();
            assertThat(url).startsWith("https://");
            try (EtcdBackend b = EtcdBackend.open(BackendConfig.builder("etcd").endpoint(url)
                    .option("tls.ca", ca.toString()).build())) {
                assertThat(b.describe()).contains("TLS");
                KeyValueStore kv = b.keyValue("tls");
                long v = kv.put("k", "secret-free".getBytes(StandardCharsets.UTF_8));
                assertThat(kv.get("k").orElseThrow().version()).isEqualTo(v);
            }
            long t0 = System.nanoTime();
            BackendException e = catchThrowableOfType(BackendException.class, () -> EtcdBackend.open(
                    BackendConfig.builder("etcd").endpoint(url).connectTimeout(Duration.ofSeconds(1))
                            .operationTimeout(Duration.ofSeconds(1)).build()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("[dsbench-etcd] https without the CA: " + e.kind() + " after " + ms + " ms: " + e.getMessage());
            assertThat(e.getMessage()).contains(url.substring("https://".length())).contains("tls.ca");
            assertThat(ms).isLessThan(5_000);
        }
        assertThatThrownBy(() -> EtcdBackend.open(BackendConfig.builder("etcd").endpoint("http://127.0.0.1:1")
                .option("tls.ca", ca.toString()).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("https");
    }

    @Test
    void mutualTlsNeedsTheClientCertificate() throws Exception {
        Path ca = dir.resolve("ca.pem");
        Path caKey = dir.resolve("ca.key");
        Path ext = dir.resolve("san.ext");
        Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", caKey.toString(), "-out", ca.toString(),
                "-days", "1", "-subj", "/CN=dsbench-test-ca");
        Path[] server = signed("server", ca, caKey, ext);
        Path[] client = signed("client", ca, caKey, ext);
        try (EtcdCluster cluster = EtcdCluster.builder().clientTls(server[0], server[1]).clientCertAuth(ca).start()) {
            String url = cluster.member(0).clientUrl();
            try (EtcdBackend b = EtcdBackend.open(BackendConfig.builder("etcd").endpoint(url)
                    .option("tls.ca", ca.toString()).option("tls.cert", client[0].toString())
                    .option("tls.key", client[1].toString()).build())) {
                KeyValueStore kv = b.keyValue("mtls");
                kv.put("k", new byte[] {1});
                assertThat(kv.get("k")).isPresent();
            }
            BackendException e = catchThrowableOfType(BackendException.class, () -> EtcdBackend.open(
                    BackendConfig.builder("etcd").endpoint(url).option("tls.ca", ca.toString())
                            .connectTimeout(Duration.ofSeconds(1)).operationTimeout(Duration.ofSeconds(1)).build()));
            System.out.println("[dsbench-etcd] mutual TLS without a client certificate: " + e.kind() + ": " + e.getMessage());
            assertThat(e.getMessage()).contains(url.substring("https://".length()));
        }
        assertThatThrownBy(() -> EtcdBackend.open(BackendConfig.builder("etcd").endpoint("https://127.0.0.1:1")
                .option("tls.cert", client[0].toString()).build())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tls.key");
    }

    private Path[] signed(String name, Path ca, Path caKey, Path ext) throws Exception {
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + ".key");
        Path csr = dir.resolve(name + ".csr");
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key.toString(), "-out", csr.toString(),
                "-subj", "/CN=" + name);
        openssl("x509", "-req", "-in", csr.toString(), "-CA", ca.toString(), "-CAkey", caKey.toString(),
                "-CAcreateserial", "-out", cert.toString(), "-days", "1", "-extfile", ext.toString());
        return new Path[] {cert, key};
    }

    private static void openssl(String... args) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("openssl"));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("openssl " + String.join(" ", args) + ": " + out).isZero();
    }
}
