package io.dsbench.etcd;

import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.util.List;
import java.util.Optional;

/**
 * {@link KeyValueStore} on etcd keys {@code <prefix>kv/<namespace>/<key>}.
 *
 * <p><b>Versions are etcd's {@code mod_revision}</b>: the cluster-wide revision of the key's last change.
 * It is global and strictly increasing, so a key's versions strictly increase across puts, compare-and-sets
 * and delete + re-create. Compare-and-set is one etcd transaction comparing {@code mod_revision} (or
 * {@code create_revision == 0} for create-if-absent), with a read of the key in the else branch so that a
 * failure reports the current version atomically.
 *
 * <p>Consistency: writes and transactions go through Raft; {@link #get} is linearizable by default and
 * serializable (possibly stale, served by any member) with the backend option {@code reads=serializable}.
 * Thread-safe.
 */
final class EtcdKeyValueStore implements KeyValueStore {
    private final EtcdSession s;
    private final String namespace;
    private final String root;

    EtcdKeyValueStore(EtcdSession session, String namespace) {
        this.s = session;
        this.namespace = Checks.requireKey("namespace", namespace);
        this.root = session.root("kv", namespace);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    private ByteSequence key(String key) {
        Checks.requireKey("key", key);
        return EtcdSession.bytes(root + key);
    }

    @Override
    public Optional<Versioned> get(String key) {
        GetResponse r = s.await(s.kv().get(key(key), s.readOption()), "get", false);
        if (r.getKvs().isEmpty()) {
            return Optional.empty();
        }
        KeyValue kv = r.getKvs().get(0);
        return Optional.of(new Versioned(kv.getValue().getBytes(), kv.getModRevision()));
    }

    @Override
    public long put(String key, byte[] value) {
        ByteSequence k = key(key);
        Checks.requireNonNull("value", value);
        return s.await(s.kv().put(k, ByteSequence.from(value)), "put", true).getHeader().getRevision();
    }

    @Override
    public CasResult compareAndSet(String key, long expectedVersion, byte[] value) {
        ByteSequence k = key(key);
        Checks.requireNonNull("value", value);
        requireVersion(expectedVersion);
        TxnResponse r = s.await(s.kv().txn()
                .If(condition(k, expectedVersion))
                .Then(Op.put(k, ByteSequence.from(value), PutOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "compare-and-set", true);
        if (r.isSucceeded()) {
            return CasResult.success(r.getHeader().getRevision());
        }
        return CasResult.failure(currentVersion(r));
    }

    @Override
    public boolean delete(String key) {
        return s.await(s.kv().delete(key(key)), "delete", true).getDeleted() > 0;
    }

    @Override
    public CasResult compareAndDelete(String key, long expectedVersion) {
        ByteSequence k = key(key);
        requireVersion(expectedVersion);
        TxnResponse r = s.await(s.kv().txn()
                .If(condition(k, expectedVersion))
                .Then(Op.delete(k, io.etcd.jetcd.options.DeleteOption.DEFAULT))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "compare-and-delete", true);
        if (r.isSucceeded()) {
            return CasResult.success(ABSENT);
        }
        return CasResult.failure(currentVersion(r));
    }

    private static Cmp condition(ByteSequence k, long expectedVersion) {
        return expectedVersion == ABSENT
                ? new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0))
                : new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(expectedVersion));
    }

    private static long currentVersion(TxnResponse r) {
        List<GetResponse> gets = r.getGetResponses();
        if (gets.isEmpty() || gets.get(0).getKvs().isEmpty()) {
            return ABSENT;
        }
        return gets.get(0).getKvs().get(0).getModRevision();
    }

    private static void requireVersion(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("expectedVersion = " + v + " is out of range (legal range: >= 0, "
                    + "0 = absent)");
        }
    }

    @Override
    public String toString() {
        return "etcd kv '" + namespace + "'";
    }
}
