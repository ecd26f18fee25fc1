package io.dsbench.etcd;

import io.dsbench.spec.BackendException;
import io.dsbench.spec.Checks;
import io.dsbench.spec.log.DurableLog;
import io.dsbench.spec.log.LogRecord;
import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.kv.TxnResponse;
import io.etcd.jetcd.op.Cmp;
import io.etcd.jetcd.op.CmpTarget;
import io.etcd.jetcd.op.Op;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.PutOption;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link DurableLog} on etcd: a counter key {@code <prefix>log/<name>/seq} holding the last sequence number
 * and one key per record, {@code <prefix>log/<name>/r/<sequence, 20 digits zero-padded>}, so that etcd's
 * byte order of keys is sequence order and {@link #read} is one range read.
 *
 * <p>{@link #append} is an optimistic transaction: if the counter's {@code mod_revision} is still the one
 * read, write counter + 1 and the record together; otherwise retry with the counter value returned by the
 * transaction's else branch. Sequence numbers are therefore gap-free and every record is written exactly
 * once per successful append. Contention retries are bounded by the operation timeout. {@link #appendAt} is
 * one transaction comparing the counter's value with the expected predecessor.
 *
 * <p>Durability: etcd writes every change to its WAL (fsync) before acknowledging. Reads are
 * linearizable. Thread-safe.
 */
final class EtcdDurableLog implements DurableLog {
    private final EtcdSession s;
    private final String name;
    private final ByteSequence counter;
    private final String recordPrefix;

    EtcdDurableLog(EtcdSession session, String name) {
        this.s = session;
        this.name = Checks.requireKey("name", name);
        String root = session.root("log", name);
        this.counter = EtcdSession.bytes(root + "seq");
        this.recordPrefix = root + "r/";
    }

    @Override
    public String name() {
        return name;
    }

    private ByteSequence recordKey(long seq) {
        return EtcdSession.bytes(recordPrefix + String.format("%020d", seq));
    }

    @Override
    public long append(byte[] payload) {
        Checks.requireNonNull("payload", payload);
        GetResponse g = s.await(s.kv().get(counter), "log counter read", false);
        long deadline = System.nanoTime() + s.timeout().toNanos();
        long modRev = g.getKvs().isEmpty() ? 0 : g.getKvs().get(0).getModRevision();
        long last = g.getKvs().isEmpty() ? 0 : parse(g.getKvs().get(0));
        int attempts = 0;
        while (true) {
            long next = last + 1;
            TxnResponse r = s.await(s.kv().txn()
                    .If(new Cmp(counter, Cmp.Op.EQUAL, CmpTarget.modRevision(modRev)))
                    .Then(Op.put(counter, EtcdSession.bytes(Long.toString(next)), PutOption.DEFAULT),
                            Op.put(recordKey(next), ByteSequence.from(payload), PutOption.DEFAULT))
                    .Else(Op.get(counter, GetOption.DEFAULT))
                    .commit(), "log append", true);
            if (r.isSucceeded()) {
                return next;
            }
            attempts++;
            List<KeyValue> kvs = r.getGetResponses().get(0).getKvs();
            modRev = kvs.isEmpty() ? 0 : kvs.get(0).getModRevision();
            last = kvs.isEmpty() ? 0 : parse(kvs.get(0));
            if (System.nanoTime() - deadline > 0) {
                throw new BackendException(BackendException.Kind.TIMEOUT, false, "etcd log append to '" + name
                        + "' at " + s.where() + " lost " + attempts + " races with concurrent appenders within "
                        + s.timeout().toMillis() + " ms");
            }
        }
    }

    /**
     * One transaction: if the counter holds {@code sequence - 1} (or does not exist, for sequence 1), write the
     * counter and the record; otherwise write nothing. One Raft write either way.
     */
    @Override
    public boolean appendAt(long sequence, byte[] payload) {
        Checks.requireRange("sequence", sequence, 1, Long.MAX_VALUE);
        Checks.requireNonNull("payload", payload);
        Cmp expected = sequence == 1 ? new Cmp(counter, Cmp.Op.EQUAL, CmpTarget.version(0))
                : new Cmp(counter, Cmp.Op.EQUAL, CmpTarget.value(EtcdSession.bytes(Long.toString(sequence - 1))));
        TxnResponse r = s.await(s.kv().txn()
                .If(expected)
                .Then(Op.put(counter, EtcdSession.bytes(Long.toString(sequence)), PutOption.DEFAULT),
                        Op.put(recordKey(sequence), ByteSequence.from(payload), PutOption.DEFAULT))
                .commit(), "log appendAt", true);
        return r.isSucceeded();
    }

    @Override
    public List<LogRecord> read(long fromSequence, int maxRecords) {
        if (fromSequence < 1) {
            throw new IllegalArgumentException("fromSequence = " + fromSequence + " is out of range (legal range: >= 1)");
        }
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords = " + maxRecords + " is out of range (legal range: >= 1)");
        }
        ByteSequence end = EtcdSession.bytes(recordPrefix.substring(0, recordPrefix.length() - 1) + "0");
        GetResponse r = s.await(s.kv().get(recordKey(fromSequence), GetOption.builder().withRange(end)
                .withLimit(maxRecords).withSortField(GetOption.SortTarget.KEY)
                .withSortOrder(GetOption.SortOrder.ASCEND)
                .build()), "log read", false);
        List<LogRecord> out = new ArrayList<>();
        for (KeyValue kv : r.getKvs()) {
            String k = kv.getKey().toString(StandardCharsets.UTF_8);
            out.add(new LogRecord(Long.parseLong(k.substring(recordPrefix.length())), kv.getValue().getBytes()));
        }
        return out;
    }

    @Override
    public long lastSequence() {
        GetResponse g = s.await(s.kv().get(counter), "log last sequence", false);
        return g.getKvs().isEmpty() ? 0 : parse(g.getKvs().get(0));
    }

    private long parse(KeyValue kv) {
        String v = kv.getValue().toString(StandardCharsets.UTF_8);
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new BackendException(BackendException.Kind.ERROR, false,
                    "etcd log '" + name + "': counter holds '" + v + "', not a number");
        }
    }

    @Override
    public String toString() {
        return "etcd log '" + name + "'";
    }
}
