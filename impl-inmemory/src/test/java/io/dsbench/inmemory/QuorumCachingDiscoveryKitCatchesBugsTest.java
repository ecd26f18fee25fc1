package io.dsbench.inmemory;

import io.dsbench.conformance.CachingStrategyVerification;
import io.dsbench.conformance.DiscoveryVerification;
import io.dsbench.patterns.caching.WriteBehind;
import io.dsbench.spec.cache.CacheStore;
import io.dsbench.conformance.QuorumVerification;
import io.dsbench.patterns.discovery.DiscoveryClient;
import io.dsbench.patterns.resilience.ResiliencePolicy;
import io.dsbench.spec.registry.ServiceRegistry;
import io.dsbench.lin.patterns.QuorumLinearizabilityVerification;
import io.dsbench.patterns.quorum.QuorumReplicatedStore;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spi.Backend;
import io.dsbench.spi.BackendConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Negative controls for the QUORUM, CACHE-S and DISC rules: each test plants one known defect of the pattern (the
 * one the rule was written for) and checks that the rule reports it.
 */
class QuorumCachingDiscoveryKitCatchesBugsTest {
    private final Backend real = new InMemoryBackendProvider().open(BackendConfig.managed("inmemory"));

    @AfterEach
    void close() {
        real.close();
    }

    /** Versions without the writer id: same-millisecond writes tie, and a CAS against the tie loses an update. */
    @Test
    void quorum10_catchesVersionsWithoutWriter() {
        QuorumVerification kit = new QuorumVerification() {
            {
                backend = real;
            }

            @Override
            protected Backend openBackend() {
                return real;
            }

            @Override
            protected KeyValueStore writerUnderTest(QuorumReplicatedStore store) {
                return new WriterBlindVersions(store);
            }
        };
        assertThatThrownBy(kit::required_QUORUM10_versionsUniqueAcrossWriters).isInstanceOf(AssertionError.class)
                .hasMessageContaining("QUORUM-10").hasMessageContaining("were both acknowledged with version")
                .hasMessageContaining("a lost update");
    }

    /** The same defect under LIN-QUORUM's concurrent workload: two puts return one version. */
    @Test
    void linQuorum_catchesVersionsWithoutWriter() {
        QuorumLinearizabilityVerification kit = new QuorumLinearizabilityVerification() {
            {
                backend = real;
            }

            @Override
            protected Backend openBackend() {
                return real;
            }

            @Override
            protected KeyValueStore clientUnderTest(QuorumReplicatedStore store) {
                return new WriterBlindVersions(store);
            }
        };
        assertThatThrownBy(kit::optional_LINQUORUM_abdHistoryIsLinearizable).isInstanceOf(AssertionError.class)
                .hasMessageContaining("NOT_LINEARIZABLE");
    }

    /**
     * A caching client that keeps serving its fetched list whatever the watch says (the effect of the old defect,
     * where the fetch's result overwrote an eviction that arrived during the fetch).
     */
    @Test
    void disc6_catchesRemovedInstanceServedFromCache() {
        DiscoveryVerification kit = new DiscoveryVerification() {
            {
                backend = real;
            }

            @Override
            protected Backend openBackend() {
                return real;
            }

            @Override
            protected DiscoveryClient cachingClient(ServiceRegistry registry, Duration maxStaleness) {
                return DiscoveryClient.builder(registry).cacheFor(maxStaleness).policy(ResiliencePolicy.none())
                        .watchForChanges(false).build();
            }
        };
        assertThatThrownBy(kit::optional_DISC6_evictionDuringFetchSticks).isInstanceOf(AssertionError.class)
                .hasMessageContaining("DISC-6").hasMessageContaining("i1");
    }

    /** A write-behind that flushes three times later than its configured delay. */
    @Test
    void caches3_catchesLateFlush() {
        CachingStrategyVerification kit = new CachingStrategyVerification() {
            {
                backend = real;
            }

            @Override
            protected Backend openBackend() {
                return real;
            }

            @Override
            protected WriteBehind writeBehind(CacheStore cache, KeyValueStore store, Duration ttl, Duration delay) {
                return new WriteBehind(cache, store, ttl, delay.multipliedBy(3));
            }
        };
        assertThatThrownBy(() -> kit.required_CACHES3_writeBehindFlushesWithinDelayAndCoalesces(entries -> { }))
                .isInstanceOf(AssertionError.class).hasMessageContaining("CACHE-S3: the store had not received the write");
    }
}
