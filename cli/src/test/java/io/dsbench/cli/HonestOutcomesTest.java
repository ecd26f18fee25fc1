package io.dsbench.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spec.cache.CacheStore;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.registry.RegistryConfig;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import io.dsbench.spi.BackendTiming;
import io.dsbench.spi.Backends;
import io.dsbench.spi.Capability;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

/**
 * Issue 10 item 5: a rule that is aborted (here: the backend throws a failed assumption from inside the rule) is an
 * ERROR that fails the run, never a SKIPPED that passes it; only a missing capability skips.
 */
class HonestOutcomesTest {
    @Test
    void anAbortedRule_isAnError_notASkip() {
        try (Backend inmemory = Backends.open(BackendConfig.managed("inmemory"))) {
            Backend aborting = new Delegating(inmemory) {
                @Override
                public KeyValueStore keyValue(String namespace) {
                    throw new TestAbortedException("Assumption failed: the store is not ready");
                }
            };
            List<String> progress = new ArrayList<>();
            List<KitRunner.RuleResult> results = new KitRunner().run(aborting, Set.of("KV"), progress::add);
            assertThat(results).isNotEmpty();
            assertThat(results).allSatisfy(r -> {
                assertThat(r.outcome()).as(r.rule()).isEqualTo(KitRunner.Outcome.ERROR);
                assertThat(r.message()).startsWith("aborted: the store is not ready");
            });
            assertThat(new RunSummary("id", List.of(RunSummary.BackendRun.of(aborting, results,
                    java.time.Instant.now(), java.time.Instant.now()))).exitCode()).isEqualTo(1);
            assertThat(progress).anyMatch(l -> l.contains(" errors"));
        }
    }

    @Test
    void aMissingCapability_isTheOnlySkip() {
        try (Backend inmemory = Backends.open(BackendConfig.managed("inmemory"))) {
            Backend noCaps = new Delegating(inmemory) {
                @Override
                public Set<Capability> capabilities() {
                    return Set.of();
                }
            };
            List<KitRunner.RuleResult> results = new KitRunner().run(noCaps, Set.of("LIN"), l -> { });
            assertThat(results).filteredOn(r -> r.rule().equals("LIN-KV")).singleElement().satisfies(r -> {
                assertThat(r.outcome()).isEqualTo(KitRunner.Outcome.SKIPPED);
                assertThat(r.message()).isEqualTo("needs capability LINEARIZABLE_KV, not declared by backend 'inmemory'");
            });
        }
    }

    /** Delegates everything to another backend. */
    private static class Delegating implements Backend {
        private final Backend d;

        Delegating(Backend d) {
            this.d = d;
        }

        @Override
        public String name() {
            return d.name();
        }

        @Override
        public Set<Capability> capabilities() {
            return d.capabilities();
        }

        @Override
        public BackendTiming timing() {
            return d.timing();
        }

        @Override
        public String describe() {
            return d.describe();
        }

        @Override
        public KeyValueStore keyValue(String namespace) {
            return d.keyValue(namespace);
        }

        @Override
        public ServiceRegistry registry(RegistryConfig config) {
            return d.registry(config);
        }

        @Override
        public CacheStore cache(String name) {
            return d.cache(name);
        }

        @Override
        public IdempotencyStore idempotency(IdempotencyConfig config) {
            return d.idempotency(config);
        }

        @Override
        public LockService locks(LockConfig config) {
            return d.locks(config);
        }

        @Override
        public DurableLog log(String name) {
            return d.log(name);
        }

        @Override
        public void close() {
            // the test closes the delegate
        }
    }
}
