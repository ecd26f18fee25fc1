package io.dsbench.etcd;

import io.dsbench.spec.Checks;
import io.dsbench.spec.cache.CacheStore;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.PutResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.PutOption;

import java.time.Duration;
import java.util.Optional;

/**
 * {@link CacheStore} on etcd keys {@code <prefix>cache/<name>/<key>}, each entry attached to its own lease.
 *
 * <p>A TTL below the server's minimum lease TTL is rejected; others are rounded <b>up</b> to whole seconds
 * (etcd lease granularity), so an entry never disappears before its requested TTL; it may stay up to the
 * declared tolerance longer. {@link #put} writes with a new lease and revokes the replaced entry's lease in the
 * background; {@link #putIfAbsent} is one transaction on {@code create_revision == 0}. Expiry is enforced
 * by the etcd leader. Reads are linearizable. Thread-safe; nothing is evicted early.
 */
final class EtcdCacheStore implements CacheStore {
    private final EtcdSession s;
    private final String name;
    private final String root;

    EtcdCacheStore(EtcdSession session, String name) {
        this.s = session;
        this.name = Checks.requireKey("name", name);
        this.root = session.root("cache", name);
    }

    @Override
    public String name() {
        return name;
    }

    private ByteSequence key(String key) {
        Checks.requireKey("key", key);
        return EtcdSession.bytes(root + key);
    }

    @Override
    public Optional<byte[]> get(String key) {
        GetResponse r = s.await(s.kv().get(key(key)), "cache get", false);
        return r.getKvs().isEmpty() ? Optional.empty() : Optional.of(r.getKvs().get(0).getValue().getBytes());
    }

    @Override
    public void put(String key, byte[] value, Duration ttl) {
        ByteSequence k = key(key);
        Checks.requireNonNull("value", value);
        long lease = s.grant(s.strictTtlSeconds("ttl", ttl));
        PutResponse r = s.await(s.kv().put(k, ByteSequence.from(value),
                PutOption.builder().withLeaseId(lease).withPrevKV().build()), "cache put", true);
        if (r.hasPrevKv() && r.getPrevKv().getLease() != lease) {
            s.revokeLater(r.getPrevKv().getLease());
        }
    }

    @Override
    public boolean putIfAbsent(String key, byte[] value, Duration ttl) {
        ByteSequence k = key(key);
        Checks.requireNonNull("value", value);
        long seconds = s.strictTtlSeconds("ttl", ttl);
        long lease = s.grant(seconds);
        TxnResponse r = s.await(s.kv().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.builder().withLeaseId(lease).build()))
                .commit(), "cache putIfAbsent", true);
        if (!r.isSucceeded()) {
            s.revokeLater(lease);
        }
        return r.isSucceeded();
    }

    @Override
    public boolean invalidate(String key) {
        return s.await(s.kv().delete(key(key)), "cache invalidate", true).getDeleted() > 0;
    }

    @Override
    public String toString() {
        return "etcd cache '" + name + "'";
    }
}
