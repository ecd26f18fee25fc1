package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.dsbench.redis.launcher.RedisDeployment;
import io.dsbench.redis.launcher.RedisLaunchOptions;
import io.dsbench.redis.launcher.RedisLauncher;
import io.dsbench.redis.launcher.RedisServerProcess;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Faults against real servers: every failure is a {@link BackendException} naming host:port, arrives within
 * the configured timeout (never a hang), and never shows the password.
 */
class RedisFaultIT {
    private static final Duration OP_TIMEOUT = Duration.ofMillis(800);
    private static final Duration CONNECT_TIMEOUT = Duration.ofMillis(800);
    /** Allowance for JVM and scheduling noise on a loaded 2-core machine (scaled by DSBENCH_TIMEOUT_SCALE). */
    private static final Duration SLACK = io.dsbench.conformance.TestEnvironment.fromEnvironment()
            .scaled(Duration.ofSeconds(2));
    private static final String SECRET = "pw-Zq81-never-shown";

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Loads Lettuce and Netty once, so that the timings below measure the backend, not class loading. */
    @org.junit.jupiter.api.BeforeAll
    static void warmUp() {
        SharedRedis.backend().keyValue("warm-up").get("k");
    }

    private static BackendConfig.Builder external(String uri) {
        return BackendConfig.builder("redis").endpoint(uri).operationTimeout(OP_TIMEOUT).connectTimeout(CONNECT_TIMEOUT);
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void serverKilledMidTest_failsClearlyWithinTheTimeout_thenRecoversAfterRestart() throws Exception {
        try (RedisDeployment d = RedisLauncher.standalone();
             Backend b = Backends.open(external(d.primary().uri()).build())) {
            RedisServerProcess p = d.primary();
            KeyValueStore kv = b.keyValue("fault");
            kv.put("k", utf8("before"));
            ExecutorService pool = Executors.newSingleThreadExecutor();
            AtomicLong ok = new AtomicLong();
            try {
                Future<BackendException> writer = pool.submit(() -> {
                    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                    while (System.nanoTime() < deadline) {
                        try {
                            kv.put("k", utf8("v" + ok.get()));
                            ok.incrementAndGet();
                        } catch (BackendException e) {
                            return e;
                        }
                    }
                    return null;
                });
                while (ok.get() < 50) {
                    Thread.sleep(1);
                }
                long t0 = System.nanoTime();
                p.kill();
                BackendException first = writer.get(OP_TIMEOUT.plus(SLACK).toMillis() + 5000, TimeUnit.MILLISECONDS);
                long elapsed = System.nanoTime() - t0;
                System.out.printf("server killed: first failure after %d ms: %s (kind %s, mayHaveTakenEffect %s)%n",
                        elapsed / 1_000_000, first.getMessage(), first.kind(), first.mayHaveTakenEffect());
                assertThat(first).isNotNull();
                assertThat(first.getMessage()).contains(p.address());
                assertThat(first.kind()).isIn(BackendException.Kind.UNAVAILABLE, BackendException.Kind.TIMEOUT);
                assertThat(Duration.ofNanos(elapsed)).isLessThan(OP_TIMEOUT.plus(SLACK));
            } finally {
                pool.shutdownNow();
            }
            // while it is down: fails fast, not sent, naming host:port
            long t1 = System.nanoTime();
            BackendException down = catchThrowableOfType(BackendException.class, () -> kv.put("k", utf8("down")));
            assertThat(Duration.ofNanos(System.nanoTime() - t1)).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
            assertThat(down.kind()).isEqualTo(BackendException.Kind.UNAVAILABLE);
            assertThat(down.mayHaveTakenEffect()).isFalse();
            assertThat(down.getMessage()).contains(p.address());
            BackendException read = catchThrowableOfType(BackendException.class, () -> kv.get("k"));
            assertThat(read.kind()).isEqualTo(BackendException.Kind.UNAVAILABLE);
            // back up: the next call reconnects (in-memory server: the data is gone, which is what was declared)
            p.startAgain();
            assertThat(kv.get("k")).isEmpty();
            assertThat(kv.put("k", utf8("after"))).isPositive();
        }
    }

    /**
     * At-most-once under dropped connections: while four threads append, the server kills every client
     * connection every 20 ms. Afterwards each payload is in the log at most once (nothing was replayed after a
     * reconnect), every acknowledged append is at the sequence it returned, every failure that was not sent is
     * absent, and the sequence numbers are still gap-free.
     */
    @Test
    void droppedConnections_neverApplyAnAppendTwice() throws Exception {
        try (RedisDeployment d = RedisLauncher.standalone();
             Backend b = Backends.open(external(d.primary().uri()).build())) {
            io.dsbench.spec.log.DurableLog log = b.log("at-most-once");
            int threads = 4;
            java.util.Map<String, Long> acked = new java.util.concurrent.ConcurrentHashMap<>();
            java.util.Set<String> notSent = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.Set<String> maybe = java.util.concurrent.ConcurrentHashMap.newKeySet();
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            java.util.List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int tid = t;
                fs.add(pool.submit(() -> {
                    for (int i = 0; !stop.get() && i < 100_000; i++) {
                        String payload = tid + ":" + i;
                        try {
                            acked.put(payload, log.append(utf8(payload)));
                        } catch (BackendException e) {
                            (e.mayHaveTakenEffect() ? maybe : notSent).add(payload);
                        }
                    }
                    return null;
                }));
            }
            int kills = 0;
            long end = System.nanoTime() + Duration.ofSeconds(1).toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(20);
                d.primary().command(Duration.ofSeconds(2), "CLIENT", "KILL", "TYPE", "normal");
                kills++;
            }
            stop.set(true);
            for (Future<?> f : fs) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            java.util.List<io.dsbench.spec.log.LogRecord> all = new java.util.ArrayList<>();
            for (long from = 1; ; ) {
                java.util.List<io.dsbench.spec.log.LogRecord> page = log.read(from, 1000);
                if (page.isEmpty()) {
                    break;
                }
                all.addAll(page);
                from = page.get(page.size() - 1).sequence() + 1;
            }
            System.out.printf("at-most-once: %d connection kills, %d acked, %d maybe, %d not sent, %d records%n", kills,
                    acked.size(), maybe.size(), notSent.size(), all.size());
            java.util.Map<String, Long> inLog = new java.util.HashMap<>();
            for (int i = 0; i < all.size(); i++) {
                assertThat(all.get(i).sequence()).as("gap-free").isEqualTo(i + 1);
                String p = new String(all.get(i).payload(), StandardCharsets.UTF_8);
                assertThat(inLog.put(p, all.get(i).sequence())).as("payload %s appended twice", p).isNull();
            }
            assertThat(kills).isGreaterThan(5);
            assertThat(maybe.size() + notSent.size()).as("the kills caused failures").isPositive();
            acked.forEach((p, seq) -> assertThat(inLog.get(p)).as("acknowledged %s", p).isEqualTo(seq));
            notSent.forEach(p -> assertThat(inLog).as("not sent %s", p).doesNotContainKey(p));
            assertThat(all.size()).isBetween(acked.size(), acked.size() + maybe.size());
        }
    }

    @Test
    void pausedServer_timesOutWithinTheOperationTimeout_mayHaveTakenEffect() throws Exception {
        try (RedisDeployment d = RedisLauncher.standalone();
             Backend b = Backends.open(external(d.primary().uri()).build())) {
            KeyValueStore kv = b.keyValue("pause");
            kv.put("k", utf8("v"));
            d.primary().pause();
            try {
                long t0 = System.nanoTime();
                BackendException e = catchThrowableOfType(BackendException.class, () -> kv.put("k", utf8("w")));
                Duration took = Duration.ofNanos(System.nanoTime() - t0);
                System.out.printf("paused server: TIMEOUT after %d ms%n", took.toMillis());
                assertThat(e.kind()).isEqualTo(BackendException.Kind.TIMEOUT);
                assertThat(e.mayHaveTakenEffect()).isTrue();
                assertThat(e.getMessage()).contains(d.primary().address()).contains("may have been applied");
                assertThat(took).isGreaterThanOrEqualTo(OP_TIMEOUT.minusMillis(50)).isLessThan(OP_TIMEOUT.plus(SLACK));
            } finally {
                d.primary().resume();
            }
            assertThat(kv.get("k")).isPresent();
        }
    }

    @Test
    void concurrentCallersBehindAStuckServer_allFailWithinOneTimeout() throws Exception {
        try (RedisDeployment d = RedisLauncher.standalone();
             Backend b = Backends.open(external(d.primary().uri()).build())) {
            KeyValueStore kv = b.keyValue("stuck");
            kv.put("k", utf8("v"));
            // drop the backend's connection, then freeze the server: reconnecting now hangs in the handshake
            d.primary().command(Duration.ofSeconds(2), "CLIENT", "KILL", "TYPE", "normal");
            d.primary().pause();
            int threads = 8;
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                java.util.List<Future<Long>> fs = new java.util.ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    fs.add(pool.submit(() -> {
                        long t0 = System.nanoTime();
                        BackendException e = catchThrowableOfType(BackendException.class, () -> kv.get("k"));
                        assertThat(e).isNotNull();
                        assertThat(e.getMessage()).contains(d.primary().address());
                        return (System.nanoTime() - t0) / 1_000_000;
                    }));
                }
                long worst = 0;
                for (Future<Long> f : fs) {
                    worst = Math.max(worst, f.get(30, TimeUnit.SECONDS));
                }
                System.out.printf("%d callers behind a stuck server: slowest failed after %d ms%n", threads, worst);
                assertThat(Duration.ofMillis(worst)).isLessThan(OP_TIMEOUT.plus(CONNECT_TIMEOUT).plus(SLACK));
            } finally {
                pool.shutdownNow();
                d.primary().resume();
            }
            assertThat(kv.get("k")).isPresent();
        }
    }

    @Test
    void unreachablePort_isUnavailableWithinTheConnectTimeout() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = s.getLocalPort();
        }
        for (int attempt = 1; attempt <= 2; attempt++) {
            long t0 = System.nanoTime();
            BackendException e = catchThrowableOfType(BackendException.class,
                    () -> Backends.open(external("redis://127.0.0.1:" + port).build()));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf("unreachable port, attempt %d: UNAVAILABLE after %d ms%n", attempt, took.toMillis());
            assertThat(e.kind()).isEqualTo(BackendException.Kind.UNAVAILABLE);
            assertThat(e.mayHaveTakenEffect()).isFalse();
            assertThat(e.getMessage()).contains("127.0.0.1:" + port);
            assertThat(took).isLessThan(CONNECT_TIMEOUT.plus(SLACK));
        }
    }

    @Test
    void listeningButSilentPort_isBoundedToo() throws Exception {
        // a socket that accepts but never answers (like a stuck server): the handshake must time out
        try (ServerSocket s = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            long t0 = System.nanoTime();
            BackendException e = catchThrowableOfType(BackendException.class,
                    () -> Backends.open(external("redis://127.0.0.1:" + s.getLocalPort()).build()));
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            System.out.printf("silent port: %s after %d ms%n", e.kind(), took.toMillis());
            assertThat(e.getMessage()).contains("127.0.0.1:" + s.getLocalPort());
            assertThat(e.kind()).isIn(BackendException.Kind.UNAVAILABLE, BackendException.Kind.TIMEOUT);
            assertThat(took).isLessThan(OP_TIMEOUT.plus(CONNECT_TIMEOUT).plus(SLACK));
        }
    }

    @Test
    void wrongPassword_isAuthErrorThatNeverShowsThePassword() throws Exception {
        try (RedisDeployment d = RedisLauncher.start(RedisLaunchOptions.builder().password(SECRET).build())) {
            String wrong = "wrong-" + SECRET;
            PrintStream oldErr = System.err;
            PrintStream oldOut = System.out;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            BackendException viaConfig;
            BackendException viaUri;
            BackendException none;
            try (PrintStream cap = new PrintStream(captured, true, StandardCharsets.UTF_8)) {
                System.setErr(cap);
                System.setOut(cap);
                BackendConfig cfg = external(d.primary().uri()).password(wrong).build();
                assertThat(cfg.toString()).doesNotContain(wrong);
                viaConfig = catchThrowableOfType(BackendException.class, () -> Backends.open(cfg));
                BackendConfig uriCfg = external("redis://:" + wrong + "@" + d.primary().address()).build();
                assertThat(uriCfg.toString()).doesNotContain(wrong);
                viaUri = catchThrowableOfType(BackendException.class, () -> Backends.open(uriCfg));
                none = catchThrowableOfType(BackendException.class, () -> Backends.open(external(d.primary().uri()).build()));
            } finally {
                System.setErr(oldErr);
                System.setOut(oldOut);
            }
            for (BackendException e : new BackendException[] {viaConfig, viaUri, none}) {
                assertThat(e.kind()).as(e.getMessage()).isEqualTo(BackendException.Kind.AUTH);
                assertThat(e.mayHaveTakenEffect()).isFalse();
                assertThat(e.getMessage()).contains(d.primary().address());
                assertThat(stackTrace(e)).doesNotContain(wrong).doesNotContain(SECRET);
            }
            System.out.println("wrong password: " + viaConfig.getMessage());
            assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain(wrong).doesNotContain(SECRET);
            // the right password works, from the config and from the URI; describe() never shows it
            try (Backend ok = Backends.open(external(d.primary().uri()).password(SECRET).keyPrefix("dsbench/auth").build());
                 Backend ok2 = Backends.open(external("redis://:" + SECRET + "@" + d.primary().address())
                         .keyPrefix("dsbench/auth").build())) {
                ok.keyValue("auth").put("k", utf8("v"));
                assertThat(ok2.keyValue("auth").get("k")).isPresent();
                assertThat(ok.describe()).doesNotContain(SECRET);
                assertThat(ok2.describe() + ok2).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void aclUser_fromUriOrConfig_andAWrongOneIsRefused() throws Exception {
        try (RedisDeployment d = RedisLauncher.standalone()) {
            RedisServerProcess p = d.primary();
            assertThat(p.command(Duration.ofSeconds(2), "ACL", "SETUSER", "alice", "on", ">" + SECRET, "~*", "+@all"))
                    .isEqualTo("OK");
            try (Backend viaUri = Backends.open(external("redis://alice:" + SECRET + "@" + p.address() + "/2")
                    .keyPrefix("dsbench/acl").build());
                 Backend viaUri0 = Backends.open(external("redis://alice:" + SECRET + "@" + p.address())
                         .keyPrefix("dsbench/acl").build());
                 Backend viaCfg = Backends.open(external(p.uri() + "/2").username("alice").password(SECRET)
                         .keyPrefix("dsbench/acl").build())) {
                viaUri.keyValue("acl").put("k", utf8("db2"));
                assertThat(viaCfg.keyValue("acl").get("k")).as("same user and db through the config").isPresent();
                assertThat(viaUri0.keyValue("acl").get("k")).as("db 0 does not see db 2").isEmpty();
                assertThat(viaUri.describe()).contains("user alice").contains("db 2").doesNotContain(SECRET);
            }
            BackendException e = catchThrowableOfType(BackendException.class,
                    () -> Backends.open(external(p.uri()).username("alice").password("nope-" + SECRET).build()));
            assertThat(e.kind()).isEqualTo(BackendException.Kind.AUTH);
            assertThat(e.getMessage()).contains("user 'alice'").contains(p.address());
            assertThat(stackTrace(e)).doesNotContain(SECRET);
            assertThat(p.command(Duration.ofSeconds(2), "ACL", "SETUSER", "bob", "on", ">" + SECRET, "~*", "+get", "+ping"))
                    .isEqualTo("OK");
            try (RedisBackend limited = (RedisBackend) Backends.open(external(p.uri()).username("bob").password(SECRET)
                    .build())) {
                // without INFO and CONFIG it cannot tell replicas or persistence, so it claims neither
                assertThat(limited.capabilities()).containsExactly(io.dsbench.spi.Capability.SERVER_SIDE_EXPIRY);
                assertThat(limited.undeclaredReasons().get(io.dsbench.spi.Capability.LINEARIZABLE_KV))
                        .contains("INFO replication is not permitted");
                BackendException perm = catchThrowableOfType(BackendException.class,
                        () -> limited.keyValue("acl").put("k", utf8("x")));
                assertThat(perm.kind()).isEqualTo(BackendException.Kind.AUTH);
                assertThat(perm.getMessage()).contains(p.address()).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void replicaEndpoint_isRejectedNamingTheFix() {
        try (RedisDeployment d = RedisLauncher.start(
                RedisLaunchOptions.builder().topology(RedisLaunchOptions.Topology.REPLICATED).build())) {
            assertThatThrownBy(() -> Backends.open(external(d.replicas().get(0).uri()).build()))
                    .isInstanceOf(BackendException.class).hasMessageContaining("is a replica")
                    .hasMessageContaining(d.replicas().get(0).address());
            try (RedisBackend b = (RedisBackend) Backends.open(external(d.primary().uri()).build())) {
                assertThat(b.capabilities()).doesNotContain(io.dsbench.spi.Capability.LINEARIZABLE_KV,
                        io.dsbench.spi.Capability.WATCH, io.dsbench.spi.Capability.REPLICATED);
                assertThat(b.undeclaredReasons().get(io.dsbench.spi.Capability.LINEARIZABLE_KV))
                        .contains("2 asynchronous replica");
            }
        }
    }
}
