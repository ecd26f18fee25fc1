package io.dsbench.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceInstance;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.Backends;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis does not roll back a Lua script's writes when the script fails part-way. So an operation that fails
 * with {@code mayHaveTakenEffect == false} must have written nothing. For every mutating script of the KV,
 * lock, idempotency and registry primitives, this test finds the keys the operation uses (by running it once
 * on a fresh key prefix), then, one key at a time and on a fresh prefix, replaces that key with a value of
 * another type (a string by a hash, anything else by a string; counters also by a non-number), runs the
 * operation again and checks: either it succeeds, or it fails saying it may have taken effect, or it fails
 * saying it did not, and then no key under the prefix changed (compared by {@code DUMP}).
 */
class RedisScriptOutcomeIT {
    private static RedisClient raw;
    private static StatefulRedisConnection<String, String> conn;
    private static RedisCommands<byte[], byte[]> bin;
    private static StatefulRedisConnection<byte[], byte[]> binConn;
    private static String uri;

    @BeforeAll
    static void connect() {
        uri = SharedRedis.backend().deployment().orElseThrow().primary().uri();
        raw = RedisClient.create(uri);
        conn = raw.connect();
        binConn = raw.connect(io.lettuce.core.codec.ByteArrayCodec.INSTANCE);
        bin = binConn.sync();
    }

    @AfterAll
    static void disconnect() {
        conn.close();
        binConn.close();
        raw.shutdown();
    }

    /** Something done with a backend: a setup step or the operation under test. */
    @FunctionalInterface
    interface Step {
        void run(Backend b) throws Exception;
    }

    record Case(String name, Step setup, Step op) {
    }

    private static final Duration LONG = Duration.ofMinutes(10);

    private static ServiceInstance inst(String id, int port) {
        return ServiceInstance.of("svc", id, "127.0.0.1", port);
    }

    private static IdempotencyStore idem(Backend b) {
        return b.idempotency(new IdempotencyConfig("ns", LONG, LONG));
    }

    private static LockService locks(Backend b) {
        return b.locks(new LockConfig("ns", LONG));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** The mutating operations of the KV, lock, idempotency and registry primitives, each with a setup. */
    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();
        cases.add(new Case("kv put", b -> b.keyValue("ns").put("k", utf8("v0")), b -> b.keyValue("ns").put("k", utf8("v1"))));
        cases.add(new Case("kv put (new key)", b -> b.keyValue("ns").put("other", utf8("v0")),
                b -> b.keyValue("ns").put("k", utf8("v1"))));
        cases.add(new Case("kv compareAndSet", b -> b.keyValue("ns").put("k", utf8("v0")), b -> {
            KeyValueStore kv = b.keyValue("ns");
            kv.compareAndSet("k", kv.get("k").map(v -> v.version()).orElse(0L), utf8("v1"));
        }));
        cases.add(new Case("kv compareAndDelete", b -> b.keyValue("ns").put("k", utf8("v0")), b -> {
            KeyValueStore kv = b.keyValue("ns");
            kv.compareAndDelete("k", kv.get("k").map(v -> v.version()).orElse(0L));
        }));
        cases.add(new Case("lock tryAcquire", b -> {
            LockService l = locks(b);
            l.release(l.tryAcquire("m").orElseThrow());
        }, b -> locks(b).tryAcquire("m")));
        cases.add(new Case("lock release", b -> locks(b).tryAcquire("m"),
                b -> locks(b).release(new LockGrant("m", 1))));
        cases.add(new Case("lock renew", b -> locks(b).tryAcquire("m"), b -> locks(b).renew(new LockGrant("m", 1))));
        cases.add(new Case("idempotency claim", b -> idem(b).claim("first", "fp"), b -> idem(b).claim("k", "fp")));
        cases.add(new Case("idempotency complete", b -> idem(b).claim("k", "fp"),
                b -> idem(b).complete(new Claim("k", "fp", 1), utf8("r"))));
        cases.add(new Case("idempotency release", b -> idem(b).claim("k", "fp"),
                b -> idem(b).release(new Claim("k", "fp", 1))));
        cases.add(new Case("registry register (new)", b -> reg(b, r -> r.register(inst("a", 1), LONG)),
                b -> reg(b, r -> r.register(inst("b", 2), LONG))));
        cases.add(new Case("registry register (update)", b -> reg(b, r -> r.register(inst("a", 1), LONG)),
                b -> reg(b, r -> r.register(inst("a", 3), LONG))));
        cases.add(new Case("registry heartbeat", b -> reg(b, r -> r.register(inst("a", 1), LONG)),
                b -> reg(b, r -> r.heartbeat("svc", "a"))));
        cases.add(new Case("registry deregister", b -> reg(b, r -> r.register(inst("a", 1), LONG)),
                b -> reg(b, r -> r.deregister("svc", "a"))));
        cases.add(new Case("registry discover", b -> reg(b, r -> r.register(inst("a", 1), LONG)),
                b -> reg(b, r -> r.discover("svc"))));
        return cases;
    }

    private static void reg(Backend b, java.util.function.Consumer<ServiceRegistry> f) {
        try (ServiceRegistry r = b.registry(RegistryConfig.of("ns"))) {
            f.accept(r);
        }
    }

    private static Backend open(String prefix) {
        return Backends.open(BackendConfig.builder("redis").endpoint(uri).keyPrefix(prefix).build());
    }

    private static List<String> keysUnder(String prefix) {
        List<String> keys = new ArrayList<>();
        ScanIterator<String> it = ScanIterator.scan(conn.sync(), ScanArgs.Builder.matches(prefix + "*").limit(500));
        while (it.hasNext()) {
            keys.add(it.next());
        }
        keys.sort(null);
        return keys;
    }

    /** Every key under {@code prefix} with its serialised value. */
    private static Map<String, String> snapshot(String prefix) {
        Map<String, String> out = new TreeMap<>();
        for (String k : keysUnder(prefix)) {
            byte[] d = bin.dump(utf8(k));
            out.put(k, d == null ? "(gone)" : Arrays.toString(d));
        }
        return out;
    }

    /** Ways to corrupt a key: replace it by a value of another type. */
    private static List<String> corruptions(String type) {
        return "string".equals(type) ? List.of("hash", "non-number") : List.of("string");
    }

    private static void corrupt(String key, String how) {
        RedisCommands<String, String> c = conn.sync();
        c.del(key);
        switch (how) {
            case "hash" -> c.hset(key, "corrupt", "1");
            case "non-number" -> c.set(key, "not-a-number");
            default -> c.set(key, "corrupt");
        }
    }

    /** What the corrupted-key runs showed. */
    private record Outcomes(int checked, List<String> misreports, List<String> unknown) {
    }

    private static Outcomes outcomes;

    private static synchronized Outcomes outcomes() throws Exception {
        if (outcomes == null) {
            outcomes = corruptEveryKey();
        }
        return outcomes;
    }

    @Test
    void anOperationReportedAsNotApplied_wroteNothing() throws Exception {
        Outcomes o = outcomes();
        assertThat(o.checked()).as("corrupted-key runs").isGreaterThan(20);
        assertThat(o.misreports()).as("operations that failed part-way but said they did not take effect").isEmpty();
    }

    /**
     * Every script checks the keys it will write before its first write, so a corrupted key makes it fail with
     * "did not take effect", never with an unknown outcome.
     */
    @Test
    void everyScriptValidatesBeforeItsFirstWrite() throws Exception {
        Outcomes o = outcomes();
        assertThat(o.unknown()).as("operations whose script failed with an unknown outcome on a corrupted key "
                + "(a check before the first write is missing)").isEmpty();
    }

    private static Outcomes corruptEveryKey() throws Exception {
        List<String> misreports = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        int checked = 0;
        for (Case c : cases()) {
            String probe = "outcome-" + UUID.randomUUID().toString().substring(0, 8);
            Map<String, String> types = new TreeMap<>();
            try (Backend b = open(probe)) {
                c.setup().run(b);
                c.op().run(b);
            }
            for (String k : keysUnder(probe)) {
                types.put(k.substring(probe.length()), conn.sync().type(k));
            }
            for (Map.Entry<String, String> key : types.entrySet()) {
                for (String how : corruptions(key.getValue())) {
                    String prefix = "outcome-" + UUID.randomUUID().toString().substring(0, 8);
                    try (Backend b = open(prefix)) {
                        c.setup().run(b);
                        corrupt(prefix + key.getKey(), how);
                        Map<String, String> before = snapshot(prefix);
                        checked++;
                        try {
                            c.op().run(b);
                        } catch (BackendException e) {
                            String what = c.name() + " with " + key.getKey() + " replaced by a " + how;
                            if (e.mayHaveTakenEffect()) {
                                unknown.add(what + ": " + e.getMessage());
                            } else {
                                Map<String, String> after = snapshot(prefix);
                                if (!after.equals(before)) {
                                    misreports.add(what + ": reported as not applied (" + e.getMessage()
                                            + ") but changed " + changed(before, after));
                                }
                            }
                        }
                    }
                }
            }
        }
        System.out.println("RedisScriptOutcomeIT: " + checked + " corrupted-key runs checked");
        return new Outcomes(checked, misreports, unknown);
    }

    private static List<String> changed(Map<String, String> before, Map<String, String> after) {
        List<String> keys = new ArrayList<>();
        for (String k : before.keySet()) {
            if (!before.get(k).equals(after.get(k))) {
                keys.add(k);
            }
        }
        for (String k : after.keySet()) {
            if (!before.containsKey(k)) {
                keys.add(k + " (new)");
            }
        }
        return keys;
    }
}
