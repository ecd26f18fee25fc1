package io.dsbench.etcd;

import io.dsbench.spec.Checks;
import io.dsbench.spec.lock.LockConfig;
import io.dsbench.spec.lock.LockGrant;
import io.dsbench.spec.lock.LockService;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.PutOption;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * {@link LockService} on etcd: a lock is the key {@code <prefix>lock/<namespace>/<name>}, created in a
 * transaction on {@code create_revision == 0} and attached to a lease granted for this grant (the configured
 * lease rounded up to whole seconds).
 *
 * <p><b>Fencing token = the key's {@code create_revision}</b>, i.e. the revision of the transaction that
 * granted the lock. Revisions are global and strictly increasing, so every grant's token is greater than all
 * earlier ones, also after a lease expired or a release. {@link #release} is a transaction deleting the key
 * only if its create revision still equals the token; {@link #renew} reads the key (linearizably), checks the
 * create revision and renews the grant's lease once; both return false once the grant is gone. A dead
 * holder's key is deleted by the etcd leader when its lease runs out.
 *
 * <p>{@link #acquire} polls (a linearizable read, then a grant attempt when the key is absent) with a short
 * randomised back-off until {@code maxWait}; it is not fair (no queue). All reads here are linearizable
 * whatever the backend's read mode. Thread-safe.
 *
 * <p><b>Raft writes per operation</b> (committed proposals; linearizable reads and lease keep-alives are not
 * proposals): {@link #tryAcquire} of a held lock 0 (one read); of a free lock 2 (lease grant, transaction), 3
 * when another client takes it between the read and the transaction (+ revoke of the unused lease);
 * {@link #release} 2 (transaction, then the lease's revoke in the background); {@link #renew} 0 (a read and a
 * keep-alive); {@link #acquire} a read per poll while held, then as tryAcquire. Checked by
 * {@code EtcdRaftWritesIT}.
 */
final class EtcdLockService implements LockService {
    private final EtcdSession s;
    private final LockConfig config;
    private final String root;
    private final long leaseSeconds;

    EtcdLockService(EtcdSession session, LockConfig config) {
        this.s = session;
        this.config = Checks.requireNonNull("config", config);
        if (config.lease().compareTo(Duration.ofSeconds(session.minTtlSeconds())) < 0) {
            throw new IllegalArgumentException("lease = " + config.lease() + " is out of range (legal range: >= "
                    + session.minTtlSeconds() + " s, the etcd server's minimum lease TTL)");
        }
        this.root = session.root("lock", config.namespace());
        this.leaseSeconds = session.ttlSeconds("lease", config.lease());
    }

    @Override
    public LockConfig config() {
        return config;
    }

    private ByteSequence key(String name) {
        Checks.requireKey("name", name);
        return EtcdSession.bytes(root + name);
    }

    @Override
    public Optional<LockGrant> tryAcquire(String name) {
        ByteSequence k = key(name);
        // check first: a held lock costs one linearizable read, no lease grant, transaction or revoke
        if (!s.await(s.kv().get(k), "lock read", false).getKvs().isEmpty()) {
            return Optional.empty();
        }
        return attempt(name, k);
    }

    /** Grants a lease and creates the key if still absent (2 Raft writes; 3 when another client won the race). */
    private Optional<LockGrant> attempt(String name, ByteSequence k) {
        long lease = s.grant(leaseSeconds);
        TxnResponse r = s.await(s.kv().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(Long.toString(lease), java.nio.charset.StandardCharsets.UTF_8),
                        PutOption.builder().withLeaseId(lease).build()))
                .commit(), "lock acquire", true);
        if (!r.isSucceeded()) {
            s.revokeLater(lease);
            return Optional.empty();
        }
        return Optional.of(new LockGrant(name, r.getHeader().getRevision()));
    }

    @Override
    public Optional<LockGrant> acquire(String name, Duration maxWait) throws InterruptedException {
        ByteSequence k = key(name);
        Checks.requireNonNull("maxWait", maxWait);
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("maxWait = " + maxWait + " is out of range (legal range: >= 0)");
        }
        long deadline = System.nanoTime() + Math.max(0, maxWait.toNanos());
        long pause = 2;
        while (true) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while waiting for lock " + name);
            }
            GetResponse g = s.await(s.kv().get(k), "lock read", false);
            if (g.getKvs().isEmpty()) {
                Optional<LockGrant> got = attempt(name, k);
                if (got.isPresent()) {
                    return got;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            long sleep = Math.min(ThreadLocalRandom.current().nextLong(1, pause + 1), left / 1_000_000 + 1);
            Thread.sleep(sleep);
            pause = Math.min(pause * 2, 50);
        }
    }

    @Override
    public boolean release(LockGrant grant) {
        Checks.requireNonNull("grant", grant);
        ByteSequence k = key(grant.name());
        TxnResponse r = s.await(s.kv().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(grant.fencingToken())))
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .commit(), "lock release", true);
        if (r.isSucceeded() && !r.getDeleteResponses().isEmpty()
                && !r.getDeleteResponses().get(0).getPrevKvs().isEmpty()) {
            s.revokeLater(r.getDeleteResponses().get(0).getPrevKvs().get(0).getLease());
        }
        return r.isSucceeded();
    }

    @Override
    public boolean renew(LockGrant grant) {
        Checks.requireNonNull("grant", grant);
        GetResponse g = s.await(s.kv().get(key(grant.name())), "lock renew read", false);
        if (g.getKvs().isEmpty()) {
            return false;
        }
        KeyValue kv = g.getKvs().get(0);
        if (kv.getCreateRevision() != grant.fencingToken()) {
            return false;
        }
        return s.keepAliveOnce(kv.getLease());
    }

    @Override
    public String toString() {
        return "etcd locks '" + config.namespace() + "'";
    }
}
