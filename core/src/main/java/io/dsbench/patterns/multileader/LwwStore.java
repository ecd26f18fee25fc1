package io.dsbench.patterns.multileader;

import io.dsbench.spec.Checks;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Multi-leader key-value store that resolves conflicts by last-writer-wins, and counts what that costs.
 *
 * <h2>Order</h2>
 * Every write gets a stamp from its leader's hybrid logical clock (advanced past every stamp the leader merged, so
 * a write is stamped later than every write its leader had seen); writes are ordered by (stamp, leader), a total
 * order in which two writes never tie. A read at a leader returns the largest write that leader knows.
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Writes (and deletes) are accepted by any leader during any partition between leaders: availability.</li>
 *   <li>Strong eventual consistency: once replication drained, every leader returns the same value for every key,
 *       the write largest in the order.</li>
 *   <li>A write that saw another (its leader had it when it was written) always wins over it: causal overwrites
 *       behave as expected.</li>
 *   <li>The writes it drops are declared: {@link #droppedWrites()} lists each acknowledged write that lost to a
 *       concurrent one (neither had seen the other), with its key, leader, stamp and value.</li>
 * </ul>
 *
 * <h2>What it gives up</h2>
 * Lost updates: of concurrent writes to one key (at different leaders, during a partition or within the replication
 * delay) exactly one survives and the others are silently dropped for every reader, although each was acknowledged;
 * no reader is told. Which one survives depends on the leaders' clocks, not on what the users meant: a leader whose
 * clock runs ahead wins. To count the drops, each key keeps the dots, stamps and values of its current concurrent
 * losers until a later write supersedes them (the same metadata {@link VersionVectorStore} keeps as siblings); only
 * reads hide them.
 */
public class LwwStore extends ReplicatedStore<Siblings> {
    /**
     * A write last-writer-wins dropped.
     *
     * @param key   the key
     * @param write the dropped write (its dot names its leader and counter; its value is the lost data)
     */
    public record DroppedWrite(String key, Sibling write) {
        public DroppedWrite {
            Checks.requireKey("key", key);
            Checks.requireNonNull("write", write);
        }
    }

    private final SiblingsType type;
    private final Set<String> keys = ConcurrentHashMap.newKeySet();
    private final Map<String, DroppedWrite> replaced = new ConcurrentHashMap<>();

    /** Starts replication between {@code config}'s leaders. */
    public LwwStore(ReplicationConfig config) {
        this(config, new SiblingsType("lww", config));
    }

    private LwwStore(ReplicationConfig config, SiblingsType type) {
        super(config, type);
        this.type = type;
    }

    /** Writes {@code value} at {@code leader}; returns the write (its dot, stamp and the history it supersedes). */
    public Sibling put(int leader, String key, byte[] value) {
        return write(leader, key, Checks.requireNonNull("value", value));
    }

    /** Deletes {@code key} at {@code leader} (a write of a tombstone, ordered like any write); returns the write. */
    public Sibling delete(int leader, String key) {
        return write(leader, key, null);
    }

    private Sibling write(int leader, String key, byte[] value) {
        AtomicReference<Siblings> before = new AtomicReference<>(Siblings.NONE);
        Siblings after = replication.update(leader, key, cur -> {
            Siblings s = cur.orElse(Siblings.NONE);
            before.set(s);
            return s.write(leader, s.vector(), value, type.stamp(leader, s));
        });
        keys.add(key);
        Siblings b = before.get();
        Optional<Sibling> winner = b.lwwWinner();
        for (Sibling s : b.writes()) {
            if (winner.isPresent() && s != winner.get()) {
                replaced.putIfAbsent(id(key, s.dot()), new DroppedWrite(key, s));
            }
        }
        return after.newest(leader);
    }

    /** The value of {@code key} at {@code leader}: the last write's, empty if never written or deleted. */
    public Optional<byte[]> get(int leader, String key) {
        return read(leader, key).flatMap(Sibling::read);
    }

    /**
     * The write {@code leader} returns for {@code key} (a delete included), with its stamp, dot and version vector
     * ({@code vector()}): what a history recorder needs to order reads and writes.
     */
    public Optional<Sibling> read(int leader, String key) {
        return state(leader, key).flatMap(Siblings::lwwWinner);
    }

    /**
     * The acknowledged writes dropped by last-writer-wins: every write that lost to a concurrent one, read from every
     * leader for every key written through this store, plus those a later local write replaced (its writer saw
     * only the winner). Exact once replication has drained; while it runs, a write may be listed that a write still
     * in flight supersedes. Sorted by key, then dot.
     */
    public List<DroppedWrite> droppedWrites() {
        Map<String, DroppedWrite> all = new ConcurrentHashMap<>(replaced);
        for (String key : keys) {
            for (int leader = 0; leader < leaders(); leader++) {
                Siblings s = state(leader, key).orElse(Siblings.NONE);
                Optional<Sibling> winner = s.lwwWinner();
                for (Sibling w : s.writes()) {
                    if (w != winner.orElse(null)) {
                        all.putIfAbsent(id(key, w.dot()), new DroppedWrite(key, w));
                    }
                }
            }
        }
        List<DroppedWrite> out = new ArrayList<>(all.values());
        out.sort(Comparator.comparing(DroppedWrite::key).thenComparing(d -> d.write().dot()));
        return out;
    }

    private static String id(String key, Dot dot) {
        return dot + "/" + key;
    }
}
