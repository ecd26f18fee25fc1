package io.dsbench.patterns.tpc;

import io.dsbench.patterns.remote.RemoteCalls;
import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.log.DurableLog;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A 2PC participant that owns a set of keys in a backend {@link KeyValueStore} and writes them
 * transactionally, with its own {@link DurableLog} (format: {@link TpcLog}) and an in-participant lock table.
 *
 * <h2>Protocol</h2>
 * <ul>
 *   <li><b>prepare</b>(tx, writes): locks every key of the writes (waiting up to {@code lockWait}; a key locked
 *       by another transaction makes it vote no), asks the optional {@link PrepareCheck}, logs PREPARED with
 *       the writes, votes yes. From then on the transaction is <em>in doubt</em>: the locks stay held, with no
 *       timeout, until commit or abort arrives. This is 2PC's blocking (rule TPC-5).</li>
 *   <li><b>commit</b>(tx): applies the writes to the store, logs COMMITTED, releases the locks. A repeated
 *       commit does nothing. A commit of a transaction that was never prepared or was aborted is a protocol
 *       error ({@link IllegalStateException}).</li>
 *   <li><b>abort</b>(tx): logs ABORTED, releases the locks. Repeated aborts do nothing; an abort of an unknown
 *       transaction is logged so a late prepare votes no. An abort after commit is a protocol error.</li>
 * </ul>
 * A new instance over the same log (a restarted participant) replays it: prepared, undecided transactions are
 * in doubt again and re-take their locks.
 *
 * <p>Thread-safe (one monitor guards the lock table and transaction states). Only keys written through this
 * participant are protected by its locks.
 */
public final class KeyValueParticipant implements Participant {
    /** Lets the application veto a prepare (e.g. a constraint). */
    @FunctionalInterface
    public interface PrepareCheck {
        /** A reason to vote no, or empty to vote yes. */
        Optional<String> veto(String txId, Map<String, byte[]> writes);
    }

    private enum State { PREPARED, COMMITTED, ABORTED }

    private final String id;
    private final DurableLog log;
    private final KeyValueStore data;
    private final Duration lockWait;
    private final PrepareCheck check;
    private final RemoteCalls calls;
    private final Map<String, State> states = new HashMap<>();
    private final Map<String, Map<String, byte[]>> writesByTx = new HashMap<>();
    private final Map<String, String> lockOwner = new HashMap<>();
    private final Map<String, Long> preparedAtNanos = new HashMap<>();
    private final Map<String, Long> decidedAtNanos = new HashMap<>();
    private final AtomicLong appliedWrites = new AtomicLong();

    /** No prepare check, default call policy. */
    public KeyValueParticipant(String id, DurableLog log, KeyValueStore data, Duration lockWait) {
        this(id, log, data, lockWait, (tx, w) -> Optional.empty(), RemoteCalls.defaults());
    }

    /**
     * @param id       unique among the coordinator's participants
     * @param log      this participant's own log (replayed now)
     * @param data     where committed writes go
     * @param lockWait how long prepare waits for a key locked by another transaction before voting no (&gt; 0)
     * @param check    may veto a prepare
     * @param calls    timeout and retry of this participant's log and store calls
     */
    public KeyValueParticipant(String id, DurableLog log, KeyValueStore data, Duration lockWait, PrepareCheck check,
            RemoteCalls calls) {
        this.id = Checks.requireKey("id", id);
        this.log = Checks.requireNonNull("log", log);
        this.data = Checks.requireNonNull("data", data);
        this.lockWait = Checks.requirePositive("lockWait", lockWait);
        this.check = Checks.requireNonNull("check", check);
        this.calls = Checks.requireNonNull("calls", calls);
        replay();
    }

    private void replay() {
        for (TpcLog r : TpcLog.read(log, TpcLog.PARTICIPANT)) {
            switch (r.type()) {
                case "PREPARED" -> {
                    if (!states.containsKey(r.txId())) {
                        states.put(r.txId(), State.PREPARED);
                        writesByTx.put(r.txId(), decodeWrites(Base64.getDecoder().decode(r.detail())));
                    }
                }
                case "COMMITTED" -> states.put(r.txId(), State.COMMITTED);
                case "ABORTED" -> states.put(r.txId(), State.ABORTED);
                default -> throw new IllegalArgumentException("log '" + log.name() + "': unknown participant record type '"
                        + r.type() + "'");
            }
        }
        long now = System.nanoTime();
        states.forEach((tx, s) -> {
            if (s == State.PREPARED) {
                for (String key : writesByTx.get(tx).keySet()) {
                    lockOwner.put(key, tx);
                }
                preparedAtNanos.put(tx, now);
            } else {
                writesByTx.remove(tx);
            }
        });
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public Vote prepare(String txId, byte[] payload) throws InterruptedException {
        Checks.requireKey("txId", txId);
        Map<String, byte[]> writes = decodeWrites(Checks.requireNonNull("payload", payload));
        synchronized (this) {
            State s = states.get(txId);
            if (s == State.ABORTED) {
                return Vote.voteNo("participant " + id + ": transaction " + txId + " was already aborted");
            }
            if (s != null) {
                return Vote.voteYes();
            }
            long deadline = System.nanoTime() + lockWait.toNanos();
            while (true) {
                Optional<String> blocker = writes.keySet().stream()
                        .filter(k -> lockOwner.containsKey(k) && !lockOwner.get(k).equals(txId)).findFirst();
                if (blocker.isEmpty()) {
                    break;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    String other = lockOwner.get(blocker.get());
                    return Vote.voteNo("participant " + id + ": key '" + blocker.get() + "' is locked by transaction " + other
                            + (states.get(other) == State.PREPARED ? " (prepared, waiting for its decision)" : ""));
                }
                wait(Math.max(1, left / 1_000_000));
                if (states.get(txId) == State.ABORTED) {
                    return Vote.voteNo("participant " + id + ": transaction " + txId + " was aborted while it waited for locks");
                }
            }
            Optional<String> veto = check.veto(txId, writes);
            if (veto.isPresent()) {
                return Vote.voteNo("participant " + id + ": " + veto.get());
            }
            for (String k : writes.keySet()) {
                lockOwner.put(k, txId);
            }
            try {
                String encoded = Base64.getEncoder().encodeToString(payload);
                calls.callUnchecked("participant " + id + " log PREPARED " + txId,
                        () -> log.append(new TpcLog(TpcLog.PARTICIPANT, "PREPARED", txId, encoded).encode()));
            } catch (RuntimeException e) {
                unlock(txId, writes);
                return Vote.voteNo("participant " + id + ": could not log PREPARED: " + e.getMessage());
            }
            states.put(txId, State.PREPARED);
            writesByTx.put(txId, writes);
            preparedAtNanos.put(txId, System.nanoTime());
            return Vote.voteYes();
        }
    }

    @Override
    public synchronized void commit(String txId) {
        Checks.requireKey("txId", txId);
        State s = states.get(txId);
        if (s == State.COMMITTED) {
            return;
        }
        if (s != State.PREPARED) {
            throw new IllegalStateException("participant " + id + ": commit of transaction " + txId + " which is "
                    + (s == null ? "unknown (never prepared)" : "aborted") + ": protocol violation");
        }
        Map<String, byte[]> writes = writesByTx.get(txId);
        for (Map.Entry<String, byte[]> w : writes.entrySet()) {
            calls.callUnchecked("participant " + id + " apply " + w.getKey(), () -> data.put(w.getKey(), w.getValue()));
            appliedWrites.incrementAndGet();
        }
        calls.callUnchecked("participant " + id + " log COMMITTED " + txId,
                () -> log.append(new TpcLog(TpcLog.PARTICIPANT, "COMMITTED", txId, "").encode()));
        states.put(txId, State.COMMITTED);
        decided(txId, writes);
    }

    @Override
    public synchronized void abort(String txId) {
        Checks.requireKey("txId", txId);
        State s = states.get(txId);
        if (s == State.ABORTED) {
            return;
        }
        if (s == State.COMMITTED) {
            throw new IllegalStateException("participant " + id + ": abort of transaction " + txId
                    + " which is already committed: protocol violation");
        }
        calls.callUnchecked("participant " + id + " log ABORTED " + txId,
                () -> log.append(new TpcLog(TpcLog.PARTICIPANT, "ABORTED", txId, "").encode()));
        states.put(txId, State.ABORTED);
        Map<String, byte[]> writes = writesByTx.getOrDefault(txId, Map.of());
        decided(txId, writes);
    }

    private void decided(String txId, Map<String, byte[]> writes) {
        unlock(txId, writes);
        writesByTx.remove(txId);
        if (preparedAtNanos.containsKey(txId)) {
            decidedAtNanos.put(txId, System.nanoTime());
        }
    }

    private void unlock(String txId, Map<String, byte[]> writes) {
        for (String k : writes.keySet()) {
            lockOwner.remove(k, txId);
        }
        notifyAll();
    }

    /** Transactions prepared (voted yes) and not yet decided: they hold their locks. */
    public synchronized List<String> inDoubt() {
        List<String> out = new ArrayList<>();
        states.forEach((tx, s) -> {
            if (s == State.PREPARED) {
                out.add(tx);
            }
        });
        return out;
    }

    /** The transaction holding {@code key}'s lock, or empty. */
    public synchronized Optional<String> lockHolder(String key) {
        return Optional.ofNullable(lockOwner.get(key));
    }

    /** Keys locked now. */
    public synchronized TreeSet<String> lockedKeys() {
        return new TreeSet<>(lockOwner.keySet());
    }

    /** Whether {@code txId} is committed here. */
    public synchronized boolean isCommitted(String txId) {
        return states.get(txId) == State.COMMITTED;
    }

    /** Whether {@code txId} is aborted here. */
    public synchronized boolean isAborted(String txId) {
        return states.get(txId) == State.ABORTED;
    }

    /**
     * How long {@code txId} was (or has been, if still in doubt) blocked between this participant's yes vote
     * and learning the decision; empty if it never voted yes here.
     */
    public synchronized Optional<Duration> blockedFor(String txId) {
        Long p = preparedAtNanos.get(txId);
        if (p == null) {
            return Optional.empty();
        }
        long end = decidedAtNanos.getOrDefault(txId, System.nanoTime());
        return Optional.of(Duration.ofNanos(end - p));
    }

    /** Store writes applied by commits so far (a repeated commit adds none). */
    public long appliedWrites() {
        return appliedWrites.get();
    }

    /** Encodes a write set as a prepare payload. */
    public static byte[] encodeWrites(Map<String, byte[]> writes) {
        Checks.requireNonNull("writes", writes);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(writes.size());
            for (Map.Entry<String, byte[]> e : new TreeMap<>(writes).entrySet()) {
                Checks.requireKey("writes key", e.getKey());
                byte[] k = e.getKey().getBytes(StandardCharsets.UTF_8);
                byte[] v = Checks.requireNonNull("writes value of '" + e.getKey() + "'", e.getValue());
                out.writeInt(k.length);
                out.write(k);
                out.writeInt(v.length);
                out.write(v);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes a prepare payload written by {@link #encodeWrites}. */
    public static Map<String, byte[]> decodeWrites(byte[] payload) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(payload))) {
            int n = in.readInt();
            if (n < 0 || n > 1_000_000) {
                throw new IOException("write count " + n);
            }
            for (int i = 0; i < n; i++) {
                byte[] k = in.readNBytes(in.readInt());
                byte[] v = in.readNBytes(in.readInt());
                out.put(new String(k, StandardCharsets.UTF_8), v);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("payload is not a write set made by encodeWrites: " + e.getMessage(), e);
        }
        return out;
    }
}
