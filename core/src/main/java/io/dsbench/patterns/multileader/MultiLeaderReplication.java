package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import io.dsbench.spec.kv.CasResult;
import io.dsbench.spec.kv.KeyValueStore;
import io.dsbench.spec.kv.Versioned;
import io.dsbench.spec.log.LogRecord;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * The replication engine under {@link LwwStore}, {@link VersionVectorStore} and {@link CrdtStore}: N leaders, each
 * accepting writes locally and shipping them asynchronously to every other leader (all-to-all topology).
 *
 * <h2>Algorithm</h2>
 * A write at leader {@code i} changes the key's state in {@code i}'s key-value store with a compare-and-set loop
 * (so that local writes and incoming replication never overwrite each other), then appends the key's new state to
 * {@code i}'s {@link io.dsbench.spec.log.DurableLog} and returns: it is acknowledged after one local round trip,
 * whatever the other leaders' state. One shipper thread per ordered pair {@code (i, j)} reads {@code i}'s log from
 * its cursor, waits until each record is {@link ReplicationConfig#delay() delay} old and the link is
 * {@linkplain ReplicationLinks open}, merges the shipped state into {@code j}'s ({@link ReplicatedType#merge}, again
 * a compare-and-set loop) and advances the cursor. Shipping whole states and merging them with a join makes
 * delivery order, duplicates and replays harmless.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Writes are available at every leader during any partition between leaders (they need only the local
 *       backend).</li>
 *   <li>Strong eventual consistency: when writes stop, links are open and every shipper has reached its log's end
 *       ({@link #drained()}), leaders that merged the same states hold equal states (the type's merge is a
 *       join).</li>
 *   <li>A log read that returns a gap (a record other than the next one) is not skipped: the link stops and reports
 *       it ({@link #errors()}); a failing backend call is retried every 50 ms.</li>
 * </ul>
 *
 * <h2>What it gives up</h2>
 * No read is guaranteed to see a write acknowledged at another leader (not even eventually while a link is cut);
 * concurrent writes of one key at different leaders conflict and the type decides what survives (last-writer-wins
 * drops all but one; version vectors keep all; CRDTs merge them). Cursors live in memory: a restarted engine
 * re-ships every log from the start (harmless, the merge is idempotent, but it costs a full replay). A write whose
 * log append failed ({@link io.dsbench.spec.BackendException}) is applied locally but only shipped with the key's
 * next write.
 *
 * @param <S> the state of one key
 */
public final class MultiLeaderReplication<S> implements AutoCloseable {
    private static final int PAGE = 64;
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Consecutive failures after which {@link #errors()} lists a link. */
    static final int FAILING_AFTER = 3;

    private final ReplicationConfig config;
    private final ReplicatedType<S> type;
    private final ReplicationLinks links;
    private final List<Shipper> shippers = new ArrayList<>();
    private volatile boolean closed;

    /** Starts the shippers of {@code config}'s leaders for {@code type}. */
    public MultiLeaderReplication(ReplicationConfig config, ReplicatedType<S> type) {
        this.config = Checks.requireNonNull("config", config);
        this.type = Checks.requireNonNull("type", type);
        this.links = new ReplicationLinks(config.leaders());
        for (int from = 0; from < config.leaders(); from++) {
            for (int to = 0; to < config.leaders(); to++) {
                if (from != to) {
                    shippers.add(new Shipper(from, to));
                }
            }
        }
        links.onHeal(() -> shippers.forEach(s -> LockSupport.unpark(s.thread)));
        shippers.forEach(s -> s.thread.start());
    }

    /** The configuration. */
    public ReplicationConfig config() {
        return config;
    }

    /** The number of leaders. */
    public int leaders() {
        return config.leaders();
    }

    /** The links between leaders (partitions). */
    public ReplicationLinks links() {
        return links;
    }

    /** The key's state at {@code leader}, empty if the key is unknown there. */
    public Optional<S> read(int leader, String key) {
        return site(leader).get(Checks.requireKey("key", key)).map(v -> type.decode(v.value()));
    }

    /**
     * A local write at {@code leader}: {@code change} maps the key's current state there (empty if unknown) to the
     * new one (it may run more than once, when replication changed the state meanwhile: keep it free of side
     * effects); the new state is stored, appended to the leader's log and returned.
     */
    public S update(int leader, String key, Function<Optional<S>, S> change) {
        Checks.requireKey("key", key);
        Checks.requireNonNull("change", change);
        S next = casLoop(leader, key, change);
        byte[] encodedKey = key.getBytes(StandardCharsets.UTF_8);
        byte[] state = type.encode(next);
        long writtenAt = System.currentTimeMillis();
        config.sites().get(leader).log().append(Codec.encode(out -> {
            out.writeByte(1);
            Codec.bytes(out, encodedKey);
            out.writeLong(writtenAt);
            out.writeInt(leader);
            Codec.bytes(out, state);
        }));
        for (Shipper s : shippers) {
            if (s.from == leader) {
                LockSupport.unpark(s.thread);
            }
        }
        return next;
    }

    private S casLoop(int leader, String key, Function<Optional<S>, S> change) {
        KeyValueStore kv = site(leader);
        while (true) {
            Optional<Versioned> cur = kv.get(key);
            S next = Checks.requireNonNull("new state", change.apply(cur.map(v -> type.decode(v.value()))));
            byte[] bytes = type.encode(next);
            if (cur.isPresent() && Arrays.equals(cur.get().value(), bytes)) {
                return next;
            }
            CasResult r = kv.compareAndSet(key, cur.map(Versioned::version).orElse(KeyValueStore.ABSENT), bytes);
            if (r.succeeded()) {
                return next;
            }
        }
    }

    /** Merges a shipped state into {@code leader}'s (what a shipper does; also usable for anti-entropy). */
    public S merge(int leader, String key, S incoming) {
        Checks.requireNonNull("incoming", incoming);
        return casLoop(leader, key, local -> type.merge(leader, local, incoming));
    }

    /** How many records of {@code from}'s log have been shipped to {@code to} (the shipper's cursor). */
    public long shipped(int from, int to) {
        return shipper(from, to).cursor.get();
    }

    /**
     * Whether every open link has shipped its sender's whole log (reads each log's last sequence): after the writes
     * stopped and with every link open, the leaders then hold equal states.
     */
    public boolean drained() {
        for (Shipper s : shippers) {
            if (links.isOpen(s.from, s.to) && s.cursor.get() < config.sites().get(s.from).log().lastSequence()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The links that failed {@value #FAILING_AFTER} times in a row (a transient backend error retried successfully
     * is not listed), each with its last error; empty when all are healthy.
     */
    public List<String> errors() {
        List<String> out = new ArrayList<>();
        for (Shipper s : shippers) {
            String e = s.lastError.get();
            if (e != null && s.failuresInARow.get() >= FAILING_AFTER) {
                out.add("link " + s.from + "->" + s.to + " (" + s.failuresInARow.get() + " failures in a row): " + e);
            }
        }
        return out;
    }

    /** Stops the shippers (the stored states and logs stay). */
    @Override
    public void close() {
        closed = true;
        shippers.forEach(s -> LockSupport.unpark(s.thread));
        for (Shipper s : shippers) {
            try {
                s.thread.join(TimeUnit.SECONDS.toMillis(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private KeyValueStore site(int leader) {
        if (leader < 0 || leader >= config.leaders()) {
            throw new IllegalArgumentException("leader = " + leader + " is out of range (legal range: 0.."
                    + (config.leaders() - 1) + ")");
        }
        return config.sites().get(leader).state();
    }

    private Shipper shipper(int from, int to) {
        for (Shipper s : shippers) {
            if (s.from == from && s.to == to) {
                return s;
            }
        }
        throw new IllegalArgumentException("no link " + from + "->" + to + " among " + config.leaders() + " leaders");
    }

    /** One decoded log record. */
    private record Entry(String key, long writtenAtMillis, int origin, byte[] state) {
    }

    private static Entry decodeEntry(byte[] payload) {
        return Codec.decode("replication log entry", payload, in -> {
            int format = in.readByte();
            if (format != 1) {
                throw new java.io.IOException("unknown format " + format);
            }
            String key = new String(Codec.bytes(in), StandardCharsets.UTF_8);
            return new Entry(key, in.readLong(), in.readInt(), Codec.bytes(in));
        });
    }

    /** Ships one leader's log to one other leader. */
    private final class Shipper implements Runnable {
        final int from;
        final int to;
        final AtomicLong cursor = new AtomicLong();
        final AtomicReference<String> lastError = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicInteger failuresInARow = new java.util.concurrent.atomic.AtomicInteger();
        final Thread thread;

        Shipper(int from, int to) {
            this.from = from;
            this.to = to;
            this.thread = new Thread(this, "dsbench-multileader-" + config.name() + "-" + from + "->" + to);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            long idle = TimeUnit.MILLISECONDS.toNanos(1);
            while (!closed) {
                try {
                    long waitNanos = shipSome();
                    if (waitNanos == 0) {
                        idle = TimeUnit.MILLISECONDS.toNanos(1);
                        continue;
                    }
                    if (waitNanos < 0) {
                        waitNanos = idle;
                        idle = Math.min(idle * 2, MAX_IDLE_NANOS);
                    }
                    LockSupport.parkNanos(waitNanos);
                } catch (RuntimeException e) {
                    lastError.set(e.toString());
                    failuresInARow.incrementAndGet();
                    LockSupport.parkNanos(MAX_IDLE_NANOS);
                }
            }
        }

        /** Ships what is due: 0 if it shipped something, the nanos until the next record is due, or -1 if idle. */
        private long shipSome() {
            if (!links.isOpen(from, to)) {
                return -1;
            }
            long next = cursor.get() + 1;
            List<LogRecord> page = config.sites().get(from).log().read(next, PAGE);
            if (page.isEmpty()) {
                return -1;
            }
            boolean shipped = false;
            for (LogRecord r : page) {
                if (r.sequence() != next) {
                    throw new IllegalStateException("log '" + config.sites().get(from).log().name() + "' read from "
                            + next + " returned record " + r.sequence() + " (a gap: not skipped, the link stops)");
                }
                Entry e = decodeEntry(r.payload());
                long due = e.writtenAtMillis + config.delay().toMillis() - System.currentTimeMillis();
                if (due > 0) {
                    return shipped ? 0 : TimeUnit.MILLISECONDS.toNanos(due);
                }
                if (closed || !links.isOpen(from, to)) {
                    return shipped ? 0 : -1;
                }
                merge(to, e.key, type.decode(e.state));
                cursor.set(r.sequence());
                lastError.set(null);
                failuresInARow.set(0);
                shipped = true;
                next++;
            }
            return 0;
        }
    }
}
