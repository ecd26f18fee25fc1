package io.dsbench.lin.consistency;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The consistency models dsbench decides for a recorded history, strongest first. Linearizable implies sequential
 * (drop real time, keep each process's order), and sequential implies the four session guarantees on a versioned
 * key-value store (versions increase along the sequential order, so a process never reads below what it wrote, read
 * or depended on): the models form a ladder, see {@link ConsistencyLadder}.
 */
public enum ConsistencyModel {
    /** One total order of the operations that respects real time and the model (the WGL checker). */
    LINEARIZABLE("linearizable"),
    /** One total order that respects each process's own order (not real time) and the model. */
    SEQUENTIAL("sequential"),
    /** A process reads its own writes: a read of a key returns at least the version the process last wrote there. */
    READ_YOUR_WRITES("read-your-writes"),
    /** A process never reads a key at a lower version than it read it before. */
    MONOTONIC_READS("monotonic-reads"),
    /**
     * A process's writes take effect in the order it issued them: its writes to one key get increasing versions, and
     * a process that saw its later write never afterwards reads a key below its earlier write there.
     */
    MONOTONIC_WRITES("monotonic-writes"),
    /**
     * A write is ordered after the writes its process had read: its version on the same key exceeds what the
     * process read, and a process that saw the write never afterwards reads those keys below what was read.
     */
    WRITES_FOLLOW_READS("writes-follow-reads");

    private final String cliName;

    ConsistencyModel(String cliName) {
        this.cliName = cliName;
    }

    /** The name on the command line and in JSON, e.g. {@code read-your-writes}. */
    public String cliName() {
        return cliName;
    }

    /** The four session guarantees. */
    public static final List<ConsistencyModel> SESSION = List.of(READ_YOUR_WRITES, MONOTONIC_READS, MONOTONIC_WRITES,
            WRITES_FOLLOW_READS);

    /** Whether this is one of the session guarantees. */
    public boolean isSession() {
        return SESSION.contains(this);
    }

    /**
     * The model of a command-line name.
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static ConsistencyModel parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        for (ConsistencyModel m : values()) {
            if (m.cliName.equals(n)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown consistency model '" + name + "': expected one of "
                + String.join(", ", Arrays.stream(values()).map(ConsistencyModel::cliName).toList())
                + ", staleness, ladder");
    }
}
