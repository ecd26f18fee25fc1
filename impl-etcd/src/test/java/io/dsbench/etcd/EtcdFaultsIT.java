package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.BackendConfig;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** Faults: unreachable endpoints, a cluster killed mid-run, wrong credentials. Each bounded in time. */
class EtcdFaultsIT {
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void unreachableEndpointFailsClearlyWithinTheTimeout() throws Exception {
        int port = freePort();
        long t0 = System.nanoTime();
        BackendException e = catchThrowableOfType(BackendException.class, () -> EtcdBackend.open(
                BackendConfig.builder("etcd").endpoint("http://127.0.0.1:" + port)
                        .operationTimeout(Duration.ofSeconds(1)).connectTimeout(Duration.ofSeconds(1)).build()));
        long ms = (System.nanoTime() - t0) / 1_000_000;
        System.out.println("[dsbench-etcd] unreachable endpoint: " + e.kind() + " after " + ms + " ms: " + e.getMessage());
        assertThat(e.getMessage()).contains("127.0.0.1:" + port);
        assertThat(e.kind()).isIn(BackendException.Kind.TIMEOUT, BackendException.Kind.UNAVAILABLE);
        assertThat(ms).as("within connect + operation timeout (2 s) plus margin").isLessThan(5_000);
    }

    @Test
    void clusterKilledMidRunGivesErrorsWithinTheTimeoutAndDataSurvivesRestart() throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(1);
             EtcdBackend backend = EtcdBackend.open(BackendConfig.builder("etcd").endpoints(cluster.clientUrls())
                     .operationTimeout(Duration.ofSeconds(1)).build())) {
            KeyValueStore kv = backend.keyValue("faults");
            long v = kv.put("k", "before".getBytes(StandardCharsets.UTF_8));
            cluster.member(0).kill();
            long t0 = System.nanoTime();
            BackendException put = catchThrowableOfType(BackendException.class,
                    () -> kv.put("k", "during".getBytes(StandardCharsets.UTF_8)));
            long putMs = (System.nanoTime() - t0) / 1_000_000;
            assertThat(put).isNotNull();
            assertThat(put.mayHaveTakenEffect()).isTrue();
            assertThat(put.getMessage()).contains(cluster.member(0).clientUrl().substring("http://".length()));
            long t1 = System.nanoTime();
            BackendException get = catchThrowableOfType(BackendException.class, () -> kv.get("k"));
            long getMs = (System.nanoTime() - t1) / 1_000_000;
            assertThat(get).isNotNull();
            assertThat(get.mayHaveTakenEffect()).isFalse();
            System.out.println("[dsbench-etcd] dead cluster: put " + put.kind() + " after " + putMs + " ms, get "
                    + get.kind() + " after " + getMs + " ms: " + get.getMessage());
            assertThat(putMs).isLessThan(3_000);
            assertThat(getMs).isLessThan(3_000);

            long r0 = System.nanoTime();
            cluster.member(0).restart();
            cluster.awaitLeader(Duration.ofSeconds(15));
            // The client reconnects on its own; the acknowledged write survived (WAL), the failed one did not apply.
            assertThat(new io.dsbench.conformance.TestEnvironment(1).await(Duration.ofSeconds(10), () -> {
                try {
                    return kv.get("k").isPresent();
                } catch (BackendException ex) {
                    return false;
                }
            })).isTrue();
            System.out.println("[dsbench-etcd] restarted member serving again after "
                    + (System.nanoTime() - r0) / 1_000_000 + " ms");
            assertThat(kv.get("k").orElseThrow().version()).isEqualTo(v);
            assertThat(new String(kv.get("k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("before");
        }
    }

    @Test
    void registryWatchSurvivesAMemberRestart() throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(1);
             EtcdBackend backend = EtcdBackend.open(BackendConfig.builder("etcd").endpoints(cluster.clientUrls())
                     .operationTimeout(Duration.ofSeconds(2)).build());
             io.dsbench.spec.registry.ServiceRegistry reg = backend.registry(
                     io.dsbench.spec.registry.RegistryConfig.of("watch-restart"))) {
            java.util.List<io.dsbench.spec.registry.RegistryEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
            reg.watch("svc", events::add);
            reg.register(io.dsbench.spec.registry.ServiceInstance.of("svc", "a", "h", 1), Duration.ofSeconds(30));
            io.dsbench.conformance.TestEnvironment env = new io.dsbench.conformance.TestEnvironment(1);
            assertThat(env.await(Duration.ofSeconds(5), () -> events.size() == 1)).as("events %s", events).isTrue();
            cluster.member(0).kill();
            cluster.member(0).restart();
            cluster.awaitLeader(Duration.ofSeconds(15));
            assertThat(env.await(Duration.ofSeconds(10), () -> {
                try {
                    reg.register(io.dsbench.spec.registry.ServiceInstance.of("svc", "b", "h", 2), Duration.ofSeconds(30));
                    return true;
                } catch (BackendException e) {
                    return false;
                }
            })).isTrue();
            assertThat(reg.deregister("svc", "a")).isTrue();
            // across the restart the watch either resumes (every change, in order) or, where it cannot tell what
            // it missed, delivers a RESET with the live list (never a silent gap): the view it builds ends as {b}
            assertThat(env.await(Duration.ofSeconds(10), () -> view(events).equals(java.util.Set.of("b"))))
                    .as("the watch's view after the restart, from events %s", events).isTrue();
            assertThat(events.get(0).type() + ":" + events.get(0).instance().id()).isEqualTo("ADDED:a");
            if (events.stream().noneMatch(ev -> ev.type() == io.dsbench.spec.registry.RegistryEvent.Type.RESET)) {
                assertThat(events).extracting(ev -> ev.type() + ":" + ev.instance().id())
                        .containsExactly("ADDED:a", "ADDED:b", "REMOVED:a");
            }
        }
    }

    @Test
    void wrongPasswordIsAnAuthErrorWithoutTheSecret() throws Exception {
        try (EtcdCluster cluster = EtcdCluster.start(1)) {
            String url = cluster.member(0).clientUrl();
            etcdctl(url, "user", "add", "root:s3cret-pw", "--interactive=false");
            etcdctl(url, "auth", "enable");
            long t0 = System.nanoTime();
            BackendException e = catchThrowableOfType(BackendException.class, () -> EtcdBackend.open(
                    BackendConfig.builder("etcd").endpoint(url).username("root").password("wrong-pw-123")
                            .operationTimeout(Duration.ofSeconds(2)).build()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            System.out.println("[dsbench-etcd] wrong password: " + e.kind() + " after " + ms + " ms: " + e.getMessage());
            assertThat(e.kind()).isEqualTo(BackendException.Kind.AUTH);
            assertThat(e.getMessage()).doesNotContain("wrong-pw-123").doesNotContain("s3cret-pw");
            assertThat(ms).isLessThan(5_000);

            try (EtcdBackend ok = EtcdBackend.open(BackendConfig.builder("etcd").endpoint(url).username("root")
                    .password("s3cret-pw").build())) {
                assertThat(ok.describe()).contains("auth").doesNotContain("s3cret-pw");
                KeyValueStore kv = ok.keyValue("auth");
                kv.put("k", new byte[] {1});
                assertThat(kv.get("k")).isPresent();
            }
        }
    }

    @Test
    void badOptionsAreRejectedByName() {
        assertThatThrownBy(() -> EtcdBackend.open(BackendConfig.builder("etcd").option("reads", "eventual").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reads").hasMessageContaining("eventual");
        assertThatThrownBy(() -> EtcdBackend.open(BackendConfig.builder("etcd").option("colour", "red").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("colour");
        assertThatThrownBy(() -> EtcdBackend.open(BackendConfig.builder("etcd").endpoint("redis://127.0.0.1:1").build()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpoints[0]");
    }

    private static void etcdctl(String url, String... args) throws Exception {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("etcdctl", "--endpoints=" + url));
        cmd.addAll(java.util.List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("ETCDCTL_API", "3");
        Process p = pb.start();
        assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as("etcdctl " + String.join(" ", args) + ": " + out).isZero();
    }

    /** The ids a watcher believes live after {@code events} (a RESET replaces the view). */
    private static java.util.Set<String> view(java.util.List<io.dsbench.spec.registry.RegistryEvent> events) {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (io.dsbench.spec.registry.RegistryEvent ev : events) {
            switch (ev.type()) {
                case RESET -> {
                    ids.clear();
                    ev.instances().forEach(i -> ids.add(i.id()));
                }
                case REMOVED, EXPIRED -> ids.remove(ev.instance().id());
                default -> ids.add(ev.instance().id());
            }
        }
        return ids;
    }
}
