package io.dsbench.inmemory;

import io.dsbench.lin.kit.LinearizabilityVerification;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Negative controls for the LIN rules: the in-memory backend with a deliberately broken primitive (stale reads,
 * decreasing fencing tokens) must make the rule fail, naming the evidence files it wrote.
 */
class LinearizabilityRulesCatchBugsTest {

    @TempDir
    Path evidence;

    final Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    /** Runs single rules directly against a given backend (not itself a test class). */
    static final class Probe extends LinearizabilityVerification {
        private final Path dir;

        Probe(Backend b, Path dir) {
            this.backend = b;
            this.dir = dir;
        }

        @Override
        protected Backend openBackend() {
            return backend;
        }

        @Override
        protected Path evidenceDir() {
            return dir;
        }
    }

    @SuppressWarnings("unchecked")
    static <T> T wrap(Class<T> type, T target, Map<String, java.util.function.Function<Object[], Object>> overrides) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (p, m, args) -> {
            var o = overrides.get(m.getName());
            if (o != null) {
                return o.apply(args);
            }
            try {
                return m.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        });
    }

    @Test
    void linKv_failsOnStaleReads() {
        Backend broken = wrap(Backend.class, real, Map.of("keyValue", a -> {
            KeyValueStore kv = real.keyValue((String) a[0]);
            Map<String, Optional<Versioned>> firstRead = new ConcurrentHashMap<>();
            // reads return whatever the key held at its first read, forever: stale
            return wrap(KeyValueStore.class, kv, Map.of("get",
                    g -> firstRead.computeIfAbsent((String) g[0], kv::get)));
        }));
        assertThatThrownBy(() -> new Probe(broken, evidence).optional_LINKV_concurrentKvHistoryIsLinearizable())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("NOT linearizable")
                .hasMessageContaining(".edn")
                .hasMessageContaining(".html");
        try (var files = Files.list(evidence)) {
            assertThat(files.map(f -> f.getFileName().toString())).anyMatch(n -> n.startsWith("LIN-KV") && n.endsWith(".edn"));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void linLock_failsOnDecreasingTokens() {
        AtomicLong fake = new AtomicLong(1_000_000);
        Backend broken = wrap(Backend.class, real, Map.of("locks", a -> {
            LockService ls = real.locks((io.dsbench.spec.lock.LockConfig) a[0]);
            Map<Long, LockGrant> realGrants = new ConcurrentHashMap<>();
            return wrap(LockService.class, ls, Map.of(
                    "tryAcquire", g -> ls.tryAcquire((String) g[0]).map(r -> {
                        LockGrant f = new LockGrant(r.name(), fake.decrementAndGet());
                        realGrants.put(f.fencingToken(), r);
                        return f;
                    }),
                    "release", g -> ls.release(realGrants.get(((LockGrant) g[0]).fencingToken()))));
        }));
        assertThatThrownBy(() -> new Probe(broken, evidence).optional_LINLOCK_concurrentLockHistoryIsLinearizable())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("NOT linearizable");
    }

    @Test
    void correctBackend_passes() throws Exception {
        new Probe(real, evidence).optional_LINKV_concurrentKvHistoryIsLinearizable();
        new Probe(real, evidence).optional_LINLOCK_concurrentLockHistoryIsLinearizable();
        new Probe(real, evidence).optional_LINIDEM_concurrentIdempotencyHistoryIsLinearizable();
    }
}
