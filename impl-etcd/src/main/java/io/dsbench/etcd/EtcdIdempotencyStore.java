package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.idempotency.Claim;
import io.dsbench.spec.idempotency.ClaimResult;
import io.dsbench.spec.idempotency.IdempotencyConfig;
import io.dsbench.spec.idempotency.IdempotencyRecord;
import io.dsbench.spec.idempotency.IdempotencyStore;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.DeleteOption;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@link IdempotencyStore} on etcd keys {@code <prefix>idem/<namespace>/<key>}.
 *
 * <ul>
 *   <li><b>claim</b>: reads the key (linearizably); if it holds a record, answers from it without writing.
 *       Otherwise grants a lease of {@code lockTimeout} (rounded up to whole seconds) and runs one
 *       transaction: if {@code create_revision == 0}, put an in-progress record with that lease; else read
 *       the record (IN_PROGRESS, COMPLETED or MISMATCH from its state and fingerprint). The claim's
 *       <b>token is the revision of the put</b>, which is the record's create and mod revision: strictly
 *       increasing across claims because etcd's revision is global.</li>
 *   <li><b>complete</b>: a linearizable read of the record (refused at once, without a write, unless its
 *       {@code mod_revision} is the token), then a transaction on {@code mod_revision == token} replacing it by
 *       the completed record, with the fingerprint recorded at claim time, attached to a new lease of
 *       {@code retention}; then the claim's lease is revoked. A claim that
 *       expired (its lease ran out and the record was deleted), was released, or was already completed no
 *       longer has {@code mod_revision == token}, so a late complete is refused.</li>
 *   <li><b>release</b>: a transaction on {@code mod_revision == token} deleting the record.</li>
 * </ul>
 * Expiry of abandoned claims and of retained results is enforced by the etcd leader. All reads are
 * linearizable. Thread-safe.
 *
 * <p><b>Raft writes per operation</b> (committed proposals; linearizable reads are not): a claim of a key that
 * holds a record (IN_PROGRESS, COMPLETED, MISMATCH) 0, it reads first; a NEW claim 2 (lease grant,
 * transaction), 3 when another client claims the key between the read and the transaction; complete 3 (grant,
 * transaction, revoke of the claim's lease in the background), 0 when the claim is no longer held; release 2
 * (transaction, revoke); lookup 0. Checked by {@code EtcdRaftWritesIT}.
 */
final class EtcdIdempotencyStore implements IdempotencyStore {
    private static final byte IN_PROGRESS = 1;
    private static final byte COMPLETED = 2;

    private final EtcdSession s;
    private final IdempotencyConfig config;
    private final String root;
    private final long claimSeconds;
    private final long retentionSeconds;

    EtcdIdempotencyStore(EtcdSession session, IdempotencyConfig config) {
        this.s = session;
        this.config = Checks.requireNonNull("config", config);
        this.root = session.root("idem", config.namespace());
        this.claimSeconds = session.ttlSeconds("lockTimeout", config.lockTimeout());
        this.retentionSeconds = session.ttlSeconds("retention", config.retention());
    }

    @Override
    public IdempotencyConfig config() {
        return config;
    }

    private ByteSequence key(String key) {
        Checks.requireKey("key", key);
        return EtcdSession.bytes(root + key);
    }

    @Override
    public ClaimResult claim(String key, String fingerprint) {
        ByteSequence k = key(key);
        Checks.requireKey("fingerprint", fingerprint);
        // check first: a taken key costs one linearizable read, no lease grant, transaction or revoke
        GetResponse current = s.await(s.kv().get(k), "idempotency claim read", false);
        if (!current.getKvs().isEmpty()) {
            return existing(current, fingerprint);
        }
        long lease = s.grant(claimSeconds);
        TxnResponse r = s.await(s.kv().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.createRevision(0)))
                .Then(Op.put(k, ByteSequence.from(encode(IN_PROGRESS, fingerprint, new byte[0])),
                        PutOption.builder().withLeaseId(lease).build()))
                .Else(Op.get(k, GetOption.DEFAULT))
                .commit(), "idempotency claim", true);
        if (r.isSucceeded()) {
            return ClaimResult.won(new Claim(key, fingerprint, r.getHeader().getRevision()));
        }
        s.revokeLater(lease);
        return existing(r.getGetResponses().get(0), fingerprint);
    }

    /** The answer to a claim of a key that holds a record (read in {@code g}). */
    private ClaimResult existing(GetResponse g, String fingerprint) {
        if (g.getKvs().isEmpty()) {
            // Cannot happen: the else branch runs only when the key exists, in the same revision.
            throw new BackendException(BackendException.Kind.ERROR, false,
                    "etcd idempotency claim at " + s.where() + ": record vanished inside a transaction");
        }
        Record rec = decode(g.getKvs().get(0).getValue().getBytes());
        if (!rec.fingerprint.equals(fingerprint)) {
            return ClaimResult.mismatch();
        }
        return rec.state == COMPLETED ? ClaimResult.completed(rec.result) : ClaimResult.inProgress();
    }

    @Override
    public boolean complete(Claim claim, byte[] result) {
        Checks.requireNonNull("claim", claim);
        Checks.requireNonNull("result", result);
        ByteSequence k = key(claim.key());
        // The record keeps the fingerprint recorded at claim time: read it first. While its mod revision is
        // still the token, it is the record the claim wrote, and the transaction below re-checks exactly that.
        GetResponse g = s.await(s.kv().get(k), "idempotency complete read", false);
        if (g.getKvs().isEmpty() || g.getKvs().get(0).getModRevision() != claim.token()) {
            return false;
        }
        String claimed = decode(g.getKvs().get(0).getValue().getBytes()).fingerprint;
        long lease = s.grant(retentionSeconds);
        TxnResponse r = s.await(s.kv().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(claim.token())))
                .Then(Op.put(k, ByteSequence.from(encode(COMPLETED, claimed, result)),
                        PutOption.builder().withLeaseId(lease).withPrevKV().build()))
                .commit(), "idempotency complete", true);
        if (!r.isSucceeded()) {
            s.revokeLater(lease);
            return false;
        }
        if (!r.getPutResponses().isEmpty() && r.getPutResponses().get(0).hasPrevKv()) {
            s.revokeLater(r.getPutResponses().get(0).getPrevKv().getLease());
        }
        return true;
    }

    @Override
    public boolean release(Claim claim) {
        Checks.requireNonNull("claim", claim);
        ByteSequence k = key(claim.key());
        TxnResponse r = s.await(s.kv().txn()
                .If(new Cmp(k, Cmp.Op.EQUAL, CmpTarget.modRevision(claim.token())))
                .Then(Op.delete(k, DeleteOption.builder().withPrevKV(true).build()))
                .commit(), "idempotency release", true);
        if (r.isSucceeded() && !r.getDeleteResponses().isEmpty()
                && !r.getDeleteResponses().get(0).getPrevKvs().isEmpty()) {
            s.revokeLater(r.getDeleteResponses().get(0).getPrevKvs().get(0).getLease());
        }
        return r.isSucceeded();
    }

    @Override
    public Optional<IdempotencyRecord> lookup(String key) {
        GetResponse g = s.await(s.kv().get(key(key)), "idempotency lookup", false);
        if (g.getKvs().isEmpty()) {
            return Optional.empty();
        }
        KeyValue kv = g.getKvs().get(0);
        Record rec = decode(kv.getValue().getBytes());
        boolean done = rec.state == COMPLETED;
        return Optional.of(new IdempotencyRecord(key, rec.fingerprint, done,
                done ? Optional.of(rec.result) : Optional.empty()));
    }

    private record Record(byte state, String fingerprint, byte[] result) {
    }

    private static byte[] encode(byte state, String fingerprint, byte[] result) {
        try {
            ByteArrayOutputStream bo = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bo);
            out.writeByte(state);
            byte[] fp = fingerprint.getBytes(StandardCharsets.UTF_8);
            out.writeInt(fp.length);
            out.write(fp);
            out.writeInt(result.length);
            out.write(result);
            out.flush();
            return bo.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Record decode(byte[] b) {
        try {
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(b));
            byte state = in.readByte();
            if (state != IN_PROGRESS && state != COMPLETED) {
                throw new IOException("unknown state " + state);
            }
            byte[] fp = new byte[in.readInt()];
            in.readFully(fp);
            byte[] result = new byte[in.readInt()];
            in.readFully(result);
            return new Record(state, new String(fp, StandardCharsets.UTF_8), result);
        } catch (IOException e) {
            throw new BackendException(BackendException.Kind.ERROR, false,
                    "an etcd idempotency record could not be decoded: " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "etcd idempotency '" + config.namespace() + "'";
    }
}
