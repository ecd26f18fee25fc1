package io.dsbench.etcd;

import static org.assertj.core.api.Assertions.assertThat;

import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockService;
import io.dsbench.spi.BackendConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Counts Raft writes per operation with the member's {@code etcd_server_proposals_committed_total} (every
 * lease grant, revoke, put, delete and transaction with a write is one committed proposal; linearizable reads
 * are not). A failed {@code tryAcquire} or a {@code claim} of a key that is taken must not write: checking
 * costs a read, not a lease grant, a transaction and a revoke. Runs on its own single-member etcd, so no other
 * test's writes are counted.
 */
class EtcdRaftWritesIT {
    private static final int CALLS = 5;
    private static EtcdBackend backend;
    private static EtcdMember member;

    @BeforeAll
    static void open() {
        backend = EtcdBackend.open(BackendConfig.managed("etcd"));
        member = backend.cluster().orElseThrow().member(0);
    }

    @AfterAll
    static void close() {
        backend.close();
    }

    private static long proposalsCommitted() throws IOException {
        HttpURLConnection c = (HttpURLConnection) URI.create(member.metricsUrl() + "/metrics").toURL().openConnection();
        c.setConnectTimeout(5000);
        c.setReadTimeout(5000);
        try (InputStream in = c.getInputStream()) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (line.startsWith("etcd_server_proposals_committed_total ")) {
                    return (long) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim());
                }
            }
        } finally {
            c.disconnect();
        }
        throw new AssertionError("no etcd_server_proposals_committed_total in " + member.metricsUrl() + "/metrics");
    }

    /** Raft writes per call of {@code op}, revokes sent in the background included. */
    private static double writesPerCall(Supplier<Object> op) throws IOException {
        long before = proposalsCommitted();
        for (int i = 0; i < CALLS; i++) {
            op.get();
        }
        backend.drainBackgroundRevokes(Duration.ofSeconds(10));
        return (proposalsCommitted() - before) / (double) CALLS;
    }

    @Test
    void aFailedTryAcquireWritesNothing() throws Exception {
        LockService locks = backend.locks(new LockConfig("raft-writes", Duration.ofMinutes(5)));
        assertThat(locks.tryAcquire("m")).isPresent();
        double perCall = writesPerCall(() -> {
            assertThat(locks.tryAcquire("m")).as("tryAcquire of a held lock").isEmpty();
            return null;
        });
        System.out.println("EtcdRaftWritesIT: failed tryAcquire: " + perCall + " Raft writes per call");
        assertThat(perCall).as("Raft writes per failed tryAcquire").isZero();
    }

    @Test
    void aClaimOfATakenKeyWritesNothing() throws Exception {
        IdempotencyStore store = backend.idempotency(new IdempotencyConfig("raft-writes", Duration.ofMinutes(5),
                Duration.ofMinutes(5)));
        ClaimResult first = store.claim("k", "fp");
        double inProgress = writesPerCall(() -> {
            assertThat(store.claim("k", "fp").status()).isEqualTo(ClaimResult.Status.IN_PROGRESS);
            return null;
        });
        assertThat(store.complete(first.claim().orElseThrow(), new byte[] {1})).isTrue();
        backend.drainBackgroundRevokes(Duration.ofSeconds(10)); // complete's revoke of the claim lease is not a claim's
        double completed = writesPerCall(() -> {
            assertThat(store.claim("k", "fp").status()).isEqualTo(ClaimResult.Status.COMPLETED);
            return null;
        });
        double mismatch = writesPerCall(() -> {
            assertThat(store.claim("k", "other").status()).isEqualTo(ClaimResult.Status.MISMATCH);
            return null;
        });
        System.out.println("EtcdRaftWritesIT: claim IN_PROGRESS " + inProgress + ", COMPLETED " + completed
                + ", MISMATCH " + mismatch + " Raft writes per call");
        assertThat(new double[] {inProgress, completed, mismatch}).as("Raft writes per claim of a taken key "
                + "(in progress, completed, mismatch)").containsOnly(0.0);
    }
}
