package io.dsbench.patterns.caching;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.patterns.testing.TinyBackend;
import io.dsbench.spec.BackendException;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class WriteBehindTest {
    /** A store that refuses puts while {@code down} is set. */
    static final class Flaky implements KeyValueStore {
        final KeyValueStore d;
        final AtomicBoolean down = new AtomicBoolean(true);

        Flaky(KeyValueStore d) {
            this.d = d;
        }

        @Override
        public String namespace() {
            return d.namespace();
        }

        @Override
        public Optional<Versioned> get(String key) {
            return d.get(key);
        }

        @Override
        public long put(String key, byte[] value) {
            if (down.get()) {
                throw new BackendException(BackendException.Kind.UNAVAILABLE, false, "down");
            }
            return d.put(key, value);
        }

        @Override
        public CasResult compareAndSet(String key, long v, byte[] value) {
            return d.compareAndSet(key, v, value);
        }

        @Override
        public boolean delete(String key) {
            return d.delete(key);
        }

        @Override
        public CasResult compareAndDelete(String key, long v) {
            return d.compareAndDelete(key, v);
        }
    }

    @Test
    void failedFlush_keepsWritePending_andRetriesLater() {
        TinyBackend b = new TinyBackend();
        Flaky store = new Flaky(b.keyValue("wb"));
        RemoteCalls once = RemoteCalls.of(RemoteCalls.Settings.defaults().withMaxAttempts(1));
        WriteBehind wb = new WriteBehind(b.cache("wb"), store, Duration.ofSeconds(30), Duration.ofMillis(50), once);
        wb.write("k", "v1".getBytes(StandardCharsets.UTF_8));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> wb.flushFailures() >= 1);
        assertThat(wb.pendingKeys()).isEqualTo(1);
        wb.write("k", "v2".getBytes(StandardCharsets.UTF_8));
        store.down.set(false);
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> store.get("k").isPresent());
        assertThat(new String(store.get("k").orElseThrow().value(), StandardCharsets.UTF_8)).isEqualTo("v2");
        assertThat(wb.storeWrites()).isEqualTo(1);
        assertThat(wb.closeWithoutFlush().isEmpty()).isTrue();
    }

    @Test
    void read_afterCacheEviction_servesPendingValue() {
        TinyBackend b = new TinyBackend();
        WriteBehind wb = new WriteBehind(b.cache("c"), b.keyValue("s"), Duration.ofSeconds(30), Duration.ofMinutes(5));
        wb.write("k", "v".getBytes(StandardCharsets.UTF_8));
        b.cache("c").invalidate("k");
        assertThat(wb.read("k")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("v"));
        assertThat(wb.closeWithoutFlush().lostWriteCount()).isEqualTo(1);
    }
}
